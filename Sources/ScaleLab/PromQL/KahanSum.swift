/// Kahan–Neumaier compensated summation (util/kahansum/kahansum.go Inc): returns the new sum
/// and the new compensation term.
@inline(__always)
func kahanSumInc(_ inc: Double, _ sum: Double, _ c: Double) -> (Double, Double) {
    let t = sum + inc
    var c = c
    if t.isInfinite {
        c = 0
    } else if abs(sum) >= abs(inc) {
        c += (sum - t) + inc
    } else {
        c += (inc - t) + sum
    }
    return (t, c)
}

/// The float comparison of Prometheus' test harness (util/almost.Equal with epsilon 1e-6):
/// identical values, both NaN, or a relative difference below epsilon; near zero the absolute
/// difference must be below epsilon times the smallest normal float.
public func almostEqual(_ a: Double, _ b: Double, epsilon: Double = 1e-6) -> Bool {
    if a.isNaN && b.isNaN { return true }
    if a == b { return true }
    let minNormal = 2.2250738585072014e-308
    let absSum = abs(a) + abs(b)
    let diff = abs(a - b)
    if a == 0 || b == 0 || absSum < minNormal {
        return diff < epsilon * minNormal
    }
    return diff / min(absSum, .greatestFiniteMagnitude) < epsilon
}
