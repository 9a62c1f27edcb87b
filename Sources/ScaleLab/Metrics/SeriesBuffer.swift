import DequeModule

/// Prometheus' staleness marker and sample helpers.
public enum StaleMarker {
    /// The bit pattern of Prometheus' StaleNaN (model/value/value.go: 0x7ff0000000000002), a
    /// NaN written when a target or series disappears; distinct from an ordinary NaN value.
    public static let bitPattern: UInt64 = 0x7ff0_0000_0000_0002
    /// The staleness marker value.
    public static let value = Double(bitPattern: bitPattern)
    /// Whether `v` is the staleness marker (not any NaN: only this bit pattern).
    @inline(__always)
    public static func isStale(_ v: Double) -> Bool { v.bitPattern == bitPattern }
}

/// The samples of one series, in time order, in two parallel ring buffers.
///
/// Retention is enforced on append: samples older than the newest minus the retention are
/// dropped, so memory stays flat however long a simulation runs.
struct SeriesBuffer: Sendable {
    var labels: Labels
    var times = Deque<Int64>()
    var values = Deque<Double>()

    init(labels: Labels) { self.labels = labels }

    var count: Int { times.count }
    var lastTime: Int64? { times.last }

    /// Index of the first sample with time > t (binary search).
    @inline(__always)
    func firstIndex(after t: Int64) -> Int {
        var lo = 0
        var hi = times.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if times[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Drops the samples at or before `t`.
    mutating func dropSamples(atOrBefore t: Int64) {
        let n = firstIndex(after: t)
        if n == 0 { return }
        if n >= times.count {
            times.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
        } else {
            times.removeFirst(n)
            values.removeFirst(n)
        }
    }
}
