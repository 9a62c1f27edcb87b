/// One-line charts for table cells: `▁▂▅█▅▂`. Each character is one time bucket and shows the
/// bucket's peak, since a brief spike (a burst of pending pods) is what a reader looks for.
public enum Sparkline {
    /// Eight levels, lowest first.
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// ASCII levels, lowest first.
    static let asciiBars: [Character] = ["_", ".", "-", "~", "=", "+", "*", "#"]

    /// Levels for `values` scaled between their minimum and maximum (all-equal values sit on
    /// the lowest bar; a nil value, before a series starts, is a space).
    public static func render(_ values: [Double?], ascii: Bool = false) -> String {
        render(values, scale: values, ascii: ascii)
    }

    /// Levels for `values` on the scale of all the values in `scale` (sparklines of several
    /// runs in one table share a scale, so equal heights mean equal values).
    public static func render(_ values: [Double?], scale: [Double?], ascii: Bool = false)
        -> String
    {
        let finite = scale.compactMap { $0 }.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else {
            return String(repeating: " ", count: values.count)
        }
        let levels = ascii ? asciiBars : bars
        // Counts from zero read as from zero (replicas 0 → 5 is not 4 → 5).
        let bottom = lo >= 0 ? min(lo, 0) : lo
        return String(values.map { v -> Character in
            guard let v, v.isFinite else { return " " }
            guard hi > bottom else { return levels[0] }
            let f = (v - bottom) / (hi - bottom)
            return levels[min(levels.count - 1, max(0, Int((f * Double(levels.count - 1)).rounded())))]
        })
    }

    /// The sparkline of a series over `from...to` in `width` buckets (each bucket's peak; a
    /// step series counts the value in effect at the bucket's start).
    public static func render(
        _ timeline: Timeline, series name: String, from: SimTime, to: SimTime, width: Int = 20,
        ascii: Bool = false
    ) throws -> String {
        render(try peaks(timeline, series: name, from: from, to: to, width: width),
               ascii: ascii)
    }

    /// The bucket peaks a sparkline of `name` over `from...to` shows (nil before the series
    /// starts).
    public static func peaks(
        _ timeline: Timeline, series name: String, from: SimTime, to: SimTime, width: Int = 20
    ) throws -> [Double?] {
        let s = try ChartSeries(timeline: timeline, name: name, from: from, to: to)
        let n = max(width, 1)
        let span = max((to - from).milliseconds, 1)
        var peaks = [Double?](repeating: nil, count: n)
        var carry: Double?
        var index = 0
        for b in 0..<n {
            let end = from.milliseconds + span * Int64(b + 1) / Int64(n)
            let start = from.milliseconds + span * Int64(b) / Int64(n)
            let changesAtStart = index < s.points.count
                && s.points[index].time.milliseconds == start
            var peak = s.kind == .step && !changesAtStart ? carry : nil
            // Buckets are [start, end); the last one includes the end of the range.
            while index < s.points.count
                && (s.points[index].time.milliseconds < end
                    || (b == n - 1 && s.points[index].time.milliseconds == end))
            {
                let v = s.points[index].value
                peak = max(peak ?? v, v)
                carry = v
                index += 1
            }
            peaks[b] = peak
        }
        return peaks
    }
}
