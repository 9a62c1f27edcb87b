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

/// One stored sample: a time in milliseconds and a value (possibly the staleness marker).
struct StoredSample: Sendable {
    var time: Int64
    var value: Double
}

/// The samples of one series, in time order, in a ring buffer (one deque of samples, so a
/// binary search by time touches one contiguous ring).
///
/// Retention is enforced on append: samples older than the newest minus the retention are
/// dropped, so memory stays flat however long a simulation runs.
struct SeriesBuffer: Sendable {
    var labels: Labels
    var samples = Deque<StoredSample>()

    init(labels: Labels) { self.labels = labels }

    var count: Int { samples.count }
    var lastTime: Int64? { samples.last?.time }

    /// Index of the first sample with time > t (binary search).
    @inline(__always)
    func firstIndex(after t: Int64) -> Int {
        var lo = 0
        var hi = samples.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if samples[mid].time <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Drops the samples at or before `t`; usually one per append, so drop from the front.
    mutating func dropSamples(atOrBefore t: Int64) {
        while let first = samples.first, first.time <= t { samples.removeFirst() }
    }
}
