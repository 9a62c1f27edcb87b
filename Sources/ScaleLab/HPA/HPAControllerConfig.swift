// The kube-controller-manager flags of the HPA controller
// (`RecommendedDefaultHPAControllerConfiguration`,
// pkg/controller/podautoscaler/config/v1alpha1/defaults.go), settable per scenario.

/// The HPA controller's flags; durations in milliseconds.
public struct HPAControllerConfig: Sendable, Equatable {
    /// `--horizontal-pod-autoscaler-sync-period` (15s): how often each HPA is reconciled.
    public var syncPeriodMs: Int64 = 15_000
    /// `--horizontal-pod-autoscaler-tolerance` (0.1): the default tolerance in both directions.
    public var tolerance: Double = 0.1
    /// `--horizontal-pod-autoscaler-cpu-initialization-period` (5m).
    public var cpuInitializationPeriodMs: Int64 = 300_000
    /// `--horizontal-pod-autoscaler-initial-readiness-delay` (30s).
    public var initialReadinessDelayMs: Int64 = 30_000
    /// `--horizontal-pod-autoscaler-downscale-stabilization` (5m): the legacy window and the
    /// default `behavior.scaleDown.stabilizationWindowSeconds`.
    public var downscaleStabilizationMs: Int64 = 300_000
    /// The legacy scale-up cap factor (`scaleUpLimitFactor`, 2.0; a package constant upstream,
    /// which horizontal_test.go overrides to 8).
    public var scaleUpLimitFactor: Double = 2.0
    /// The legacy scale-up cap minimum (`scaleUpLimitMinimum`, 4.0).
    public var scaleUpLimitMinimum: Double = 4.0

    /// The production defaults.
    public init() {}

    /// The tolerances of an HPA: the flag, overridden per direction by
    /// `behavior.scaleUp.tolerance` / `behavior.scaleDown.tolerance` (gate
    /// HPAConfigurableTolerance; quantities read with `AsApproximateFloat64`).
    public func tolerances(for spec: HPASpec) -> HPATolerances {
        var result = HPATolerances(scaleDown: tolerance, scaleUp: tolerance)
        if let quantity = spec.behavior?.scaleDown?.tolerance {
            result.scaleDown = quantity.approximateDouble
        }
        if let quantity = spec.behavior?.scaleUp?.tolerance {
            result.scaleUp = quantity.approximateDouble
        }
        return result
    }
}

/// The tolerance band around a usage ratio of 1 (replica_calculator.go `Tolerances`).
public struct HPATolerances: Sendable, Equatable {
    /// How far below 1 the ratio may fall without a scale-down.
    public var scaleDown: Double
    /// How far above 1 the ratio may rise without a scale-up.
    public var scaleUp: Double

    /// Creates tolerances.
    public init(scaleDown: Double, scaleUp: Double) {
        self.scaleDown = scaleDown
        self.scaleUp = scaleUp
    }

    /// `isWithin`: inclusive at both ends; NaN is never within.
    public func isWithin(_ ratio: Double) -> Bool {
        (1 - scaleDown) <= ratio && ratio <= (1 + scaleUp)
    }
}

/// Go's conversions where the controller guards against overflow.
enum HPAArithmetic {
    /// `int32(math.Ceil(x))`, clamped to the int32 range (the newest replica calculator clamps
    /// at MaxInt32); NaN maps to 0.
    static func ceilInt32(_ value: Double) -> Int32 {
        let rounded = value.rounded(.up)
        if rounded.isNaN { return 0 }
        if rounded >= Double(Int32.max) { return Int32.max }
        if rounded <= Double(Int32.min) { return Int32.min }
        return Int32(rounded)
    }

    /// `int64(x)` truncation, clamped to the int64 range; NaN maps to 0.
    static func clampedInt64(_ value: Double) -> Int64 {
        if value.isNaN { return 0 }
        if value >= 9.223372036854775807e18 { return Int64.max }
        if value <= -9.223372036854775808e18 { return Int64.min }
        return Int64(value)
    }

    /// Addition capped at MaxInt64 (the external metric sum's overflow guard).
    static func saturatingAdd(_ lhs: Int64, _ rhs: Int64) -> Int64 {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        if overflow { return rhs > 0 ? Int64.max : Int64.min }
        return sum
    }

    /// Multiplication capped at the int64 range.
    static func saturatingMultiply(_ lhs: Int64, _ rhs: Int64) -> Int64 {
        let (product, overflow) = lhs.multipliedReportingOverflow(by: rhs)
        if overflow { return (lhs < 0) != (rhs < 0) ? Int64.min : Int64.max }
        return product
    }
}
