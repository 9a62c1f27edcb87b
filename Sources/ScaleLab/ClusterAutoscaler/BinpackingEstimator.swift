// How many nodes of a template the pending pods need: first-fit decreasing over a fork of the
// cluster, with the scheduler's filters deciding every fit.
// Upstream: cluster-autoscaler/estimator/binpacking_estimator.go (Estimate,
// tryToScheduleOnExistingNodes, tryToScheduleOnNewNodes, tryFastPath, addNewNodeToSnapshot),
// at kubernetes/autoscaler f7bb0c36 (see reference/cluster-autoscaler.md §1).

/// The estimate for one node group.
public struct NodeEstimate: Sendable, Equatable {
    /// Distinct nodes that got at least one pod (new nodes, virtual fast-path nodes, and any
    /// existing node the topology fallback used).
    public var nodeCount: Int
    /// The pods that would schedule, in the order they were placed.
    public var scheduledPods: [PodID]
}

/// The binpacking estimator (`BinpackingNodeEstimator`).
public struct BinpackingEstimator {
    /// The scheduler filters.
    public var checker: PredicateChecker
    /// The limits (`--max-nodes-per-scaleup`, `--max-nodegroup-binpacking-duration`,
    /// `--max-nodes-total`, the node group's room).
    public var limiter: ThresholdBasedLimiter
    /// `--fastpath-binpacking-enabled` (default false).
    public var fastpathEnabled: Bool

    /// Creates an estimator.
    public init(
        checker: PredicateChecker = PredicateChecker(), limiter: ThresholdBasedLimiter,
        fastpathEnabled: Bool = false
    ) {
        self.checker = checker
        self.limiter = limiter
        self.fastpathEnabled = fastpathEnabled
    }

    /// The state of one estimation (`estimationState`).
    struct State {
        var snapshot: Cluster
        var nameIndex = 0
        var lastNode: NodeID?
        var newNodes: [NodeID] = []
        var newNodesWithPods = Set<NodeID>()
        var virtualNodesWithPods = 0
        var scheduled: [PodID] = []
        var cursor = 0
    }

    /// Estimates the nodes of `template` that the pending pods of `groups` need.
    /// - Parameters:
    ///   - groups: equivalence groups of pending (unbound) pods of `cluster`.
    ///   - template: the node group's template node.
    ///   - nodeGroup: the node group's size bounds (for the similar-node-group threshold).
    ///   - context: the estimation context (for the cluster and similar-group thresholds).
    ///   - cluster: the cluster; it is forked, never changed.
    public mutating func estimate(
        _ groups: [PodEquivalenceGroup<PodID>], template: NodeTemplate,
        nodeGroup: NodeGroupSize? = nil, context: EstimationContext? = nil, in cluster: Cluster
    ) -> NodeEstimate {
        limiter.startEstimation(nodeGroup: nodeGroup, context: context)
        defer { limiter.endEstimation() }
        var ordered = DecreasingPodOrderer.order(
            groups, allocatableMilliCPU: template.allocatable.milliCPU,
            allocatableMemoryBytes: template.allocatable.memory)
        var fastpathLast = false
        if fastpathEnabled {
            let best = FastpathSelection.bestGroup(
                ordered, capacityMilliCPU: template.capacity.milliCPU,
                capacityMemoryBytes: template.capacity.memory)
            if best != -1 {
                ordered.append(ordered.remove(at: best))
                fastpathLast = true
            }
        }
        // The fork: a copy of the cluster value; the original is untouched (Revert).
        var state = State(snapshot: cluster)
        var newNodesAvailable = true
        for (i, group) in ordered.enumerated() {
            let remaining = tryExistingNewNodes(group.pods, &state)
            guard newNodesAvailable else { continue }
            if fastpathLast && i == ordered.count - 1 {
                newNodesAvailable = tryFastPath(remaining, template: template, &state)
            } else {
                newNodesAvailable = tryNewNodes(remaining, template: template, &state)
            }
        }
        return NodeEstimate(
            nodeCount: state.newNodesWithPods.count + state.virtualNodesWithPods,
            scheduledPods: state.scheduled)
    }

    /// Puts each pod on any node added so far; stops at the first pod that fits none and
    /// returns it and the rest (`tryToScheduleOnExistingNodes`). Cluster nodes are not tried.
    func tryExistingNewNodes(_ pods: [PodID], _ state: inout State) -> ArraySlice<PodID> {
        guard let first = pods.first else { return [] }
        var prepared = checker.prepare(state.snapshot.pods[first.index], in: state.snapshot)
        for (i, pod) in pods.enumerated() {
            prepared.pod = state.snapshot.pods[pod.index]
            guard let node = checker.fitsAnyNode(
                &prepared, candidates: state.newNodes, cursor: &state.cursor,
                in: state.snapshot)
            else { return pods[i...] }
            place(pod, on: node, &state)
        }
        return []
    }

    /// Adds nodes for the pods (`tryToScheduleOnNewNodes`). False when the limiter refused a
    /// node: later groups then only use nodes already added.
    mutating func tryNewNodes(_ pods: ArraySlice<PodID>, template: NodeTemplate, _ state: inout State)
        -> Bool
    {
        guard let first = pods.first else { return true }
        var prepared = checker.prepare(state.snapshot.pods[first.index], in: state.snapshot)
        let usesHostnameSpread = prepared.pod.spec.topologySpreadConstraints.contains {
            $0.topologyKey == WellKnownLabels.hostname
        }
        for pod in pods {
            prepared.pod = state.snapshot.pods[pod.index]
            var found = false
            if let last = state.lastNode {
                // Only the node added last is tried.
                let status = checker.check(&prepared, node: last, in: state.snapshot)
                if status.isSuccess {
                    place(pod, on: last, &state)
                    found = true
                } else if usesHostnameSpread,
                    status.reasons.contains(PodTopologySpread.reasonConstraintsNotMatch)
                {
                    // Hostname spreading can be satisfied retroactively: any other node,
                    // cluster nodes included, may take the pod now (l.211-227).
                    let others = state.snapshot.liveNodes.filter { $0 != last }
                    if let node = checker.fitsAnyNode(
                        &prepared, candidates: others, cursor: &state.cursor,
                        in: state.snapshot)
                    {
                        place(pod, on: node, &state)
                        found = true
                    }
                }
            }
            if found { continue }
            // The last node is empty and the pod did not fit it: a new node would not help.
            if let last = state.lastNode, !state.newNodesWithPods.contains(last) { return true }
            // The limiter check comes last, right before a node is really added.
            if !limiter.permissionToAddNode() { return false }
            guard let node = addNode(template: template, &state) else { return true }
            // A pod that does not fit a fresh node (e.g. zonal spreading) cannot be helped;
            // the empty node stays in the snapshot and the group stops here.
            if !checker.check(&prepared, node: node, in: state.snapshot).isSuccess { break }
            place(pod, on: node, &state)
        }
        return true
    }

    /// Simulates one node and extrapolates the rest of the group (`tryFastPath`).
    mutating func tryFastPath(_ pods: ArraySlice<PodID>, template: NodeTemplate, _ state: inout State)
        -> Bool
    {
        guard let first = pods.first else { return true }
        if !limiter.permissionToAddNode() { return false }
        guard let node = addNode(template: template, &state) else { return true }
        var prepared = checker.prepare(state.snapshot.pods[first.index], in: state.snapshot)
        var perNode = 0
        for pod in pods {
            prepared.pod = state.snapshot.pods[pod.index]
            guard checker.check(&prepared, node: node, in: state.snapshot).isSuccess else {
                break
            }
            place(pod, on: node, &state)
            perNode += 1
        }
        if perNode == 0 { return true }
        let scaleUp = (pods.count + perNode - 1) / perNode
        var next = pods.startIndex + perNode
        for _ in 1..<max(scaleUp, 1) {
            if !limiter.permissionToAddNode() { return false }
            // A virtual node "<last>-fake-<j>": counted, never simulated.
            let end = min(next + perNode, pods.endIndex)
            state.scheduled.append(contentsOf: pods[next..<end])
            state.virtualNodesWithPods += 1
            next = end
        }
        return true
    }

    /// Binds `pod` to `node` in the fork and records it (`tryToAddNode`).
    func place(_ pod: PodID, on node: NodeID, _ state: inout State) {
        // A what-if placement: the node's aggregates take the pod, the pod table is not
        // copied into the fork (DrainSimulation.swift).
        state.snapshot.simulateMove(pod, to: node)
        state.newNodesWithPods.insert(node)
        state.scheduled.append(pod)
    }

    /// Adds `<template>-e-<N>` to the fork (`addNewNodeToSnapshot`).
    func addNode(template: NodeTemplate, _ state: inout State) -> NodeID? {
        guard let node = try? template.addNode(
            suffix: "e-\(state.nameIndex)", to: &state.snapshot)
        else { return nil }
        state.nameIndex += 1
        state.lastNode = node
        state.newNodes.append(node)
        return node
    }
}
