import Testing

@testable import ScaleLab

/// myapp (2 pods, app=myapp) on 3 × n1-standard-4, 10 rps, Prometheus every 15s with the
/// acceptance adapter (metricsQuery over [2m]).
private func scenario(replicas: Int = 2, spread: Bool = true, timing: PodTiming = PodTiming())
    throws -> (ClusterSimulation, WorkloadID)
{
    var sim = ClusterSimulation(seed: 1)
    let shape = try NodeShape.compute(
        InstanceCatalog.builtIn.find("n1-standard-4"), profile: .gke)
    try sim.addPool(NodePool(name: "default", shape: shape, count: 3))
    var spec = PodSpec()
    spec.containers = [Container(name: "myapp", requests: ["cpu": 100])]
    let app = try sim.deploy(
        name: "myapp", replicas: replicas,
        template: PodTemplate(labels: ["app": "myapp"], spec: spec), timing: timing)
    sim.setTraffic(app, .constant(10), profile: AppProfile(rpsCapacity: 50))
    sim.installPrometheus(scrapeInterval: 15_000, spreadTargets: spread)
    try sim.installAdapter(AdapterConfig.load(yaml: acceptanceAdapterYAML))
    return (sim, app)
}

@Suite struct PrometheusServerTests {
    /// The retention is the longest lookback in use: the 5m lookback delta (longer than the
    /// adapter's [2m]) plus one scrape interval; a longer registered query widens it.
    @Test func retentionIsTheLongestLookbackPlusAnInterval() throws {
        let (sim, _) = try scenario()
        var prom = try #require(sim.metrics.prometheus)
        #expect(prom.retention == 5 * 60_000 + 15_000)
        #expect(prom.store.retention == prom.retention)
        prom.register(try PromQLEngine.parse("max_over_time(up[10m] offset 1m)"))
        #expect(prom.store.retention == 11 * 60_000 + 15_000)
        prom.retentionOverride = 3_600_000
        #expect(prom.store.retention == 3_600_000)
    }

    /// Memory is bounded by the retention however long the run, pods that went away are
    /// compacted out, and a query further back than the retention finds nothing (as a
    /// Prometheus whose retention dropped those samples).
    @Test func seriesMemoryIsBoundedOverDays() throws {
        var (sim, app) = try scenario()
        sim.run(for: .hours(6))
        let prom6h = try #require(sim.metrics.prometheus)
        let held6h = prom6h.store.sampleCount
        try sim.scale(app, replicas: 4)
        sim.run(for: .hours(6))
        try sim.scale(app, replicas: 2)
        sim.run(for: .hours(36))
        let prom = try #require(sim.metrics.prometheus)
        // 7 series per pod target (5 app series, up, scrape_samples_scraped): the two
        // removed pods' series were compacted away.
        #expect(prom.store.seriesCount == 14)
        let perSeries = Int(prom.retention / prom.scrapeInterval) + 1
        #expect(prom.store.sampleCount <= 14 * perSeries)
        #expect(prom.store.sampleCount == held6h)
        let now = sim.now.milliseconds
        let v = try #require(try sim.query("sum(rate(myapp_requests_total[2m]))").vector)
        #expect(v.count == 1 && abs((v.first?.value ?? 0) - 10) < 0.1)
        let old = try sim.query("myapp_requests_total", at: now - 3_600_000)
        #expect(old == .vector([]))
    }

    /// A run that may be cancelled (every Lua `c:run` may: Ctrl-C) stores exactly what a run
    /// without a cancel does: handing PromQL the run's cancellation moves no compaction, so
    /// the series of pods scaled away go at the same instants.
    @Test func aCancellableRunStoresTheSame() throws {
        var (plain, app) = try scenario()
        var (cancellable, _) = try scenario()
        for round in 0..<8 {
            if round == 2 || round == 5 {
                try plain.scale(app, replicas: round == 2 ? 4 : 1)
                try cancellable.scale(app, replicas: round == 2 ? 4 : 1)
            }
            plain.run(for: .minutes(7))
            let completed = cancellable.run(for: .minutes(7), cancel: { false })
            #expect(completed)
            let a = try #require(plain.metrics.prometheus)
            let b = try #require(cancellable.metrics.prometheus)
            #expect(b.nextCompaction == a.nextCompaction)
            #expect(b.store.seriesCount == a.store.seriesCount)
            #expect(b.store.sampleCount == a.store.sampleCount)
        }
        #expect(try cancellable.query("sum(rate(myapp_requests_total[2m]))")
            == plain.query("sum(rate(myapp_requests_total[2m]))"))
    }

    /// Each target is scraped at its own offset inside the interval (Target.offset), with
    /// `up` 1 and `scrape_samples_scraped` 5 at each scrape.
    @Test func targetsAreScrapedAtTheirOwnOffsets() throws {
        var (sim, _) = try scenario()
        sim.run(for: .minutes(5))
        let prom = try #require(sim.metrics.prometheus)
        let pods = sim.cluster.pods.filter { $0.phase == .running }
        #expect(pods.count == 2)
        var offsets: Set<Int64> = []
        for pod in pods {
            let offset = ScrapeTargets.offset(namespace: pod.namespace, pod: pod.name,
                                              interval: 15_000)
            offsets.insert(offset)
            let id = try #require(prom.store.select([
                try LabelMatcher(.equal, "__name__", "myapp_requests_total"),
                try LabelMatcher(.equal, "pod", pod.name),
            ]).first)
            let times = prom.store.samples(of: id).map(\.time)
            #expect(!times.isEmpty && times.allSatisfy { $0 % 15_000 == offset })
            // Consecutive scrapes one interval apart.
            #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 == 15_000 })
        }
        #expect(offsets.count == 2)
        // Unspread (the default), every target is scraped at the interval start.
        var (flat, _) = try scenario(spread: false)
        flat.run(for: .minutes(5))
        let flatStore = try #require(flat.metrics.prometheus).store
        for id in flatStore.select([try LabelMatcher(.equal, "__name__", "up")]) {
            #expect(flatStore.samples(of: id).allSatisfy { $0.time % 15_000 == 0 })
        }
        let up = try #require(try sim.query("up").vector)
        #expect(up.count == 2 && up.allSatisfy { $0.value == 1 })
        let scraped = try #require(try sim.query("scrape_samples_scraped").vector)
        #expect(scraped.count == 2 && scraped.allSatisfy { $0.value == 5 })
    }

    /// A pod that goes away: its series (up included) get a staleness marker stamped with the
    /// time its next scrape would have been, written one interval and a tenth later
    /// (scrape.go endOfRunStaleness); instant queries then stop seeing it.
    @Test func stalenessMarkersWhenATargetGoes() throws {
        var (sim, app) = try scenario()
        sim.run(for: .minutes(5))
        try sim.scale(app, replicas: 1)
        sim.run(for: .minutes(2))
        let prom = try #require(sim.metrics.prometheus)
        #expect(try sim.query("up").vector?.count == 1)
        #expect(try sim.query("myapp_requests_total").vector?.count == 1)
        let gone = try #require(sim.cluster.pods.first { $0.isRemoved || !$0.isActive })
        let id = try #require(prom.store.select([
            try LabelMatcher(.equal, "__name__", "up"),
            try LabelMatcher(.equal, "pod", gone.name),
        ]).first)
        let samples = prom.store.samples(of: id)
        let marker = try #require(samples.last)
        #expect(StaleMarker.isStale(marker.value))
        let lastScrape = samples[samples.count - 2].time
        #expect(marker.time > lastScrape && (marker.time - lastScrape) % 15_000 == 0)
    }

    /// Each scrape writes its pod's counters as the app has them at that instant, across
    /// changes of the serving set (the pool keeps each target's counter state until the app's
    /// membership changes): pods scraped while Running but not yet Ready (40 s of readiness
    /// delay: zero counters) then serving, and terminating pods still Running for 25 s (out of
    /// service: their counters hold still).
    @Test func scrapesWriteThePodsCountersAcrossServiceChanges() throws {
        var (sim, app) = try scenario(
            timing: PodTiming(readiness: .seconds(40), shutdown: .seconds(25)))
        sim.run(for: .minutes(2))
        try sim.scale(app, replicas: 4)
        var (checked, notReady, terminating) = (0, 0, 0)
        for step in 0..<240 {
            if step == 120 { try sim.scale(app, replicas: 1) }
            sim.run(for: .seconds(1))
            let now = sim.now.milliseconds
            let store = try #require(sim.metrics.prometheus).store
            let model = try #require(sim.metrics.apps.first)
            for id in try store.select([LabelMatcher(.equal, "__name__", "myapp_requests_total")])
            {
                guard let newest = store.samples(of: id).last, newest.time == now else { continue }
                let name = store.labels(of: id)["pod"]
                let index = try #require(sim.cluster.pods.firstIndex { $0.name == name })
                #expect(newest.value == model.counters(ofPod: index).requestsTotal)
                checked += 1
                if !sim.cluster.pods[index].isReady { notReady += 1 }
                if sim.cluster.pods[index].deletionTimestamp != nil { terminating += 1 }
            }
        }
        #expect(checked > 40 && notReady > 2 && terminating > 2)
    }

    /// metric_relabel_configs keep/drop filter the app series before they are stored; the
    /// report series are never relabelled, and `scrape_samples_scraped` still counts the
    /// samples exposed (scrape.go mutateSampleLabels / mutateReportSampleLabels).
    @Test func metricRelabelConfigsKeepAndDropAppSeries() throws {
        var (sim, _) = try scenario()
        let keep = try MetricRelabelConfig(
            sourceLabels: ["__name__"], regex: "myapp_requests_total", action: .keep)
        sim.installPrometheus(scrapeInterval: 15_000, spreadTargets: true,
                              metricRelabelConfigs: [keep])
        sim.run(for: .minutes(5))
        var store = try #require(sim.metrics.prometheus).store
        let names = Set(store.select([try LabelMatcher(.regexMatch, "__name__", ".+")])
            .map { store.labels(of: $0).metricName })
        #expect(names == ["myapp_requests_total", "up", "scrape_samples_scraped"])
        #expect(store.seriesCount == 6)
        let v = try #require(try sim.query("sum(rate(myapp_requests_total[2m]))").vector)
        #expect(v.count == 1 && abs((v.first?.value ?? 0) - 10) < 0.1)
        let scraped = try #require(try sim.query("scrape_samples_scraped").vector)
        #expect(scraped.count == 2 && scraped.allSatisfy { $0.value == 5 })
        // drop on two joined labels: the container series of container "myapp".
        let drop = try MetricRelabelConfig(
            sourceLabels: ["__name__", "container"], separator: "@",
            regex: "container_.*@myapp", action: .drop)
        sim.installPrometheus(scrapeInterval: 15_000, spreadTargets: true,
                              metricRelabelConfigs: [drop])
        sim.run(for: .minutes(1))
        store = try #require(sim.metrics.prometheus).store
        #expect(store.seriesCount == 10)
        #expect(try sim.query("container_cpu_usage_seconds_total").vector == [])
        #expect(try sim.query("myapp_requests_dropped_total").vector?.count == 2)
        #expect(throws: LabelMatcherError.self) {
            try MetricRelabelConfig(sourceLabels: ["__name__"], regex: "(", action: .keep)
        }
    }
}
