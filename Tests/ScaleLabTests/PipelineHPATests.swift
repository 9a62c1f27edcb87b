import Foundation
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

    /// An adapter query of nested subqueries (3.6e11 evaluations, each subquery under
    /// `--query.max-samples`) evaluated for an HPA sync inside a run stops when the run is
    /// asked to stop (Ctrl-C, `--timeout`): the run's cancel reaches PromQL's step loops, the
    /// HPA sees the canceled query as a failed fetch, and the run returns at its next check.
    /// Before, the sync ran the whole query (hours) first.
    @Test(.timeLimit(.minutes(1))) func aCostlyAdapterQueryStopsWithTheRun() throws {
        var (sim, app) = try acceptanceCluster()
        sim.setTraffic(app, .constant(10), profile: AppProfile(rpsCapacity: 50))
        sim.installPrometheus(scrapeInterval: 15_000)
        let nested = acceptanceAdapterYAML.replacingOccurrences(
            of: "'sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)'",
            with: "'max_over_time((max_over_time(sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m]))"
                + " by (<<.GroupBy>>)[10m:1ms]))[10m:1ms])'")
        #expect(nested != acceptanceAdapterYAML)
        try sim.installAdapter(AdapterConfig.load(yaml: nested),
                               options: AdapterOptions(metricsRelistInterval: 60_000))
        try sim.applyHPAs(yaml: hpaYAML, source: "hpa.yaml")
        // The run itself polls every 64 occurrences, far fewer than 10 minutes bring here;
        // PromQL polls every 256 steps, so only a query running long asks 200 times.
        var polls = 0
        let completed = sim.run(for: .minutes(10), cancel: {
            polls += 1
            return polls > 200
        })
        #expect(!completed)
        let events = sim.kernel.events.records(
            for: EventObject(kind: "HorizontalPodAutoscaler", name: "myhpa"))
        #expect(events.contains {
            $0.reason == "FailedGetPodsMetric"
                && $0.message.hasSuffix("query was canceled in expression evaluation")
        })
        // The engine's cancellation belongs to the run.
        #expect(sim.metrics.prometheus?.engine.cancellation == nil)
    }
}
