import Foundation
import Testing

@testable import ScaleLab

// The seed article's scenario end to end (issue 5 item 5, seed-notes.md claims 4, 5 and 9):
// myapp exposes myapp_requests_total, Prometheus scrapes it every 15s, prometheus-adapter
// serves rate(...[2m]) as myapp_requests_per_second on the Custom Metrics API, and the HPA
// scales myapp on it.

/// A file of the package, found by walking up from this test file.
private func packageFile(_ relative: String) -> URL {
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while dir.path != "/" {
        let candidate = dir.appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: relative)
}

/// The seed's hpa.yaml (examples/manifests/hpa.yaml), read from the package.
private func seedManifest(averageValue: String? = nil) throws -> String {
    let text = try String(contentsOf: packageFile("examples/manifests/hpa.yaml"),
                          encoding: .utf8)
    guard let averageValue else { return text }
    return text.replacingOccurrences(of: "averageValue: 2", with: "averageValue: \(averageValue)")
}

/// The acceptance cluster with `replicas` myapp pods, `traffic`, Prometheus every 15s, the
/// adapter relisting every minute, and the seed's HPA (target `averageValue`, default 2).
private func seedCluster(replicas: Int = 1, traffic: TrafficModel, averageValue: String? = nil,
                         hpaAfter: SimDuration = .zero) throws -> (ClusterSimulation, WorkloadID) {
    var (sim, app) = try acceptanceCluster(replicas: replicas)
    sim.setTraffic(app, traffic, profile: AppProfile(rpsCapacity: 50))
    sim.installPrometheus(scrapeInterval: 15_000)
    try sim.installAdapter(AdapterConfig.load(yaml: acceptanceAdapterYAML),
                           options: AdapterOptions(metricsRelistInterval: 60_000))
    sim.run(for: hpaAfter)
    try sim.applyHPAs(yaml: seedManifest(averageValue: averageValue), source: "hpa.yaml")
    return (sim, app)
}

/// myapp's replica count over the run, as recorded.
private func replicaSeries(_ sim: ClusterSimulation) -> [Int] {
    sim.kernel.timeline.samples(of: "myapp.replicas").map { Int($0.value) }
}

/// The HPA's SuccessfulRescale messages, oldest first.
private func rescales(_ sim: ClusterSimulation) -> [String] {
    sim.kernel.events.records(for: EventObject(kind: "HorizontalPodAutoscaler", name: "myhpa"))
        .filter { $0.reason == "SuccessfulRescale" }.map(\.message)
}

@Suite struct SeedScenarioTests {
    /// Traffic climbs from 1 to 30 requests/s and falls back to 1: the replicas follow it,
    /// never leave [minReplicas, maxReplicas] = [1, 10], stop at 10 (30 / 2 per pod would need
    /// 15: ScalingLimited TooManyReplicas) and come back to 1 once the 5-minute downscale
    /// stabilization window has passed.
    @Test func replicasFollowTrafficWithinMinAndMax() throws {
        let up = TrafficModel.ramp(from: 1, to: 30, startMs: 120_000, durationMs: 600_000)
        let down = TrafficModel.ramp(from: 0, to: -29, startMs: 1_800_000, durationMs: 600_000)
        var (sim, app) = try seedCluster(traffic: .clamp(up + down, min: 0, max: 1_000))
        sim.run(for: .minutes(25))
        let id = try #require(sim.hpa(named: "myhpa"))
        #expect(sim.cluster.workloads[app.index].replicas == 10)
        let limited = sim.hpas[id.index].object.status.condition("ScalingLimited")
        #expect(limited?.reason == "TooManyReplicas")
        sim.run(for: .minutes(35))
        let replicas = replicaSeries(sim)
        #expect(replicas.allSatisfy { (1...10).contains($0) })
        #expect(replicas.max() == 10)
        #expect(sim.cluster.workloads[app.index].replicas == 1)
        // Up first, then down; never down while the traffic climbs.
        let messages = rescales(sim)
        let firstDown = try #require(messages.firstIndex { $0.hasSuffix("below target") })
        #expect(messages[..<firstDown].allSatisfy { $0.hasSuffix("above target") })
    }

    /// The article's numbers (claim 4): with a target of 10 requests/s per pod, 2 pods serving
    /// 20 each make the ratio 2 and the HPA doubles them (X = N × c / t = 2 × 20 / 10 = 4);
    /// when each of the 4 then serves 2, the ratio is 0.2 and X = ceil(4 × 0.2) = 1. The HPA
    /// is created once the 2m rate window is full, so its first reading is the steady 20.
    @Test func articleNumbersScaleUpAtTwentyAndDownAtTwo() throws {
        let traffic = TrafficModel.step(before: 40, after: 8, atMs: 900_000)
        var (sim, app) = try seedCluster(replicas: 2, traffic: traffic, averageValue: "10",
                                         hpaAfter: .minutes(5))
        let id = try #require(sim.hpa(named: "myhpa"))
        sim.run(for: .seconds(1))
        let reading = sim.hpas[id.index].object.status.currentMetrics.first?.current
        // The adapter truncates to milli-units (provider.go metricFor: int64(value*1000)), so
        // a rate of 19.9999999 reads 19999m, as a real cluster shows it.
        let milli = try #require(reading?.averageValue?.milliValue)
        #expect(abs(milli - 20_000) <= 1)
        #expect(rescales(sim) == ["New size: 4; reason: pods metric myapp_requests_per_second"
            + " above target"])
        #expect(sim.explainHPA(id).contains("ratio 2"))
        sim.run(for: .minutes(9))
        #expect(sim.cluster.workloads[app.index].replicas == 4)
        // 8 requests/s from 15m: 2 per pod, ratio 0.2; the 5m stabilization window holds 4
        // until the recommendations of the 20-per-pod period have aged out.
        sim.run(for: .minutes(16))
        #expect(rescales(sim).last == "New size: 1; reason: All metrics below target")
        #expect(sim.cluster.workloads[app.index].replicas == 1)
        #expect(sim.hpas[id.index].object.status.currentReplicas == 1)
    }
}
