extension Benchmarks {
    /// The outcome of `sizingCompare`.
    public struct SizingCompareResult: Sendable, CustomStringConvertible {
        /// Pods in the workload (DaemonSet pods not included).
        public var pods: Int
        /// Catalog types compared.
        public var types: Int
        /// Types the workload could be packed on (the others reject a pod that fits no node).
        public var packed: Int
        /// Nodes of all packed options together, and scheduling passes run to find the counts.
        public var nodes: Int
        /// The cheapest packed option and its monthly cost.
        public var cheapest: String
        /// Wall-clock seconds of the comparison.
        public var seconds: Double

        /// One line: what was compared and the wall time.
        public var description: String {
            "sizing: \(pods) pods of 5 workloads + 2 DaemonSets across \(types) catalog types: "
                + "\(packed) packed (\(nodes) nodes in all), \(types - packed) rejected, "
                + "cheapest \(cheapest): \(String(format: "%.3f", seconds)) s"
        }
    }

    /// `sizing.compare` of a 1,000-pod mixed workload (five Deployments from 50m/64Mi to
    /// 1 CPU/2Gi, plus two DaemonSets) across every
    /// type of the built-in catalog, each under its own cloud's profile (EKS, GKE, AKS), with
    /// the node count searched by full scheduling (`Sizing.evaluateEach` with no counts, as
    /// `sizing.compare` does for `{ type = ... }`) and every figure of the report computed,
    /// blast-radius failure simulation included.
    public static func sizingCompare(
        catalog: InstanceCatalog = .builtIn, seed: UInt64 = 1
    ) -> SizingCompareResult {
        let mib: Int64 = 1 << 20
        let workloads = [
            SizingWorkload(name: "web", replicas: 400, milliCPU: 250, memory: 256 * mib),
            SizingWorkload(name: "api", replicas: 250, milliCPU: 500, memory: 512 * mib),
            SizingWorkload(name: "worker", replicas: 200, milliCPU: 100, memory: 128 * mib),
            SizingWorkload(name: "sidecar", replicas: 100, milliCPU: 50, memory: 64 * mib),
            SizingWorkload(name: "db", replicas: 50, milliCPU: 1000, memory: 2048 * mib),
        ]
        let daemonSets = [
            SizingDaemonSet(name: "logging", milliCPU: 100, memory: 128 * mib),
            SizingDaemonSet(name: "monitoring", milliCPU: 50, memory: 64 * mib),
        ]
        var settings = SizingSettings()
        settings.seed = seed
        var options: [SizingOption] = []
        for type in catalog.types {
            let profile: NodeProfile
            switch type.provider {
            case .aws: profile = .eks
            case .gcp: profile = .gke
            case .azure: profile = .aks
            case .custom: profile = .none
            }
            guard let shape = try? NodeShape.compute(type, profile: profile) else { continue }
            options.append(SizingOption(shape: shape, count: nil))
        }
        let clock = ContinuousClock()
        let start = clock.now
        var packed = 0, nodes = 0
        var cheapest: (label: String, cost: Double)?
        // `compare` throws the first option that cannot be packed; here every option's own
        // result is kept so the rejected ones do not end the run.
        let results = Sizing.evaluateEach(options, workloads: workloads, daemonSets: daemonSets,
                                          settings: settings)
        for case .success(let outcome) in results {
            packed += 1
            nodes += outcome.option.pools.reduce(0) { $0 + ($1.count ?? 0) }
            if let cost = outcome.report.cost?.perMonth, cost < (cheapest?.cost ?? .infinity) {
                cheapest = (outcome.option.label, cost)
            }
        }
        let elapsed = seconds(clock.now - start)
        let best = cheapest.map { "\($0.label) at \(Sizing.money($0.cost))/month" } ?? "none"
        return SizingCompareResult(
            pods: workloads.reduce(0) { $0 + $1.replicas }, types: options.count,
            packed: packed, nodes: nodes, cheapest: best, seconds: elapsed)
    }
}
