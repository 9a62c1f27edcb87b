import Testing

@testable import ScaleLab

@Suite struct NodeMetricsTests {
    /// metrics-server's NodeMetrics: usage = the node's pods' CPU rate + the system overhead,
    /// over the window between its last two scrapes, timestamped at the later one.
    @Test func nodeUsageIsPodsPlusSystemOverhead() throws {
        var (sim, app) = try acceptanceCluster(replicas: 2)
        // 20 requests/s over 2 pods: each serves 10, at 5m + 2m per request/s = 25m.
        sim.setTraffic(app, .constant(20), profile: AppProfile(
            rpsCapacity: 50, cpuBaseMilli: 5, cpuPerRPSMilli: 2, memoryBaseBytes: 100 * 1_048_576))
        #expect(throws: MetricsAPIError(
            "unable to fetch metrics from resource metrics API: the server could not find the"
                + " requested resource (get nodes.metrics.k8s.io)")) {
            try sim.nodeResourceMetrics()
        }
        sim.installMetricsServer(resolution: 15_000)
        sim.run(for: .minutes(2))
        let nodes = try sim.nodeResourceMetrics()
        #expect(nodes.count == 3)
        let overhead = NodeOverhead()
        var podCPU: Int64 = 0
        var podMemory: Int64 = 0
        for node in nodes {
            #expect(node.windowMs == 15_000)
            #expect(node.timestamp == 120_000)
            #expect(node.cpuMilli >= Int64(overhead.cpuMilli))
            podCPU += node.cpuMilli - Int64(overhead.cpuMilli)
            podMemory += node.memoryBytes - Int64(overhead.memoryBytes)
        }
        #expect(podCPU == 50)
        #expect(podMemory == 200 << 20)
        // A selector on node labels.
        let name = nodes[0].node
        let one = try sim.nodeResourceMetrics(selector: LabelSelector(
            matchLabels: ["kubernetes.io/hostname": name]))
        #expect(one.map(\.node) == [name])
    }
}
