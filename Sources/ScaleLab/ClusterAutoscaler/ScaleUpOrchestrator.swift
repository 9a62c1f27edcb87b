// One scale-up decision: which node group grows, by how much, for which pending pods.
// Upstream: cluster-autoscaler/core/scaleup/orchestrator/orchestrator.go (ScaleUp,
// ComputeExpansionOption, filterValidScaleUpNodeGroups), core/podlistprocessor
// (filter_out_schedulable.go: pods that fit upcoming nodes wait for them),
// processors/status/eventing_scale_up_processor.go (TriggeredScaleUp, NotTriggerScaleUp and
// ReasonsMessage), core/scaleup/orchestrator/executor.go (ScaleUpInfo).

/// A node group as the scale-up sees it: a node pool of the cluster.
public struct ScaleUpGroup: Sendable {
    /// The pool's index in `Cluster.pools`.
    public var pool: Int
    /// Upcoming nodes (`GetUpcomingNodes`): asked for and not registered yet, plus registered
    /// but not started. Template nodes stand in for them and take pending pods, as CA's
    /// upcoming nodes do.
    public var upcoming: Int
    /// How many of `upcoming` are registered (already counted in the pool's `count`).
    public var registeredUpcoming: Int
    /// The group is backed off after a failed scale-up ("in backoff after failed scale-up").
    public var backedOff: Bool

    /// Creates a group view.
    public init(pool: Int, upcoming: Int = 0, registeredUpcoming: Int = 0,
                backedOff: Bool = false) {
        self.pool = pool
        self.upcoming = upcoming
        self.registeredUpcoming = registeredUpcoming
        self.backedOff = backedOff
    }

    /// The cloud provider's target size: registered nodes plus unregistered upcoming ones.
    func targetSize(_ cluster: Cluster) -> Int {
        cluster.pools[pool].count + upcoming - registeredUpcoming
    }
}

/// The outcome of a scale-up attempt.
public struct ScaleUpResult: Sendable {
    /// The chosen pool, nil when there is no scale-up.
    public var pool: Int?
    /// The pool's target size before and after.
    public var currentSize = 0
    /// The new target size.
    public var newSize = 0
    /// The pods the new nodes are for.
    public var triggeringPods: [PodID] = []
    /// Pending pods left waiting for upcoming nodes.
    public var waitingForUpcoming: [PodID] = []
    /// Pending pods that fit an existing node (the scheduler has not placed them yet).
    public var fitExistingNodes: [PodID] = []
    /// Pods no node group can help, with the aggregated reasons.
    public var noScaleUpPods: [PodID] = []
    /// The events to record.
    public var events: [AutoscalerEvent] = []
    /// Every option the expanders were offered (for `explain`).
    public var options: [ExpansionOption] = []

    /// The number of nodes to add.
    public var delta: Int { newSize - currentSize }
}

/// Runs a scale-up the way the autoscaler does.
public struct ScaleUpOrchestrator {
    /// The options.
    public var options: AutoscalingOptions
    /// The scheduler's filters.
    public var checker: PredicateChecker
    /// Hourly price of one node of each pool, by pool name (for the `price` expander; a pool
    /// without a price is skipped by it, as a failing `NodePrice` is in CA).
    public var poolPricesPerHour: [String: Double]

    /// Creates an orchestrator.
    public init(
        options: AutoscalingOptions, checker: PredicateChecker = PredicateChecker(),
        poolPricesPerHour: [String: Double] = [:]
    ) {
        self.options = options
        self.checker = checker
        self.poolPricesPerHour = poolPricesPerHour
    }

    /// The hourly price of each pool's instance type in `catalog`, by pool name.
    public static func poolPrices(_ cluster: Cluster, catalog: InstanceCatalog)
        -> [String: Double]
    {
        var prices: [String: Double] = [:]
        for pool in cluster.pools {
            if let price = (try? catalog.find(pool.instanceType))?.pricePerHour {
                prices[pool.name] = price
            }
        }
        return prices
    }

    /// Decides a scale-up for the unschedulable `pending` pods.
    /// - Parameters:
    ///   - pending: pods the scheduler could not place (DaemonSet pods are ignored).
    ///   - groups: the autoscaled pools with their upcoming nodes.
    ///   - random: the seeded random source of the `random` expander.
    public func scaleUp(
        pending: [PodID], groups: [ScaleUpGroup], in cluster: Cluster,
        random: inout any RandomNumberGenerator
    ) -> ScaleUpResult {
        var result = ScaleUpResult()
        var snapshot = cluster
        // Upcoming nodes are in the snapshot as template nodes; pods that fit them wait.
        var upcomingNodes: [NodeID] = []
        for group in groups where group.upcoming > 0 {
            let template = NodeTemplate.forPool(group.pool, in: cluster)
            for i in 0..<group.upcoming {
                if let id = try? template.addNode(suffix: "upcoming-\(i)", to: &snapshot) {
                    upcomingNodes.append(id)
                }
            }
        }
        // FilterOutSchedulable (core/podlistprocessor/filter_out_schedulable.go): pods that fit
        // a node of the snapshot, existing or upcoming, are not helped by a scale-up; they are
        // bound in the snapshot so later pods see the space taken. A pod like one that already
        // fit nowhere (same owner and spec, no placement-dependent filters) is not tried again:
        // the snapshot only fills up.
        let candidates = snapshot.liveNodes
        let upcomingSet = Set(upcomingNodes)
        var remaining: [PodID] = []
        var cursor = 0
        var failedSpecs: [WorkloadID: PodSpec] = [:]
        // PreFilter state per workload: a pod like the previous one of its workload (same spec
        // and labels, no placement-dependent filters) gets the same PreFilter result while no
        // pod with pod (anti-)affinity terms was placed since, so it is computed once.
        var preparedByOwner: [WorkloadID: PredicateChecker.Prepared] = [:]
        for id in pending where cluster.pods[id.index].daemonSet == nil {
            let pod = snapshot.pods[id.index]
            if cluster.now - pod.creationTime < options.newPodScaleUpDelay.milliseconds {
                continue
            }
            if let owner = pod.owner, failedSpecs[owner] == pod.spec {
                remaining.append(id)
                continue
            }
            var prepared: PredicateChecker.Prepared
            if let owner = pod.owner, var hit = preparedByOwner[owner],
                hit.pod.spec == pod.spec, hit.pod.labels == pod.labels
            {
                hit.pod = pod
                prepared = hit
            } else {
                prepared = checker.prepare(pod, in: snapshot)
                if let owner = pod.owner, !prepared.isPlacementDependent {
                    preparedByOwner[owner] = prepared
                }
            }
            if let node = checker.fitsAnyNode(
                &prepared, candidates: candidates, cursor: &cursor, in: snapshot)
            {
                // A what-if placement (no copy of the pod table; DrainSimulation.swift).
                snapshot.simulateMove(id, to: node)
                if pod.hasPodAffinityTerms { preparedByOwner.removeAll() }
                if upcomingSet.contains(node) {
                    result.waitingForUpcoming.append(id)
                } else {
                    result.fitExistingNodes.append(id)
                }
            } else {
                if let owner = pod.owner, !prepared.isPlacementDependent {
                    failedSpecs[owner] = pod.spec
                }
                remaining.append(id)
            }
        }
        guard !remaining.isEmpty else { return result }
        let podGroups = PodEquivalenceGroups.build(remaining, in: snapshot)
        let liveNodes = cluster.liveNodes.count
        let totalTarget = liveNodes + groups.reduce(0) { $0 + $1.upcoming - $1.registeredUpcoming }
        // Reasons per pod group: what each node group said (`RejectedNodeGroups`,
        // `SkippedNodeGroups`).
        var reasons = [[String]](repeating: [], count: podGroups.count)
        var helped = [Bool](repeating: false, count: podGroups.count)
        var optionPods: [String: [PodID]] = [:]
        var infos: [String: ExpanderNodeInfo] = [:]
        var sizes: [String: (pool: Int, current: Int, max: Int)] = [:]
        // The cluster capacity threshold leaves no room once upcoming nodes reach
        // --max-nodes-total; the pods get ReasonsMessage's fixed wording for that limit.
        let atClusterMax = options.maxNodesTotal > 0 && totalTarget >= options.maxNodesTotal
        if !atClusterMax {
            for group in groups {
                let pool = cluster.pools[group.pool]
                // filterValidScaleUpNodeGroups: backoff first, then the group's max size
                // (skippedreasons.go wording).
                if group.backedOff {
                    for i in podGroups.indices {
                        reasons[i].append("in backoff after failed scale-up")
                    }
                    continue
                }
                let current = group.targetSize(cluster)
                guard current < pool.max else {
                    for i in podGroups.indices { reasons[i].append("max node group size reached") }
                    continue
                }
                let template = NodeTemplate.forPool(group.pool, in: cluster)
                // Which groups could run on a node of this template at all.
                var probe = snapshot
                guard let probeNode = try? template.addNode(suffix: "probe", to: &probe) else {
                    continue
                }
                var fitting: [PodEquivalenceGroup<PodID>] = []
                var fittingIndex: [Int] = []
                for (i, podGroup) in podGroups.enumerated() {
                    guard let first = podGroup.pods.first else { continue }
                    var prepared = checker.prepare(snapshot.pods[first.index], in: probe)
                    let status = checker.check(&prepared, node: probeNode, in: probe)
                    if status.isSuccess {
                        fitting.append(podGroup)
                        fittingIndex.append(i)
                    } else {
                        reasons[i].append(contentsOf: status.reasons)
                    }
                }
                guard !fitting.isEmpty else { continue }
                let size = NodeGroupSize(
                    id: pool.name, minSize: pool.min, maxSize: pool.max, targetSize: current)
                let context = EstimationContext(
                    currentNodeCount: totalTarget, clusterMaxNodeLimit: options.maxNodesTotal)
                var estimator = BinpackingEstimator(
                    checker: checker,
                    limiter: ThresholdBasedLimiter(thresholds: [
                        StaticThreshold(
                            maxNodes: options.maxNodesPerScaleUp,
                            maxDurationNanoseconds:
                                options.maxNodeGroupBinpackingDuration.milliseconds * 1_000_000),
                        ClusterCapacityThreshold(), SimilarNodeGroupCapacityThreshold(),
                    ], now: { cluster.now * 1_000_000 }),
                    fastpathEnabled: options.fastpathBinpacking)
                let estimate = estimator.estimate(
                    fitting, template: template, nodeGroup: size, context: context,
                    in: snapshot)
                guard estimate.nodeCount > 0 else { continue }
                let scheduled = Set(estimate.scheduledPods)
                for (k, i) in fittingIndex.enumerated()
                where fitting[k].pods.contains(where: scheduled.contains) {
                    helped[i] = true
                }
                result.options.append(ExpansionOption(
                    nodeGroupID: pool.name, nodeCount: estimate.nodeCount,
                    pods: estimate.scheduledPods.map { expanderPod(cluster.pods[$0.index]) }))
                optionPods[pool.name] = estimate.scheduledPods
                infos[pool.name] = template.expanderNodeInfo
                sizes[pool.name] = (group.pool, current, pool.max)
            }
        }
        for (i, podGroup) in podGroups.enumerated() where !helped[i] {
            result.noScaleUpPods.append(contentsOf: podGroup.pods)
            let message = "pod didn't trigger scale-up: "
                + (atClusterMax ? "max total nodes in cluster reached"
                    : Self.reasonsMessage(reasons[i]))
            for id in podGroup.pods {
                result.events.append(AutoscalerEvent(
                    reason: "NotTriggerScaleUp", kind: "Pod", object: podName(cluster, id),
                    message: message))
            }
        }
        guard !result.options.isEmpty, let chain = try? expanderChain(cluster) else {
            return result
        }
        var context = ExpanderContext(nodeInfos: infos, random: random)
        let best = chain.bestOption(result.options, context: &context)
        random = context.random
        guard let best, let size = sizes[best.nodeGroupID] else { return result }
        var newSize = min(size.current + best.nodeCount, size.max)
        // "Capping size to max cluster total size".
        if options.maxNodesTotal > 0 {
            newSize = min(newSize, size.current + options.maxNodesTotal - totalTarget)
        }
        guard newSize > size.current else { return result }
        result.pool = size.pool
        result.currentSize = size.current
        result.newSize = newSize
        result.triggeringPods = optionPods[best.nodeGroupID] ?? []
        let message = "pod triggered scale-up: [{\(best.nodeGroupID) "
            + "\(size.current)->\(newSize) (max: \(size.max))}]"
        for id in result.triggeringPods {
            result.events.append(AutoscalerEvent(
                reason: "TriggeredScaleUp", kind: "Pod", object: podName(cluster, id),
                message: message))
        }
        return result
    }

    /// The expander chain from the options; `price` prices nodes at their catalog price.
    public func expanderChain(_ cluster: Cluster) throws -> ExpanderStrategy {
        var nodePrices: [String: Double] = [:]
        for (i, pool) in cluster.pools.enumerated() {
            nodePrices[NodeTemplate.forPool(i, in: cluster).name] = poolPricesPerHour[pool.name]
        }
        let price = PriceFilter(
            pricing: ResourcePricingModel(
                nodePricesPerHour: nodePrices, cpuPricePerCoreHour: options.podPricePerCoreHour,
                memoryPricePerGiBHour: options.podPricePerGiBHour),
            preferredNodeProvider: SimplePreferredNodeProvider(
                clusterNodeCount: cluster.liveNodes.count))
        // A priority configuration that does not compile is ignored, as CA ignores a bad
        // ConfigMap update ("Wrong configuration for priority expander ... Ignoring update.").
        let priority = try (try? PriorityFilter(priorities: options.expanderPriorities))
            ?? PriorityFilter(priorities: [:])
        return try ExpanderStrategy(names: options.expanders, price: price, priority: priority)
    }

    /// `ReasonsMessage`: each distinct reason with how many node groups gave it, sorted.
    public static func reasonsMessage(_ reasons: [String]) -> String {
        var counts: [String: Int] = [:]
        for reason in reasons { counts[reason, default: 0] += 1 }
        return counts.map { "\($0.value) \($0.key)" }.sorted().joined(separator: ", ")
    }

    func expanderPod(_ pod: Pod) -> ExpanderPod {
        ExpanderPod(
            name: pod.name, milliCPU: pod.requests.requests.milliCPU,
            memoryBytes: pod.requests.requests.memory)
    }

    func podName(_ cluster: Cluster, _ id: PodID) -> String {
        let pod = cluster.pods[id.index]
        return "\(pod.namespace)/\(pod.name)"
    }
}
