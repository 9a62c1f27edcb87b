// One Cluster Autoscaler loop, run every `--scan-interval`: give up on nodes that never came,
// scale up for unschedulable pods, otherwise look for unneeded nodes and remove them.
// Upstream: cluster-autoscaler/core/static_autoscaler.go (RunOnce, shouldScaleUp),
// clusterstate/clusterstate.go (scale-up requests, GetUpcomingNodes, updateScaleRequests:
// MaxNodeProvisionTime and the ScaleUpTimedOut event), utils/backoff/exponential_backoff.go
// (initial 5m, doubling, max 30m, reset after 3h without failures).

/// The autoscaler's decisions for one loop; the simulation carries them out.
public struct AutoscalerActions: Sendable {
    /// The scale-up, if any: grow pool `pool` by `delta` nodes. The simulation creates the
    /// nodes after their provisioning time and then calls `nodeRegistered(pool:)` once per node.
    public var scaleUp: ScaleUpResult?
    /// The scale-down, if any: taint, drain and delete these nodes (empty ones in bulk).
    public var scaleDown: ScaleDownResult?
    /// Requested nodes given up on after `--max-node-provision-time` (pool, count): the
    /// simulation cancels them (upstream removes the long-unregistered instances and lowers the
    /// group's target size).
    public var timedOut: [(pool: Int, count: Int)] = []
    /// Every event of the loop, in order.
    public var events: [AutoscalerEvent] = []
}

/// A node group's open scale-up (`clusterstate.ScaleUpRequest`).
public struct ScaleUpRequest: Sendable, Equatable {
    /// When nodes were last added to it (ms); each further increase moves it.
    public var time: Int64
    /// `time + --max-node-provision-time`: upcoming nodes still missing then time it out.
    public var expectedAddTime: Int64
}

/// A node group's scale-up backoff (`backoff.exponentialBackoff` entry).
public struct NodeGroupBackoff: Sendable, Equatable {
    /// Backed off until (ms).
    public var until: Int64
    /// The duration of the current backoff (ms).
    public var duration: Int64
    /// The last failure (ms).
    public var lastFailure: Int64
}

/// The Cluster Autoscaler: options plus the state it keeps between loops.
public struct ClusterAutoscaler: Sendable {
    /// The options (changing them makes the next loop re-evaluate scale-down at once).
    public var options: AutoscalingOptions {
        didSet { scaleDown.evaluatedRevision = nil }
    }
    /// The scheduler filters it simulates with.
    public var checker: PredicateChecker
    /// Hourly node prices per pool name, for the `price` expander.
    public var poolPricesPerHour: [String: Double]
    /// Scale-down timers and cooldowns.
    public var scaleDown = ScaleDownState()
    /// Nodes asked for and not registered yet, per pool (the cloud provider's target size
    /// minus the registered nodes).
    public private(set) var unregistered: [Int: Int] = [:]
    /// The open scale-up of each pool, until its nodes are all up or it times out.
    public private(set) var scaleUpRequests: [Int: ScaleUpRequest] = [:]
    /// Pools backed off after a failed scale-up.
    public private(set) var backoff: [Int: NodeGroupBackoff] = [:]
    /// The seeded random source of the `random` expander.
    public var random: SeededRandom

    /// Creates an autoscaler.
    public init(
        options: AutoscalingOptions = AutoscalingOptions(), random: SeededRandom,
        checker: PredicateChecker = PredicateChecker(), poolPricesPerHour: [String: Double] = [:]
    ) {
        self.options = options
        self.random = random
        self.checker = checker
        self.poolPricesPerHour = poolPricesPerHour
    }

    /// `--initial-node-group-backoff-duration` (5m).
    public static let initialBackoffMillis: Int64 = 5 * 60_000
    /// `--max-node-group-backoff-duration` (30m).
    public static let maxBackoffMillis: Int64 = 30 * 60_000
    /// `--node-group-backoff-reset-timeout` (3h).
    public static let backoffResetMillis: Int64 = 3 * 3_600_000
    /// `--max-node-startup-time` (15m): a registered node not Ready within it is no longer
    /// "not started" but unready.
    public static let maxNodeStartupMillis: Int64 = 15 * 60_000

    /// Records that one requested node of `pool` registered (its Node object exists).
    public mutating func nodeRegistered(pool: Int) {
        guard let n = unregistered[pool], n > 0 else { return }
        unregistered[pool] = n > 1 ? n - 1 : nil
    }

    /// Nodes requested for `pool` and not registered yet.
    public func upcoming(pool: Int) -> Int { unregistered[pool] ?? 0 }

    /// Whether `pool` is backed off at `now`.
    public func isBackedOff(pool: Int, now: Int64) -> Bool { (backoff[pool]?.until ?? 0) > now }

    /// Registered nodes of `pool` that are not Ready yet but still within
    /// `--max-node-startup-time` of their creation (`Readiness.NotStarted`): they count as
    /// upcoming (template nodes stand in for them) and are no scale-down candidates.
    public static func notStartedNodes(pool: Int, in cluster: Cluster) -> [NodeID] {
        // Fields read in place: a loop runs this per pool over every node.
        var ids: [NodeID] = []
        for i in cluster.nodes.indices
        where cluster.nodes[i].pool == pool && !cluster.nodes[i].isRemoved
            && cluster.nodes[i].readiness == .notReady
            && cluster.now - cluster.nodes[i].creationTime < maxNodeStartupMillis
        {
            ids.append(NodeID(i))
        }
        return ids
    }

    /// `exponentialBackoff.Backoff`: 5m, doubled by each failure after the previous backoff
    /// ended, at most 30m, back to 5m when the last failure is over 3h old.
    mutating func backOff(pool: Int, now: Int64) {
        var duration = Self.initialBackoffMillis
        if let previous = backoff[pool] {
            if previous.until < now {
                duration = previous.lastFailure + Self.backoffResetMillis < now
                    ? Self.initialBackoffMillis : 2 * previous.duration
            } else {
                duration = previous.duration
            }
            duration = min(duration, Self.maxBackoffMillis)
        }
        backoff[pool] = NodeGroupBackoff(until: now + duration, duration: duration,
                                         lastFailure: now)
    }

    /// `updateScaleRequests`: a request whose nodes are all up is done (and the group's backoff
    /// removed); one past its expected add time timed out: the group is backed off and its
    /// unregistered nodes are given up.
    mutating func updateScaleRequests(
        pools: [Int], notStarted: [Int: Int], in cluster: Cluster, actions: inout AutoscalerActions
    ) {
        let now = cluster.now
        for pool in pools {
            guard let request = scaleUpRequests[pool] else { continue }
            let missing = upcoming(pool: pool) + (notStarted[pool] ?? 0)
            if missing == 0 {
                scaleUpRequests[pool] = nil
                backoff[pool] = nil
                continue
            }
            guard request.expectedAddTime < now else { continue }
            let name = cluster.pools[pool].name
            actions.events.append(AutoscalerEvent(
                type: "Warning", reason: "ScaleUpTimedOut", kind: "ConfigMap",
                object: Self.statusObject,
                message: "Nodes added to group \(name) failed to register within "
                    + "\(SimDuration.ms(now - request.time))"))
            backOff(pool: pool, now: now)
            scaleUpRequests[pool] = nil
            if let count = unregistered[pool], count > 0 {
                actions.timedOut.append((pool, count))
                unregistered[pool] = nil
            }
        }
    }

    /// The status ConfigMap the autoscaler's own events are recorded on.
    public static let statusObject = "kube-system/cluster-autoscaler-status"

    /// Runs one loop (`RunOnce`) at `cluster.now`. `autoscaledPools` are the pools the
    /// autoscaler manages (all pools by default).
    public mutating func runOnce(in cluster: Cluster, autoscaledPools: [Int]? = nil)
        -> AutoscalerActions
    {
        var actions = AutoscalerActions()
        let now = cluster.now
        let pools = autoscaledPools ?? Array(cluster.pools.indices)
        var notStarted: [Int: Int] = [:]
        var notStartedNames = Set<String>()
        for pool in pools {
            let nodes = Self.notStartedNodes(pool: pool, in: cluster)
            if !nodes.isEmpty { notStarted[pool] = nodes.count }
            for id in nodes { notStartedNames.insert(cluster.nodes[id.index].name) }
        }
        updateScaleRequests(pools: pools, notStarted: notStarted, in: cluster, actions: &actions)
        // Scale-up for the pods the scheduler marked unschedulable.
        let pending = cluster.pendingPods.filter { id in
            let pod = cluster.pods[id.index]
            return pod.nodeID == nil && !pod.isRemoved
                && pod.scheduledCondition?.status == "False"
        }
        var readyNodes = 0
        for i in cluster.nodes.indices
        where !cluster.nodes[i].isRemoved && cluster.nodes[i].readiness == .ready {
            readyNodes += 1
        }
        if !pending.isEmpty && options.maxNodesTotal > 0 && readyNodes >= options.maxNodesTotal {
            // shouldScaleUp: ScaleUpLimitedByMaxNodesTotal; ReasonsMessage gives the pods the
            // fixed reason.
            actions.events.append(AutoscalerEvent(
                type: "Warning", reason: "MaxNodesTotalReached", kind: "ConfigMap",
                object: Self.statusObject,
                message: "Max total nodes in cluster reached: \(options.maxNodesTotal)"))
            var result = ScaleUpResult()
            for id in pending where cluster.pods[id.index].daemonSet == nil {
                let pod = cluster.pods[id.index]
                result.noScaleUpPods.append(id)
                actions.events.append(AutoscalerEvent(
                    reason: "NotTriggerScaleUp", kind: "Pod",
                    object: "\(pod.namespace)/\(pod.name)",
                    message: "pod didn't trigger scale-up: max total nodes in cluster reached"))
            }
            actions.scaleUp = result
        } else if !pending.isEmpty {
            let groups = pools.map { pool in
                ScaleUpGroup(
                    pool: pool, upcoming: upcoming(pool: pool) + (notStarted[pool] ?? 0),
                    registeredUpcoming: notStarted[pool] ?? 0,
                    backedOff: isBackedOff(pool: pool, now: now))
            }
            let orchestrator = ScaleUpOrchestrator(
                options: options, checker: checker, poolPricesPerHour: poolPricesPerHour)
            var generator: any RandomNumberGenerator = random
            let result = orchestrator.scaleUp(
                pending: pending, groups: groups, in: cluster, random: &generator)
            if let advanced = generator as? SeededRandom { random = advanced }
            actions.events.append(contentsOf: result.events)
            if let pool = result.pool, result.delta > 0 {
                unregistered[pool, default: 0] += result.delta
                // RegisterOrUpdateScaleUp: a positive delta (re)starts the request's clock.
                scaleUpRequests[pool] = ScaleUpRequest(
                    time: now, expectedAddTime: now + options.maxNodeProvisionTime.milliseconds)
                scaleDown.lastScaleUp = now
                actions.events.append(AutoscalerEvent(
                    reason: "ScaledUpGroup", kind: "ConfigMap", object: Self.statusObject,
                    message: "Scale-up: setting group \(cluster.pools[pool].name) size to "
                        + "\(result.newSize) instead of \(result.currentSize) "
                        + "(max: \(cluster.pools[pool].max))"))
                actions.scaleUp = result
                // A loop that scaled up does not also scale down.
                return actions
            }
            actions.scaleUp = result
        }
        guard options.scaleDownEnabled else { return actions }
        // Registered upcoming nodes are no candidates: they may not be removed before they had
        // a chance to become Ready (static_autoscaler.go, subtractNodesByName).
        if scaleDown.excludedNodes != notStartedNames {
            scaleDown.excludedNodes = notStartedNames
            scaleDown.evaluatedRevision = nil
        }
        let planner = ScaleDownPlanner(options: options, checker: checker)
        planner.update(&scaleDown, in: cluster)
        let result = planner.nodesToDelete(scaleDown, in: cluster)
        actions.events.append(contentsOf: result.events)
        if !result.emptyNodes.isEmpty || !result.drainedNodes.isEmpty {
            scaleDown.lastScaleDownDelete = now
            for node in result.emptyNodes + result.drainedNodes {
                scaleDown.unneededSince[cluster.nodes[node.node.index].name] = nil
            }
            scaleDown.unneeded.removeAll { node in
                result.emptyNodes.contains(node) || result.drainedNodes.contains(node)
            }
        }
        actions.scaleDown = result
        return actions
    }
}
