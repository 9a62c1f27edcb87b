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

/// The samples of one series in time order, columnar: one array of times and one of values,
/// the live samples being `start..<times.count`.
///
/// Old samples are dropped by advancing `start` (O(1)); the dead prefix is cut off once it is
/// as long as the live part, or when the arrays are full and it is half as long (so a series
/// at a steady rate keeps its capacity instead of doubling it), so memory stays within twice
/// the retention window and the live samples are always contiguous — a range function reads
/// its window straight out of the arrays, without copying or per-sample calls.
struct SeriesBuffer: Sendable {
    var labels: Labels
    private(set) var times: [Int64] = []
    private(set) var values: [Double] = []
    private(set) var start = 0
    /// Staleness markers among the live samples: while 0, windows need no filtering.
    private(set) var staleCount = 0
    /// The newest sample's time (meaningful while `count > 0`): the append's order check
    /// reads it here instead of at the far end of `times`.
    private var newest: Int64 = .min

    init(labels: Labels) { self.labels = labels }

    /// The number of live samples.
    var count: Int { times.count - start }
    var firstTime: Int64? { times.count > start ? times[start] : nil }
    var lastTime: Int64? { times.count > start ? newest : nil }
    var lastValue: Double? { times.count > start ? values[values.count - 1] : nil }

    @inline(__always)
    mutating func append(time: Int64, value: Double) {
        let n = times.count
        if n == times.capacity, start > 0, start >= (n - start) / 2 { cutDeadPrefix() }
        times.append(time)
        values.append(value)
        newest = time
        if StaleMarker.isStale(value) { staleCount += 1 }
    }

    /// What `append(time:value:retention:)` did.
    enum AppendOutcome {
        case appended, identicalDuplicate, duplicate, outOfOrder(newest: Int64)
    }

    /// Appends a sample in time order (tsdb: an older sample is out of order; at the newest
    /// sample's timestamp an identical value is ignored and a different one rejected), then
    /// drops the samples older than `retention` before it.
    @inline(__always)
    mutating func append(time: Int64, value: Double, retention: Int64) -> AppendOutcome {
        if times.count > start {
            let last = newest
            if time < last { return .outOfOrder(newest: last) }
            if time == last {
                return values[values.count - 1].bitPattern == value.bitPattern
                    ? .identicalDuplicate : .duplicate
            }
        }
        append(time: time, value: value)
        if retention != .max, time - times[start] > retention {
            dropSamples(atOrBefore: time - retention)
        }
        return .appended
    }

    /// Index (absolute) of the first live sample with time > t. Windows sit at the end of the
    /// series, so look back linearly a few samples before falling back to a binary search.
    @inline(__always)
    func firstIndex(after t: Int64) -> Int {
        var i = times.count
        var steps = 0
        while i > start, steps < 16 {
            if times[i - 1] <= t { return i }
            i -= 1
            steps += 1
        }
        if i == start { return start }
        var lo = start
        var hi = i
        while lo < hi {
            let mid = (lo + hi) >> 1
            if times[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Drops the samples at or before `t`.
    mutating func dropSamples(atOrBefore t: Int64) {
        let end = times.count
        while start < end, times[start] <= t {
            if staleCount > 0, StaleMarker.isStale(values[start]) { staleCount -= 1 }
            start += 1
        }
        // Cut the dead prefix once it outweighs the live part (amortised O(1) per sample).
        if start >= 8, start >= end - start { cutDeadPrefix() }
    }

    /// Moves the live samples to the front of the arrays (their capacity is kept).
    private mutating func cutDeadPrefix() {
        times.removeSubrange(0..<start)
        values.removeSubrange(0..<start)
        start = 0
    }

    /// Calls `body` with the samples of the left-open window `(mint, maxt]` as two buffers,
    /// found by scanning back from the newest sample (a rule's window sits at the end and
    /// holds a handful of samples), with a binary search for a window further back.
    @inline(__always)
    func withWindow<R>(
        after mint: Int64, through maxt: Int64,
        _ body: (UnsafeBufferPointer<Int64>, UnsafeBufferPointer<Double>) -> R
    ) -> R {
        let end = firstIndex(after: maxt)
        return times.withUnsafeBufferPointer { t in
            var from = end
            var steps = 0
            while from > start, t[from - 1] > mint, steps < 64 {
                from -= 1
                steps += 1
            }
            if steps == 64 { from = firstIndex(after: mint) }
            return values.withUnsafeBufferPointer { v in
                body(UnsafeBufferPointer(rebasing: t[from..<end]),
                     UnsafeBufferPointer(rebasing: v[from..<end]))
            }
        }
    }

    /// Calls `body` with the live samples in the absolute index range as two buffers.
    @inline(__always)
    func withWindow<R>(
        _ from: Int, _ to: Int,
        _ body: (UnsafeBufferPointer<Int64>, UnsafeBufferPointer<Double>) -> R
    ) -> R {
        times.withUnsafeBufferPointer { t in
            values.withUnsafeBufferPointer { v in
                body(
                    UnsafeBufferPointer(rebasing: t[from..<to]),
                    UnsafeBufferPointer(rebasing: v[from..<to]))
            }
        }
    }
}
