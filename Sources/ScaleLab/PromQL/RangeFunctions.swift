/// Range-vector functions (promql/functions.go): one value from the samples of one series'
/// window.
extension PromQLFunction {
    /// Evaluates a range-vector function over one series' window `(rangeStart, rangeEnd]`,
    /// whose non-stale samples are `times`/`values`; nil drops the series from the output.
    func evalRange(
        times: UnsafeBufferPointer<Int64>, values: UnsafeBufferPointer<Double>,
        rangeStart: Int64, rangeEnd: Int64, range: Int64, params: [Double] = [],
        evalTime: Int64 = 0
    ) -> Double? {
        let n = values.count
        guard n > 0 else { return nil }
        switch self {
        case .changes:
            // funcChanges: a change is a different value; NaN to NaN is no change.
            var changes = 0.0
            for i in 1..<n where values[i] != values[i - 1]
                && !(values[i].isNaN && values[i - 1].isNaN)
            {
                changes += 1
            }
            return changes
        case .resets:
            // funcResets: every decrease is a counter reset.
            var resets = 0.0
            for i in 1..<n where values[i] < values[i - 1] { resets += 1 }
            return resets
        case .deriv:
            // funcDeriv: the slope of the least-squares line; the intercept time is the first
            // sample's, "near the values in use to avoid floating point accuracy issues".
            guard n >= 2 else { return nil }
            return linearRegression(times, values, interceptTime: times[0]).slope
        case .predictLinear:
            // funcPredictLinear: the regression line at the evaluation time plus `duration` s.
            guard n >= 2 else { return nil }
            let (slope, intercept) = linearRegression(times, values, interceptTime: evalTime)
            return slope * params[0] + intercept
        case .quantileOverTime:
            return promQLQuantile(params[0], Array(values))
        case .madOverTime:
            // funcMadOverTime: the median of the absolute deviations from the median.
            let median = promQLQuantile(0.5, Array(values))
            return promQLQuantile(0.5, values.map { Swift.abs($0 - median) })
        case .rate, .increase, .delta:
            return RateExtrapolation(
                self, times: times, rangeStart: rangeStart, rangeEnd: rangeEnd, range: range
            )?.value(values)
        case .irate: return instantValue(times, values, isRate: true)
        case .idelta: return instantValue(times, values, isRate: false)
        case .countOverTime: return Double(n)
        case .presentOverTime, .absentOverTime: return 1
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
    private func avgOverTime(_ values: UnsafeBufferPointer<Double>) -> Double {
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

    /// functions.go instantValue: irate/idelta from the last two samples; irate treats a
    /// decrease as a counter reset and uses the last value.
    private func instantValue(
        _ times: UnsafeBufferPointer<Int64>, _ values: UnsafeBufferPointer<Double>, isRate: Bool
    ) -> Double? {
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

    /// functions.go linearRegression: least squares with Kahan-compensated sums; a constant
    /// series has slope 0 (or NaN when the constant is infinite).
    private func linearRegression(
        _ times: UnsafeBufferPointer<Int64>, _ values: UnsafeBufferPointer<Double>,
        interceptTime: Int64
    ) -> (slope: Double, intercept: Double) {
        var n = 0.0
        var sumX = 0.0, cX = 0.0, sumY = 0.0, cY = 0.0
        var sumXY = 0.0, cXY = 0.0, sumX2 = 0.0, cX2 = 0.0
        let initY = values[0]
        var constY = true
        for (i, y) in values.enumerated() {
            if constY && i > 0 && y != initY { constY = false }
            n += 1
            let x = Double(times[i] - interceptTime) / 1e3
            (sumX, cX) = kahanSumInc(x, sumX, cX)
            (sumY, cY) = kahanSumInc(y, sumY, cY)
            (sumXY, cXY) = kahanSumInc(x * y, sumXY, cXY)
            (sumX2, cX2) = kahanSumInc(x * x, sumX2, cX2)
        }
        if constY {
            if initY.isInfinite { return (.nan, .nan) }
            return (0, initY)
        }
        sumX += cX
        sumY += cY
        sumXY += cXY
        sumX2 += cX2
        let covXY = sumXY - sumX * sumY / n
        let varX = sumX2 - sumX * sumX / n
        let slope = covXY / varX
        return (slope, sumY / n - slope * sumX / n)
    }
}

/// functions.go extrapolatedRate (float samples), for rate, increase and delta: the increase
/// between the first and last sample (plus the pre-reset value at each counter reset),
/// extrapolated to the window edges when the gap is under 1.1 times the average sample
/// interval, else by half an interval; counters are never extrapolated below zero. Needs at
/// least two samples.
///
/// Split in two: what depends only on the window's sample times (`init`), and the rest
/// (`value`). Why: the series of one scrape pass have the same sample times, so the fused fold
/// works the times out once per pass (`foldColumns`), which leaves one division of the
/// function's seven per series. The operations, and so the result bits, are the same.
struct RateExtrapolation {
    let isCounter: Bool
    let isRate: Bool
    let range: Int64
    let sampledInterval: Double
    /// The extrapolation to the window's start (before the counter's zero point is taken
    /// into account) and to its end, seconds.
    let durationToStart: Double
    let durationToEnd: Double
    /// The factor for `durationToStart` (a counter may extrapolate less, to its zero point).
    let factor: Double
    /// A bound that rules the zero point out without its division, or 0 (see `value`).
    let zeroBound: Double

    /// The time part for `function` (rate, increase or delta; nil for another function or
    /// fewer than two samples).
    init?(
        _ function: PromQLFunction, times: UnsafeBufferPointer<Int64>, rangeStart: Int64,
        rangeEnd: Int64, range: Int64
    ) {
        switch function {
        case .rate: (isCounter, isRate) = (true, true)
        case .increase: (isCounter, isRate) = (true, false)
        case .delta: (isCounter, isRate) = (false, false)
        default: return nil
        }
        let n = times.count
        guard n > 1 else { return nil }
        self.range = range
        let firstT = times[0]
        let lastT = times[n - 1]
        var durationToStart = Double(firstT - rangeStart) / 1000
        var durationToEnd = Double(rangeEnd - lastT) / 1000
        sampledInterval = Double(lastT - firstT) / 1000
        let averageDurationBetweenSamples = sampledInterval / Double(n - 1)
        let extrapolationThreshold = averageDurationBetweenSamples * 1.1
        if durationToStart >= extrapolationThreshold {
            durationToStart = averageDurationBetweenSamples / 2
        }
        if durationToEnd >= extrapolationThreshold {
            durationToEnd = averageDurationBetweenSamples / 2
        }
        self.durationToStart = durationToStart
        self.durationToEnd = durationToEnd
        factor = Self.factor(sampledInterval, durationToStart, durationToEnd, range, isRate)
        // durationToStart / sampledInterval, a little more (2^-40 relative, far above the
        // rounding of the few operations involved, 2^-53 each); 0 (unused) when it is small
        // enough for subnormal rounding to matter, or not finite.
        let bound = durationToStart / sampledInterval * (1 + 0x1p-40)
        zeroBound = bound >= 1e-300 && bound.isFinite ? bound : 0
    }

    @inline(__always)
    private static func factor(
        _ sampledInterval: Double, _ durationToStart: Double, _ durationToEnd: Double,
        _ range: Int64, _ isRate: Bool
    ) -> Double {
        var factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval
        if isRate { factor /= Double(range) / 1000 }
        return factor
    }

    /// The function's value for the window's values (as many as the times given to `init`).
    @inline(__always)
    func value(_ values: UnsafeBufferPointer<Double>) -> Double {
        let n = values.count
        var result = values[n - 1] - values[0]
        guard isCounter else { return result * factor }
        for i in 1..<n where values[i] < values[i - 1] { result += values[i - 1] }
        return counterValue(result, first: values[0])
    }

    /// `value` for the series at positions `p0 ..< p0 + out.count` of the window's columns,
    /// column `j` starting at `v[bases[j]]` (as many columns as the times given to `init`).
    /// Computed column by column — each series with `value`'s operations in `value`'s order,
    /// so the same bits — which the compiler vectorises across the series.
    func values(
        _ v: UnsafeBufferPointer<Double>, bases: UnsafeBufferPointer<Int>, from p0: Int,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        let n = bases.count
        let m = out.count
        guard n > 1, let v = v.baseAddress, let o = out.baseAddress else { return }
        let first = v + bases[0] + p0
        let last = v + bases[n - 1] + p0
        for c in 0..<m { o[c] = last[c] - first[c] }
        guard isCounter else {
            for c in 0..<m { o[c] = o[c] * factor }
            return
        }
        for j in 1..<n {
            let previous = v + bases[j - 1] + p0
            let current = v + bases[j] + p0
            // A reset adds the value before it (a select, not an addition of zero, which
            // would turn a -0 result into +0).
            for c in 0..<m {
                let before = previous[c]
                o[c] = current[c] < before ? o[c] + before : o[c]
            }
        }
        for c in 0..<m { o[c] = counterValue(o[c], first: first[c]) }
    }

    /// A counter's value from its increase `result` (resets included) and its first value.
    @inline(__always)
    private func counterValue(_ result: Double, first: Double) -> Double {
        if result > 0 && first >= 0 {
            // A counter far from zero: when first > result × zeroBound (a normal number),
            // first / result exceeds durationToStart / sampledInterval by more
            // than any rounding of the division and the product below, so durationToZero is
            // not under durationToStart, and the division (the slowest step of the function,
            // once per series) is not needed to know it.
            let bound = result * zeroBound
            if bound.isNormal, first > bound { return result * factor }
            let durationToZero = sampledInterval * (first / result)
            if durationToZero < durationToStart {
                return result * Self.factor(sampledInterval, durationToZero, durationToEnd,
                                            range, isRate)
            }
        }
        return result * factor
    }
}

/// quantile.go quantile: the φ-quantile by linear interpolation between the closest ranks
/// (NaN sorts first, as Go's sort of float64s); φ < 0 gives -Inf, φ > 1 gives +Inf, NaN or no
/// values give NaN.
func promQLQuantile(_ q: Double, _ input: [Double]) -> Double {
    if input.isEmpty || q.isNaN { return .nan }
    if q < 0 { return -.infinity }
    if q > 1 { return .infinity }
    let values = input.sorted { a, b in a.isNaN ? !b.isNaN : a < b }
    let n = Double(values.count)
    let rank = q * (n - 1)
    let lowerIndex = Swift.max(0, rank.rounded(.down))
    let upperIndex = Swift.min(n - 1, lowerIndex + 1)
    let weight = rank - rank.rounded(.down)
    return values[Int(lowerIndex)] * (1 - weight) + values[Int(upperIndex)] * weight
}
