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
    /// The eligibility views of the live nodes (without pods), and the `nodeSpecRevision` and
    /// node count they were built at.
    var candidateViews: [EligibilityNode] = []
    /// See `candidateViews`.
    var candidateViewsKey: (revision: UInt64, nodes: Int)?
    /// Each node's sums of pod requests for its utilization, by node index.
    var requestTotals: [NodeRequestTotals] = []

    /// Creates an empty state.
    public init() {}
}

/// A node's pod requests summed for its utilization, valid while the node's pods are unchanged
/// (`NodeUsage.stamp`: binding, removal and the start of a deletion change it). With a
/// terminating pod on the node the sums depend on the time (long-terminating pods stop
/// counting), so such a node is summed afresh each loop.
struct NodeRequestTotals: Sendable {
    /// The node's `NodeUsage.stamp` when summed (`.max`: never).
    var stamp: UInt64 = .max
    /// Whether a pod on the node has a deletion timestamp (then the sums below are unused).
    var terminating = false
    /// CPU (millicores) and memory (bytes) requested by DaemonSet pods.
    var daemonCPU: Int64 = 0
    /// See `daemonCPU`.
    var daemonMemory: Int64 = 0
    /// CPU (millicores) and memory (bytes) requested by the other pods.
    var otherCPU: Int64 = 0
    /// See `otherCPU`.
    var otherMemory: Int64 = 0
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
        // The candidates' eligibility views change only with the nodes' own state
        // (`nodeSpecRevision`), not with the pods that come and go.
        let viewsKey = (revision: cluster.nodeSpecRevision, nodes: cluster.nodes.count)
        if state.candidateViewsKey.map({ $0 != viewsKey }) ?? true {
            state.candidateViews = cluster.nodes.compactMap { node in
                node.isRemoved ? nil : eligibilityNode(node, in: cluster, withPods: false)
            }
            state.candidateViewsKey = viewsKey
        }
        var previous: [EligibilityNode] = [], others: [EligibilityNode] = []
        for candidate in state.candidateViews
        where state.excludedNodes.isEmpty || !state.excludedNodes.contains(candidate.name) {
            if let tainted = candidate.toBeDeletedTaintMillis {
                validUntil = min(validUntil, tainted + ScaleDownEligibility.beingDeletedWindowMillis)
            }
            if let id = cluster.node(named: candidate.name) {
                let i = id.index
                let missing = cluster.nodes.count - state.requestTotals.count
                if missing > 0 {
                    state.requestTotals.append(
                        contentsOf: repeatElement(NodeRequestTotals(), count: missing))
                }
                // A node's sums are kept until its pods change: most nodes of a large cluster
                // are unchanged between two loops, and their pods are scattered in the pod table.
                if state.requestTotals[i].stamp != cluster.usage[i].stamp
                    || state.requestTotals[i].terminating
                {
                    state.requestTotals[i] = requestTotals(of: id, in: cluster)
                }
                if state.requestTotals[i].terminating {
                    for pod in cluster.usage[i].pods {
                        if let deleted = cluster.pods[pod.index].deletionTimestamp {
                            validUntil = min(validUntil, deleted + 60_000 + 1)
                        }
                    }
                }
            }
            // Previously unneeded nodes first, so their timers keep running (planner.go sorts
            // the candidates the same way); a stable partition keeps the node order within each.
            if state.unneededSince[candidate.name] != nil {
                previous.append(candidate)
            } else {
                others.append(candidate)
            }
        }
        let candidates = previous + others
        let groupOptions = Dictionary(
            uniqueKeysWithValues: cluster.pools.map { pool in
                (pool.name, options.nodeGroupEligibility[pool.name] ?? options.eligibility)
            })
        let totals = state.requestTotals
        let eligibility = ScaleDownEligibility.filterOutUnremovable(
            candidates, defaults: options.eligibility, groupOptions: groupOptions,
            recentlyUnremovable: Set(state.unremovableUntil.keys), nowMillis: now,
            utilization: { node, options in
                try utilization(of: node, options: options, totals: totals, in: cluster)
            })
        var unremovable: [String: UnremovableReason] = [:]
        for (name, reason) in eligibility.unremovable { unremovable[name] = reason }
        // How many non-empty nodes the drain simulation looks at (legacy.go
        // UpdateUnneededNodes, chooseCandidates): every node that was unneeded in the previous
        // loop is re-checked; of the others at most a pool of
        // max(ceil(--scale-down-candidates-pool-ratio x nodes),
        // --scale-down-candidates-pool-min-count) is simulated, and only until
        // --scale-down-non-empty-candidates-count non-empty nodes are unneeded in all (a
        // non-positive count turns the limit off). Empty nodes need no simulation and are not
        // limited.
        let nonEmptyLimit = options.scaleDownNonEmptyCandidatesCount
        let poolSize = max(
            options.scaleDownCandidatesPoolMinCount,
            Int((Double(cluster.liveNodes.count) * options.scaleDownCandidatesPoolRatio)
                .rounded(.up)))
        var nonEmptyUnneeded = 0, poolUsed = 0
        // The drain simulation runs on a fork of the cluster with what-if moves (see
        // DrainSimulation.swift): the pods keep their ids, so no mapping back is needed.
        var sim = cluster
        let live = cluster.liveNodes
        var removed = [Bool](repeating: false, count: cluster.nodes.count)
        var perPool: [Int: Int] = [:]
        var unneeded: [NodeToRemove] = []
        var prepared: [WorkloadID: PredicateChecker.Prepared] = [:]
        var cursor = 0
        var destinations: [NodeID] = []
        destinations.reserveCapacity(live.count)
        for name in eligibility.unneeded {
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
            let nonEmpty = blocked || !pods.isEmpty
            if nonEmpty && nonEmptyLimit > 0 && state.unneededSince[name] == nil {
                // Not unneeded last loop: one of the limited pool of additional candidates.
                guard poolUsed < poolSize && nonEmptyUnneeded < nonEmptyLimit else { continue }
                poolUsed += 1
            }
            if blocked {
                unremovable[name] = .blockedByPod
                continue
            }
            // Drain simulation: every pod must fit on a node that stays. The pods are moved to
            // their destinations in the simulation (and taken back on failure).
            var moved: [(pod: PodID, to: NodeID)] = []
            var ok = true
            destinations.removeAll(keepingCapacity: true)
            for node in live where node != id && !removed[node.index] {
                destinations.append(node)
            }
            for pod in pods {
                var check = cachedPrepared(sim.pods[pod.index], &prepared, in: sim)
                guard let to = checker.fitsAnyNode(
                    &check, candidates: destinations, cursor: &cursor, in: sim)
                else {
                    ok = false
                    break
                }
                sim.simulateMove(pod, to: to)
                moved.append((pod, to))
            }
            if !ok {
                for move in moved.reversed() { sim.undoSimulatedMove(move.pod, from: move.to) }
                unremovable[name] = .noPlaceToMovePods
                continue
            }
            // The node leaves the simulation with its pods (`RemoveNode`).
            sim.simulateNodeRemoval(id)
            removed[id.index] = true
            perPool[pool, default: 0] += 1
            if nonEmpty { nonEmptyUnneeded += 1 }
            unneeded.append(NodeToRemove(
                node: id, podsToReschedule: pods,
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
            // Fields read in place (no copy of each pod).
            if cluster.pods[id.index].daemonSet != nil
                || cluster.pods[id.index].deletionTimestamp != nil
            {
                continue
            }
            if cluster.pods[id.index].owner == nil { return ([], true) }
            if options.skipNodesWithSystemPods && cluster.pods[id.index].namespace == "kube-system" {
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
                     totals: [NodeRequestTotals] = [], in cluster: Cluster) throws
        -> UtilizationInfo
    {
        guard let id = cluster.node(named: candidate.name) else {
            throw UtilizationError(description: "no node \(candidate.name)")
        }
        if candidate.gpuConfig != nil {
            let full = eligibilityNode(cluster.nodes[id.index], in: cluster, withPods: true)
            return try NodeUtilization.calculate(
                nodeName: full.name, allocatable: full.allocatable, pods: full.pods,
                skipDaemonSetPods: options.ignoreDaemonSetsUtilization,
                skipMirrorPods: options.ignoreMirrorPodsUtilization,
                gpuConfig: full.gpuConfig, nowMillis: cluster.now)
        }
        // The node's fields are read in place too (a copy of the Node is a retain per field).
        let allocCPU = cluster.nodes[id.index].allocatable.milliCPU
        let allocMemory = cluster.nodes[id.index].allocatable.memory
        if allocCPU == 0 { throw UtilizationError(description: "cpu is 0 at \(candidate.name)") }
        if allocMemory == 0 {
            throw UtilizationError(description: "memory is 0 at \(candidate.name)")
        }
        var cpu: Int64 = 0, memory: Int64 = 0, excludedCPU: Int64 = 0, excludedMemory: Int64 = 0
        if id.index < totals.count, totals[id.index].stamp == cluster.usage[id.index].stamp,
            !totals[id.index].terminating
        {
            // The same sums from the loop's cache (no pod is terminating here).
            let t = totals[id.index]
            cpu = t.otherCPU
            memory = t.otherMemory
            if options.ignoreDaemonSetsUtilization {
                excludedCPU = t.daemonCPU
                excludedMemory = t.daemonMemory
            } else {
                cpu += t.daemonCPU
                memory += t.daemonMemory
            }
            return Self.utilizationInfo(
                cpu: cpu, memory: memory, allocCPU: allocCPU - excludedCPU,
                allocMemory: allocMemory - excludedMemory)
        }
        // The pod table's fields are read in place (no copy of each pod).
        for podID in cluster.usage[id.index].pods {
            let milliCPU = cluster.pods[podID.index].requests.requests.milliCPU
            let bytes = cluster.pods[podID.index].requests.requests.memory
            if options.ignoreDaemonSetsUtilization && cluster.pods[podID.index].daemonSet != nil {
                excludedCPU += milliCPU
                excludedMemory += bytes
                continue
            }
            // UtilizationPod.isLongTerminating with the default 30 s grace period.
            if let deleted = cluster.pods[podID.index].deletionTimestamp,
                deleted + 60_000 < cluster.now
            {
                continue
            }
            cpu += milliCPU
            memory += bytes
        }
        return Self.utilizationInfo(
            cpu: cpu, memory: memory, allocCPU: allocCPU - excludedCPU,
            allocMemory: allocMemory - excludedMemory)
    }

    /// CPU and memory utilization of requests against allocatable, the higher one reported.
    static func utilizationInfo(cpu: Int64, memory: Int64, allocCPU: Int64, allocMemory: Int64)
        -> UtilizationInfo
    {
        var info = UtilizationInfo()
        info.cpuUtil = Double(cpu) / Double(allocCPU)
        info.memUtil = Double(memory) / Double(allocMemory)
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

    /// The request sums of node `id`'s pods, read in place.
    func requestTotals(of id: NodeID, in cluster: Cluster) -> NodeRequestTotals {
        var t = NodeRequestTotals()
        t.stamp = cluster.usage[id.index].stamp
        for podID in cluster.usage[id.index].pods {
            if cluster.pods[podID.index].deletionTimestamp != nil { t.terminating = true }
            let milliCPU = cluster.pods[podID.index].requests.requests.milliCPU
            let bytes = cluster.pods[podID.index].requests.requests.memory
            if cluster.pods[podID.index].daemonSet != nil {
                t.daemonCPU += milliCPU
                t.daemonMemory += bytes
            } else {
                t.otherCPU += milliCPU
                t.otherMemory += bytes
            }
        }
        return t
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
