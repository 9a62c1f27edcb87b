// One Cluster Autoscaler loop, run every `--scan-interval`: give up on nodes that never came,
// scale up for unschedulable pods, otherwise look for unneeded nodes and remove them.
// Upstream: cluster-autoscaler/core/static_autoscaler.go (RunOnce),
// clusterstate/clusterstate.go (upcoming nodes, MaxNodeProvisionTime, backoff),
// utils/backoff/exponential_backoff.go (initial 5m, max 30m).

/// The autoscaler's decisions for one loop; the simulation carries them out.
public struct AutoscalerActions: Sendable {
    /// The scale-up, if any: grow pool `pool` by `delta` nodes. The simulation creates the
    /// nodes after their provisioning time and then calls `nodeRegistered(pool:)` once per node.
    public var scaleUp: ScaleUpResult?
    /// The scale-down, if any: taint, drain and delete these nodes (empty ones in bulk).
    public var scaleDown: ScaleDownResult?
    /// Requested nodes given up on after `--max-node-provision-time` (pool, count): the
    /// simulation cancels them.
    public var timedOut: [(pool: Int, count: Int)] = []
    /// Every event of the loop, in order.
    public var events: [AutoscalerEvent] = []
}

/// The Cluster Autoscaler: options plus the state it keeps between loops.
public struct ClusterAutoscaler {
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
    /// For each pool, when each requested-but-unregistered node was asked for (oldest first).
    public private(set) var requested: [Int: [Int64]] = [:]
    /// Pools backed off after a failed scale-up, until when (ms).
    public private(set) var backoffUntil: [Int: Int64] = [:]
    /// The seeded random source of the `random` expander.
    public var random: any RandomNumberGenerator

    /// Creates an autoscaler.
    public init(
        options: AutoscalingOptions = AutoscalingOptions(), random: any RandomNumberGenerator,
        checker: PredicateChecker = PredicateChecker(), poolPricesPerHour: [String: Double] = [:]
    ) {
        self.options = options
        self.random = random
        self.checker = checker
        self.poolPricesPerHour = poolPricesPerHour
    }

    /// The initial backoff of a node group whose scale-up failed (5m).
    public static let initialBackoffMillis: Int64 = 5 * 60_000

    /// Records that one requested node of `pool` registered (the oldest request is served).
    public mutating func nodeRegistered(pool: Int) {
        if var list = requested[pool], !list.isEmpty {
            list.removeFirst()
            requested[pool] = list.isEmpty ? nil : list
        }
    }

    /// Nodes requested for `pool` and not registered yet.
    public func upcoming(pool: Int) -> Int { requested[pool]?.count ?? 0 }

    /// Runs one loop (`RunOnce`) at `cluster.now`. `autoscaledPools` are the pools the
    /// autoscaler manages (all pools by default).
    public mutating func runOnce(in cluster: Cluster, autoscaledPools: [Int]? = nil)
        -> AutoscalerActions
    {
        var actions = AutoscalerActions()
        let now = cluster.now
        let pools = autoscaledPools ?? Array(cluster.pools.indices)
        // Nodes that did not register within --max-node-provision-time: the scale-up failed;
        // the group is backed off and the target size decreased.
        for pool in pools {
            guard let list = requested[pool] else { continue }
            let expired = list.filter { now - $0 > options.maxNodeProvisionTime.milliseconds }
            guard !expired.isEmpty else { continue }
            requested[pool] = list.count == expired.count ? nil
                : Array(list.dropFirst(expired.count))
            backoffUntil[pool] = now + Self.initialBackoffMillis
            scaleDown.lastScaleDownFailure = now
            actions.timedOut.append((pool, expired.count))
            actions.events.append(AutoscalerEvent(
                type: "Warning", reason: "FailedToScaleUpGroup", kind: "ConfigMap",
                object: "kube-system/cluster-autoscaler-status",
                message: "Scale-up timed out for node group \(cluster.pools[pool].name) after "
                    + "\(options.maxNodeProvisionTime)"))
        }
        // Scale-up for the pods the scheduler marked unschedulable.
        let pending = cluster.pendingPods.filter { id in
            let pod = cluster.pods[id.index]
            return pod.nodeID == nil && !pod.isRemoved
                && pod.scheduledCondition?.status == "False"
        }
        if !pending.isEmpty {
            let groups = pools.filter { (backoffUntil[$0] ?? 0) <= now }.map {
                ScaleUpGroup(pool: $0, upcoming: upcoming(pool: $0))
            }
            let orchestrator = ScaleUpOrchestrator(
                options: options, checker: checker, poolPricesPerHour: poolPricesPerHour)
            let result = orchestrator.scaleUp(
                pending: pending, groups: groups, in: cluster, random: &random)
            actions.events.append(contentsOf: result.events)
            if let pool = result.pool, result.delta > 0 {
                requested[pool, default: []].append(
                    contentsOf: Array(repeating: now, count: result.delta))
                scaleDown.lastScaleUp = now
                actions.events.append(AutoscalerEvent(
                    reason: "ScaledUpGroup", kind: "ConfigMap",
                    object: "kube-system/cluster-autoscaler-status",
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
