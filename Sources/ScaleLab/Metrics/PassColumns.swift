/// The columns of one scrape pass: every pass at one offset appends one column (one time,
/// one value per position), and each position belongs to one series (its owner) from the
/// column `ownerFrom[position]` on.
///
/// Invariant: every owner has a sample in every column from its `ownerFrom` to the newest.
/// A series that misses a pass, or gets a sample any other way, leaves the columns first
/// (`PassColumns.evict`), so a pass's columns are never sparse and the newest column's time
/// is every owner's newest sample. So a column at or before the newest time minus the
/// retention has expired for every owner, and it is dropped at once: every column held is
/// live.
struct ScrapePass: Sendable {
    /// Positions per column (the values array holds `ringCapacity × width`).
    var width = 0
    /// The series id at each position (-1: free).
    var owners: [Int32] = []
    /// The first column (sequence number) of each position's owner.
    var ownerFrom: [Int64] = []
    /// Free positions, reused by new owners.
    var freePositions: [Int32] = []
    /// Columns the ring holds.
    var ringCapacity = 0
    /// The time of each ring slot's column.
    var times: [Int64] = []
    /// The values, column after column (slot `s` at `s × width`).
    var values: [Double] = []
    /// The columns held: sequence numbers `firstSeq ..< endSeq` (slot: `seq % ringCapacity`).
    var firstSeq: Int64 = 0
    var endSeq: Int64 = 0
    /// The series ids of the last pass and the position each one was written to (-1: appended
    /// one by one, -2: skipped), reused while the pass brings the same ids.
    var lastIDs: [SeriesID] = []
    var perm: [Int32] = []
    /// Whether `lastIDs`/`perm` still describe the owners (an eviction clears it).
    var valid = false

    /// The number of columns held.
    var columnCount: Int { Int(endSeq - firstSeq) }

    @inline(__always)
    func slot(_ seq: Int64) -> Int { Int(seq % Int64(ringCapacity)) }

    /// The newest column's time (the pass must hold a column).
    var lastTime: Int64 { times[slot(endSeq - 1)] }

    @inline(__always)
    func time(_ seq: Int64) -> Int64 { times[slot(seq)] }

    @inline(__always)
    func value(_ seq: Int64, _ position: Int) -> Double { values[slot(seq) * width + position] }

    /// The first of the columns `from ..< endSeq` (in time order) whose time is after `t`.
    /// Windows sit at the newest columns, so the search starts there (as
    /// `SampleSlab.firstIndex`), with a binary search for one further back.
    func firstSeq(after t: Int64, from: Int64) -> Int64 {
        let from = max(from, firstSeq)
        var seq = endSeq
        var steps = 0
        while seq > from, steps < 16 {
            if time(seq - 1) <= t { return seq }
            seq -= 1
            steps += 1
        }
        var lo = from
        var hi = seq
        while lo < hi {
            let mid = (lo + hi) >> 1
            if time(mid) <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The columns of `from ..< endSeq` (all of them by default) with times in `(mint, maxt]`.
    func window(from: Int64 = .min, after mint: Int64, through maxt: Int64) -> Range<Int64> {
        let hi = firstSeq(after: maxt, from: from)
        return min(firstSeq(after: mint, from: from), hi)..<hi
    }

    /// Drops the oldest columns at or before `cutoff`.
    mutating func dropColumns(atOrBefore cutoff: Int64) {
        firstSeq = firstSeq(after: cutoff, from: firstSeq)
    }

    /// Drops the columns expired under `retention` (at or before the newest minus it).
    mutating func dropExpired(retention: Int64) {
        guard columnCount > 0 else { return }
        dropColumns(atOrBefore: SampleSlab.cutoff(newest: lastTime, retention: retention))
    }

    /// Starts a column at `time` (its values still to be written), growing the ring when full.
    mutating func addColumn(time: Int64) -> Int {
        if columnCount == ringCapacity { resize(width: width, ring: max(4, ringCapacity * 2)) }
        let s = slot(endSeq)
        times[s] = time
        endSeq += 1
        return s * width
    }

    /// Whether a pass of `ids` is laid out already: the same series as the last pass, in the
    /// same order, with no eviction since.
    func isLaidOut(for ids: UnsafeBufferPointer<SeriesID>) -> Bool {
        guard valid, lastIDs.count == ids.count else { return false }
        // A plain loop over the raw ids (vectorised): the generic `elementsEqual` took 4 % of
        // the pipeline bench's profile.
        return lastIDs.withUnsafeBufferPointer { last in
            var differ: Int32 = 0
            for k in 0..<ids.count { differ |= last[k].raw ^ ids[k].raw }
            return differ == 0
        }
    }

    /// A new position for a series, growing the columns when none is free.
    mutating func addPosition() -> Int {
        if let free = freePositions.popLast() { return Int(free) }
        if owners.count == width { resize(width: max(8, width * 2), ring: max(4, ringCapacity)) }
        owners.append(-1)
        ownerFrom.append(0)
        return owners.count - 1
    }

    /// Copies the held columns into a ring of `ring` columns of `width` positions.
    private mutating func resize(width newWidth: Int, ring: Int) {
        var newTimes = [Int64](repeating: 0, count: ring)
        var newValues = [Double](repeating: 0, count: ring * newWidth)
        for seq in firstSeq..<endSeq {
            let from = slot(seq)
            let to = Int(seq % Int64(ring))
            newTimes[to] = times[from]
            for p in 0..<min(width, newWidth) {
                newValues[to * newWidth + p] = values[from * width + p]
            }
        }
        times = newTimes
        values = newValues
        width = newWidth
        ringCapacity = ring
    }
}

/// The identity of a `PassColumns`' layout (which series sit at which positions): a new
/// object replaces the old one whenever a series joins or leaves a pass, so a reader's cached
/// order of the columnar series is current exactly when it holds the same object (forks
/// share it until one of them changes, as `SeriesSetEpoch`).
final class ColumnLayout: Sendable {
    init() {}
}

/// Where a series written by scrape passes sits: its pass and its position there.
struct ColumnLocator: Sendable {
    /// The pass (index in `PassColumns.passes`), or -1: the series is in the slab.
    var pass: Int32 = -1
    var position: Int32 = 0
}

/// The time-major part of a store: the samples of series written by scrape passes, one column
/// per pass (see `ScrapePass`). Why: a pass appends one sample to each of thousands of series;
/// written series-major that is a cache miss per sample, written as a column it is one
/// sequential store, and a rule over the series reads the pass's columns sequentially too.
/// Retention drops whole columns, so memory is flat.
///
/// A series is either in the columns (all its samples) or in the store's `SampleSlab` (all
/// its samples): never both, so no reader merges. A series joins a pass's columns when a pass
/// first writes it while it has no samples, and leaves them for the slab (`evict`, its live
/// samples copied over, in order) when it misses a pass or gets a sample any other way
/// (a staleness marker, a test's append, a second pass).
struct PassColumns: Sendable {
    var passes: [ScrapePass] = []
    /// The pass of each scrape offset key.
    var passByKey: [Int64: Int] = [:]
    /// Each series' place (by series id).
    var locators: [ColumnLocator] = []
    /// See `SampleSlab.retention` (the same rule: live while after the newest minus it).
    private(set) var retention: Int64 = .max
    /// The current layout (see `ColumnLayout`).
    private(set) var layout = ColumnLayout()

    mutating func addSeries() { locators.append(ColumnLocator()) }

    /// Whether series `i` is in the columns.
    @inline(__always)
    func isColumnar(_ i: Int) -> Bool { locators[i].pass >= 0 }

    /// The columns holding columnar series `i`'s samples (all live: expired columns are
    /// dropped at once).
    func liveSeqs(_ i: Int) -> Range<Int64> {
        let loc = locators[i]
        let p = Int(loc.pass)
        let from = max(passes[p].ownerFrom[Int(loc.position)], passes[p].firstSeq)
        return min(from, passes[p].endSeq)..<passes[p].endSeq
    }

    /// The number of live samples of columnar series `i` (O(1)).
    func count(_ i: Int) -> Int { liveSeqs(i).count }

    /// Series `i`'s samples in columns `seqs`, oldest first.
    @inline(__always)
    func forEach(_ i: Int, _ seqs: Range<Int64>, _ body: (Int64, Double) -> Void) {
        let loc = locators[i]
        let pass = passes[Int(loc.pass)]
        for seq in seqs { body(pass.time(seq), pass.value(seq, Int(loc.position))) }
    }

    /// The live columns of series `i` with times in `(mint, maxt]`.
    func window(_ i: Int, after mint: Int64, through maxt: Int64) -> Range<Int64> {
        passes[Int(locators[i].pass)].window(
            from: liveSeqs(i).lowerBound, after: mint, through: maxt)
    }

    /// Series `i`'s newest sample (columnar: the pass's newest column).
    func newest(_ i: Int) -> (time: Int64, value: Double) {
        let loc = locators[i]
        let pass = passes[Int(loc.pass)]
        return (pass.lastTime, pass.value(pass.endSeq - 1, Int(loc.position)))
    }

    /// Changes the retention, dropping the columns it expires. A longer one brings nothing
    /// back: the columns expired under the old one were dropped already (as the slab
    /// reclaims its samples before a longer retention applies).
    mutating func setRetention(_ newValue: Int64) {
        retention = newValue
        for p in passes.indices { passes[p].dropExpired(retention: retention) }
    }

    /// Drops every column at or before `cutoff` (a compaction: the same cutoff for every
    /// series).
    mutating func dropColumns(atOrBefore cutoff: Int64) {
        for p in passes.indices { passes[p].dropColumns(atOrBefore: cutoff) }
    }

    /// Moves columnar series `i`'s live samples to the slab (whose region for it is empty)
    /// and frees its position.
    mutating func evict(_ i: Int, into slab: inout SampleSlab) {
        let seqs = liveSeqs(i)
        forEach(i, seqs) { t, v in _ = slab.append(i, time: t, value: v) }
        release(i)
    }

    /// Frees series `i`'s position (the series leaves the columns).
    mutating func release(_ i: Int) {
        let loc = locators[i]
        guard loc.pass >= 0 else { return }
        let p = Int(loc.pass)
        passes[p].owners[Int(loc.position)] = -1
        passes[p].freePositions.append(loc.position)
        passes[p].valid = false
        locators[i] = ColumnLocator()
        layout = ColumnLayout()
    }

    /// Appends pass `p`'s column at `time` (after its newest; the pass laid out for these
    /// values, see `relayout`): expired columns are dropped first, then each value goes to
    /// its position (`perm`). Returns the number written and whether some values are to be
    /// appended one by one (`perm` -1).
    mutating func appendColumn(_ p: Int, time: Int64, values: UnsafeBufferPointer<Double>)
        -> (written: Int, oneByOne: Bool)
    {
        // Every owner is written in this column, so a column at or before its time minus the
        // retention has expired for every one of them.
        passes[p].dropColumns(atOrBefore: SampleSlab.cutoff(newest: time, retention: retention))
        let base = passes[p].addColumn(time: time)
        var written = 0
        var oneByOne = false
        let perm = passes[p].perm
        passes[p].values.withUnsafeMutableBufferPointer { column in
            perm.withUnsafeBufferPointer { perm in
                for k in 0..<min(perm.count, values.count) {
                    let position = perm[k]
                    if position >= 0 {
                        column[base + Int(position)] = values[k]
                        written += 1
                    } else if position == -1 {
                        oneByOne = true
                    }
                }
            }
        }
        return (written, oneByOne)
    }

    /// The pass for an offset key, created when new.
    mutating func pass(forKey key: Int64) -> Int {
        if let p = passByKey[key] { return p }
        passes.append(ScrapePass())
        passByKey[key] = passes.count - 1
        return passes.count - 1
    }

    /// Works out where the pass `p` writes each of `ids` (`perm`): the owners keep their
    /// positions, a new series with no samples (`isEmpty`) gets one, anything else is
    /// appended one by one (-1) or skipped when not `live` (-2). Owners missing from `ids`
    /// are evicted to the slab first.
    ///
    /// New series take their positions grouped by `metric` (their metric name), in pass
    /// order within a metric: a rule over one metric then reads a contiguous run of each
    /// column instead of every n-th value.
    mutating func relayout(
        _ p: Int, _ ids: UnsafeBufferPointer<SeriesID>, live: [Bool], slab: inout SampleSlab,
        metric: (Int) -> String
    ) {
        var perm = [Int32](repeating: -2, count: ids.count)
        // Sized for the owners plus one new position per series of the pass at most.
        var seen = [Bool](repeating: false, count: passes[p].owners.count + ids.count)
        var claims: [(metric: String, k: Int)] = []
        var claimed: Set<Int32> = []
        for k in ids.indices {
            let i = Int(ids[k].raw)
            guard i >= 0, i < live.count, live[i] else { continue }
            let loc = locators[i]
            if loc.pass == Int32(p), !seen[Int(loc.position)] {
                seen[Int(loc.position)] = true
                perm[k] = loc.position
            } else if loc.pass < 0, slab.regions[i].count == 0,
                claimed.insert(Int32(i)).inserted
            {
                // A series twice in the pass is claimed once (its second sample is a
                // duplicate, appended one by one).
                claims.append((metric(i), k))
            } else {
                perm[k] = -1
            }
        }
        // By metric, then pass order (`k` rises through the claims).
        claims.sort { ($0.metric, $0.k) < ($1.metric, $1.k) }
        for (_, k) in claims {
            let i = Int(ids[k].raw)
            let position = passes[p].addPosition()
            passes[p].owners[position] = Int32(i)
            passes[p].ownerFrom[position] = passes[p].endSeq
            locators[i] = ColumnLocator(pass: Int32(p), position: Int32(position))
            seen[position] = true
            perm[k] = Int32(position)
        }
        for position in passes[p].owners.indices where !seen[position] {
            let owner = Int(passes[p].owners[position])
            if owner >= 0 { evict(owner, into: &slab) }
        }
        passes[p].lastIDs = Array(ids)
        passes[p].perm = perm
        passes[p].valid = true
        layout = ColumnLayout()
    }
}
