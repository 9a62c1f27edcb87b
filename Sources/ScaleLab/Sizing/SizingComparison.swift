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
    /// no count gets the smallest count that schedules every pod. Throws the first option's
    /// error, in option order.
    public static func compare(
        workloads: [SizingWorkload], daemonSets: [SizingDaemonSet] = [],
        options: [SizingOption], settings: SizingSettings = .init()
    ) throws -> [Outcome] {
        try evaluateEach(options, workloads: workloads, daemonSets: daemonSets,
                         settings: settings).map { try $0.get() }
    }

    /// Evaluates every option on its own (one that cannot be packed does not stop the others),
    /// results in option order. Options whose count is searched share one search when their
    /// nodes schedule alike (`CountSearchKey`: same allocatable, no pod selecting nodes by
    /// name or label), so the catalog's many types of one size are searched once; each
    /// option is still built and analyzed itself. Searches and options run on `threads`
    /// threads (`ParallelRuns`); each result depends only on its own inputs, so the results
    /// are the same for any thread count.
    public static func evaluateEach(
        _ options: [SizingOption], workloads: [SizingWorkload], daemonSets: [SizingDaemonSet],
        settings: SizingSettings, threads: Int = ParallelRuns.defaultThreads
    ) -> [Result<Outcome, any Error>] {
        var searchOf = [Int?](repeating: nil, count: options.count)
        var searchers: [Int] = []
        var byKey: [CountSearchKey: Int] = [:]
        for (i, option) in options.enumerated()
        where option.pools.count == 1 && option.pools[0].count == nil {
            let key = CountSearchKey(option.pools[0].shape, workloads: workloads,
                                     daemonSets: daemonSets)
            if let key, let s = byKey[key] {
                searchOf[i] = s
                continue
            }
            searchOf[i] = searchers.count
            if let key { byKey[key] = searchers.count }
            searchers.append(i)
        }
        // The first search of each allocatable CPU runs first; the others are then guided by
        // its count (`guess`), which picks the counts tried, never the answer.
        var leaders: [Int64: Int] = [:]
        var leaderOf = [Int?](repeating: nil, count: searchers.count)
        for (s, i) in searchers.enumerated() {
            let cpu = options[i].pools[0].shape.allocatable.milliCPU
            if let l = leaders[cpu] { leaderOf[s] = l } else { leaders[cpu] = s }
        }
        let stop = StopFlag()
        let first = searchers, of = searchOf
        func search(_ batch: [Int], guesses: [Int?])
            -> [Result<(count: Int, cluster: Cluster), any Error>?] {
            ParallelRuns.run(count: batch.count, threads: threads, stop: stop) { b in
                Result { () throws -> (count: Int, cluster: Cluster) in
                    try smallestCount(options[first[batch[b]]].pools[0].shape,
                                      workloads: workloads, daemonSets: daemonSets,
                                      settings: settings, guess: guesses[b])
                }
            }
        }
        var searched = [Result<(count: Int, cluster: Cluster), any Error>?](
            repeating: nil, count: first.count)
        let leading = first.indices.filter { leaderOf[$0] == nil }
        for (b, result) in search(leading, guesses: leading.map { _ in nil }).enumerated() {
            searched[leading[b]] = result
        }
        let following = first.indices.filter { leaderOf[$0] != nil }
        let guesses = following.map { s -> Int? in
            guard let l = leaderOf[s], case .success(let found)? = searched[l] else { return nil }
            return found.count
        }
        for (b, result) in search(following, guesses: guesses).enumerated() {
            searched[following[b]] = result
        }
        let done = searched
        let results = ParallelRuns.run(count: options.count, threads: threads, stop: stop) { i in
            Result { () throws -> Outcome in
                // An option without a shared search, or whose search failed, runs on its own
                // (a failure then names its own type).
                guard let s = of[i], case .success(let found)? = done[s] else {
                    return try evaluate(options[i], workloads: workloads,
                                        daemonSets: daemonSets, settings: settings)
                }
                var resolved = options[i]
                resolved.pools[0].count = found.count
                let cluster = first[s] == i ? found.cluster
                    : try build(resolved, workloads: workloads, daemonSets: daemonSets,
                                settings: settings)
                return analyzed(resolved, cluster: cluster, settings: settings)
            }
        }
        return results.map { $0 ?? .failure(SizingError("option not evaluated")) }
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
        return analyzed(resolved, cluster: cluster, settings: settings)
    }

    /// The outcome of `option` (every count resolved) scheduled as `cluster`.
    static func analyzed(_ option: SizingOption, cluster: Cluster, settings: SizingSettings)
        -> Outcome {
        var shapes: [String: NodeShape] = [:]
        for pool in option.pools { shapes[pool.shape.instanceType.name] = pool.shape }
        let report = analyze(cluster, shapes: shapes, settings: settings, label: option.label)
        return Outcome(option: option, report: report, cluster: cluster)
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
}
