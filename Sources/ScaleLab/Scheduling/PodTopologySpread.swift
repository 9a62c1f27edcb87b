import Foundation

/// PodTopologySpread (`pkg/scheduler/framework/plugins/podtopologyspread`: `common.go`,
/// `filtering.go`, `scoring.go`).
public enum PodTopologySpread {
    /// Filter reason for a skew violation (`ErrReasonConstraintsNotMatch`).
    public static let reasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints"
    /// Filter reason for a node lacking a topology key (`ErrReasonNodeLabelNotMatch`).
    public static let reasonNodeLabelNotMatch =
        "node(s) didn't match pod topology spread constraints (missing required label)"

    /// The cluster-level default constraints applied to pods without their own
    /// (`systemDefaultConstraints`).
    public static let systemDefaultConstraints: [TopologySpreadConstraint] = [
        TopologySpreadConstraint(maxSkew: 3, topologyKey: WellKnownLabels.hostname,
                                 whenUnsatisfiable: "ScheduleAnyway", labelSelector: nil),
        TopologySpreadConstraint(maxSkew: 5, topologyKey: WellKnownLabels.zone,
                                 whenUnsatisfiable: "ScheduleAnyway", labelSelector: nil),
    ]

    /// A parsed constraint (`topologySpreadConstraint`).
    public struct Constraint: Sendable {
        /// maxSkew.
        public var maxSkew: Int64
        /// topologyKey.
        public var topologyKey: String
        /// The selector (nil selects nothing) ...
        public var selector: LabelSelector?
        /// ... ANDed with these labels (matchLabelKeys).
        public var extraLabels: [String: String] = [:]
        /// minDomains.
        public var minDomains: Int64
        /// Honor nodeAffinity/nodeSelector when counting.
        public var honorNodeAffinity: Bool
        /// Honor taints when counting.
        public var honorTaints: Bool

        /// Whether the pod labels are selected.
        public func matches(_ labels: [String: String]) -> Bool {
            guard let selector else { return false }
            for (k, v) in extraLabels where labels[k] != v { return false }
            return selector.matches(labels)
        }
    }

    /// `filterTopologySpreadConstraints`: the pod's constraints with the given action,
    /// defaults applied (minDomains 1, nodeAffinityPolicy Honor, nodeTaintsPolicy Ignore) and
    /// matchLabelKeys merged into the selector.
    public static func constraints(_ list: [TopologySpreadConstraint], podLabels: [String: String],
                                   action: String) -> [Constraint] {
        list.filter { $0.whenUnsatisfiable == action }.map { c in
            var extra: [String: String] = [:]
            for key in c.matchLabelKeys { if let v = podLabels[key] { extra[key] = v } }
            return Constraint(maxSkew: c.maxSkew, topologyKey: c.topologyKey, selector: c.labelSelector,
                              extraLabels: extra, minDomains: c.minDomains,
                              honorNodeAffinity: c.nodeAffinityPolicy == "Honor",
                              honorTaints: c.nodeTaintsPolicy == "Honor")
        }
    }

    /// `matchNodeInclusionPolicies`.
    static func included(_ c: Constraint, spec: PodSpec, node: Node) -> Bool {
        if c.honorNodeAffinity && !spec.matchesRequiredNodeAffinity(name: node.name, labels: node.labels) {
            return false
        }
        if c.honorTaints && !TaintToleration.filter(spec, node: node).isSuccess { return false }
        return true
    }

    /// `countPodsMatchSelector`: same-namespace, non-terminating pods on the node matching.
    static func count(_ c: Constraint, namespace: String, node: NodeID, in cluster: Cluster) -> Int {
        var n = 0
        for id in cluster.usage[node.index].pods {
            let p = cluster.pods[id.index]
            if p.deletionTimestamp != nil || p.namespace != namespace { continue }
            if c.matches(p.labels) { n += 1 }
        }
        return n
    }

    /// The PreFilter state: matching pods per topology value for each constraint.
    public struct FilterState: Sendable {
        /// The DoNotSchedule constraints.
        public var constraints: [Constraint]
        /// Per constraint: topology value → matching pods.
        public var counts: [[String: Int]]
    }

    /// PreFilter: counts matching pods per domain over the nodes that carry every topology
    /// key and pass the inclusion policies. Nil when the pod has no hard constraints (Skip).
    public static func preFilter(pod: Pod, constraints: [Constraint], nodes: [NodeID],
                                 in cluster: Cluster) -> FilterState? {
        if constraints.isEmpty { return nil }
        var counts = [[String: Int]](repeating: [:], count: constraints.count)
        for nodeID in nodes {
            let node = cluster.nodes[nodeID.index]
            if !constraints.allSatisfy({ node.labels[$0.topologyKey] != nil }) { continue }
            for (i, c) in constraints.enumerated() where included(c, spec: pod.spec, node: node) {
                let value = node.labels[c.topologyKey] ?? ""
                counts[i][value, default: 0] += count(c, namespace: pod.namespace, node: nodeID, in: cluster)
            }
        }
        return FilterState(constraints: constraints, counts: counts)
    }

    /// Filter: for each constraint, matching pods in the node's domain + self-match - global
    /// minimum must not exceed maxSkew (the minimum is 0 when fewer than minDomains exist).
    public static func filter(_ state: FilterState, pod: Pod, node: Node) -> Status {
        for (i, c) in state.constraints.enumerated() {
            guard let value = node.labels[c.topologyKey] else {
                return Status(.unschedulableAndUnresolvable, [reasonNodeLabelNotMatch])
            }
            var minMatch = state.counts[i].values.min() ?? Int(Int32.max)
            if state.counts[i].count < Int(c.minDomains) { minMatch = 0 }
            let selfMatch = c.matches(pod.labels) ? 1 : 0
            let skew = (state.counts[i][value] ?? 0) + selfMatch - minMatch
            if skew > Int(c.maxSkew) { return Status(.unschedulable, [reasonConstraintsNotMatch]) }
        }
        return .success
    }

    /// The PreScore state.
    public struct ScoreState: Sendable {
        /// The soft constraints.
        public var constraints: [Constraint]
        /// Nodes lacking a topology key (scored 0).
        public var ignored: Set<NodeID>
        /// Per constraint (non-hostname): topology value → matching pods.
        public var counts: [[String: Int64]]
        /// Per constraint: log(domains + 2).
        public var weights: [Double]
    }

    /// PreScore over the `filtered` nodes; nil means Skip (no soft constraints).
    /// `requireAllTopologies` is false only for system-default constraints.
    public static func preScore(pod: Pod, constraints: [Constraint], filtered: [NodeID],
                                requireAllTopologies: Bool, in cluster: Cluster) -> ScoreState? {
        if constraints.isEmpty { return nil }
        var state = ScoreState(constraints: constraints, ignored: [],
                               counts: Array(repeating: [:], count: constraints.count), weights: [])
        var topoSize = [Int](repeating: 0, count: constraints.count)
        for id in filtered {
            let node = cluster.nodes[id.index]
            if requireAllTopologies && !constraints.allSatisfy({ node.labels[$0.topologyKey] != nil }) {
                state.ignored.insert(id)
                continue
            }
            for (i, c) in constraints.enumerated() where c.topologyKey != WellKnownLabels.hostname {
                let value = node.labels[c.topologyKey] ?? ""
                if state.counts[i][value] == nil {
                    state.counts[i][value] = 0
                    topoSize[i] += 1
                }
            }
        }
        state.weights = constraints.enumerated().map { i, c in
            let size = c.topologyKey == WellKnownLabels.hostname
                ? filtered.count - state.ignored.count : topoSize[i]
            return log(Double(size + 2))
        }
        for node in cluster.nodes where !node.isRemoved {
            if requireAllTopologies && !constraints.allSatisfy({ node.labels[$0.topologyKey] != nil }) {
                continue
            }
            for (i, c) in constraints.enumerated() where c.topologyKey != WellKnownLabels.hostname {
                if !included(c, spec: pod.spec, node: node) { continue }
                let value = node.labels[c.topologyKey] ?? ""
                guard state.counts[i][value] != nil else { continue }
                state.counts[i][value, default: 0] += Int64(count(c, namespace: pod.namespace, node: node.id,
                                                       in: cluster))
            }
        }
        return state
    }

    /// `scoreForCount`.
    @inline(__always)
    public static func scoreForCount(_ count: Int64, maxSkew: Int64, weight: Double) -> Double {
        Double(count) * weight + Double(maxSkew - 1)
    }

    /// Raw score of a node: rounded sum over constraints whose key the node has.
    public static func score(_ state: ScoreState, pod: Pod, node nodeID: NodeID,
                             in cluster: Cluster) -> Int64 {
        if state.ignored.contains(nodeID) { return 0 }
        let node = cluster.nodes[nodeID.index]
        var total = 0.0
        for (i, c) in state.constraints.enumerated() {
            guard let value = node.labels[c.topologyKey] else { continue }
            let cnt: Int64 = c.topologyKey == WellKnownLabels.hostname
                ? Int64(count(c, namespace: pod.namespace, node: nodeID, in: cluster))
                : state.counts[i][value] ?? 0
            total += scoreForCount(cnt, maxSkew: c.maxSkew, weight: state.weights[i])
        }
        return Int64(total.rounded(.toNearestOrAwayFromZero))
    }

    /// NormalizeScore: ignored nodes 0; all 100 when the maximum is 0; else
    /// 100 × (max + min − s) / max.
    public static func normalize(_ scores: inout [Int64], ignored: [Bool]) {
        var minScore = Int64.max, maxScore: Int64 = 0
        for i in scores.indices where !ignored[i] {
            minScore = Swift.min(minScore, scores[i])
            maxScore = Swift.max(maxScore, scores[i])
        }
        for i in scores.indices {
            if ignored[i] { scores[i] = 0; continue }
            scores[i] = maxScore == 0 ? maxNodeScore : maxNodeScore * (maxScore + minScore - scores[i]) / maxScore
        }
    }

    /// `helper.DefaultSelector`: the merged selectors of the ReplicationControllers,
    /// ReplicaSets (Deployments) and StatefulSets in the pod's namespace that select it;
    /// nil when none does.
    public static func defaultSelector(for pod: Pod, in cluster: Cluster) -> LabelSelector? {
        var merged = LabelSelector()
        var found = false
        // Workloads are read in place: a Workload copy retains every reference in it, and a
        // placement index rebuild asks this of every workload.
        for w in cluster.workloads.indices where cluster.workloads[w].namespace == pod.namespace
            && cluster.workloads[w].selector.matches(pod.labels) {
            found = true
            for (k, v) in cluster.workloads[w].selector.matchLabels { merged.matchLabels[k] = v }
            merged.matchExpressions += cluster.workloads[w].selector.matchExpressions
        }
        return found && !merged.isEmpty ? merged : nil
    }
}
