import Testing

@testable import ScaleLab

/// The seed's hpa.yaml with a target of 10 requests/s per pod.
private let hpaYAML = SeedScenario.hpaYAML(averageValue: 10)

/// Issue 5's acceptance cluster (GKE, 3 × n1-standard-4, myapp: 1 replica of 100m / 64Mi),
/// 50 rps per pod, taking a ramp from 5 to 60 requests/s between minute 5 and minute 15;
/// Prometheus every 15s, prometheus-adapter relisting every minute (the Helm chart's
/// metricsRelistInterval), the seed's HPA on myapp_requests_per_second.
private func seedScenario(relist: Int64 = 60_000) throws -> (ClusterSimulation, WorkloadID) {
    var (sim, app) = try acceptanceCluster()
    sim.setTraffic(app, .ramp(from: 5, to: 60, startMs: 300_000, durationMs: 600_000),
                   profile: AppProfile(rpsCapacity: 50))
    sim.installPrometheus(scrapeInterval: 15_000)
    try sim.installAdapter(AdapterConfig.load(yaml: acceptanceAdapterYAML),
                           options: AdapterOptions(metricsRelistInterval: relist))
    try sim.applyHPAs(yaml: hpaYAML, source: "hpa.yaml")
    return (sim, app)
}

/// Replica count changes of myapp: (seconds, replicas).
private func replicaChanges(_ sim: ClusterSimulation) -> [[Int64]] {
    var changes: [[Int64]] = []
    for s in sim.kernel.timeline.samples(of: "myapp.replicas")
    where changes.last?[1] != Int64(s.value) {
        changes.append([s.time.milliseconds / 1_000, Int64(s.value)])
    }
    return changes
}

@Suite struct PipelineHPATests {
    /// The HPA scales up with the traffic, through the pipeline's delays: the adapter finds
    /// the metric at its first relist after the first scrape of a Running pod, the 2m rate
    /// window trails the ramp (the traffic passes 11 requests/s, 10% over the target, at
    /// 365s; rate[2m] follows about a minute later), the HPA syncs every 15s and new pods take
    /// traffic only once Ready. At 60 requests/s it settles at 6 replicas.
    @Test func hpaFollowsTheRampThroughThePipeline() throws {
        var (sim, app) = try seedScenario()
        sim.run(for: .minutes(25))
        #expect(replicaChanges(sim) == [[0, 1], [420, 2], [555, 3], [675, 4], [795, 5],
                                        [915, 6]])
        #expect(sim.cluster.workloads[app.index].replicas == 6)
        // Before the adapter's first relist that saw the series, the metric did not exist.
        let events = sim.kernel.events.records(
            for: EventObject(kind: "HorizontalPodAutoscaler", name: "myhpa"))
        let failed = try #require(events.first { $0.reason == "FailedGetPodsMetric" })
        #expect(failed.message.hasSuffix("unable to fetch metrics from custom metrics API: the"
            + " server could not find the metric myapp_requests_per_second for pods"))
        // The HPA's metric series is the per-pod rate it read: 60 over 6 pods at the end.
        let perPod = try #require(sim.kernel.timeline.value(
            of: "myhpa.myapp_requests_per_second", at: sim.now))
        #expect(abs(perPod - 10) < 0.5)
        // Same seed, same run.
        var (again, _) = try seedScenario()
        again.run(for: .minutes(25))
        #expect(replicaChanges(again) == replicaChanges(sim))
    }

    /// With prometheus-adapter's default 10m relist the metric appears only at 10m, and the
    /// HPA cannot react before, however far the traffic has grown.
    @Test func defaultRelistIntervalDelaysTheFirstScaleUp() throws {
        var (sim, _) = try seedScenario(relist: 10 * 60_000)
        sim.run(for: .minutes(25))
        // At 600s rate[2m] averages the ramp over 480–600s, about 27 requests/s on one pod,
        // so the first scale-up goes straight to 3.
        #expect(replicaChanges(sim) == [[0, 1], [600, 3], [705, 4], [810, 5], [930, 6]])
    }
}
