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

/// One stored sample: its time and value side by side (16 bytes, four to a cache line).
struct StoredSample: Sendable {
    var time: Int64
    var value: Double
}

/// The samples of every series of a store in one array of (time, value) pairs, each series
/// owning a contiguous region in which its live samples are contiguous and in time order.
///
/// Why one slab: a store scraped every 15 s appends one sample to each of tens of thousands of
/// series in turn, so every append is a cache miss; with two heap arrays per series each
/// append read both arrays' headers and tails (four misses). Here an append reads the series'
/// 32-byte `SeriesRegion` (a small hot array) and writes one 16-byte slot — one cache line,
/// where separate time and value arrays wrote two — and a range function reads its window
/// straight out of the slab (a window of a rule's 8 samples spans 2–3 lines).
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
    private(set) var samples: [StoredSample] = []
    private(set) var regions: [SeriesRegion] = []
    /// How long before its newest sample a series' samples stay live, ms (`Int64.max`:
    /// forever; at least 1, so a series' newest sample is always live); set through
    /// `setRetention`.
    private(set) var retention: Int64 = .max
    /// Slots of the slab no region owns.
    private var garbage = 0

    /// What an unused slot holds.
    private static let empty = StoredSample(time: 0, value: 0)
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
    func cutoff(_ r: SeriesRegion) -> Int64 { Self.cutoff(r, retention) }

    @inline(__always)
    static func cutoff(_ r: SeriesRegion, _ retention: Int64) -> Int64 {
        let (c, overflow) = r.newest.subtractingReportingOverflow(retention)
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
        return r.count > 0 ? samples[r.last - 1].value : nil
    }

    /// Appends a sample to series `i` in time order (tsdb: an older sample is out of order; at
    /// the newest sample's timestamp an identical value is ignored and a different one
    /// rejected); the samples at or before `retention` before it are no longer live.
    mutating func append(_ i: Int, time: Int64, value: Double) -> AppendOutcome {
        if regions[i].end == regions[i].capacity { makeRoom(i) }
        return regions.withUnsafeMutableBufferPointer { r in
            samples.withUnsafeMutableBufferPointer { s in
                Self.append(&r[i], s, time: time, value: value)
            }
        }
    }

    /// Appends `values[k]` at `time` to series `ids[k]` for every k whose series is `live`,
    /// borrowing the arrays once (and again only when a region must move); returns how many
    /// were appended (rejected samples are dropped, as the scrape loop drops them).
    mutating func appendScrape(
        _ ids: UnsafeBufferPointer<SeriesID>, time: Int64, values: UnsafeBufferPointer<Double>,
        live: [Bool]
    ) -> Int {
        let n = min(ids.count, values.count)
        var k = 0
        var appended = 0
        while k < n {
            k = regions.withUnsafeMutableBufferPointer { r in
                samples.withUnsafeMutableBufferPointer { s in
                    var k = k
                    while k < n {
                        let i = Int(ids[k].raw)
                        if i >= 0, i < r.count, live[i] {
                            if r[i].end == r[i].capacity { return k }  // needs room
                            if case .appended = Self.append(
                                &r[i], s, time: time, value: values[k])
                            {
                                appended += 1
                            }
                        }
                        k += 1
                    }
                    return k
                }
            }
            if k < n { makeRoom(Int(ids[k].raw)) }
        }
        return appended
    }

    @inline(__always)
    private static func append(
        _ r: inout SeriesRegion, _ s: UnsafeMutableBufferPointer<StoredSample>, time: Int64,
        value: Double
    ) -> AppendOutcome {
        let at = r.last
        // The newest sample is always live (the retention is at least 1 ms), so a series with
        // stored samples has live ones.
        if r.end > r.start, time <= r.newest {
            if time < r.newest { return .outOfOrder(newest: r.newest) }
            return s[at - 1].value.bitPattern == value.bitPattern
                ? .identicalDuplicate : .duplicate
        }
        s[at] = StoredSample(time: time, value: value)
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
            samples.withUnsafeMutableBufferPointer { s in
                Self.drop(&r[i], s, atOrBefore: cutoff)
            }
        }
    }

    private static func drop(
        _ r: inout SeriesRegion, _ s: UnsafeMutableBufferPointer<StoredSample>,
        atOrBefore cutoff: Int64
    ) {
        var i = r.first
        let end = r.last
        while i < end, s[i].time <= cutoff {
            if r.staleCount > 0, StaleMarker.isStale(s[i].value) { r.staleCount -= 1 }
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
            if StaleMarker.isStale(samples[r.first].value) { regions[i].staleCount -= 1 }
            move(i, to: r.base)
            return
        }
        let capacity = max(Self.initialCapacity, r.capacity * 2)
        let base = samples.count
        samples.append(contentsOf: repeatElement(Self.empty, count: Int(capacity)))
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
            samples.withUnsafeMutableBufferPointer { s in
                guard let p = s.baseAddress else { return }
                (p + base).update(from: p + from, count: live)
            }
        }
        regions[i].base = base
        regions[i].start = 0
        regions[i].end = Int32(live)
    }

    /// Packs every region into a new slab once the garbage is half of the slab.
    private mutating func repackIfWasteful() {
        guard garbage > 1_024, garbage * 2 > samples.count else { return }
        var packed: [StoredSample] = []
        packed.reserveCapacity(samples.count - garbage)
        for i in regions.indices where regions[i].capacity > 0 {
            let r = regions[i]
            let base = packed.count
            packed.append(contentsOf: samples[r.first..<r.last])
            packed.append(contentsOf: repeatElement(Self.empty, count: Int(r.capacity) - r.count))
            regions[i].base = base
            regions[i].start = 0
            regions[i].end = Int32(r.count)
        }
        samples = packed
        garbage = 0
    }

    /// The index of the first of `samples[start..<end]` (in time order) after `t`. Windows
    /// sit at the end of a series, so look back linearly a few samples before falling back to
    /// a binary search.
    @inline(__always)
    static func firstIndex(
        _ samples: UnsafeBufferPointer<StoredSample>, _ start: Int, _ end: Int, after t: Int64
    ) -> Int {
        var i = end
        var steps = 0
        while i > start, steps < 16 {
            if samples[i - 1].time <= t { return i }
            i -= 1
            steps += 1
        }
        if i == start { return start }
        var lo = start
        var hi = i
        while lo < hi {
            let mid = (lo + hi) >> 1
            if samples[mid].time <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Calls `body` with the slab read in place (no copies, no retains per series).
    @inline(__always)
    func withView<R>(_ body: (SampleView) -> R) -> R {
        regions.withUnsafeBufferPointer { r in
            samples.withUnsafeBufferPointer { s in
                body(SampleView(regions: r, samples: s, retention: retention))
            }
        }
    }
}
