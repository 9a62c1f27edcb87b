import Foundation

extension Benchmarks {
    /// The outcome of `autoscalerDay`.
    public struct AutoscalerDayResult: Sendable, CustomStringConvertible {
        /// Nodes and pods at the start.
        public var nodes: Int
        /// See `nodes`.
        public var pods: Int
        /// Wall-clock seconds to settle the start (untimed by the limit).
        public var settleSeconds: Double
        /// Wall-clock seconds of the simulated day.
        public var daySeconds: Double
        /// What the autoscaler did during the day.
        public var activity: AutoscalerActivity
        /// Fewest and most live nodes seen at a whole minute.
        public var minNodes: Int
        /// See `minNodes`.
        public var maxNodes: Int
        /// Live nodes and pods at the end.
        public var nodesAtEnd: Int
        /// See `nodesAtEnd`.
        public var podsAtEnd: Int
        /// Pods Pending at the end.
        public var pendingAtEnd: Int
        /// Occurrences (events and controller runs) handled during the day.
        public var occurrences: Int

        /// One line: what happened and the wall time of the day.
        public var description: String {
            let a = activity
            return "ca: \(pods) pods on \(nodes) nodes, one simulated day with the Cluster "
                + "Autoscaler: \(a.loops) loops, \(a.scaleUps) scale-ups (\(a.nodesRequested) "
                + "nodes requested, \(a.nodesRegistered) registered), scale-downs: "
                + "\(a.emptyNodesDeleted) empty + \(a.drainedNodesDeleted) drained nodes "
                + "deleted; nodes \(minNodes)..\(maxNodes), \(nodesAtEnd) nodes and "
                + "\(podsAtEnd) pods (\(pendingAtEnd) pending) at the end, \(occurrences) "
                + "occurrences: \(String(format: "%.3f", daySeconds)) s "
                + "(settle \(String(format: "%.3f", settleSeconds)) s)"
        }
    }

    /// A cluster of `nodes` nodes (half 16 vCPU/64 GiB/110 pods, half 8 vCPU/32 GiB/58 pods,
    /// three zones, each pool autoscaled between a tenth of its size and its size) running
    /// `pods` pods of mixed sizes in Deployments of `replicasPerWorkload`, with the Cluster
    /// Autoscaler at its defaults (10s scan, least-waste, 10m unneeded time, nodes Ready 3-4
    /// minutes after the request). After five settling minutes it is simulated for `hours`
    /// hours of diurnal churn: every 10 minutes each Deployment is set to its base replicas
    /// times `0.7 + 0.3 cos(2πt/day)` ± 5% (seeded), so demand falls to 40% at noon and
    /// returns; every minute 20 random pods are deleted (their ReplicaSets replace them).
    /// The falling half drains and deletes nodes, the rising half scales pools up.
    public static func autoscalerDay(
        nodes: Int = 1_000, pods: Int = 30_000, replicasPerWorkload: Int = 1_000,
        hours: Int = 24, seed: UInt64 = 1
    ) throws -> AutoscalerDayResult {
        let gib: Int64 = 1 << 30, mib: Int64 = 1 << 20
        var sim = ClusterSimulation(seed: seed)
        let zones = ["zone-a", "zone-b", "zone-c"]
        let large = nodes / 2, medium = nodes - nodes / 2
        try sim.addPool(NodePool(
            name: "large", instanceType: "m5.4xlarge", count: large, min: max(1, large / 10),
            max: large, zones: zones,
            allocatable: ResourceList(milliCPU: 15_890, memory: 60 * gib, pods: 110)))
        try sim.addPool(NodePool(
            name: "medium", instanceType: "m5.2xlarge", count: medium, min: max(1, medium / 10),
            max: medium, zones: zones,
            allocatable: ResourceList(milliCPU: 7_910, memory: 29 * gib, pods: 58)))
        let sizes: [(Int64, Int64)] = [
            (100, 128 * mib), (250, 256 * mib), (400, 512 * mib), (300, gib),
        ]
        var workloads: [(id: WorkloadID, base: Int)] = []
        var created = 0
        while created < pods {
            let n = min(replicasPerWorkload, pods - created)
            let size = sizes[workloads.count % sizes.count]
            var spec = PodSpec()
            spec.containers = [Container(name: "app", requests: [
                ResourceName.cpu: size.0, ResourceName.memory: size.1,
            ])]
            let name = "app-\(workloads.count)"
            let id = try sim.deploy(name: name, replicas: n,
                                    template: PodTemplate(labels: ["app": name], spec: spec))
            workloads.append((id, n))
            created += n
        }
        sim.enableClusterAutoscaler()
        var random = SeededRandom(seed: seed).stream(named: "autoscaler-day")
        let clock = ContinuousClock()
        var start = clock.now
        sim.run(for: .minutes(5))
        let settle = seconds(clock.now - start)
        let before = sim.autoscalerActivity
        var occurrences = 0
        var minNodes = Int.max, maxNodes = 0
        start = clock.now
        for minute in 0..<(hours * 60) {
            if minute % 10 == 0 {
                let phase = 2 * Double.pi * Double(minute) / (24 * 60)
                let factor = 0.7 + 0.3 * cos(phase)
                for w in workloads {
                    let noise = 0.95 + 0.1 * random.uniform()
                    try sim.scale(w.id, replicas: Int((Double(w.base) * factor * noise).rounded()))
                }
            }
            for _ in 0..<20 {
                let id = PodID(Int(random.below(UInt64(sim.cluster.pods.count))))
                if sim.cluster.pods[id.index].isActive { sim.deletePod(id) }
            }
            occurrences += sim.runCounting(for: .minutes(1))
            let live = sim.cluster.liveNodes.count
            minNodes = min(minNodes, live)
            maxNodes = max(maxNodes, live)
        }
        let day = seconds(clock.now - start)
        var activity = sim.autoscalerActivity
        activity.loops -= before.loops
        activity.scaleUps -= before.scaleUps
        activity.nodesRequested -= before.nodesRequested
        activity.nodesRegistered -= before.nodesRegistered
        activity.emptyNodesDeleted -= before.emptyNodesDeleted
        activity.drainedNodesDeleted -= before.drainedNodesDeleted
        activity.nodesTimedOut -= before.nodesTimedOut
        var live = 0, pending = 0
        for pod in sim.cluster.pods where pod.isActive {
            live += 1
            if pod.nodeID == nil { pending += 1 }
        }
        return AutoscalerDayResult(
            nodes: nodes, pods: created, settleSeconds: settle, daySeconds: day,
            activity: activity, minNodes: minNodes == .max ? 0 : minNodes, maxNodes: maxNodes,
            nodesAtEnd: sim.cluster.liveNodes.count, podsAtEnd: live, pendingAtEnd: pending,
            occurrences: occurrences)
    }
}
