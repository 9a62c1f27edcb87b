import Testing

@testable import ScaleLab

@Test func seriesAreInternedByLabelSet() {
    var store = TimeSeriesStore()
    let a = store.seriesID(for: Labels(metric: "x", ["pod": "a"]))
    let b = store.seriesID(for: ["pod": "a", "__name__": "x"])
    let c = store.seriesID(for: Labels(metric: "x", ["pod": "b"]))
    #expect(a == b)
    #expect(a != c)
    #expect(store.seriesCount == 2)
    #expect(store.labels(of: a).description == #"{__name__="x", pod="a"}"#)
}

@Test func emptyLabelValuesAreAbsentLabels() {
    #expect(Labels(["a": "1", "b": ""]) == Labels(["a": "1"]))
    #expect(Labels(["a": "1"]).setting("a", to: "") == Labels())
}

@Test func outOfOrderAndDuplicateSamplesAreRejected() throws {
    var store = TimeSeriesStore()
    let id = try store.append(Labels(metric: "x"), time: 1000, value: 1)
    #expect(throws: AppendError.self) { try store.append(id, time: 500, value: 2) }
    #expect(throws: AppendError.self) { try store.append(id, time: 1000, value: 2) }
    try store.append(id, time: 1000, value: 1)  // identical duplicate: ignored
    #expect(store.sampleCount == 1)
}

@Test func retentionKeepsMemoryFlat() throws {
    var store = TimeSeriesStore(retention: 5 * 60_000)
    let id = store.seriesID(for: Labels(metric: "x"))
    for step in 0..<10_000 { try store.append(id, time: Int64(step) * 15_000, value: 1) }
    // 5 minutes of 15s samples: the newest 20 (those after the newest minus 5 minutes).
    #expect(store.sampleCount == 20)
    for step in 10_000..<20_000 { try store.append(id, time: Int64(step) * 15_000, value: 1) }
    #expect(store.sampleCount == 20)
}

@Test func compactFreesSeriesWhoseSamplesAgedOut() throws {
    var store = TimeSeriesStore(retention: 60_000)
    let gone = try store.append(Labels(metric: "x", ["pod": "gone"]), time: 0, value: 1)
    try store.markStale(gone, time: 15_000)
    let kept = try store.append(Labels(metric: "x", ["pod": "kept"]), time: 100_000, value: 1)
    store.compact(now: 100_000)
    #expect(store.seriesCount == 1)
    #expect(store.select([try LabelMatcher(.equal, "__name__", "x")]) == [kept])
    // The freed id is reused for the next new series.
    let next = store.seriesID(for: Labels(metric: "y"))
    #expect(next == gone)
}

@Test func instantSelectionUsesTheLeftOpenLookbackWindowAndStaleness() throws {
    var store = TimeSeriesStore()
    let id = try store.append(Labels(metric: "x"), time: 0, value: 1)
    try store.append(id, time: 60_000, value: 2)
    #expect(store.instantSample(id, at: 60_000, lookback: 300_000)?.value == 2)
    #expect(store.instantSample(id, at: 359_999, lookback: 300_000)?.value == 2)
    #expect(store.instantSample(id, at: 360_000, lookback: 300_000) == nil)
    try store.markStale(id, time: 90_000)
    #expect(store.instantSample(id, at: 100_000, lookback: 300_000) == nil)
    #expect(store.instantSample(id, at: 89_999, lookback: 300_000)?.value == 2)
}

@Test func regexMatchersAreFullyAnchored() throws {
    let m = try LabelMatcher(.regexMatch, "pod", "web-.")
    #expect(m.matches("web-1"))
    #expect(!m.matches("web-12"))
    #expect(!m.matches("xweb-1"))
    #expect(try LabelMatcher(.regexMatch, "p", "a|ab").matches("ab"))
    #expect(try LabelMatcher(.regexMatch, "p", "line.*").matches("line\nnext"))
    #expect(try LabelMatcher(.regexNoMatch, "p", "a.*").matches(""))
    #expect(throws: LabelMatcherError.self) { try LabelMatcher(.regexMatch, "p", "(") }
}

@Test func literalAlternationsMatchAsTheRegexWould() throws {
    // Literals joined by `|` are matched as a set (Prometheus' findSetMatches), without
    // compiling; every other pattern goes through the regex. Both must agree.
    #expect(AnchoredRegex.literalAlternatives("web-1|web-2") == ["web-1", "web-2"])
    #expect(AnchoredRegex.literalAlternatives("web-1") == ["web-1"])
    #expect(AnchoredRegex.literalAlternatives("a||b") == ["a", "", "b"])
    #expect(AnchoredRegex.literalAlternatives("web-.|x") == nil)
    #expect(AnchoredRegex.literalAlternatives("(a|b)") == nil)
    #expect(AnchoredRegex.literalAlternatives("a\\|b") == nil)
    let set = try LabelMatcher(.regexMatch, "pod", "web-1|web-2|")
    for (text, expected) in [("web-1", true), ("web-2", true), ("", true), ("web-12", false),
                             ("web-1|web-2", false), ("xweb-1", false), ("web", false)] {
        #expect(set.matches(text) == expected, "\(text)")
    }
    #expect(try !LabelMatcher(.regexNoMatch, "pod", "a|b").matches("a"))
    #expect(try LabelMatcher(.regexNoMatch, "pod", "a|b").matches("c"))
    // The regex path agrees on the same alternation written with a group.
    let regex = try LabelMatcher(.regexMatch, "pod", "(web-1|web-2|)")
    for text in ["web-1", "web-2", "", "web-12", "xweb-1"] {
        #expect(regex.matches(text) == set.matches(text), "\(text)")
    }
}

@Test func rateOfAScrapedCounterAndStalePodsDropOut() throws {
    var store = TimeSeriesStore(retention: 10 * 60_000)
    // Two pods scraped every 15s, each serving 5 requests/s.
    var ids: [SeriesID] = []
    for pod in ["a", "b"] {
        ids.append(store.seriesID(for: Labels(metric: "myapp_requests_total", ["pod": pod])))
    }
    for step in 0...40 {
        for id in ids { try store.append(id, time: Int64(step) * 15_000, value: Double(step) * 75) }
    }
    let query = "sum(rate(myapp_requests_total[2m]))"
    let v = try PromQLEngine.instantQuery(query, at: 600_000, store: store).vector
    #expect(v?.count == 1)
    #expect(abs((v?.first?.value ?? 0) - 10) < 1e-9)
    let byPod = try PromQLEngine.instantQuery(
        "sum by (pod) (rate(myapp_requests_total[2m]))", at: 600_000, store: store).vector
    #expect(byPod?.map(\.labels).sorted() == [["pod": "a"], ["pod": "b"]])
    // Pod b goes away: a staleness marker ends its instant value at once.
    try store.markStale(ids[1], time: 615_000)
    let up = try PromQLEngine.instantQuery("myapp_requests_total", at: 620_000, store: store)
    #expect(up.vector?.map { $0.labels["pod"] } == ["a"])
}

@Test func preparedQueriesStayCorrectAsSeriesComeAndGo() throws {
    var store = TimeSeriesStore(retention: 3 * 60_000)
    // The fused top-level shape, and shapes the fused path declines (kept as such in the
    // query's cache after the first evaluation): each must match a fresh evaluation.
    let queries = try [
        "sum by (app) (rate(reqs_total[1m]))", "sum without (pod) (rate(reqs_total[1m]))",
        "max by (app) (reqs_total)", "sum by (app) (rate(reqs_total[1m])) * 2",
        "count by (pod) (increase(reqs_total[2m]))",
    ].map(PreparedQuery.init)
    var pods: [String: SeriesID] = [:]
    for step in 0..<200 {
        let t = Int64(step) * 15_000
        // Pods churn: pod-k lives for steps [10k, 10k + 30).
        for k in 0..<25 {
            let name = "pod-\(k)"
            if step == 10 * k {
                pods[name] = store.seriesID(
                    for: Labels(metric: "reqs_total", ["pod": name, "app": k % 2 == 0 ? "a" : "b"]))
            }
            guard let id = pods[name] else { continue }
            if step < 10 * k + 30 {
                try store.append(id, time: t, value: Double(step - 10 * k) * 15)
            } else if step == 10 * k + 30 {
                try store.markStale(id, time: t)
            }
        }
        store.compact(now: t)
        for query in queries {
            let cached = try query.evaluate(at: t, store: store)
            let fresh = try PromQLEngine.instantQuery(query.query, at: t, store: store)
            #expect(cached.vector?.sorted { $0.labels < $1.labels }
                == fresh.vector?.sorted { $0.labels < $1.labels }, "\(query.query) at \(t)")
        }
    }
    #expect(store.seriesCount < 25)
}

@Test func windowsStayRightAcrossDroppedPrefixes() throws {
    var store = TimeSeriesStore(retention: 2 * 60_000)
    let id = store.seriesID(for: Labels(metric: "x"))
    let query = try PreparedQuery("count_over_time(x[1m])")
    for step in 1...5_000 {
        let t = Int64(step) * 15_000
        try store.append(id, time: t, value: Double(step))
        // (t - 60s, t] holds the samples at t-45s ... t: 4 of them once the series is long.
        let got = try query.evaluate(at: t, store: store).vector?.first?.value
        #expect(got == Double(min(step, 4)))
    }
    let last = try PromQLEngine.instantQuery("sum_over_time(x[1m])", at: 75_000_000, store: store)
    #expect(abs((last.vector?.first?.value ?? 0) - 19_994) < 1e-9)
    #expect(store.sampleCount <= 9)
}

@Test func fusedRuleSkipsStalenessMarkersLikeTheGeneralPath() throws {
    var store = TimeSeriesStore()
    let a = store.seriesID(for: Labels(metric: "x", ["pod": "a"]))
    let b = store.seriesID(for: Labels(metric: "x", ["pod": "b"]))
    for step in 0..<20 {
        let t = Int64(step) * 15_000
        try store.append(a, time: t, value: Double(step) * 10)
        // b goes stale at step 8 and comes back at step 10.
        if step == 8 { try store.markStale(b, time: t) } else if step != 9 {
            try store.append(b, time: t, value: Double(step))
        }
    }
    for q in ["sum by (pod) (rate(x[2m]))", "count(count_over_time(x[2m]))",
              "max without () (changes(x[5m]))"] {
        for t in stride(from: Int64(60_000), through: 285_000, by: 15_000) {
            let fused = try PreparedQuery(q).evaluate(at: t, store: store).vector
            let general = try PromQLEngine.instantQuery(q, at: t, store: store).vector
            #expect(fused == general, "\(q) at \(t)")
        }
    }
}

/// The pipeline benchmark (the simulation's own scrape pool and a prepared rule) keeps a
/// bounded window whatever the simulated duration.
@Test func pipelineBenchmarkMemoryIsFlatAcrossDurations() throws {
    var a = try Benchmarks.pipelineCluster(pods: 40)
    let short = try Benchmarks.prometheusPipeline(&a, duration: 3_600_000)
    var b = try Benchmarks.pipelineCluster(pods: 40)
    let long = try Benchmarks.prometheusPipeline(&b, duration: 4 * 3_600_000)
    #expect(short.samplesHeld == long.samplesHeld)
    // 3 series per pod: x_requests_total (metric_relabel_configs keep it alone), up and
    // scrape_samples_scraped.
    #expect(long.series == 40 * 3 && long.appSeries == 40)
    // 5m15s of retention at one sample per 15s: the 21 after the newest minus 5m15s.
    #expect(long.samplesHeld == 40 * 3 * 21)
    // 960 scrapes a target in 4 h (961 for a target scraped at both ends).
    #expect(long.samples >= 40 * 3 * 960 && long.samples <= 40 * 3 * 961)
    #expect(long.evaluations == 4 * 240)
    #expect(long.lastResultSize == 40)
    // Every pod serves 2 requests/s; linear counters extrapolate exactly.
    #expect(abs(long.lastResultSum - 80) < 1e-6)
    // Without the relabelling every app series is stored (7 per pod), the rule unchanged.
    var c = try Benchmarks.pipelineCluster(pods: 40, keepOnlyRuleSeries: false)
    let all = try Benchmarks.prometheusPipeline(&c, duration: 3_600_000)
    #expect(all.series == 40 * 7 && all.appSeries == 40)
    #expect(all.samples >= 40 * 7 * 240 && all.samples <= 40 * 7 * 241)
    #expect(all.samplesHeld * 3 == short.samplesHeld * 7)
    #expect(all.lastResultSize == 40 && abs(all.lastResultSum - 80) < 1e-6)
}

/// The slab store against a plain model: series appended at different rates (regions grow,
/// move to their front and are repacked), series freed by compaction and their ids reused,
/// staleness markers — every series' samples are exactly the model's after each step.
@Test func sampleSlabMatchesAPlainModel() throws {
    var store = TimeSeriesStore(retention: 60_000)
    var model: [Labels: [(time: Int64, value: Double)]] = [:]
    var rng = SeededRandom(seed: 7)
    var now: Int64 = 0
    for step in 0..<4_000 {
        now += 1_000
        for n in 0..<40 where (step + n) % (1 + n % 7) == 0 {
            // Series n stops being written for a while once in its life.
            if n % 5 == 0, step > 1_000 + n * 20, step < 2_000 + n * 20 { continue }
            let labels = Labels(metric: "m", ["n": String(n)])
            let value = rng.next() % 50 == 0 ? StaleMarker.value : Double(rng.next() % 1_000)
            try store.append(labels, time: now, value: value)
            var samples = model[labels, default: []]
            samples.append((now, value))
            // The samples at or before the newest minus the retention are gone.
            samples.removeAll { $0.time <= now - 60_000 }
            model[labels] = samples
        }
        if step % 97 == 0 {
            store.compact(now: now)
            for (labels, samples) in model {
                let kept = samples.filter { $0.time > now - 60_000 }
                model[labels] = kept.isEmpty ? nil : kept
            }
        }
        if step % 13 == 0 {
            #expect(store.seriesCount == model.count)
            for (labels, samples) in model {
                let id = try #require(store.existingSeriesID(for: labels))
                let got = store.samples(of: id)
                #expect(got.map(\.time) == samples.map(\.time))
                #expect(got.map(\.value.bitPattern) == samples.map(\.value.bitPattern))
            }
        }
    }
}

/// The slab's region policy: a series at a steady rate keeps its region (its live samples move
/// to the front), a growing one moves to a bigger region at the end, freed regions are
/// repacked away, and a rejected sample leaves a full region's samples as they were.
@Test func sampleSlabRegionsMoveGrowAndRepack() {
    var slab = SampleSlab()
    slab.addSeries()
    slab.addSeries()
    slab.setRetention(10)
    // Series 0: one sample per ms, 10 ms of retention: 10 live samples in a 16-slot region.
    for t in Int64(1)...1_000 {
        guard case .appended = slab.append(0, time: t, value: Double(t)) else {
            Issue.record("sample \(t) rejected")
            return
        }
    }
    #expect(slab.regions[0].capacity == 16 && slab.count(0) == 10)
    let base = slab.regions[0].base
    for t in Int64(1_001)...1_100 { _ = slab.append(0, time: t, value: Double(t)) }
    #expect(slab.regions[0].base == base)
    // Series 1 kept forever: its region doubles and moves to the slab's end. Lengthening the
    // retention reclaims what had expired, so series 0 keeps its 10 samples.
    slab.setRetention(.max)
    #expect(slab.regions[0].count == 10)
    for t in Int64(1)...100 { _ = slab.append(1, time: t, value: -Double(t)) }
    #expect(slab.regions[1].capacity == 128 && slab.regions[1].base > base)
    slab.withView { view in
        #expect(view.live(0).map { view.times[$0] } == Array(1_091...1_100))
        #expect(view.live(1).map { view.values[$0] } == (1...100).map { -Double($0) })
    }
    // Rejections leave the samples alone, also on a full region.
    while slab.regions[1].end < slab.regions[1].capacity {
        _ = slab.append(1, time: slab.newestTime(1)! + 1, value: 0)
    }
    let newest = slab.newestTime(1)!
    let before = slab.withView { view in view.live(1).map { view.times[$0] } }
    if case .outOfOrder(let n) = slab.append(1, time: newest - 1, value: 0) {
        #expect(n == newest)
    } else {
        Issue.record("an older sample was not rejected as out of order")
    }
    #expect(slab.append(1, time: newest, value: 7) == .duplicate)
    #expect(slab.append(1, time: newest, value: 0) == .identicalDuplicate)
    #expect(slab.withView { view in view.live(1).map { view.times[$0] } } == before)
    // Churn: series created, filled and freed; the garbage is repacked away, so the slab
    // stays within twice its regions' slots (plus the 1,024 slots repacking waits for).
    for n in 2..<600 {
        slab.addSeries()
        for t in Int64(1)...20 { _ = slab.append(n, time: t, value: 1) }
        if n > 10 { slab.free(n - 10) }
        let owned = slab.regions.reduce(0) { $0 + Int($1.capacity) }
        #expect(slab.times.count <= 2 * owned + 1_024 && slab.values.count == slab.times.count)
    }
    slab.withView { view in
        #expect(view.live(0).map { view.times[$0] } == Array(1_091...1_100))
        #expect(view.live(590).map { view.times[$0] } == Array(1...20))
    }
}

@Test func fusedGroupingsHoldOneEntryPerSelectedSeries() throws {
    // One prepared query per HPA: its group numbers must not grow with the whole store
    // (1,000 HPAs over 300,000 series held gigabytes when they were kept per store id).
    var store = TimeSeriesStore()
    for k in 0..<500 {
        try store.append(Labels(metric: "other_total", ["pod": "p\(k)"]), time: 0, value: 1)
    }
    for k in 0..<3 {
        let id = try store.append(Labels(metric: "reqs_total", ["pod": "q\(k)"]), time: 0,
                                  value: 0)
        try store.append(id, time: 15_000, value: 15)
    }
    let query = try PreparedQuery("sum by (pod) (rate(reqs_total[1m]))")
    let value = try query.evaluate(at: 30_000, store: store)
    #expect(value.vector?.count == 3)
    guard case .some(.some(let plan)) = query.cache.topLevelPlan else {
        Issue.record("the query was not evaluated on the fused path")
        return
    }
    #expect(query.cache.fusedGroupings[plan.id]?.groupOfSeries.count == 3)
}

@Test func nameMatchersSelectThroughTheNamePostingsAsAFullScanWould() throws {
    var store = TimeSeriesStore()
    let all: [Labels] = [
        Labels(metric: "app_0_requests_total", ["pod": "a"]),
        Labels(metric: "app_0_requests_total", ["pod": "b"]),
        Labels(metric: "app_1_requests_total", ["pod": "a"]),
        Labels(metric: "up", ["pod": "a"]),
        Labels(["pod": "c"]),  // no name
    ]
    for labels in all { _ = store.seriesID(for: labels) }
    let selectors: [[LabelMatcher]] = [
        [try LabelMatcher(.regexMatch, "__name__", "^app_.*_requests_total$"),
         try LabelMatcher(.equal, "pod", "a")],
        [try LabelMatcher(.regexNoMatch, "__name__", "app_.*")],
        [try LabelMatcher(.notEqual, "__name__", "up")],
        [try LabelMatcher(.regexMatch, "__name__", "")],
        [try LabelMatcher(.regexMatch, "__name__", "up|")],
        [try LabelMatcher(.equal, "__name__", "up")],
        [try LabelMatcher(.equal, "pod", "a")],
    ]
    for matchers in selectors {
        let scanned = all.filter { labels in matchers.allSatisfy { $0.matches(labels) } }
            .map { store.seriesID(for: $0) }.sorted()
        #expect(store.select(matchers) == scanned, "\(matchers)")
        #expect(!scanned.isEmpty)  // every case selects something
    }
}
