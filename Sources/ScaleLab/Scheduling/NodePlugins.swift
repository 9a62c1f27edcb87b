/// The node-only plugins: NodeUnschedulable, TaintToleration, NodeAffinity, and the score
/// normalization helper (`pkg/scheduler/framework/plugins/{nodeunschedulable,tainttoleration,
/// nodeaffinity,helper}`).

/// `helper.DefaultNormalizeScore`: scales to 0..maxPriority by the maximum (reversed when
/// asked); when every score is 0 the result is all 0, or all maxPriority reversed.
public func defaultNormalizeScore(_ scores: inout [Int64], maxPriority: Int64 = maxNodeScore,
                                  reverse: Bool) {
    let maxCount = scores.max().map { Swift.max($0, 0) } ?? 0
    if maxCount == 0 {
        if reverse { for i in scores.indices { scores[i] = maxPriority } }
        return
    }
    for i in scores.indices {
        var s = maxPriority * scores[i] / maxCount
        if reverse { s = maxPriority - s }
        scores[i] = s
    }
}

/// NodeUnschedulable: a cordoned node admits only pods tolerating
/// `node.kubernetes.io/unschedulable:NoSchedule`.
public enum NodeUnschedulable {
    /// The rejection reason.
    public static let reason = "node(s) were unschedulable"

    /// Filter.
    public static func filter(_ spec: PodSpec, node: Node) -> Status {
        guard node.unschedulable else { return .success }
        let taint = Taint(key: WellKnownLabels.unschedulableTaint, effect: "NoSchedule")
        if spec.tolerations.contains(where: { $0.tolerates(taint) }) { return .success }
        return Status(.unschedulableAndUnresolvable, [reason])
    }
}

/// TaintToleration: NoSchedule/NoExecute taints must be tolerated; untolerated
/// PreferNoSchedule taints lower the score.
public enum TaintToleration {
    /// The rejection reason (since kubernetes PR #134740; before: "node(s) had untolerated
    /// taint {key: value}").
    public static let reason = "node(s) had untolerated taint(s)"

    /// The taints the scheduler sees: the node's taints plus the condition taint the node
    /// lifecycle controller adds to a NotReady (`not-ready`) or Unknown (`unreachable`) node.
    public static func effectiveTaints(_ node: Node) -> [Taint] {
        switch node.readiness {
        case .ready: return node.taints
        case .notReady:
            return node.taints + [Taint(key: WellKnownLabels.notReadyTaint, effect: "NoSchedule")]
        case .unknown:
            return node.taints + [Taint(key: WellKnownLabels.unreachableTaint, effect: "NoSchedule")]
        }
    }

    /// Filter.
    public static func filter(_ spec: PodSpec, node: Node) -> Status {
        for taint in effectiveTaints(node) where taint.effect == "NoSchedule" || taint.effect == "NoExecute" {
            if !spec.tolerations.contains(where: { $0.tolerates(taint) }) {
                return Status(.unschedulableAndUnresolvable, [reason])
            }
        }
        return .success
    }

    /// Raw score: the number of PreferNoSchedule taints not tolerated by the pod's tolerations
    /// with an empty or PreferNoSchedule effect (normalized later, reversed).
    public static func score(_ spec: PodSpec, node: Node) -> Int64 {
        var count: Int64 = 0
        let tolerations = spec.tolerations.filter { $0.effect.isEmpty || $0.effect == "PreferNoSchedule" }
        for taint in effectiveTaints(node) where taint.effect == "PreferNoSchedule" {
            if !tolerations.contains(where: { $0.tolerates(taint) }) { count += 1 }
        }
        return count
    }
}

/// NodeAffinity arguments (`config.NodeAffinityArgs.addedAffinity`).
public struct NodeAffinityArgs: Sendable {
    /// Extra required node selector applied to every pod.
    public var addedRequired: NodeSelector?
    /// Extra preferred terms applied to every pod.
    public var addedPreferred: [PreferredSchedulingTerm] = []
    /// Creates empty arguments.
    public init() {}
}

/// NodeAffinity: `nodeSelector` and required node affinity filter, preferred terms score.
public enum NodeAffinityPlugin {
    /// The rejection reason (`ErrReasonPod`).
    public static let reason = "node(s) didn't match Pod's node affinity/selector"
    /// The rejection reason for the scheduler-enforced added affinity.
    public static let enforcedReason = "node(s) didn't match scheduler-enforced node affinity"

    /// PreFilter: Skip when there is nothing to check; otherwise the node names the pod is
    /// limited to when every required term names nodes by `metadata.name` In.
    public static func preFilter(_ spec: PodSpec, args: NodeAffinityArgs) -> (Status, Set<String>?) {
        if !spec.hasRequiredNodeAffinity && args.addedRequired == nil { return (.skip, nil) }
        guard let terms = spec.affinity?.requiredNodeAffinity?.nodeSelectorTerms, !terms.isEmpty else {
            return (.success, nil)
        }
        var names = Set<String>()
        for term in terms {
            let fields = term.matchFields.filter { $0.key == "metadata.name" && $0.operator == "In" }
            guard !fields.isEmpty, fields.count == term.matchFields.count,
                  term.matchExpressions.isEmpty else { return (.success, nil) }
            // Within a term, field requirements are ANDed: intersect their values.
            var termNames = Set(fields[0].values)
            for f in fields.dropFirst() { termNames.formIntersection(f.values) }
            names.formUnion(termNames)
        }
        return (.success, names)
    }

    /// Filter.
    public static func filter(_ spec: PodSpec, node: Node, args: NodeAffinityArgs) -> Status {
        if let added = args.addedRequired, !added.matches(name: node.name, labels: node.labels) {
            return Status(.unschedulableAndUnresolvable, [enforcedReason])
        }
        if !spec.matchesRequiredNodeAffinity(name: node.name, labels: node.labels) {
            return Status(.unschedulableAndUnresolvable, [reason])
        }
        return .success
    }

    /// The preferred terms that score (the pod's and the added ones).
    public static func preferredTerms(_ spec: PodSpec, args: NodeAffinityArgs) -> [PreferredSchedulingTerm] {
        (spec.affinity?.preferredNodeAffinity ?? []) + args.addedPreferred
    }

    /// Raw score: the sum of the weights of the matching preferred terms.
    public static func score(_ terms: [PreferredSchedulingTerm], node: Node) -> Int64 {
        var total: Int64 = 0
        for t in terms where t.weight != 0 && t.preference.matches(name: node.name, labels: node.labels) {
            total += t.weight
        }
        return total
    }
}
