/// Benchmarks of the engine, callable from any Swift program or the CLI.
public enum Benchmarks {}

extension Benchmarks {
    /// The outcome of `placement`.
    public struct PlacementResult: Sendable, CustomStringConvertible {
        /// Nodes in the cluster.
        public var nodes: Int
        /// Pods created.
        public var pods: Int
        /// Pods bound.
        public var scheduled: Int
        /// Pods left Pending.
        public var pending: Int
        /// Pods placed through the placement index.
        public var indexed: Int
        /// Wall-clock seconds of the scheduling pass (cluster construction excluded).
        public var seconds: Double

        /// One line: counts, time and pods per second.
        public var description: String {
            let rate = seconds > 0 ? Double(scheduled) / seconds : 0
            return "placement: \(pods) pods on \(nodes) nodes: \(scheduled) scheduled, \(pending) pending, "
                + "\(indexed) via index, \(String(format: "%.3f", seconds)) s (\(Int(rate)) pods/s)"
        }
    }

    /// Places `pods` pods of mixed sizes (50m/64Mi, 100m/128Mi, 250m/256Mi, 500m/1Gi, in
    /// Deployments of `replicasPerWorkload`) onto `nodes` nodes (half 16 vCPU/64 GiB/110 pods,
    /// half 8 vCPU/32 GiB/58 pods, over three zones) with the default scheduler profile, and
    /// times the scheduling pass. Run it in a release build:
    /// `swift run -c release scalelab bench placement` once the CLI exposes it, or from a
    /// test/REPL: `print(Benchmarks.placement())`.
    public static func placement(nodes: Int = 5_000, pods: Int = 150_000,
                                 replicasPerWorkload: Int = 1_000,
                                 profile: SchedulerProfile = SchedulerProfile(),
                                 seed: UInt64 = 1) throws -> PlacementResult {
        var cluster = try placementCluster(nodes: nodes, pods: pods,
                                           replicasPerWorkload: replicasPerWorkload, seed: seed)
        let created = cluster.pendingPods.count
        var scheduler = Scheduler(profile: profile)
        let clock = ContinuousClock()
        let start = clock.now
        let pass = scheduler.schedulePending(&cluster)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return PlacementResult(nodes: nodes, pods: created, scheduled: pass.scheduled,
                               pending: pass.unschedulable, indexed: scheduler.indexedPlacements,
                               seconds: seconds)
    }

    /// The cluster of `placement`: `nodes` nodes (half 16 vCPU/64 GiB/110 pods, half
    /// 8 vCPU/32 GiB/58 pods, over three zones) and `pods` pending pods of mixed sizes in
    /// Deployments of `replicasPerWorkload`.
    static func placementCluster(nodes: Int, pods: Int, replicasPerWorkload: Int,
                                 seed: UInt64) throws -> Cluster {
        let gib: Int64 = 1 << 30, mib: Int64 = 1 << 20
        var cluster = Cluster(seed: seed)
        let zones = ["zone-a", "zone-b", "zone-c"]
        try cluster.addPool(NodePool(
            name: "large", instanceType: "m5.4xlarge", count: nodes / 2, zones: zones,
            allocatable: ResourceList(milliCPU: 15_890, memory: 60 * gib, pods: 110)))
        try cluster.addPool(NodePool(
            name: "medium", instanceType: "m5.2xlarge", count: nodes - nodes / 2, zones: zones,
            allocatable: ResourceList(milliCPU: 7_910, memory: 29 * gib, pods: 58)))
        let sizes: [(Int64, Int64)] = [(50, 64 * mib), (100, 128 * mib), (250, 256 * mib), (500, gib)]
        var created = 0
        var w = 0
        while created < pods {
            let n = min(replicasPerWorkload, pods - created)
            var spec = PodSpec()
            let size = sizes[w % sizes.count]
            spec.containers = [Container(name: "app", requests: ["cpu": size.0, "memory": size.1])]
            try cluster.createWorkload(kind: .deployment, name: "app-\(w)", replicas: n,
                                       template: PodTemplate(labels: ["app": "app-\(w)"], spec: spec))
            created += n
            w += 1
        }
        return cluster
    }
}
