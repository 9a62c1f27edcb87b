import Testing

@testable import ScaleLab

/// functions.go extrapolatedRate in one piece, as it was written before `RateExtrapolation`
/// split it (the reference the split must match bit for bit).
private func referenceRate(
    _ times: [Int64], _ values: [Double], _ rangeStart: Int64, _ rangeEnd: Int64,
    _ range: Int64, isCounter: Bool, isRate: Bool
) -> Double? {
    let n = values.count
    guard n > 1 else { return nil }
    let firstT = times[0]
    let lastT = times[n - 1]
    var result = values[n - 1] - values[0]
    if isCounter {
        for i in 1..<n where values[i] < values[i - 1] { result += values[i - 1] }
    }
    var durationToStart = Double(firstT - rangeStart) / 1000
    var durationToEnd = Double(rangeEnd - lastT) / 1000
    let sampledInterval = Double(lastT - firstT) / 1000
    let averageDurationBetweenSamples = sampledInterval / Double(n - 1)
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

/// A random window of values for `times`: a counter (resets now and then, negative and zero
/// values included) or, half the time, a counter without resets whose first value sits at the
/// edge where the zero point starts to count (values[0] ≈ result × durationToStart /
/// sampledInterval, a few ulps either way), where skipping the zero point's division must
/// not change a bit.
private func randomWindow(
    _ times: [Int64], _ rangeStart: Int64, using rng: inout SeededRandom
) -> (values: [Double], atEdge: Bool) {
    var values = times.indices.map { _ in Double.random(in: -5...100, using: &rng) }
    guard Bool.random(using: &rng) else { return (values, false) }
    values.sort()
    let result = values[values.count - 1] - values[0]
    let sampled = Double(times[times.count - 1] - times[0]) / 1000
    var toStart = Double(times[0] - rangeStart) / 1000
    let average = sampled / Double(times.count - 1)
    if toStart >= average * 1.1 { toStart = average / 2 }
    guard result > 0, sampled > 0 else { return (values, false) }
    var v0 = result * toStart / sampled
    for _ in 0..<Int.random(in: 0...4, using: &rng) {
        v0 = Bool.random(using: &rng) ? v0.nextUp : v0.nextDown
    }
    let shift = v0 - values[0]
    values = values.map { $0 + shift }
    values[0] = v0
    return (values, true)
}

/// rate, increase and delta through `RateExtrapolation` — the time part once, the value part
/// per series (`value`) or column by column for a span of series (`values`), the zero point's
/// division skipped when a bound rules it out — give the one-piece function's bits.
@Test func rateExtrapolationMatchesTheOnePieceFunctionBitForBit() {
    var rng = SeededRandom(seed: 42)
    let functions: [PromQLFunction] = [.rate, .increase, .delta]
    var atEdge = 0
    for _ in 0..<50_000 {
        let n = Int.random(in: 2...12, using: &rng)
        let range = Int64.random(in: 1_000...600_000, using: &rng)
        let rangeEnd = Int64.random(in: 0...10_000_000, using: &rng)
        let rangeStart = rangeEnd - range
        let times = Array(Set((0..<n).map { _ in
            Int64.random(in: (rangeStart + 1)...rangeEnd, using: &rng)
        })).sorted()
        guard times.count > 1 else { continue }
        // Three series sharing the times, laid out as columns (one per time) of width 5 from
        // position 1, as a scrape pass's columns.
        let series = (0..<3).map { _ in randomWindow(times, rangeStart, using: &rng) }
        atEdge += series.filter(\.atEdge).count
        let width = 5
        var columns = [Double](repeating: .nan, count: times.count * width)
        for (s, window) in series.enumerated() {
            for j in times.indices { columns[j * width + 1 + s] = window.values[j] }
        }
        let bases = times.indices.map { $0 * width }
        for function in functions {
            let isCounter = function != .delta
            let isRate = function == .rate
            var spanValues = [Double](repeating: 0, count: series.count)
            times.withUnsafeBufferPointer { t in
                let shared = RateExtrapolation(
                    function, times: t, rangeStart: rangeStart, rangeEnd: rangeEnd,
                    range: range)
                columns.withUnsafeBufferPointer { v in
                    bases.withUnsafeBufferPointer { b in
                        spanValues.withUnsafeMutableBufferPointer { out in
                            shared?.values(v, bases: b, from: 1, into: out)
                        }
                    }
                }
            }
            for (s, window) in series.enumerated() {
                let want = referenceRate(times, window.values, rangeStart, rangeEnd, range,
                                         isCounter: isCounter, isRate: isRate)
                let got = times.withUnsafeBufferPointer { t in
                    window.values.withUnsafeBufferPointer { v in
                        function.evalRange(times: t, values: v, rangeStart: rangeStart,
                                           rangeEnd: rangeEnd, range: range)
                    }
                }
                #expect(got?.bitPattern == want?.bitPattern,
                        "\(function) \(times) \(window.values) (\(rangeStart), \(rangeEnd)]")
                #expect(spanValues[s].bitPattern == want?.bitPattern,
                        "columns: \(function) \(times) \(window.values)")
            }
        }
    }
    #expect(atEdge > 50_000)
}
