/// `sizing.compare`: builds each option as a cluster, schedules the workload on it with
/// kube-scheduler's algorithm, and analyzes the result.
extension Sizing {
    /// One analyzed option: the report and the scheduled cluster it was read from.
    public struct Outcome: Sendable {
        /// The option with every count resolved.
        public var option: SizingOption
        /// The analysis.
        public var report: SizingReport
        /// The cluster after scheduling.
        public var cluster: Cluster
    }

    /// Compares `options` for `workloads` and `daemonSets`. An option whose single pool has
    /// no count gets the smallest count that schedules every pod.
    public static func compare(
        workloads: [SizingWorkload], daemonSets: [SizingDaemonSet] = [],
        options: [SizingOption], settings: SizingSettings = .init()
    ) throws -> [Outcome] {
        try options.map { try evaluate($0, workloads: workloads, daemonSets: daemonSets,
                                       settings: settings) }
    }

    /// Resolves `option`'s count if needed, schedules and analyzes it.
    public static func evaluate(
        _ option: SizingOption, workloads: [SizingWorkload], daemonSets: [SizingDaemonSet],
        settings: SizingSettings
    ) throws -> Outcome {
        var resolved = option
        var cluster: Cluster
        if option.pools.count == 1, option.pools[0].count == nil {
            let found = try smallestCount(option.pools[0].shape, workloads: workloads,
                                          daemonSets: daemonSets, settings: settings)
            resolved.pools[0].count = found.count
            cluster = found.cluster
        } else {
            for pool in option.pools where pool.count == nil {
                throw SizingError("option \(option.label): a mix of pools needs a count for "
                    + "\(pool.shape.instanceType.name)")
            }
            cluster = try build(resolved, workloads: workloads, daemonSets: daemonSets,
                                settings: settings)
        }
        var shapes: [String: NodeShape] = [:]
        for pool in resolved.pools { shapes[pool.shape.instanceType.name] = pool.shape }
        let report = analyze(cluster, shapes: shapes, settings: settings, label: resolved.label)
        return Outcome(option: resolved, report: report, cluster: cluster)
    }

    /// A cluster of `option`'s nodes with the DaemonSets and workloads created (DaemonSets
    /// first, so their pods queue first, as on a cluster whose add-ons predate the apps) and
    /// one scheduling pass of every pending pod.
    public static func build(
        _ option: SizingOption, workloads: [SizingWorkload], daemonSets: [SizingDaemonSet],
        settings: SizingSettings
    ) throws -> Cluster {
        var cluster = Cluster(seed: settings.seed)
        var used: Set<String> = []
        for (i, pool) in option.pools.enumerated() {
            let count = pool.count ?? 0
            if count < 0 { throw SizingError("option \(option.label): count must be >= 0") }
            if count > settings.maxNodes {
                throw SizingError("option \(option.label): \(count) nodes is above the limit of "
                    + "\(settings.maxNodes)")
            }
            var name = pool.shape.instanceType.name.lowercased()
            if used.contains(name) { name += "-\(i)" }
            used.insert(name)
            try cluster.addPool(NodePool(name: name, shape: pool.shape, count: count))
        }
        for ds in daemonSets {
            try cluster.createDaemonSet(name: ds.name, namespace: ds.namespace, template: ds.template)
        }
        for w in workloads {
            try cluster.createWorkload(kind: .deployment, name: w.name, namespace: w.namespace,
                                       replicas: w.replicas, template: w.template)
        }
        var scheduler = Scheduler(profile: settings.schedulerProfile)
        scheduler.schedulePending(&cluster)
        return cluster
    }

    /// The smallest number of `shape` nodes on which the scheduler places every pod. It starts
    /// from a first-fit-decreasing estimate (cluster-autoscaler's binpacking estimator order),
    /// never below the resource lower bound, grows while pods stay Pending and shrinks while
    /// one node fewer still schedules everything.
    public static func smallestCount(
        _ shape: NodeShape, workloads: [SizingWorkload], daemonSets: [SizingDaemonSet],
        settings: SizingSettings
    ) throws -> (count: Int, cluster: Cluster) {
        let plan = try PackingPlan(shape: shape, workloads: workloads, daemonSets: daemonSets)
        let lower = plan.lowerBound
        var count = max(lower, plan.firstFitDecreasing(limit: settings.maxNodes) ?? lower)
        func attempt(_ n: Int) throws -> Cluster {
            try build(SizingOption(shape: shape, count: n), workloads: workloads,
                      daemonSets: daemonSets, settings: settings)
        }
        guard count <= settings.maxNodes else { throw plan.tooMany(settings.maxNodes) }
        var cluster = try attempt(count)
        var pending = pendingWorkloadPods(cluster)
        while pending > 0 {
            let perNode = max(1, plan.totalPods / max(count, 1))
            count += max(1, (pending + perNode - 1) / perNode / 2)
            guard count <= settings.maxNodes else { throw plan.tooMany(settings.maxNodes) }
            cluster = try attempt(count)
            pending = pendingWorkloadPods(cluster)
        }
        while count - 1 >= max(lower, 1) {
            let smaller = try attempt(count - 1)
            if pendingWorkloadPods(smaller) > 0 { break }
            count -= 1
            cluster = smaller
        }
        return (count, cluster)
    }

    /// Workload and DaemonSet pods left Pending.
    static func pendingWorkloadPods(_ cluster: Cluster) -> Int {
        cluster.pods.reduce(0) { $0 + ($1.isActive && $1.nodeID == nil ? 1 : 0) }
    }
}
