/// Named time series recorded during a run (`myapp.replicas`, `cluster.pending_pods`, ...).
/// Storage is compact: each series keeps two parallel arrays (times in ms, values), and a
/// `step` series stores only changes, so a value that holds for an hour costs one sample.
/// Reads are by time (binary search), as charts and comparisons need.
public struct Timeline: Equatable, Sendable {
    /// How a series records values.
    public enum Kind: String, Equatable, Sendable {
        /// A state that holds until it changes (replicas, pending pods): repeated equal values
        /// are not stored, and the value at any instant is the last one recorded before it.
        case step
        /// A measurement taken at instants (a scrape, a computed rate): every sample is kept.
        case sample
    }

    /// Names a series, for recording without a name lookup.
    public struct SeriesID: Hashable, Sendable {
        /// Index in creation order.
        public let index: Int
    }

    struct Series: Equatable, Sendable {
        var name: String
        var kind: Kind
        var times: [Int64] = []
        var values: [Double] = []
        /// `times.last` and `values.last`, kept beside the arrays: a step value that did not
        /// change is recognized without reading them (for thousands of series they are
        /// mostly out of cache). Derived from the arrays, so equality is unchanged.
        var lastTime: Int64?
        var lastValue = 0.0

        /// See `Timeline.record(_:_:at:)`.
        mutating func record(_ value: Double, at time: Int64) {
            guard let last = lastTime else {
                append(time, value)
                return
            }
            let t = max(time, last)
            if last == t {
                values[values.count - 1] = value
                lastValue = value
                // A step that returns to the previous value within one instant is no change.
                let n = values.count
                if kind == .step && n >= 2 && values[n - 2] == value {
                    times.removeLast()
                    values.removeLast()
                    lastTime = times.last
                }
            } else if kind == .step && lastValue == value {
                // unchanged: nothing to store
            } else {
                append(t, value)
            }
        }

        private mutating func append(_ time: Int64, _ value: Double) {
            times.append(time)
            values.append(value)
            lastTime = time
            lastValue = value
        }
    }

    private var series: [Series] = []
    private var byName: [String: Int] = [:]

    /// An empty timeline.
    public init() {}

    /// The series named `name`, created with `kind` on first use.
    public mutating func series(named name: String, kind: Kind = .step) -> SeriesID {
        if let index = byName[name] { return SeriesID(index: index) }
        byName[name] = series.count
        series.append(Series(name: name, kind: kind))
        return SeriesID(index: series.count - 1)
    }

    /// Records `value` at `time`. Times must not go backwards within a series (an earlier time
    /// is treated as the last one); a second value at the same instant replaces the first.
    public mutating func record(_ id: SeriesID, _ value: Double, at time: SimTime) {
        // Changed in place: the arrays stay uniquely referenced and nothing is copied out.
        series[id.index].record(value, at: time.milliseconds)
    }

    /// Records `value` at `time` in the series named `name` (created as `kind` on first use).
    public mutating func record(
        _ name: String, _ value: Double, at time: SimTime, kind: Kind = .step
    ) {
        record(series(named: name, kind: kind), value, at: time)
    }

    /// The series names, in creation order.
    public var names: [String] { series.map(\.name) }

    /// The kind of a series.
    public func kind(of name: String) -> Kind? { byName[name].map { series[$0].kind } }

    /// The value in effect at `time`: the last sample at or before it (nil before the first).
    public func value(of name: String, at time: SimTime) -> Double? {
        guard let index = byName[name] else { return nil }
        let s = series[index]
        let position = upperBound(s.times, time.milliseconds)
        return position == 0 ? nil : s.values[position - 1]
    }

    /// The stored samples of a series within `from...to` (all when omitted).
    public func samples(
        of name: String, from: SimTime? = nil, to: SimTime? = nil
    ) -> [(time: SimTime, value: Double)] {
        guard let index = byName[name] else { return [] }
        let s = series[index]
        let start = from.map { lowerBound(s.times, $0.milliseconds) } ?? 0
        let end = to.map { upperBound(s.times, $0.milliseconds) } ?? s.times.count
        guard start < end else { return [] }
        return (start..<end).map { (SimTime(milliseconds: s.times[$0]), s.values[$0]) }
    }

    /// The number of stored samples across all series.
    public var sampleCount: Int { series.reduce(0) { $0 + $1.times.count } }

    /// First index whose time is ≥ t.
    private func lowerBound(_ times: [Int64], _ t: Int64) -> Int {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// First index whose time is > t.
    private func upperBound(_ times: [Int64], _ t: Int64) -> Int {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
