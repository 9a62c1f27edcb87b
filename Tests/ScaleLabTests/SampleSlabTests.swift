import Testing

@testable import ScaleLab

/// Series appended at different and changing rates, the retention dropping their old
/// samples, hold exactly what a plain list per series would: however the slab moves and
/// grows their regions (a series' live count changes with its rate), no sample is lost,
/// duplicated or reordered, and the samples held are counted right.
@Test func slabKeepsEachSeriesSamplesAcrossRegionMovesAndGrowth() throws {
    let retention: Int64 = 5 * 60_000
    var store = TimeSeriesStore(retention: retention)
    var ids: [SeriesID] = []
    var expected: [[Int64]] = []
    for k in 0..<40 {
        ids.append(store.seriesID(for: Labels(metric: "x", ["k": "\(k)"])))
        expected.append([])
    }
    for step in 1...4_000 {
        let t = Int64(step) * 1_000
        for k in ids.indices {
            // Bursts of a sample a second alternate with sparse phases (every 1-30 s).
            let burst = (step / (600 + 37 * k)) % 2 == 0
            let every = burst ? 1 : 1 + (k * 7) % 30
            guard step % every == 0 else { continue }
            try store.append(ids[k], time: t, value: Double(step * 1_000 + k))
            expected[k].append(t)
            // The store's rule (SampleSlab): every sample at or before the newest minus the
            // retention is gone (reclaimed lazily, never read).
            expected[k].removeAll { $0 <= t - retention }
        }
        if step % 500 == 0 {
            for k in ids.indices {
                let held = store.samples(of: ids[k])
                #expect(held.map(\.time) == expected[k], "series \(k) at \(t)")
                #expect(held.allSatisfy { Int($0.value) == Int($0.time) + k })
            }
            #expect(store.sampleCount == expected.reduce(0) { $0 + $1.count })
        }
    }
}

/// The fused fold of a rule (each window looked for first at the previous window's length)
/// gives the general path's result exactly, over many series scraped at different intervals
/// (windows of different lengths, so the guess is often wrong),
/// with gaps, counter resets, staleness markers, and series created mid-run.
@Test func fusedRuleMatchesTheGeneralPathOverManySeriesOfMixedRates() throws {
    var store = TimeSeriesStore()
    var ids: [SeriesID?] = Array(repeating: nil, count: 589)
    let queries = ["sum by (pod) (rate(x[2m]))", "sum(rate(x[1m]))",
                   "count by (pod) (count_over_time(x[45s]))", "max(increase(x[2m]))"]
    let prepared = try queries.map { try PreparedQuery($0) }
    for step in 0..<240 {
        let t = Int64(step) * 5_000
        for k in ids.indices {
            // Series k appears at step k % 40: the selection changes mid-run.
            if step == k % 40 {
                ids[k] = store.seriesID(for: Labels(metric: "x", ["pod": "p\(k)"]))
            }
            guard let id = ids[k] else { continue }
            let interval: Int64 = [15_000, 10_000, 20_000, 5_000][k % 4]
            guard t % interval == Int64(k % 3) * 5_000 % interval else { continue }
            if k % 50 == 7, (300_000..<360_000).contains(t) { continue }  // a gap
            if k % 97 == 5, t == 600_000 {
                try store.markStale(id, time: t)
                continue
            }
            // Every 11th series' counter resets every 200 s.
            let seconds = Double(k % 11 == 0 ? t % 200_000 : t) / 1_000
            try store.append(id, time: t, value: seconds * Double(k % 4 + 1))
        }
        guard step >= 12, step % 6 == 0 else { continue }
        for (q, query) in zip(queries, prepared) {
            let fused = try query.evaluate(at: t, store: store).vector
            let general = try PromQLEngine.instantQuery(q, at: t, store: store).vector
            #expect(fused == general, "\(q) at \(t)")
        }
    }
}
