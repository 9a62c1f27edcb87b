/// The integer id of a series in a `TimeSeriesStore`.
public struct SeriesID: Hashable, Sendable, Comparable {
    /// The index of the series in the store.
    public let raw: Int32
    /// Orders ids by index.
    public static func < (a: SeriesID, b: SeriesID) -> Bool { a.raw < b.raw }
}

/// The identity of a store's set of series: a new epoch object replaces the old one whenever a
/// series is created or removed, so a cache that holds an epoch knows its series selection is
/// still valid exactly when the store still holds the same object (forks share it until they
/// change).
public final class SeriesSetEpoch: Sendable {
    init() {}
}

/// Why a sample was not appended.
public enum AppendError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The sample is older than the newest sample of its series (tsdb.ErrOutOfOrderSample).
    case outOfOrderSample(series: String, time: Int64, newest: Int64)
    /// A different value at the same timestamp (storage.ErrDuplicateSampleForTimestamp).
    case duplicateSampleForTimestamp(series: String, time: Int64)
    /// The id does not name a live series.
    case unknownSeries(Int32)

    /// Prometheus' wording.
    public var description: String {
        switch self {
        case .outOfOrderSample(let series, let time, let newest):
            return "out of order sample: \(series) at \(time)ms, newest is \(newest)ms"
        case .duplicateSampleForTimestamp(let series, let time):
            return "duplicate sample for timestamp: \(series) at \(time)ms"
        case .unknownSeries(let id): return "unknown series id \(id)"
        }
    }
}

/// An in-memory time-series database: series identified by interned label sets (integer ids),
/// float samples in one slab of per-series regions (`SampleSlab`), staleness markers.
///
/// Retention is bounded: `retention` (ms) is the longest lookback any query or rule needs (range
/// + offset, or the 5m lookback delta for instant selectors); a series' samples at or before its
/// newest sample's time minus the retention are gone (no left-open window within the
/// retention reads them; the slab reclaims them lazily). `compact(now:)` also frees series
/// whose samples all aged out (pods that went away), so memory stays flat.
public struct TimeSeriesStore: Sendable {
    /// How far back samples are kept, in milliseconds (`Int64.max`: forever).
    public var retention: Int64 {
        didSet {
            samples.setRetention(retention)
            columns.setRetention(samples.retention)
        }
    }

    /// Each series' labels by id (empty for a freed id).
    private(set) var labelsByID: [Labels] = []
    /// Each series' samples by id.
    private(set) var samples = SampleSlab()
    /// The samples of series written by scrape passes, time-major (a series is in one of
    /// `samples` and `columns`, never both; see `PassColumns`).
    private(set) var columns = PassColumns()
    private var live: [Bool] = []
    private var idsByLabels: [Labels: Int32] = [:]
    private var idsByName: [String: [Int32]] = [:]
    private var freeIDs: [Int32] = []

    /// Samples appended so far, staleness markers included (tsdb's
    /// `prometheus_tsdb_head_samples_appended_total`).
    public private(set) var samplesAppended = 0

    /// The identity of the current set of series (see `SeriesSetEpoch`).
    public private(set) var epoch = SeriesSetEpoch()

    /// One more than the largest series id ever handed out.
    public var idCapacity: Int { labelsByID.count }

    /// Creates an empty store keeping `retention` milliseconds of samples.
    public init(retention: Int64 = .max) {
        self.retention = retention
        samples.setRetention(retention)
        columns.setRetention(samples.retention)
    }

    /// The number of live series.
    public var seriesCount: Int { idsByLabels.count }

    /// The number of samples held (including staleness markers).
    public var sampleCount: Int {
        samples.withView { view in view.regions.indices.reduce(0) { $0 + view.live($1).count } }
            + columns.locators.indices.reduce(0) {
                columns.isColumnar($1) ? $0 + columns.count($1) : $0
            }
    }

    /// The id of the series with these labels, creating it when new.
    public mutating func seriesID(for labels: Labels) -> SeriesID {
        if let id = idsByLabels[labels] { return SeriesID(raw: id) }
        let id: Int32
        if let free = freeIDs.popLast() {
            id = free
            labelsByID[Int(id)] = labels
            live[Int(id)] = true
        } else {
            id = Int32(labelsByID.count)
            labelsByID.append(labels)
            samples.addSeries()
            columns.addSeries()
            live.append(true)
        }
        idsByLabels[labels] = id
        idsByName[labels.metricName, default: []].append(id)
        epoch = SeriesSetEpoch()
        return SeriesID(raw: id)
    }

    /// The id of an existing series with these labels.
    public func existingSeriesID(for labels: Labels) -> SeriesID? {
        idsByLabels[labels].map { SeriesID(raw: $0) }
    }

    /// The labels of a series.
    public func labels(of id: SeriesID) -> Labels { labelsByID[Int(id.raw)] }

    /// Appends a sample; samples of one series must come in time order (Prometheus' TSDB
    /// rejects out-of-order samples, and a different value at the same timestamp).
    public mutating func append(_ id: SeriesID, time: Int64, value: Double) throws(AppendError) {
        let index = Int(id.raw)
        guard index >= 0, index < labelsByID.count, live[index] else {
            throw .unknownSeries(id.raw)
        }
        switch appendOne(index, time: time, value: value) {
        case .appended: samplesAppended += 1
        case .identicalDuplicate: return
        case .outOfOrder(let newest):
            throw .outOfOrderSample(
                series: labelsByID[index].description, time: time, newest: newest)
        case .duplicate:
            throw .duplicateSampleForTimestamp(
                series: labelsByID[index].description, time: time)
        }
    }

    /// Appends a sample to live series `index`, in the columns' or the slab's way: a sample
    /// for a columnar series that is not a duplicate moves the series to the slab first.
    private mutating func appendOne(_ index: Int, time: Int64, value: Double)
        -> SampleSlab.AppendOutcome
    {
        if columns.isColumnar(index) {
            let newest = columns.newest(index)
            if time < newest.time { return .outOfOrder(newest: newest.time) }
            if time == newest.time {
                return newest.value.bitPattern == value.bitPattern ? .identicalDuplicate
                    : .duplicate
            }
            columns.evict(index, into: &samples)
        }
        return samples.append(index, time: time, value: value)
    }

    /// Appends one scrape pass's samples, all stamped `time`: `values[k]` to series `ids[k]`.
    /// `pass` names the pass (its scrape offset): a pass bringing the same series as its
    /// previous one writes them as one column (`PassColumns`). A sample the TSDB would
    /// reject (out of order, a different value at the same timestamp, a series gone) is
    /// dropped, as the scrape loop counts and drops it (scrape.go checkAddError).
    mutating func appendScrape(
        pass key: Int64, _ ids: UnsafeBufferPointer<SeriesID>, time: Int64,
        values: UnsafeBufferPointer<Double>
    ) {
        let n = min(ids.count, values.count)
        let ids = UnsafeBufferPointer(rebasing: ids[0..<n])
        let p = columns.pass(forKey: key)
        let forward = columns.passes[p].columnCount == 0 || time > columns.passes[p].lastTime
        let markers = values[0..<n].contains(where: StaleMarker.isStale)
        guard forward, !markers else {
            // Not a plain next column: sample by sample (a column holds no marker, and its
            // times only move forward).
            for k in 0..<n {
                let i = Int(ids[k].raw)
                guard i >= 0, i < live.count, live[i] else { continue }
                if case .appended = appendOne(i, time: time, value: values[k]) {
                    samplesAppended += 1
                }
            }
            return
        }
        if !columns.passes[p].isLaidOut(for: ids) {
            let labelsByID = labelsByID
            columns.relayout(p, ids, live: live, slab: &samples) {
                labelsByID[$0].metricName
            }
        }
        let (written, oneByOne) = columns.appendColumn(
            p, time: time, values: UnsafeBufferPointer(rebasing: values[0..<n]))
        var appended = written
        if oneByOne {
            let perm = columns.passes[p].perm
            for k in 0..<n where perm[k] == -1 {
                let i = Int(ids[k].raw)
                guard live[i] else { continue }
                if case .appended = appendOne(i, time: time, value: values[k]) { appended += 1 }
            }
        }
        samplesAppended += appended
    }

    /// Appends a sample to the series with these labels, creating the series when new.
    @discardableResult
    public mutating func append(_ labels: Labels, time: Int64, value: Double) throws(AppendError)
        -> SeriesID
    {
        let id = seriesID(for: labels)
        try append(id, time: time, value: value)
        return id
    }

    /// Writes a staleness marker, as Prometheus does when a target disappears or a series is
    /// no longer exposed; a marker after an existing marker is not repeated.
    public mutating func markStale(_ id: SeriesID, time: Int64) throws(AppendError) {
        let index = Int(id.raw)
        if index >= 0, index < labelsByID.count, live[index], let v = newestValue(index),
            StaleMarker.isStale(v)
        {
            return
        }
        try append(id, time: time, value: StaleMarker.value)
    }

    /// The newest sample's value of series `index`.
    private func newestValue(_ index: Int) -> Double? {
        columns.isColumnar(index) ? columns.newest(index).value : samples.newestValue(index)
    }

    /// The number of live samples of series `index`.
    private func count(_ index: Int) -> Int {
        columns.isColumnar(index) ? columns.count(index) : samples.count(index)
    }

    /// Drops samples older than `now - retention` in every series and frees series left empty.
    public mutating func compact(now: Int64) {
        guard retention != .max else { return }
        let cutoff = SampleSlab.cutoff(newest: now, retention: retention)
        columns.dropColumns(atOrBefore: cutoff)
        for index in labelsByID.indices where live[index] {
            samples.dropSamples(index, atOrBefore: cutoff)
            if count(index) == 0 { remove(Int32(index)) }
        }
    }

    private mutating func remove(_ id: Int32) {
        let labels = labelsByID[Int(id)]
        idsByLabels[labels] = nil
        idsByName[labels.metricName]?.removeAll { $0 == id }
        if idsByName[labels.metricName]?.isEmpty == true { idsByName[labels.metricName] = nil }
        labelsByID[Int(id)] = Labels()
        columns.release(Int(id))
        samples.free(Int(id))
        live[Int(id)] = false
        freeIDs.append(id)
        epoch = SeriesSetEpoch()
    }

    /// The ids of the series matching every matcher, in id order.
    public func select(_ matchers: [LabelMatcher]) -> [SeriesID] {
        // Use the metric-name postings when the selector has a name matcher: every live
        // series is in the list of its name ("" when it has none), so the matcher is tested
        // once per name, not once per series, as Prometheus' index does (PostingsForMatchers
        // runs a regex over label values).
        var candidates: [Int32]
        var rest = matchers
        if let position = matchers.firstIndex(where: { $0.name == Labels.metricName }) {
            let nameMatcher = rest.remove(at: position)
            if nameMatcher.kind == .equal {
                candidates = idsByName[nameMatcher.value] ?? []
            } else {
                candidates = []
                for (name, ids) in idsByName where nameMatcher.matches(name) {
                    candidates.append(contentsOf: ids)
                }
            }
        } else {
            candidates = (0..<Int32(labelsByID.count)).filter { live[Int($0)] }
        }
        var out: [SeriesID] = []
        for id in candidates {
            let labels = labelsByID[Int(id)]
            if rest.allSatisfy({ $0.matches(labels) }) { out.append(SeriesID(raw: id)) }
        }
        return out.sorted()
    }

    /// The newest sample at or before `time` and after `time - lookback`, or nil when there is
    /// none or it is a staleness marker (engine.go vectorSelectorSingle).
    public func instantSample(_ id: SeriesID, at time: Int64, lookback: Int64)
        -> (time: Int64, value: Double)?
    {
        let i = Int(id.raw)
        if columns.isColumnar(i) {
            let seqs = columns.window(i, after: .min, through: time)
            guard let last = seqs.last else { return nil }
            let pass = columns.passes[Int(columns.locators[i].pass)]
            let t = pass.time(last)
            let v = pass.value(last, Int(columns.locators[i].position))
            if t <= time - lookback || StaleMarker.isStale(v) { return nil }
            return (t, v)
        }
        return samples.withView { view in
            let r = view.regions[i]
            // The newest stored sample at or before `time` is read only if it is live.
            let index = SampleSlab.firstIndex(view.times, r.first, r.last, after: time) - 1
            guard index >= r.first, view.times[index] > view.cutoff(i) else { return nil }
            let t = view.times[index]
            let v = view.values[index]
            if t <= time - lookback || StaleMarker.isStale(v) { return nil }
            return (t, v)
        }
    }

    /// Calls `body` for each sample in the left-open window `(mint, maxt]`, skipping
    /// staleness markers (engine.go matrixIterSlice), oldest first, without copying the series.
    public func forEachSample(
        _ id: SeriesID, after mint: Int64, through maxt: Int64,
        _ body: (Int64, Double) -> Void
    ) {
        let i = Int(id.raw)
        if columns.isColumnar(i) {
            columns.forEach(i, columns.window(i, after: mint, through: maxt)) { t, v in
                if !StaleMarker.isStale(v) { body(t, v) }
            }
            return
        }
        samples.withView { view in
            let r = view.regions[i]
            var index = SampleSlab.firstIndex(view.times, r.first, r.last,
                                              after: max(mint, view.cutoff(i)))
            let end = SampleSlab.firstIndex(view.times, index, r.last, after: maxt)
            while index < end {
                let v = view.values[index]
                if !StaleMarker.isStale(v) { body(view.times[index], v) }
                index += 1
            }
        }
    }

    /// Calls `body` with the window `(mint, maxt]` as two contiguous buffers (times, values)
    /// when it holds no staleness marker; returns nil, without calling `body`, when the
    /// series has markers to skip (use `forEachSample` then).
    @inline(__always)
    func withWindow<R>(
        _ id: SeriesID, after mint: Int64, through maxt: Int64,
        _ body: (UnsafeBufferPointer<Int64>, UnsafeBufferPointer<Double>) -> R
    ) -> R? {
        let i = Int(id.raw)
        if columns.isColumnar(i) {
            // Gathered from the columns (a pass's column holds no staleness marker).
            let seqs = columns.window(i, after: mint, through: maxt)
            return withUnsafeTemporaryAllocation(of: Int64.self, capacity: seqs.count) { t in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: seqs.count) { v in
                    var k = 0
                    columns.forEach(i, seqs) { time, value in
                        t[k] = time
                        v[k] = value
                        k += 1
                    }
                    return body(UnsafeBufferPointer(t), UnsafeBufferPointer(v))
                }
            }
        }
        return samples.withView { view in
            guard view.regions[i].staleCount == 0 else { return nil }
            return view.withBuffers(view.window(i, after: mint, through: maxt), body)
        }
    }

    /// All samples of a series (including staleness markers), oldest first.
    public func samples(of id: SeriesID) -> [(time: Int64, value: Double)] {
        let i = Int(id.raw)
        if columns.isColumnar(i) {
            var out: [(time: Int64, value: Double)] = []
            columns.forEach(i, columns.liveSeqs(i)) { out.append(($0, $1)) }
            return out
        }
        return samples.withView { view in
            view.live(Int(id.raw)).map { (view.times[$0], view.values[$0]) }
        }
    }
}
