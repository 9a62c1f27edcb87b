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
    /// name or label), so the catalog's many types of one size are searched once; the first
    /// option of a search is analyzed on the cluster the search found, and the others on that
    /// cluster with their own nodes put in (`build(_:twinOf:settings:)`), the failure
    /// simulation's result included. Searches and options run on `threads` threads
    /// (`ParallelRuns`), longest first; each result depends only on its own inputs, so the
    /// results are the same for any thread count.
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
        // A search costs about its builds times the nodes of each: the lower bound stands in.
        let bounds = searchers.map { i in
            (try? PackingPlan(shape: options[i].pools[0].shape, workloads: workloads,
                              daemonSets: daemonSets).lowerBound) ?? 0
        }
        let stop = StopFlag()
        let first = searchers, of = searchOf
        func search(_ batch: [Int], guesses: [Int?]) -> [Result<Found, any Error>?] {
            runLongestFirst(costs: batch.map { bounds[$0] }, threads: threads, stop: stop) { b in
                Result { () throws -> Found in
                    let found = try smallestCount(options[first[batch[b]]].pools[0].shape,
                                                  workloads: workloads, daemonSets: daemonSets,
                                                  settings: settings, guess: guesses[b])
                    return Found(count: found.count, cluster: found.cluster,
                                 blastRadius: blastRadius(found.cluster,
                                                          profile: settings.schedulerProfile))
                }
            }
        }
        var searched = [Result<Found, any Error>?](repeating: nil, count: first.count)
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
        // Options without a found search run whole; the others only analyze.
        let costs = options.indices.map { i -> Int in
            guard let s = of[i], case .success? = done[s] else { return 1 }
            return 0
        }
        let results = runLongestFirst(costs: costs, threads: threads, stop: stop) { i in
            Result { () throws -> Outcome in
                // An option without a shared search, or whose search failed, runs on its own
                // (a failure then names its own type).
                guard let s = of[i], case .success(let found)? = done[s] else {
                    return try evaluate(options[i], workloads: workloads,
                                        daemonSets: daemonSets, settings: settings)
                }
                var resolved = options[i]
                resolved.pools[0].count = found.count
                if first[s] == i {
                    return analyzed(resolved, cluster: found.cluster,
                                    blastRadius: found.blastRadius, settings: settings)
                }
                if let twin = try build(resolved, twinOf: found.cluster, settings: settings) {
                    let blast = found.blastRadius.flatMap {
                        blastRadius($0, of: found.cluster, on: twin)
                    }
                    if found.blastRadius == nil || blast != nil {
                        return analyzed(resolved, cluster: twin, blastRadius: blast,
                                        settings: settings)
                    }
                }
                let cluster = try build(resolved, workloads: workloads, daemonSets: daemonSets,
                                        settings: settings)
                return analyzed(resolved, cluster: cluster, settings: settings)
            }
        }
        return results.map { $0 ?? .failure(SizingError("option not evaluated")) }
    }

    /// A shared search's result: the count, its scheduled cluster and that cluster's blast
    /// radius.
    struct Found: Sendable {
        var count: Int
        var cluster: Cluster
        var blastRadius: BlastRadius?
    }

    /// `ParallelRuns.run` with the jobs started in decreasing order of `costs` (an estimate
    /// per job; ties in job order), so no long job starts last while the other threads run
    /// out of work. Results in job order, whatever order they ran in.
    static func runLongestFirst<R: Sendable>(
        costs: [Int], threads: Int, stop: StopFlag, job: @escaping @Sendable (Int) -> R
    ) -> [R?] {
        let order = costs.indices.sorted { costs[$0] != costs[$1] ? costs[$0] > costs[$1] : $0 < $1 }
        let ran = ParallelRuns.run(count: order.count, threads: threads, stop: stop) {
            job(order[$0])
        }
        var results = [R?](repeating: nil, count: costs.count)
        for (k, i) in order.enumerated() { results[i] = ran[k] }
        return results
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
        analyzed(option, cluster: cluster,
                 blastRadius: blastRadius(cluster, profile: settings.schedulerProfile),
                 settings: settings)
    }

    /// `analyzed` with `cluster`'s blast radius already found.
    static func analyzed(_ option: SizingOption, cluster: Cluster, blastRadius: BlastRadius?,
                         settings: SizingSettings) -> Outcome {
        var shapes: [String: NodeShape] = [:]
        for pool in option.pools { shapes[pool.shape.instanceType.name] = pool.shape }
        let report = analyze(cluster, shapes: shapes, settings: settings, label: option.label,
                             blastRadius: blastRadius)
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
        try addPools(option, to: &cluster, settings: settings)
        cluster.reservePodCapacity(cluster.nodes.count * daemonSets.count
            + workloads.reduce(0) { $0 + max($1.replicas, 0) })
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

    /// Adds `option`'s pools (one per type, named for it) and their nodes to `cluster`.
    static func addPools(_ option: SizingOption, to cluster: inout Cluster,
                         settings: SizingSettings) throws {
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
    }
}
