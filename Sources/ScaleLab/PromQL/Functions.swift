import Foundation

/// The PromQL functions scalelab evaluates (promql/parser/functions.go names and signatures).
public enum PromQLFunction: String, Sendable, CaseIterable {
    case rate, irate, increase, delta, idelta
    case avgOverTime = "avg_over_time"
    case minOverTime = "min_over_time"
    case maxOverTime = "max_over_time"
    case sumOverTime = "sum_over_time"
    case countOverTime = "count_over_time"
    case lastOverTime = "last_over_time"
    case stddevOverTime = "stddev_over_time"
    case stdvarOverTime = "stdvar_over_time"
    case presentOverTime = "present_over_time"
    case time, vector, scalar
    case abs, ceil, floor, sqrt, exp, ln, log2, log10
    case clamp
    case clampMin = "clamp_min"
    case clampMax = "clamp_max"

    /// The argument types.
    var argumentTypes: [PromQLType] {
        switch self {
        case .time: return []
        case .vector: return [.scalar]
        case .scalar: return [.vector]
        case .clamp: return [.vector, .scalar, .scalar]
        case .clampMin, .clampMax: return [.vector, .scalar]
        case .abs, .ceil, .floor, .sqrt, .exp, .ln, .log2, .log10: return [.vector]
        default: return [.matrix]
        }
    }

    /// How many trailing arguments may be left out.
    var optionalArguments: Int { 0 }

    /// The result type.
    var returnType: PromQLType {
        switch self {
        case .time, .scalar: return .scalar
        default: return .vector
        }
    }

    /// Whether the function takes a range vector and returns one value per series.
    var isRangeFunction: Bool { argumentTypes == [.matrix] }

    /// last_over_time acts like an offset and keeps the metric name (engine.go: dropName is
    /// false only for last_over_time and first_over_time).
    var keepsName: Bool { self == .lastOverTime }

    /// Evaluates a range-vector function over one series' window `(rangeStart, rangeEnd]`,
    /// whose non-stale samples are `times`/`values`; nil drops the series from the output.
    func evalRange(
        times: [Int64], values: [Double], rangeStart: Int64, rangeEnd: Int64, range: Int64
    ) -> Double? {
        let n = values.count
        guard n > 0 else { return nil }
        switch self {
        case .rate:
            return extrapolatedRate(
                times, values, rangeStart, rangeEnd, range, isCounter: true, isRate: true)
        case .increase:
            return extrapolatedRate(
                times, values, rangeStart, rangeEnd, range, isCounter: true, isRate: false)
        case .delta:
            return extrapolatedRate(
                times, values, rangeStart, rangeEnd, range, isCounter: false, isRate: false)
        case .irate: return instantValue(times, values, isRate: true)
        case .idelta: return instantValue(times, values, isRate: false)
        case .countOverTime: return Double(n)
        case .presentOverTime: return 1
        case .lastOverTime: return values[n - 1]
        case .sumOverTime:
            // functions.go funcSumOverTime: Kahan sum; an infinite sum is returned as is.
            var sum = 0.0
            var c = 0.0
            for v in values { (sum, c) = kahanSumInc(v, sum, c) }
            return sum.isInfinite ? sum : sum + c
        case .avgOverTime: return avgOverTime(values)
        case .maxOverTime:
            var m = values[0]
            for v in values where v > m || m.isNaN { m = v }
            return m
        case .minOverTime:
            var m = values[0]
            for v in values where v < m || m.isNaN { m = v }
            return m
        case .stddevOverTime, .stdvarOverTime:
            // functions.go varianceOverTime: Welford with Kahan-compensated mean and aux.
            var count = 0.0
            var mean = 0.0, cMean = 0.0, aux = 0.0, cAux = 0.0
            for v in values {
                count += 1
                let delta = v - (mean + cMean)
                (mean, cMean) = kahanSumInc(delta / count, mean, cMean)
                (aux, cAux) = kahanSumInc(delta * (v - (mean + cMean)), aux, cAux)
            }
            let variance = (aux + cAux) / count
            return self == .stddevOverTime ? variance.squareRoot() : variance
        default:
            return nil
        }
    }

    /// functions.go funcAvgOverTime: direct Kahan-compensated mean while the sum stays finite,
    /// then incremental mean.
    private func avgOverTime(_ values: [Double]) -> Double {
        var sum = values[0]
        var count = 1.0
        var mean = 0.0
        var kahanC = 0.0
        var incremental = false
        for (i, f) in values.dropFirst().enumerated() {
            count = Double(i + 2)
            if !incremental {
                let (newSum, newC) = kahanSumInc(f, sum, kahanC)
                if !newSum.isInfinite {
                    sum = newSum
                    kahanC = newC
                    continue
                }
                incremental = true
                mean = sum / (count - 1)
                kahanC /= (count - 1)
            }
            let q = (count - 1) / count
            (mean, kahanC) = kahanSumInc(f / count, q * mean, q * kahanC)
        }
        if incremental { return mean + kahanC }
        return sum / count + kahanC / count
    }

    /// functions.go extrapolatedRate (float samples): the increase between the first and last
    /// sample (plus the pre-reset value at each counter reset), extrapolated to the window edges
    /// when the gap is under 1.1 times the average sample interval, else by half an interval;
    /// counters are never extrapolated below zero. Needs at least two samples.
    private func extrapolatedRate(
        _ times: [Int64], _ values: [Double], _ rangeStart: Int64, _ rangeEnd: Int64,
        _ range: Int64, isCounter: Bool, isRate: Bool
    ) -> Double? {
        let n = values.count
        guard n > 1 else { return nil }
        let numSamplesMinusOne = n - 1
        let firstT = times[0]
        let lastT = times[n - 1]
        var result = values[n - 1] - values[0]
        if isCounter {
            for i in 1..<n where values[i] < values[i - 1] { result += values[i - 1] }
        }
        var durationToStart = Double(firstT - rangeStart) / 1000
        var durationToEnd = Double(rangeEnd - lastT) / 1000
        let sampledInterval = Double(lastT - firstT) / 1000
        let averageDurationBetweenSamples = sampledInterval / Double(numSamplesMinusOne)
        let extrapolationThreshold = averageDurationBetweenSamples * 1.1
        if durationToStart >= extrapolationThreshold {
            durationToStart = averageDurationBetweenSamples / 2
        }
        if isCounter {
            var durationToZero = durationToStart
            if result > 0 && values[0] >= 0 {
                durationToZero = sampledInterval * (values[0] / result)
            }
            if durationToZero < durationToStart { durationToStart = durationToZero }
        }
        if durationToEnd >= extrapolationThreshold {
            durationToEnd = averageDurationBetweenSamples / 2
        }
        var factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval
        if isRate { factor /= Double(range) / 1000 }
        return result * factor
    }

    /// functions.go instantValue: irate/idelta from the last two samples; irate treats a
    /// decrease as a counter reset and uses the last value.
    private func instantValue(_ times: [Int64], _ values: [Double], isRate: Bool) -> Double? {
        let n = values.count
        guard n >= 2 else { return nil }
        let interval = times[n - 1] - times[n - 2]
        if interval == 0 { return nil }
        var result = values[n - 1]
        if !isRate || !(values[n - 1] < values[n - 2]) {
            result = values[n - 1] - values[n - 2]
        }
        if isRate { result /= Double(interval) / 1000 }
        return result
    }

    /// Applies an instant-vector math function to one value (functions.go simpleFloatFunc).
    func apply(_ v: Double, _ args: [Double]) -> Double {
        switch self {
        case .abs: return Swift.abs(v)
        case .ceil: return v.rounded(.up)
        case .floor: return v.rounded(.down)
        case .sqrt: return v.squareRoot()
        case .exp: return Foundation.exp(v)
        case .ln: return Foundation.log(v)
        case .log2: return Foundation.log2(v)
        case .log10: return Foundation.log10(v)
        case .clampMin: return goMax(args[0], v)
        case .clampMax: return goMin(args[0], v)
        // clamp: math.Max(min, math.Min(max, v)).
        case .clamp: return goMax(args[0], goMin(args[1], v))
        default: return v
        }
    }
}

/// Go's math.Max: +Inf wins over NaN, otherwise NaN wins.
func goMax(_ x: Double, _ y: Double) -> Double {
    if x == .infinity || y == .infinity { return .infinity }
    if x.isNaN || y.isNaN { return .nan }
    return x > y ? x : y
}

/// Go's math.Min: -Inf wins over NaN, otherwise NaN wins.
func goMin(_ x: Double, _ y: Double) -> Double {
    if x == -.infinity || y == -.infinity { return -.infinity }
    if x.isNaN || y.isNaN { return .nan }
    return x < y ? x : y
}
