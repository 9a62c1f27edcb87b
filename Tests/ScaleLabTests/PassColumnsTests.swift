import Testing

@testable import ScaleLab

/// A store fed by scrape passes (columns) holds and answers exactly what a store fed the same
/// samples one by one (the slab alone) does, as pods come and go between passes, staleness
/// markers and one-off appends land between columns, values repeat and the store compacts:
/// same samples per series, same count, same query results to the bit.
@Test func passColumnsMatchAPlainStoreAsPodsChurn() throws {
    let retention: Int64 = 3 * 60_000
    var columnar = TimeSeriesStore(retention: retention)
    var plain = TimeSeriesStore(retention: retention)
    var rng = SeededRandom(seed: 11)
    let interval: Int64 = 15_000
    // 4 passes (offsets 0, 3, 7, 11 s), 60 pods; pod n scraped by pass n % 4 while alive.
    let offsets: [Int64] = [0, 3_000, 7_000, 11_000]
    var alive = [Bool](repeating: false, count: 60)
    var departed: [(pod: Int, at: Int64)] = []
    let texts = ["sum by (pod) (rate(x[1m]))", "sum(rate(x[2m]))", "max(up)",
                 "count by (pod) (count_over_time(x[45s]))", "x", "rate(x[1m])"]
    // One set of prepared queries per store, so that each keeps its caches (the fused fold's
    // cached column order among them) from one evaluation to the next as series leave the
    // columns, as a rule does.
    let queries = try texts.map { (try PreparedQuery($0), try PreparedQuery($0)) }
    func labels(_ pod: Int) -> [Labels] {
        [Labels(metric: "x", ["pod": "p\(pod)"]), Labels(metric: "up", ["pod": "p\(pod)"])]
    }
    for round in 0..<120 {
        let base = Int64(round) * interval
        // Churn: a few pods start or stop each round.
        for _ in 0..<3 {
            let n = Int(rng.next() % 60)
            if alive[n] { departed.append((n, base)) }
            alive[n].toggle()
        }
        for (p, offset) in offsets.enumerated() {
            let now = base + offset
            var ids: [SeriesID] = []
            var values: [Double] = []
            for n in alive.indices where alive[n] && n % 4 == p {
                for (j, l) in labels(n).enumerated() {
                    let id = columnar.seriesID(for: l)
                    _ = plain.seriesID(for: l)
                    ids.append(id)
                    // Now and then a value repeats or a pass carries a marker.
                    let v = j == 1 ? 1 : rng.next() % 1_999 == 0 ? StaleMarker.value
                        : Double(round * 10 + n)
                    values.append(v)
                }
            }
            // Sometimes the same series twice in a pass (a duplicate sample).
            if let first = ids.first, rng.next() % 9 == 0 {
                ids.append(first)
                values.append(rng.next() % 2 == 0 ? values[0] : -1)
            }
            ids.withUnsafeBufferPointer { i in
                values.withUnsafeBufferPointer { v in
                    columnar.appendScrape(pass: offset, i, time: now, values: v)
                }
            }
            for (id, v) in zip(ids, values) {
                try? plain.append(plain.existingSeriesID(for: columnar.labels(of: id))!,
                                  time: now, value: v)
            }
            // Markers for pods gone two passes ago, and a one-off append now and then.
            if rng.next() % 3 == 0, let gone = departed.first, gone.at < base - interval {
                departed.removeFirst()
                for l in labels(gone.pod) {
                    guard let a = columnar.existingSeriesID(for: l),
                        let b = plain.existingSeriesID(for: l)
                    else { continue }
                    let t = now + 500
                    #expect(Result { try columnar.markStale(a, time: t) }.isSuccess
                        == Result { try plain.markStale(b, time: t) }.isSuccess)
                }
            }
            if rng.next() % 11 == 0, let id = ids.last {
                let t = now + Int64(rng.next() % 2) * 100
                let a = Result { try columnar.append(id, time: t, value: 5) }
                let b = Result {
                    try plain.append(plain.existingSeriesID(for: columnar.labels(of: id))!,
                                     time: t, value: 5)
                }
                #expect(a.isSuccess == b.isSuccess)
            }
            if round % 7 == 3, p == 2 {
                columnar.compact(now: now)
                plain.compact(now: now)
            }
            try expectSame(columnar, plain, at: now + 1, queries)
        }
    }
    // The columns did part of the work (a restarted pod's series, which have samples in the
    // slab, stay there).
    #expect(columnar.columns.locators.filter { $0.pass >= 0 }.count > 10)
}

/// Compares two stores sample by sample and query by query.
private func expectSame(
    _ a: TimeSeriesStore, _ b: TimeSeriesStore, at time: Int64,
    _ queries: [(PreparedQuery, PreparedQuery)]
) throws {
    #expect(a.seriesCount == b.seriesCount)
    #expect(a.sampleCount == b.sampleCount)
    #expect(a.samplesAppended == b.samplesAppended)
    for id in a.select([try LabelMatcher(.regexMatch, Labels.metricName, ".+")]) {
        let other = try #require(b.existingSeriesID(for: a.labels(of: id)))
        let x = a.samples(of: id)
        let y = b.samples(of: other)
        #expect(x.map(\.time) == y.map(\.time), "\(a.labels(of: id)) at \(time)")
        #expect(x.map(\.value.bitPattern) == y.map(\.value.bitPattern))
        let ix = a.instantSample(id, at: time, lookback: 60_000)
        let iy = b.instantSample(other, at: time, lookback: 60_000)
        #expect(ix?.time == iy?.time && ix?.value.bitPattern == iy?.value.bitPattern)
    }
    for (qa, qb) in queries {
        let x = try qa.evaluate(at: time, store: a)
        let y = try qb.evaluate(at: time, store: b)
        #expect(describe(x) == describe(y), "\(qa.expr) at \(time)")
    }
}

private func describe(_ v: PromQLValue) -> String {
    guard case .vector(let samples) = v else { return "\(v)" }
    return samples.map { "\($0.labels) \($0.value.bitPattern)" }.sorted().joined(separator: "\n")
}

/// A staleness marker written between two columns of a pass: the series leaves the columns
/// for the slab with its samples, the marker hides it from instant queries, and its pass
/// partners stay in the columns.
@Test func stalenessMarkerBetweenPassColumnsMovesTheSeriesToTheSlab() throws {
    var store = TimeSeriesStore(retention: 120_000)
    let a = store.seriesID(for: Labels(metric: "x", ["pod": "a"]))
    let b = store.seriesID(for: Labels(metric: "x", ["pod": "b"]))
    for step in Int64(1)...4 {
        [a, b].withUnsafeBufferPointer { ids in
            [Double(step), Double(step * 10)].withUnsafeBufferPointer { v in
                store.appendScrape(pass: 0, ids, time: step * 15_000, values: v)
            }
        }
    }
    #expect(store.columns.isColumnar(Int(a.raw)) && store.columns.isColumnar(Int(b.raw)))
    try store.markStale(b, time: 4 * 15_000 + 7_000)
    #expect(store.columns.isColumnar(Int(a.raw)) && !store.columns.isColumnar(Int(b.raw)))
    #expect(store.samples(of: b).map(\.time) == [15_000, 30_000, 45_000, 60_000, 67_000])
    #expect(store.instantSample(b, at: 70_000, lookback: 300_000) == nil)
    #expect(store.instantSample(b, at: 65_000, lookback: 300_000)?.value == 40)
    // A pass still bringing b appends it in the slab, a in the column.
    [a, b].withUnsafeBufferPointer { ids in
        [5.0, 50.0].withUnsafeBufferPointer { v in
            store.appendScrape(pass: 0, ids, time: 75_000, values: v)
        }
    }
    #expect(store.samples(of: b).last?.value == 50)
    #expect(store.samples(of: a).map(\.value) == [1, 2, 3, 4, 5])
    #expect(store.columns.isColumnar(Int(a.raw)))
}

/// Retention drops whole columns: a pass's ring holds the retention's columns and no more
/// over a long run, and the samples held stay the same.
@Test func passColumnsRetentionKeepsTheRingFlat() {
    var store = TimeSeriesStore(retention: 5 * 60_000 + 15_000)
    let ids = (0..<30).map { store.seriesID(for: Labels(metric: "x", ["pod": "p\($0)"])) }
    var held: [Int] = []
    for step in Int64(1)...2_000 {
        ids.withUnsafeBufferPointer { ids in
            [Double](repeating: Double(step), count: ids.count).withUnsafeBufferPointer { v in
                store.appendScrape(pass: 4_000, ids, time: step * 15_000 + 4_000, values: v)
            }
        }
        if step % 500 == 0 { held.append(store.sampleCount) }
    }
    let pass = store.columns.passes[0]
    #expect(pass.columnCount == 21)
    #expect(pass.ringCapacity <= 32)
    #expect(held == [630, 630, 630, 630])
    let oldest = store.samples(of: ids[3]).first?.time ?? 0
    #expect(oldest == Int64(2_000 - 20) * 15_000 + 4_000)
}

extension Result {
    fileprivate var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
