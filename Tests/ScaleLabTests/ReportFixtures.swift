import Foundation

@testable import ScaleLab

/// Scenarios shared by the report tests.
enum ReportFixtures {
    static func template(cpu: Int64, memoryMiB: Int64, name: String) -> PodTemplate {
        var spec = PodSpec()
        spec.containers = [
            Container(name: name, requests: ["cpu": cpu, "memory": memoryMiB * 1_048_576])
        ]
        return PodTemplate(labels: ["app": name], spec: spec)
    }

    /// Two m5.large nodes; `web` starts with 3 replicas, grows to 12 at 2m (some stay
    /// Pending), node 0 fails at 5m, `web` shrinks to 4 at 12m; 15 minutes in all.
    static func scenario(seed: UInt64 = 7, extraScaleAt: SimDuration? = nil)
        throws -> ClusterSimulation
    {
        var sim = ClusterSimulation(seed: seed)
        let shape = try NodeShape.compute(InstanceCatalog.builtIn.find("m5.large"), profile: .eks)
        try sim.addPool(NodePool(name: "general", shape: shape, count: 2))
        let web = try sim.deploy(
            name: "web", replicas: 3, template: template(cpu: 400, memoryMiB: 256, name: "web"),
            timing: PodTiming(startup: .seconds(20), readiness: .seconds(10)))
        sim.run(for: .minutes(2))
        try sim.scale(web, replicas: 12)
        sim.run(for: .minutes(3))
        if let node = sim.cluster.liveNodes.first { try sim.failNode(node) }
        sim.run(for: .minutes(7))
        try sim.scale(web, replicas: 4)
        sim.run(for: .minutes(3))
        return sim
    }

    /// A hand-made timeline with exact values, for golden charts.
    static func syntheticRun() -> RunRecord {
        var timeline = Timeline()
        for (t, v) in [(0, 2.0), (60, 4), (120, 8), (300, 8), (420, 5), (540, 3)] {
            timeline.record("myapp.replicas", v, at: SimTime(milliseconds: Int64(t) * 1000))
        }
        for i in 0...40 {
            let t = Int64(i) * 15
            let rps = 2 + 38 * sin(Double(t) / 600 * Double.pi)
            timeline.record("myapp.rps", (rps * 100).rounded() / 100,
                            at: SimTime(milliseconds: t * 1000), kind: .sample)
        }
        var events = EventLog()
        let hpa = EventObject(kind: "HorizontalPodAutoscaler", name: "myapp")
        for (t, n) in [(60, 4), (120, 8), (420, 5), (540, 3)] {
            events.record(.normal, reason: "SuccessfulRescale", object: hpa,
                          message: "New size: \(n); reason: pods metric above target",
                          source: "horizontal-pod-autoscaler",
                          at: SimTime(milliseconds: Int64(t) * 1000))
        }
        events.record(.warning, reason: "NodeNotReady", object: EventObject(kind: "Node",
                      namespace: "", name: "general-1"),
                      message: "Node general-1 status is now: NodeNotReady",
                      source: "node-controller", at: SimTime(milliseconds: 330_000))
        return RunRecord(name: "synthetic", timeline: timeline, events: events,
                         end: SimTime(milliseconds: 600_000))
    }

    /// The package root (for golden files under Tests/Golden).
    static var goldenDirectory: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" && !FileManager.default.fileExists(
            atPath: url.appendingPathComponent("Package.swift").path)
        {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("Tests/Golden")
    }

    /// Compares `text` with the golden file `name`; with SCALELAB_UPDATE_GOLDEN=1 in the
    /// environment, (re)writes the file instead.
    static func matchesGolden(_ text: String, _ name: String) throws -> Bool {
        let url = goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SCALELAB_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(
                at: goldenDirectory, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return true
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        return golden == text
    }
}
