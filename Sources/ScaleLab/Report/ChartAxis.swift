import Foundation

/// Tick positions and labels for chart axes: "nice" values (1, 2, 5 × 10ⁿ) and simulated
/// durations on a human grid (15s, 1m, 5m, 1h, ...), shared by the terminal and SVG charts
/// so both show the same ticks.
public enum ChartAxis {
    /// A value scale: the drawn range and its ticks.
    public struct ValueScale: Equatable, Sendable {
        /// Bottom of the axis.
        public var low: Double
        /// Top of the axis.
        public var high: Double
        /// Tick values, ascending, within `low...high`.
        public var ticks: [Double]
        /// Distance between ticks.
        public var step: Double

        /// The tick labels (same precision for all ticks).
        public var labels: [String] { ticks.map { ChartAxis.format($0, step: step) } }
    }

    /// A scale covering `min...max` with about `count` ticks. An all-non-negative range starts
    /// at zero (replica and pod counts read best from zero); a flat range is widened.
    public static func valueScale(min lo: Double, max hi: Double, count: Int) -> ValueScale {
        var low = lo, high = hi
        if low >= 0 && low <= high { low = 0 }
        if high - low < 1e-9 {
            let pad = Swift.max(abs(high) * 0.1, 1)
            high += pad
            if low < 0 || lo < 0 { low -= pad }
        }
        let step = niceStep((high - low) / Double(Swift.max(count - 1, 1)))
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
        var ticks: [Double] = []
        var k = 0
        while true {
            let v = low + Double(k) * step
            if v > high + step * 1e-9 { break }
            ticks.append(abs(v) < step * 1e-9 ? 0 : v)
            k += 1
        }
        return ValueScale(low: low, high: high, ticks: ticks, step: step)
    }

    /// The smallest 1, 2 or 5 × 10ⁿ at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 && raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * magnitude >= raw * (1 - 1e-12) {
            return m * magnitude
        }
        return 10 * magnitude
    }

    /// `v` with as many decimals as `step` needs; thousands and beyond get k/M/G/T suffixes
    /// when that loses nothing at this step (`12k`, `1.5M`).
    public static func format(_ v: Double, step: Double) -> String {
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        for (scale, suffix) in units where abs(v) >= scale || (v == 0 && step >= scale) {
            if step >= scale / 10 {
                return plain(v / scale, step: step / scale) + (v == 0 ? "" : suffix)
            }
        }
        return plain(v, step: step)
    }

    private static func plain(_ v: Double, step: Double) -> String {
        var decimals = 0
        var s = step
        while decimals < 6 && abs(s - s.rounded()) > 1e-9 * Swift.max(1, abs(s)) {
            s *= 10
            decimals += 1
        }
        let text = String(format: "%.\(decimals)f", v)
        return text == "-0" ? "0" : text
    }

    /// Time grid steps, in milliseconds.
    static let timeSteps: [Int64] = [
        1, 2, 5, 10, 20, 50, 100, 200, 500,
        1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
        60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
        3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
    ]

    /// Ticks on the time grid between `from` and `to`, at most `count` of them.
    public static func timeTicks(from: SimTime, to: SimTime, count: Int) -> [SimTime] {
        let span = Swift.max((to - from).milliseconds, 1)
        let wanted = Swift.max(count, 2)
        var step = timeSteps.last ?? 86_400_000
        for s in timeSteps where span / s <= Int64(wanted - 1) {
            step = s
            break
        }
        while span / step > Int64(wanted - 1) { step *= 2 }
        var t = (from.milliseconds + step - 1) / step * step
        if from.milliseconds < 0 { t = from.milliseconds / step * step }
        var ticks: [SimTime] = []
        while t <= to.milliseconds {
            ticks.append(SimTime(milliseconds: t))
            t += step
        }
        return ticks
    }

    /// A compact simulated time: `0s`, `30s`, `1m30s`, `5m`, `1h`, `1h30m`, `500ms`, `1.5s`
    /// (Go duration text without zero trailing units).
    public static func timeLabel(_ t: SimTime) -> String {
        var text = t.sinceStart.description
        if text.hasSuffix("m0s") { text.removeLast(2) }
        if text.hasSuffix("h0m") { text.removeLast(2) }
        return text
    }
}
