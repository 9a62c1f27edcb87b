import Foundation

/// The PromQL functions scalelab evaluates (promql/parser/functions.go names and signatures).
public enum PromQLFunction: String, Sendable, CaseIterable {
    case rate, irate, increase, delta, idelta, changes, resets, deriv
    case predictLinear = "predict_linear"
    case avgOverTime = "avg_over_time"
    case minOverTime = "min_over_time"
    case maxOverTime = "max_over_time"
    case sumOverTime = "sum_over_time"
    case countOverTime = "count_over_time"
    case lastOverTime = "last_over_time"
    case stddevOverTime = "stddev_over_time"
    case stdvarOverTime = "stdvar_over_time"
    case presentOverTime = "present_over_time"
    case absentOverTime = "absent_over_time"
    case quantileOverTime = "quantile_over_time"
    case madOverTime = "mad_over_time"
    case time, vector, scalar, timestamp, absent, sort
    case sortDesc = "sort_desc"
    case labelReplace = "label_replace"
    case labelJoin = "label_join"
    case histogramQuantile = "histogram_quantile"
    case abs, ceil, floor, round, sqrt, exp, ln, log2, log10, sgn
    case clamp
    case clampMin = "clamp_min"
    case clampMax = "clamp_max"
    case acos, acosh, asin, asinh, atan, atanh, cos, cosh, sin, sinh, tan, tanh, deg, rad, pi

    /// The argument types (functions.go ArgTypes); with `variadic` the last one repeats.
    var argumentTypes: [PromQLType] {
        switch self {
        case .time, .pi: return []
        case .vector: return [.scalar]
        case .scalar, .timestamp, .absent, .sort, .sortDesc: return [.vector]
        case .clamp: return [.vector, .scalar, .scalar]
        case .clampMin, .clampMax, .round: return [.vector, .scalar]
        case .labelReplace: return [.vector, .string, .string, .string, .string]
        case .labelJoin: return [.vector, .string, .string, .string]
        case .histogramQuantile: return [.scalar, .vector]
        case .quantileOverTime: return [.scalar, .matrix]
        case .predictLinear: return [.matrix, .scalar]
        case .abs, .ceil, .floor, .sqrt, .exp, .ln, .log2, .log10, .sgn, .acos, .acosh, .asin,
            .asinh, .atan, .atanh, .cos, .cosh, .sin, .sinh, .tan, .tanh, .deg, .rad:
            return [.vector]
        default: return [.matrix]
        }
    }

    /// functions.go Variadic: 0 = fixed arity; n > 0 = the last argument may be left out or
    /// given up to n times in all; -1 = the last argument repeats without limit.
    var variadic: Int {
        switch self {
        case .round: return 1
        case .labelJoin: return -1
        default: return 0
        }
    }

    /// The result type.
    var returnType: PromQLType {
        switch self {
        case .time, .scalar, .pi: return .scalar
        default: return .vector
        }
    }

    /// The position of the range-vector argument, if the function takes one.
    var matrixArgumentIndex: Int? { argumentTypes.firstIndex(of: .matrix) }

    /// last_over_time acts like an offset and keeps the metric name (engine.go: dropName is
    /// false only for last_over_time and first_over_time); so do the functions that only
    /// reorder or relabel (sort, label_replace...: functions.go returns the input samples).
    var keepsName: Bool {
        switch self {
        case .lastOverTime, .sort, .sortDesc, .labelReplace, .labelJoin: return true
        default: return false
        }
    }

    /// Applies an instant-vector math function to one value (functions.go simpleFloatFunc
    /// bodies: funcAbs, funcCeil, ..., funcSgn, funcClamp*, funcRound, the trigonometric
    /// functions of trig_functions.go).
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
        // funcSgn: -1, 1, or the value itself for 0 and NaN.
        case .sgn: return v < 0 ? -1 : (v > 0 ? 1 : v)
        case .round:
            // funcRound: "Rounding to the nearest value, with ties rounded up" —
            // math.Floor(f*toNearestInverse+0.5) / toNearestInverse.
            let inverse = 1.0 / (args.first ?? 1)
            return (v * inverse + 0.5).rounded(.down) / inverse
        case .clampMin: return goMax(args[0], v)
        case .clampMax: return goMin(args[0], v)
        // clamp: math.Max(min, math.Min(max, v)).
        case .clamp: return goMax(args[0], goMin(args[1], v))
        case .acos: return Foundation.acos(v)
        case .acosh: return Foundation.acosh(v)
        case .asin: return Foundation.asin(v)
        case .asinh: return Foundation.asinh(v)
        case .atan: return Foundation.atan(v)
        case .atanh: return Foundation.atanh(v)
        case .cos: return Foundation.cos(v)
        case .cosh: return Foundation.cosh(v)
        case .sin: return Foundation.sin(v)
        case .sinh: return Foundation.sinh(v)
        case .tan: return Foundation.tan(v)
        case .tanh: return Foundation.tanh(v)
        case .deg: return v * 180 / Double.pi
        case .rad: return v * Double.pi / 180
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
