// Which nodes are unneeded, for how long, and which to delete now.
// Upstream: cluster-autoscaler/core/scaledown/planner/planner.go (UpdateClusterState,
// NodesToDelete, categorizeNodes), core/scaledown/unneeded/nodes.go (Update, RemovableAt),
// simulator/cluster.go (RemovalSimulator.FindNodesToRemove, SimulateNodeRemoval),
// simulator/drain.go + utils/drain/drain.go (GetPodsToMove: BlockedByPod reasons),
// core/scaledown/actuation/actuator.go (events).

/// A node that may be removed, and the pods that would move.
public struct NodeToRemove: Sendable, Equatable {
    /// The node.
    public var node: NodeID
    /// The pods that would be evicted and rescheduled (none for an empty node).
    public var podsToReschedule: [PodID]
    /// The node's utilization.
    public var utilization: Double
}

/// The persistent scale-down state across autoscaler loops.
public struct ScaleDownState: Sendable {
    /// When each node (by name) was first found unneeded, in ms of simulated time.
    public var unneededSince: [String: Int64] = [:]
    /// Nodes found unremovable, by name, and until when they are not rechecked
    /// (`--unremovable-node-recheck-timeout`, 5m).
    public var unremovableUntil: [String: Int64] = [:]
    /// The last scale-up, scale-down deletion and scale-down failure (ms).
    public var lastScaleUp: Int64?
    /// See `lastScaleUp`.
    public var lastScaleDownDelete: Int64?
    /// See `lastScaleUp`.
    public var lastScaleDownFailure: Int64?
    /// The unneeded nodes of the last update, in order.
    public var unneeded: [NodeToRemove] = []
    /// Why the other candidates cannot be removed (node name → reason), last update.
    public var unremovable: [String: UnremovableReason] = [:]
    /// The cluster revision the last update evaluated; while the cluster is unchanged and no
    /// time-dependent input (recheck timeouts, deletion taints, terminating pods) expires, the
    /// result would be the same, so the update is skipped. Nil forces a new evaluation.
    public var evaluatedRevision: UInt64?
    /// When a time-dependent input of the last update expires (ms).
    public var evaluatedValidUntil: Int64 = 0
    /// Nodes that are no candidates (by name): registered upcoming nodes, which must get the
    /// chance to become Ready first.
    public var excludedNodes: Set<String> = []

    /// Creates an empty state.
    public init() {}
}

/// The scale-down decision of one loop.
public struct ScaleDownResult: Sendable {
    /// Empty nodes deleted in bulk.
    public var emptyNodes: [NodeToRemove] = []
    /// Non-empty nodes to drain and delete.
    public var drainedNodes: [NodeToRemove] = []
    /// Why nothing was deleted, when nothing was (e.g. "in cooldown after scale-up").
    public var blockedBy: String?
    /// The events to record.
    public var events: [AutoscalerEvent] = []
}

/// The scale-down planner (`planner.Planner`).
public struct ScaleDownPlanner {
    /// The options.
    public var options: AutoscalingOptions
    /// The scheduler's filters.
    public var checker: PredicateChecker
    /// How long a node found unremovable is not rechecked
    /// (`--unremovable-node-recheck-timeout`, 5m).
    public var unremovableRecheckTimeoutMillis: Int64 = 5 * 60_000

    /// Creates a planner.
    public init(options: AutoscalingOptions, checker: PredicateChecker = PredicateChecker()) {
        self.options = options
        self.checker = checker
    }

    /// Finds the unneeded nodes now and updates their timers (`UpdateClusterState`). Nodes
    /// with a fresh `ToBeDeletedByClusterAutoscaler` taint (value: unix seconds) are being
    /// deleted and are not candidates.
    public func update(_ state: inout ScaleDownState, in cluster: Cluster) {
        let now = cluster.now
        if state.evaluatedRevision == cluster.nodeRevision && now < state.evaluatedValidUntil {
            return
        }
        state.unremovableUntil = state.unremovableUntil.filter { $0.value > now }
        var validUntil = state.unremovableUntil.values.min() ?? Int64.max
        var candidates: [EligibilityNode] = []
        for node in cluster.nodes
        where !node.isRemoved && !state.excludedNodes.contains(node.name) {
            let candidate = eligibilityNode(node, in: cluster, withPods: false)
            if let tainted = candidate.toBeDeletedTaintMillis {
                validUntil = min(validUntil, tainted + ScaleDownEligibility.beingDeletedWindowMillis)
            }
            for pod in cluster.usage[node.id.index].pods {
                if let deleted = cluster.pods[pod.index].deletionTimestamp {
                    validUntil = min(validUntil, deleted + 60_000 + 1)
                }
            }
            candidates.append(candidate)
        }
        // Previously unneeded nodes first, so their timers keep running (planner.go sorts
        // the candidates the same way).
        candidates.sort { a, b in
            (state.unneededSince[a.name] != nil ? 0 : 1) < (state.unneededSince[b.name] != nil ? 0 : 1)
        }
        let groupOptions = Dictionary(
            uniqueKeysWithValues: cluster.pools.map { pool in
                (pool.name, options.nodeGroupEligibility[pool.name] ?? options.eligibility)
            })
        let eligibility = ScaleDownEligibility.filterOutUnremovable(
            candidates, defaults: options.eligibility, groupOptions: groupOptions,
            recentlyUnremovable: Set(state.unremovableUntil.keys), nowMillis: now,
            utilization: { node, options in
                try utilization(of: node, options: options, in: cluster)
            })
        var unremovable: [String: UnremovableReason] = [:]
        for (name, reason) in eligibility.unremovable { unremovable[name] = reason }
        // At most this many underutilized nodes go through the drain simulation per loop
        // (`--scale-down-candidates-pool-ratio`, `--scale-down-candidates-pool-min-count`,
        // plus `--scale-down-non-empty-candidates-count`).
        let limit = max(
            options.scaleDownCandidatesPoolMinCount,
            Int(Double(cluster.liveNodes.count) * options.scaleDownCandidatesPoolRatio))
            + options.scaleDownNonEmptyCandidatesCount
        var sim = cluster
        var removing = Set<NodeID>()
        var perPool: [Int: Int] = [:]
        var unneeded: [NodeToRemove] = []
        var prepared: [WorkloadID: PredicateChecker.Prepared] = [:]
        var cursor = 0
        // Pods moved in the simulation are copies; this maps them back to the real pods.
        var original: [PodID: PodID] = [:]
        for name in eligibility.unneeded.prefix(limit) {
            guard let id = cluster.node(named: name), let pool = cluster.nodes[id.index].pool
            else { continue }
            let group = cluster.pools[pool]
            // Node group minimum size (`NodeGroupMinSizeReached`).
            if group.count - (perPool[pool] ?? 0) <= group.min {
                unremovable[name] = .nodeGroupMinSizeReached
                continue
            }
            // Evaluated on the simulation, where earlier removals' pods may have landed here.
            let (pods, blocked) = podsToMove(id, in: sim)
            if blocked {
                unremovable[name] = .blockedByPod
                continue
            }
            // Drain simulation: every pod must fit on a node that stays. Copies of the pods are
            // bound to their destinations in the simulation (and taken back on failure).
            var moved: [PodID] = []
            var ok = true
            let destinations = sim.liveNodes.filter { $0 != id && !removing.contains($0) }
            for pod in pods {
                let p = sim.pods[pod.index]
                var check = cachedPrepared(p, &prepared, in: sim)
                guard let to = checker.fitsAnyNode(
                    &check, candidates: destinations, cursor: &cursor, in: sim)
                else {
                    ok = false
                    break
                }
                let copy = sim.createPod(
                    name: p.name, namespace: p.namespace, labels: p.labels, spec: p.spec,
                    requests: p.requests, owner: p.owner, nodeID: to)
                original[copy] = original[pod] ?? pod
                moved.append(copy)
            }
            if !ok {
                for copy in moved { sim.removePod(copy) }
                unremovable[name] = .noPlaceToMovePods
                continue
            }
            // The node leaves the simulation with its pods (`RemoveNode`).
            sim.removeNode(id)
            removing.insert(id)
            perPool[pool, default: 0] += 1
            unneeded.append(NodeToRemove(
                node: id, podsToReschedule: pods.map { original[$0] ?? $0 },
                utilization: eligibility.utilization[name]?.utilization ?? 0))
        }
        // Timers: a node keeps its first "unneeded since"; others are forgotten.
        var since: [String: Int64] = [:]
        for node in unneeded {
            let name = cluster.nodes[node.node.index].name
            since[name] = state.unneededSince[name] ?? now
        }
        state.unneededSince = since
        state.unneeded = unneeded
        state.unremovable = unremovable
        for (name, reason) in unremovable
        where reason == .blockedByPod || reason == .noPlaceToMovePods {
            state.unremovableUntil[name] = now + unremovableRecheckTimeoutMillis
            validUntil = min(validUntil, now + unremovableRecheckTimeoutMillis)
        }
        state.evaluatedRevision = cluster.nodeRevision
        state.evaluatedValidUntil = validUntil
    }

    /// The nodes to delete now (`NodesToDelete`), honouring the cooldowns after a scale-up,
    /// a deletion and a failure.
    public func nodesToDelete(_ state: ScaleDownState, in cluster: Cluster) -> ScaleDownResult {
        var result = ScaleDownResult()
        let now = cluster.now
        if let t = state.lastScaleUp, now < t + options.scaleDownDelayAfterAdd.milliseconds {
            result.blockedBy = "scale-down in cooldown after scale-up"
            return result
        }
        if let t = state.lastScaleDownDelete,
            now < t + options.scaleDownDelayAfterDelete.milliseconds
        {
            result.blockedBy = "scale-down in cooldown after deletion"
            return result
        }
        if let t = state.lastScaleDownFailure,
            now < t + options.scaleDownDelayAfterFailure.milliseconds
        {
            result.blockedBy = "scale-down in cooldown after failure"
            return result
        }
        let budget = options.maxScaleDownParallelism
        for candidate in state.unneeded {
            let node = cluster.nodes[candidate.node.index]
            guard !node.isRemoved, let since = state.unneededSince[node.name] else { continue }
            // Unready nodes wait `--scale-down-unready-time`, ready ones
            // `--scale-down-unneeded-time` (unneeded/nodes.go RemovableAt).
            let wait = node.readiness == .ready
                ? options.scaleDownUnneededTime : options.scaleDownUnreadyTime
            guard now - since >= wait.milliseconds else { continue }
            if candidate.podsToReschedule.isEmpty {
                if result.emptyNodes.count < min(options.maxEmptyBulkDelete, budget) {
                    result.emptyNodes.append(candidate)
                }
            } else if result.drainedNodes.count < options.maxDrainParallelism
                && result.emptyNodes.count + result.drainedNodes.count < budget
            {
                result.drainedNodes.append(candidate)
            }
        }
        for candidate in result.emptyNodes {
            let name = cluster.nodes[candidate.node.index].name
            result.events.append(AutoscalerEvent(
                reason: "ScaleDownEmpty", kind: "ConfigMap",
                object: "kube-system/cluster-autoscaler-status",
                message: "Scale-down: removing empty node \"\(name)\""))
            result.events.append(AutoscalerEvent(
                reason: "ScaleDown", kind: "Node", object: name,
                message: "marked the node as toBeDeleted/unschedulable"))
        }
        for candidate in result.drainedNodes {
            let name = cluster.nodes[candidate.node.index].name
            let pods = candidate.podsToReschedule.map { id -> String in
                let pod = cluster.pods[id.index]
                return "\(pod.namespace)/\(pod.name)"
            }
            result.events.append(AutoscalerEvent(
                reason: "ScaleDown", kind: "ConfigMap",
                object: "kube-system/cluster-autoscaler-status",
                message: "Scale-down: removing node \(name), utilization: "
                    + "\(candidate.utilization), pods to reschedule: "
                    + pods.joined(separator: ",")))
            result.events.append(AutoscalerEvent(
                reason: "ScaleDown", kind: "Node", object: name,
                message: "marked the node as toBeDeleted/unschedulable"))
            for pod in pods {
                result.events.append(AutoscalerEvent(
                    reason: "ScaleDown", kind: "Pod", object: pod,
                    message: "deleting pod for node scale down"))
            }
        }
        return result
    }

    /// The pods that must move off a node, and whether one of them blocks the removal
    /// (`GetPodsToMove`): DaemonSet and mirror pods stay; terminating pods are ignored; a pod
    /// without a controller, or a kube-system pod with `--skip-nodes-with-system-pods`,
    /// blocks.
    func podsToMove(_ node: NodeID, in cluster: Cluster) -> ([PodID], blocked: Bool) {
        var pods: [PodID] = []
        for id in cluster.usage[node.index].pods {
            let pod = cluster.pods[id.index]
            if pod.daemonSet != nil || pod.deletionTimestamp != nil { continue }
            if pod.owner == nil { return ([], true) }
            if options.skipNodesWithSystemPods && pod.namespace == "kube-system" {
                return ([], true)
            }
            pods.append(id)
        }
        return (pods, false)
    }

    /// A prepared filter check, shared by the pods of one workload with the same spec.
    func cachedPrepared(
        _ pod: Pod, _ cache: inout [WorkloadID: PredicateChecker.Prepared], in cluster: Cluster
    ) -> PredicateChecker.Prepared {
        if let owner = pod.owner, var hit = cache[owner], hit.pod.spec == pod.spec,
            hit.pod.labels == pod.labels, !hit.isPlacementDependent
        {
            hit.pod = pod
            return hit
        }
        let fresh = checker.prepare(pod, in: cluster)
        if let owner = pod.owner { cache[owner] = fresh }
        return fresh
    }

    /// A node's utilization (`NodeUtilization.calculate`) read from the cluster's pod table.
    /// CPU and memory nodes are summed in place, with the same rules as `utilization(of:)`
    /// (DaemonSet pods factored out when ignored, long-terminating pods not counted), without
    /// building a request map per pod; GPU nodes take the general path.
    func utilization(of candidate: EligibilityNode, options: ScaleDownEligibilityOptions,
                     in cluster: Cluster) throws -> UtilizationInfo {
        guard let id = cluster.node(named: candidate.name) else {
            throw UtilizationError(description: "no node \(candidate.name)")
        }
        let node = cluster.nodes[id.index]
        if candidate.gpuConfig != nil {
            let full = eligibilityNode(node, in: cluster, withPods: true)
            return try NodeUtilization.calculate(
                nodeName: full.name, allocatable: full.allocatable, pods: full.pods,
                skipDaemonSetPods: options.ignoreDaemonSetsUtilization,
                skipMirrorPods: options.ignoreMirrorPodsUtilization,
                gpuConfig: full.gpuConfig, nowMillis: cluster.now)
        }
        let allocCPU = node.allocatable.milliCPU, allocMemory = node.allocatable.memory
        if allocCPU == 0 { throw UtilizationError(description: "cpu is 0 at \(node.name)") }
        if allocMemory == 0 {
            throw UtilizationError(description: "memory is 0 at \(node.name)")
        }
        var cpu: Int64 = 0, memory: Int64 = 0, excludedCPU: Int64 = 0, excludedMemory: Int64 = 0
        for podID in cluster.usage[id.index].pods {
            let pod = cluster.pods[podID.index]
            let r = pod.requests.requests
            if options.ignoreDaemonSetsUtilization && pod.daemonSet != nil {
                excludedCPU += r.milliCPU
                excludedMemory += r.memory
                continue
            }
            // UtilizationPod.isLongTerminating with the default 30 s grace period.
            if let deleted = pod.deletionTimestamp, deleted + 60_000 < cluster.now { continue }
            cpu += r.milliCPU
            memory += r.memory
        }
        var info = UtilizationInfo()
        info.cpuUtil = Double(cpu) / Double(allocCPU - excludedCPU)
        info.memUtil = Double(memory) / Double(allocMemory - excludedMemory)
        // A tie reports memory (info.go: `if cpu > mem`).
        if info.cpuUtil > info.memUtil {
            info.resourceName = ResourceName.cpu
            info.utilization = info.cpuUtil
        } else {
            info.resourceName = ResourceName.memory
            info.utilization = info.memUtil
        }
        return info
    }

    /// The eligibility view of a cluster node (its pods only when `withPods`).
    func eligibilityNode(_ node: Node, in cluster: Cluster, withPods: Bool) -> EligibilityNode {
        var allocatable: [String: Int64] = node.allocatable.scalar
        allocatable[ResourceName.cpu] = node.allocatable.milliCPU
        allocatable[ResourceName.memory] = node.allocatable.memory
        let ids = withPods ? cluster.usage[node.id.index].pods : []
        let pods = ids.map { id -> UtilizationPod in
            let pod = cluster.pods[id.index]
            var requests = pod.requests.requests.scalar
            requests[ResourceName.cpu] = pod.requests.requests.milliCPU
            requests[ResourceName.memory] = pod.requests.requests.memory
            return UtilizationPod(
                requests: requests, isDaemonSet: pod.daemonSet != nil,
                deletionTimestampMillis: pod.deletionTimestamp)
        }
        let taint = node.taints.first { $0.key == ScaleDownEligibility.toBeDeletedTaint }
        let gpu = (node.allocatable.scalar[GPULabels.nvidiaGPUResource] ?? 0) > 0
            || node.labels.keys.contains { GPULabels.all.contains($0) }
        return EligibilityNode(
            name: node.name, nodeGroupID: node.pool.map { cluster.pools[$0].name },
            isReady: node.readiness == .ready,
            toBeDeletedTaintMillis: taint.flatMap { Int64($0.value) }.map { $0 * 1000 },
            gpuConfig: gpu ? GPUConfig() : nil, allocatable: allocatable, pods: pods)
    }
}
