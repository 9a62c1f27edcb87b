/// The scheduling cycle of kube-scheduler's default profile over a `Cluster`
/// (`pkg/scheduler/schedule_one.go`: findNodesThatFitPod, prioritizeNodes, selectHost),
/// evaluating every node (percentageOfNodesToScore 100).
public struct SchedulingFramework: Sendable {
    /// The profile.
    public var profile: SchedulerProfile
    /// Creates a framework.
    public init(profile: SchedulerProfile = SchedulerProfile()) { self.profile = profile }

    /// The outcome of one scheduling attempt.
    public enum Outcome: Sendable {
        /// The chosen node.
        case node(NodeID)
        /// No node fits; the FitError explains why.
        case unschedulable(FitError)
    }

    /// Per-pod data computed once per cycle (the PreFilter phase).
    struct Cycle {
        var pod: Pod
        var nodes: [NodeID]
        var restricted: Set<String>?
        var spreadFilter: PodTopologySpread.FilterState?
        var affinityFilter: InterPodAffinity.FilterState?
        var preFilterFailure: Status?
    }

    /// The soft spread constraints of the pod (its own ScheduleAnyway ones, or the system
    /// defaults selected by its controllers) and whether all topology keys are required.
    func softSpreadConstraints(_ pod: Pod, in cluster: Cluster)
        -> (constraints: [PodTopologySpread.Constraint], requireAll: Bool) {
        if !pod.spec.topologySpreadConstraints.isEmpty {
            return (PodTopologySpread.constraints(pod.spec.topologySpreadConstraints,
                                                  podLabels: pod.labels, action: "ScheduleAnyway"), true)
        }
        guard profile.spreadDefaultingType == "System",
              let selector = PodTopologySpread.defaultSelector(for: pod, in: cluster) else {
            return ([], false)
        }
        var defaults = PodTopologySpread.systemDefaultConstraints
        for i in defaults.indices { defaults[i].labelSelector = selector }
        return (PodTopologySpread.constraints(defaults, podLabels: pod.labels,
                                              action: "ScheduleAnyway"), false)
    }

    /// PreFilter.
    func preFilter(_ pod: Pod, in cluster: Cluster) -> Cycle {
        var cycle = Cycle(pod: pod, nodes: cluster.liveNodes)
        let (naStatus, names) = NodeAffinityPlugin.preFilter(pod.spec, args: profile.nodeAffinity)
        if naStatus.isSuccess { cycle.restricted = names }
        let hard = PodTopologySpread.constraints(pod.spec.topologySpreadConstraints,
                                                 podLabels: pod.labels, action: "DoNotSchedule")
        cycle.spreadFilter = PodTopologySpread.preFilter(pod: pod, constraints: hard,
                                                         nodes: cycle.nodes, in: cluster)
        let (ipaStatus, ipaState) = InterPodAffinity.preFilter(pod: pod, in: cluster)
        if !ipaStatus.isSuccess { cycle.preFilterFailure = ipaStatus }
        cycle.affinityFilter = ipaState
        return cycle
    }

    /// The filter plugins in the default order; the first failing plugin's status is the
    /// node's status.
    func filter(_ cycle: Cycle, node nodeID: NodeID, in cluster: Cluster) -> Status {
        filter(cycle, node: nodeID, usage: cluster.usage[nodeID.index], in: cluster)
    }

    /// `filter` with `usage` standing for the node's pods (NodePorts and NodeResourcesFit):
    /// preemption's what-if without victims, or with nominated pods added.
    func filter(_ cycle: Cycle, node nodeID: NodeID, usage: NodeUsage, in cluster: Cluster)
        -> Status {
        let node = cluster.nodes[nodeID.index]
        let spec = cycle.pod.spec
        var s = NodeUnschedulable.filter(spec, node: node)
        if !s.isSuccess { return s }
        s = TaintToleration.filter(spec, node: node)
        if !s.isSuccess { return s }
        s = NodeAffinityPlugin.filter(spec, node: node, args: profile.nodeAffinity)
        if !s.isSuccess { return s }
        s = NodePorts.filter(spec, pods: usage.pods, in: cluster)
        if !s.isSuccess { return s }
        s = NodeResourcesFit.filter(cycle.pod.requests.requests, podCount: usage.pods.count,
                                    node: node, usage: usage, args: profile.fit)
        if !s.isSuccess { return s }
        if let state = cycle.spreadFilter {
            s = PodTopologySpread.filter(state, pod: cycle.pod, node: node)
            if !s.isSuccess { return s }
        }
        if let state = cycle.affinityFilter {
            s = InterPodAffinity.filter(state, node: node)
            if !s.isSuccess { return s }
        }
        return .success
    }

    /// Runs PreFilter and Filter over every node; returns the feasible nodes or the FitError.
    public func findFeasibleNodes(_ pod: Pod, in cluster: Cluster) -> ([NodeID], FitError?) {
        let cycle = preFilter(pod, in: cluster)
        var fit = FitError(numAllNodes: cycle.nodes.count)
        if let failure = cycle.preFilterFailure {
            fit.preFilterMessage = failure.reasons.joined(separator: ", ")
            fit.nodeStatuses = cycle.nodes.map { (cluster.nodes[$0.index].name, failure) }
            fit.postFilterMessage = FitError.preemptionMessage(
                numAllNodes: cycle.nodes.count, statuses: fit.nodeStatuses.map(\.status))
            return ([], fit)
        }
        var feasible: [NodeID] = []
        var rejected: [(NodeID, Status)] = []
        let candidates = cycle.restricted.map { names in
            cycle.nodes.filter { names.contains(cluster.nodes[$0.index].name) }
        } ?? cycle.nodes
        let nominated = !cluster.nominatedPods.isEmpty
        for nodeID in candidates {
            let s = nominated ? filterWithNominatedPods(cycle, node: nodeID, in: cluster)
                : filter(cycle, node: nodeID, in: cluster)
            if s.isSuccess { feasible.append(nodeID) } else { rejected.append((nodeID, s)) }
        }
        if feasible.isEmpty {
            // Nodes outside the PreFilter result carry the absent-node status.
            let absent = Status(.unschedulableAndUnresolvable,
                                ["node(s) didn't satisfy plugin(s) [\(NodeAffinityPlugin.name)]"])
            var byNode: [NodeID: Status] = [:]
            for (id, s) in rejected { byNode[id] = s }
            fit.nodeStatuses = cycle.nodes.map { (cluster.nodes[$0.index].name, byNode[$0] ?? absent) }
            fit.postFilterMessage = FitError.preemptionMessage(
                numAllNodes: cycle.nodes.count, statuses: fit.nodeStatuses.map(\.status))
            return ([], fit)
        }
        return (feasible, nil)
    }

    /// Scores the feasible nodes: the weighted sum of each score plugin's normalized score.
    public func scoreNodes(_ pod: Pod, feasible: [NodeID], in cluster: Cluster) -> [Int64] {
        var total = [Int64](repeating: 0, count: feasible.count)
        func add(_ scores: [Int64], weight: Int64) {
            for i in total.indices { total[i] += scores[i] * weight }
        }
        // NodeResourcesFit
        if let scorer = ResourceAllocationScorer(fit: profile.fit.scoringStrategy) {
            let req = scorer.podRequestVector(pod.requests)
            add(feasible.map { scorer.score(podRequest: req, node: cluster.nodes[$0.index],
                                            usage: cluster.usage[$0.index]) }, weight: profile.weightFit)
        }
        // NodeResourcesBalancedAllocation (Skip for a pod with no requests)
        let balanced = ResourceAllocationScorer(balanced: profile.balancedResources)
        let breq = balanced.podRequestVector(pod.requests)
        if breq.contains(where: { $0 != 0 }) {
            add(feasible.map { balanced.score(podRequest: breq, node: cluster.nodes[$0.index],
                                              usage: cluster.usage[$0.index]) },
                weight: profile.weightBalanced)
        }
        // TaintToleration
        var taints = feasible.map { TaintToleration.score(pod.spec, node: cluster.nodes[$0.index]) }
        defaultNormalizeScore(&taints, reverse: true)
        add(taints, weight: profile.weightTaintToleration)
        // NodeAffinity
        let preferred = NodeAffinityPlugin.preferredTerms(pod.spec, args: profile.nodeAffinity)
        if !preferred.isEmpty {
            var na = feasible.map { NodeAffinityPlugin.score(preferred, node: cluster.nodes[$0.index]) }
            defaultNormalizeScore(&na, reverse: false)
            add(na, weight: profile.weightNodeAffinity)
        }
        // PodTopologySpread
        let (soft, requireAll) = softSpreadConstraints(pod, in: cluster)
        if let state = PodTopologySpread.preScore(pod: pod, constraints: soft, filtered: feasible,
                                                  requireAllTopologies: requireAll, in: cluster) {
            var pts = feasible.map { PodTopologySpread.score(state, pod: pod, node: $0, in: cluster) }
            PodTopologySpread.normalize(&pts, ignored: feasible.map { state.ignored.contains($0) })
            add(pts, weight: profile.weightTopologySpread)
        }
        // InterPodAffinity
        let (ipaStatus, ipaState) = InterPodAffinity.preScore(
            pod: pod, nodeCount: feasible.count, args: profile.interPodAffinity, in: cluster)
        if ipaStatus.code == .success {
            var ipa = feasible.map { InterPodAffinity.score(ipaState, node: cluster.nodes[$0.index]) }
            InterPodAffinity.normalize(&ipa)
            add(ipa, weight: profile.weightInterPodAffinity)
        }
        return total
    }

    /// One scheduling attempt: filter, score, select the highest total (ties: the first node
    /// in node order; kube-scheduler picks one of the tied nodes at random).
    public func schedule(_ pod: Pod, in cluster: Cluster) -> Outcome {
        let (feasible, failure) = findFeasibleNodes(pod, in: cluster)
        if let failure { return .unschedulable(failure) }
        if feasible.count == 1 { return .node(feasible[0]) }
        let scores = scoreNodes(pod, feasible: feasible, in: cluster)
        var best = 0
        for i in scores.indices where scores[i] > scores[best] { best = i }
        return .node(feasible[best])
    }
}

extension NodeAffinityPlugin {
    /// The plugin name.
    public static let name = "NodeAffinity"
}
