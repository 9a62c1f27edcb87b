/// Where one series' samples sit in a `SampleSlab`: its region `base ..< base + capacity` of
/// the slab and the stored part `start ..< end` of that region (offsets from `base`). 32
/// bytes, in one array, so an append decides where to write (and whether the sample is in
/// order) without touching sample memory.
struct SeriesRegion: Sendable {
    /// The region's first slot in the slab.
    var base = 0
    /// The first stored sample (offset in the region); samples past the retention may still
    /// be stored (they are reclaimed lazily) but are never read.
    var start: Int32 = 0
    /// One past the newest sample (offset in the region).
    var end: Int32 = 0
    /// Slots in the region.
    var capacity: Int32 = 0
    /// Staleness markers among the stored samples: while 0, windows need no filtering (a
    /// marker past the retention but not yet reclaimed only sends readers the slower way).
    var staleCount: Int32 = 0
    /// The newest sample's time (meaningful while `count > 0`): the order check and the
    /// retention cutoff read it here instead of in the slab.
    var newest: Int64 = .min

    /// The number of stored samples (live ones and expired ones not yet reclaimed).
    var count: Int { Int(end - start) }
    /// The slab index of the first stored sample.
    var first: Int { base + Int(start) }
    /// The slab index one past the newest sample.
    var last: Int { base + Int(end) }
}

/// The samples of every series of a store in one pair of arrays (times, values), each series
/// owning a contiguous region in which its live samples are contiguous and in time order.
///
/// Why one slab: a store scraped every 15 s appends one sample to each of tens of thousands of
/// series in turn, so every append is a cache miss; with two heap arrays per series each
/// append read both arrays' headers and tails (four misses). Here an append reads the series'
/// 32-byte `SeriesRegion` (a small hot array) and writes one slot of each array, and a range
/// function reads its window straight out of the slab, without copies or retains.
///
/// Retention is lazy: a sample is live while its time is after the series' cutoff, its newest
/// time minus `retention` (windows are left-open, so no query within the retention reads a
/// sample at the cutoff). Appending reads no sample memory (the newest time is in the
/// region); expired samples are reclaimed only when their region is full or the store
/// compacts, and every reader clips at the cutoff, so what is read is exactly what an eager
/// drop would have kept.
///
/// Reclaiming advances `start` (O(1) per sample). A full region moves its live samples
/// to its front when that frees a quarter of it (a series at a steady rate keeps its region),
/// and otherwise moves to a new region twice the size at the slab's end; the slots left behind
/// are garbage, reclaimed by repacking the slab once they are half of it (amortised O(1) per
/// sample either way).
struct SampleSlab: Sendable {
    private(set) var times: [Int64] = []
    private(set) var values: [Double] = []
    private(set) var regions: [SeriesRegion] = []
    /// How long before its newest sample a series' samples stay live, ms (`Int64.max`:
    /// forever; at least 1, so a series' newest sample is always live); set through
    /// `setRetention`.
    private(set) var retention: Int64 = .max
    /// Slots of the slab no region owns.
    private var garbage = 0

    /// A region's first size.
    private static let initialCapacity: Int32 = 8
    /// A region never grows past this (2^30 samples, 16 GiB); a full one drops its oldest
    /// sample instead.
    private static let maxCapacity: Int32 = 1 << 30

    /// What `append` did.
    enum AppendOutcome: Equatable {
        case appended, identicalDuplicate, duplicate, outOfOrder(newest: Int64)
    }

    /// Adds an empty series with index `regions.count`.
    mutating func addSeries() { regions.append(SeriesRegion()) }

    /// Empties series `i` and gives its region back.
    mutating func free(_ i: Int) {
        garbage += Int(regions[i].capacity)
        regions[i] = SeriesRegion()
        repackIfWasteful()
    }

    /// Changes the retention. Samples expired under the old one are reclaimed first, so a
    /// longer retention never brings back a sample an eager drop would already have dropped.
    mutating func setRetention(_ newValue: Int64) {
        let newValue = max(newValue, 1)
        guard newValue != retention else { return }
        if newValue > retention {
            for i in regions.indices where regions[i].count > 0 {
                dropSamples(i, atOrBefore: cutoff(regions[i]))
            }
        }
        retention = newValue
    }

    /// The time at or before which series `r`'s samples have expired.
    @inline(__always)
    func cutoff(_ r: SeriesRegion) -> Int64 { Self.cutoff(newest: r.newest, retention: retention) }

    /// The time at or before which the samples of a series whose newest sample is at `newest`
    /// have expired under `retention` (`Int64.min`: none). The one retention rule of the store:
    /// the pass columns (`PassColumns`) and compactions use it too.
    @inline(__always)
    static func cutoff(newest: Int64, retention: Int64) -> Int64 {
        guard retention != .max else { return .min }
        let (c, overflow) = newest.subtractingReportingOverflow(retention)
        return overflow ? .min : c
    }

    /// The number of live samples of series `i`.
    func count(_ i: Int) -> Int { withView { $0.live(i).count } }
    func newestTime(_ i: Int) -> Int64? {
        let r = regions[i]
        return r.count > 0 ? r.newest : nil
    }
    func newestValue(_ i: Int) -> Double? {
        let r = regions[i]
        return r.count > 0 ? values[r.last - 1] : nil
    }

    /// Appends a sample to series `i` in time order (tsdb: an older sample is out of order; at
    /// the newest sample's timestamp an identical value is ignored and a different one
    /// rejected); the samples at or before `retention` before it are no longer live.
    mutating func append(_ i: Int, time: Int64, value: Double) -> AppendOutcome {
        if regions[i].end == regions[i].capacity { makeRoom(i) }
        return regions.withUnsafeMutableBufferPointer { r in
            times.withUnsafeMutableBufferPointer { t in
                values.withUnsafeMutableBufferPointer { v in
                    Self.append(&r[i], t, v, time: time, value: value)
                }
            }
        }
    }

    @inline(__always)
    private static func append(
        _ r: inout SeriesRegion, _ t: UnsafeMutableBufferPointer<Int64>,
        _ v: UnsafeMutableBufferPointer<Double>, time: Int64, value: Double
    ) -> AppendOutcome {
        let at = r.last
        // The newest sample is always live (the retention is at least 1 ms), so a series with
        // stored samples has live ones.
        if r.end > r.start, time <= r.newest {
            if time < r.newest { return .outOfOrder(newest: r.newest) }
            return v[at - 1].bitPattern == value.bitPattern ? .identicalDuplicate : .duplicate
        }
        t[at] = time
        v[at] = value
        r.end += 1
        r.newest = time
        if StaleMarker.isStale(value) { r.staleCount += 1 }
        return .appended
    }

    /// Drops series `i`'s samples at or before `cutoff` (and those expired).
    mutating func dropSamples(_ i: Int, atOrBefore cutoff: Int64) {
        guard regions[i].count > 0 else { return }
        let cutoff = max(cutoff, self.cutoff(regions[i]))
        regions.withUnsafeMutableBufferPointer { r in
            times.withUnsafeMutableBufferPointer { t in
                values.withUnsafeMutableBufferPointer { v in
                    Self.drop(&r[i], t, v, atOrBefore: cutoff)
                }
            }
        }
    }

    private static func drop(
        _ r: inout SeriesRegion, _ t: UnsafeMutableBufferPointer<Int64>,
        _ v: UnsafeMutableBufferPointer<Double>, atOrBefore cutoff: Int64
    ) {
        var i = r.first
        let end = r.last
        while i < end, t[i] <= cutoff {
            if r.staleCount > 0, StaleMarker.isStale(v[i]) { r.staleCount -= 1 }
            i += 1
        }
        r.start = Int32(i - r.base)
    }

    /// Makes room for one more sample in series `i`'s full region: reclaims its expired
    /// samples, then moves the live samples to the region's front when that frees a quarter
    /// of it, else to a region twice the size at the slab's end.
    private mutating func makeRoom(_ i: Int) {
        if retention != .max { dropSamples(i, atOrBefore: .min) }
        let r = regions[i]
        let live = r.count
        if r.start > 0, live <= Int(r.capacity) / 4 * 3 {
            move(i, to: r.base)
            return
        }
        guard r.capacity < Self.maxCapacity else {
            // No bigger region: the oldest sample goes.
            regions[i].start += 1
            if StaleMarker.isStale(values[r.first]) { regions[i].staleCount -= 1 }
            move(i, to: r.base)
            return
        }
        let capacity = max(Self.initialCapacity, r.capacity * 2)
        let base = times.count
        times.append(contentsOf: repeatElement(0, count: Int(capacity)))
        values.append(contentsOf: repeatElement(0, count: Int(capacity)))
        garbage += Int(r.capacity)
        move(i, to: base)
        regions[i].capacity = capacity
        repackIfWasteful()
    }

    /// Moves series `i`'s live samples to slot `base` (its region's front or a new region).
    private mutating func move(_ i: Int, to base: Int) {
        let r = regions[i]
        let live = r.count
        if live > 0, base != r.first {
            let from = r.first
            times.withUnsafeMutableBufferPointer { t in
                guard let p = t.baseAddress else { return }
                (p + base).update(from: p + from, count: live)
            }
            values.withUnsafeMutableBufferPointer { v in
                guard let p = v.baseAddress else { return }
                (p + base).update(from: p + from, count: live)
            }
        }
        regions[i].base = base
        regions[i].start = 0
        regions[i].end = Int32(live)
    }

    /// Packs every region into a new slab once the garbage is half of the slab.
    private mutating func repackIfWasteful() {
        guard garbage > 1_024, garbage * 2 > times.count else { return }
        var newTimes: [Int64] = []
        var newValues: [Double] = []
        newTimes.reserveCapacity(times.count - garbage)
        newValues.reserveCapacity(times.count - garbage)
        for i in regions.indices where regions[i].capacity > 0 {
            let r = regions[i]
            let base = newTimes.count
            newTimes.append(contentsOf: times[r.first..<r.last])
            newValues.append(contentsOf: values[r.first..<r.last])
            let pad = Int(r.capacity) - r.count
            newTimes.append(contentsOf: repeatElement(0, count: pad))
            newValues.append(contentsOf: repeatElement(0, count: pad))
            regions[i].base = base
            regions[i].start = 0
            regions[i].end = Int32(r.count)
        }
        times = newTimes
        values = newValues
        garbage = 0
    }

    /// The index of the first of `times[start..<end]` (in time order) after `t`. Windows sit
    /// at the end of a series, so look back linearly a few samples before falling back to a
    /// binary search.
    @inline(__always)
    static func firstIndex(
        _ times: UnsafeBufferPointer<Int64>, _ start: Int, _ end: Int, after t: Int64
    ) -> Int {
        var i = end
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

    /// Calls `body` with the slab read in place (no copies, no retains per series).
    @inline(__always)
    func withView<R>(_ body: (SampleView) -> R) -> R {
        regions.withUnsafeBufferPointer { r in
            times.withUnsafeBufferPointer { t in
                values.withUnsafeBufferPointer { v in
                    body(SampleView(regions: r, times: t, values: v, retention: retention))
                }
            }
        }
    }
}

/// A borrowed read-only view of a `SampleSlab` (valid inside `withView`).
struct SampleView {
    let regions: UnsafeBufferPointer<SeriesRegion>
    let times: UnsafeBufferPointer<Int64>
    let values: UnsafeBufferPointer<Double>
    /// The slab's retention (see `SampleSlab`).
    let retention: Int64

    /// The time at or before which series `i`'s samples have expired (`Int64.min`: none).
    @inline(__always)
    func cutoff(_ i: Int) -> Int64 {
        SampleSlab.cutoff(newest: regions[i].newest, retention: retention)
    }

    /// Series `i`'s live samples in the slab (its stored ones after its cutoff).
    @inline(__always)
    func live(_ i: Int) -> Range<Int> {
        let r = regions[i]
        let cutoff = self.cutoff(i)
        return SampleSlab.firstIndex(times, r.first, r.last, after: cutoff)..<r.last
    }

    /// The slab range of series `i`'s live samples in the left-open window `(mint, maxt]`, found
    /// by scanning back from the newest sample (a rule's window sits at the end and holds a
    /// handful of samples), with a binary search for a window further back.
    ///
    /// `guess` is a likely number of samples in the window (a rule's windows all hold about
    /// the same number): when the `guess` samples before the window's end are exactly the
    /// ones after `mint` — two comparisons — the scan is skipped. The window is the same
    /// whatever the guess.
    @inline(__always)
    func window(_ i: Int, after mint: Int64, through maxt: Int64, guess: Int = 0)
        -> Range<Int>
    {
        let mint = max(mint, cutoff(i))
        let start = regions[i].first
        let end = SampleSlab.firstIndex(times, start, regions[i].last, after: maxt)
        let guessed = end - guess
        if guess > 0, guessed >= start, times[guessed] > mint,
            guessed == start || times[guessed - 1] <= mint
        {
            return guessed..<end
        }
        var from = end
        var steps = 0
        while from > start, times[from - 1] > mint, steps < 64 {
            from -= 1
            steps += 1
        }
        if steps == 64 { from = SampleSlab.firstIndex(times, start, end, after: mint) }
        return from..<end
    }

    /// Calls `body` with the slab range `range` as two buffers (times, values).
    @inline(__always)
    func withBuffers<R>(
        _ range: Range<Int>,
        _ body: (UnsafeBufferPointer<Int64>, UnsafeBufferPointer<Double>) -> R
    ) -> R {
        body(UnsafeBufferPointer(rebasing: times[range]),
             UnsafeBufferPointer(rebasing: values[range]))
    }
}
