/// InterPodAffinity (`pkg/scheduler/framework/plugins/interpodaffinity`: `filtering.go`,
/// `scoring.go`; `framework.AffinityTerm.Matches`).
public enum InterPodAffinity {
    /// `ErrReasonAffinityRulesNotMatch` (UnschedulableAndUnresolvable).
    public static let reasonAffinity = "node(s) didn't match pod affinity rules"
    /// `ErrReasonAntiAffinityRulesNotMatch` (Unschedulable).
    public static let reasonAntiAffinity = "node(s) didn't match pod anti-affinity rules"
    /// `ErrReasonExistingAntiAffinityRulesNotMatch` (Unschedulable).
    public static let reasonExistingAntiAffinity =
        "node(s) didn't satisfy existing pods anti-affinity rules"

    /// InterPodAffinity arguments.
    public struct Args: Sendable {
        /// `hardPodAffinityWeight` (default 1).
        public var hardPodAffinityWeight: Int64 = 1
        /// `ignorePreferredTermsOfExistingPods`.
        public var ignorePreferredTermsOfExistingPods = false
        /// Creates default arguments.
        public init() {}
    }

    /// A parsed term (`framework.AffinityTerm`).
    public struct Term: Sendable {
        /// Namespaces named (or the owner's when neither names nor selector are given).
        public var namespaces: Set<String>
        /// Namespace selector (nil selects no namespace).
        public var namespaceSelector: LabelSelector?
        /// Pod selector (nil selects no pod).
        public var selector: LabelSelector?
        /// Topology key.
        public var topologyKey: String
        /// Weight (preferred terms, or hardPodAffinityWeight).
        public var weight: Int64 = 0

        /// Parses `term` owned by a pod in `ownerNamespace`.
        public init(_ term: PodAffinityTerm, ownerNamespace: String, weight: Int64 = 0) {
            var ns = Set(term.namespaces)
            if ns.isEmpty && term.namespaceSelector == nil { ns.insert(ownerNamespace) }
            namespaces = ns
            namespaceSelector = term.namespaceSelector
            selector = term.labelSelector
            topologyKey = term.topologyKey
            self.weight = weight
        }

        /// `AffinityTerm.Matches`: namespace named or selected, and labels selected.
        public func matches(_ pod: Pod, namespaceLabels: [String: [String: String]]) -> Bool {
            let nsOK = namespaces.contains(pod.namespace)
                || (namespaceSelector?.matches(namespaceLabels[pod.namespace] ?? [:]) ?? false)
            guard nsOK, let selector else { return false }
            return selector.matches(pod.labels)
        }
    }

    /// Validates the selectors of `terms` (as `NewPodInfo` parses them).
    static func parseError(_ terms: [PodAffinityTerm], field: String) -> String? {
        for t in terms {
            if let err = t.labelSelector?.validationError() { return "\(field): \(err)" }
            if let err = t.namespaceSelector?.validationError() { return "\(field): \(err)" }
        }
        return nil
    }

    /// A topology pair.
    public struct Pair: Hashable, Sendable {
        /// Key.
        public var key: String
        /// Value.
        public var value: String
    }

    /// PreFilter state.
    public struct FilterState: Sendable {
        /// The incoming pod's required affinity terms.
        public var affinityTerms: [Term]
        /// The incoming pod's required anti-affinity terms.
        public var antiAffinityTerms: [Term]
        /// Pairs with existing pods matching all affinity terms.
        public var affinityCounts: [Pair: Int64] = [:]
        /// Pairs with existing pods matching an anti-affinity term.
        public var antiAffinityCounts: [Pair: Int64] = [:]
        /// Pairs with existing pods whose required anti-affinity matches the incoming pod.
        public var existingAntiAffinityCounts: [Pair: Int64] = [:]
        /// Whether the incoming pod matches all its own affinity terms.
        public var podMatchesOwnAffinity = false
    }

    /// PreFilter: the result is `.skip` with no state when neither the pod nor any existing pod
    /// has relevant required terms; an UnschedulableAndUnresolvable status for a bad selector.
    public static func preFilter(pod: Pod, in cluster: Cluster) -> (Status, FilterState?) {
        let aff = pod.spec.affinity
        let reqAff = aff?.requiredPodAffinity ?? []
        let reqAnti = aff?.requiredPodAntiAffinity ?? []
        if let err = parseError(reqAff, field: "requiredAffinityTerms")
            ?? parseError(reqAnti, field: "requiredAntiAffinityTerms") {
            return (Status(.unschedulableAndUnresolvable, ["parsing pod: \(err)"]), nil)
        }
        var state = FilterState(
            affinityTerms: reqAff.map { Term($0, ownerNamespace: pod.namespace) },
            antiAffinityTerms: reqAnti.map { Term($0, ownerNamespace: pod.namespace) })
        // No pod with affinity terms on any node and none in this pod: nothing to count (the
        // loop below would find nothing), so the plugin skips without visiting the nodes.
        if cluster.podsWithAffinity == 0 && state.affinityTerms.isEmpty
            && state.antiAffinityTerms.isEmpty {
            return (.skip, nil)
        }
        let nsLabels = cluster.namespaceLabels
        // Nodes and their usage are read in place (a copy of each is a retain per field).
        for i in cluster.nodes.indices where !cluster.nodes[i].isRemoved {
            if cluster.usage[i].podsWithAffinity > 0 {
                for id in cluster.usage[i].pods {
                    let existing = cluster.pods[id.index]
                    for t in existing.spec.affinity?.requiredPodAntiAffinity ?? [] {
                        let term = Term(t, ownerNamespace: existing.namespace)
                        if term.matches(pod, namespaceLabels: nsLabels),
                           let v = cluster.nodes[i].labels[term.topologyKey] {
                            state.existingAntiAffinityCounts[Pair(key: term.topologyKey, value: v),
                                                             default: 0] += 1
                        }
                    }
                }
            }
            if state.affinityTerms.isEmpty && state.antiAffinityTerms.isEmpty { continue }
            for id in cluster.usage[i].pods {
                let existing = cluster.pods[id.index]
                if !state.affinityTerms.isEmpty
                    && state.affinityTerms.allSatisfy({ $0.matches(existing, namespaceLabels: nsLabels) }) {
                    for t in state.affinityTerms {
                        if let v = cluster.nodes[i].labels[t.topologyKey] {
                            state.affinityCounts[Pair(key: t.topologyKey, value: v), default: 0] += 1
                        }
                    }
                }
                for t in state.antiAffinityTerms where t.matches(existing, namespaceLabels: nsLabels) {
                    if let v = cluster.nodes[i].labels[t.topologyKey] {
                        state.antiAffinityCounts[Pair(key: t.topologyKey, value: v), default: 0] += 1
                    }
                }
            }
        }
        if state.existingAntiAffinityCounts.isEmpty && state.affinityTerms.isEmpty
            && state.antiAffinityTerms.isEmpty {
            return (.skip, nil)
        }
        state.podMatchesOwnAffinity = !state.affinityTerms.isEmpty
            && state.affinityTerms.allSatisfy { $0.matches(pod, namespaceLabels: nsLabels) }
        return (.success, state)
    }

    /// Filter: affinity, then anti-affinity, then existing pods' anti-affinity.
    public static func filter(_ s: FilterState, node: Node) -> Status {
        // satisfyPodAffinity
        var podsExist = true
        for t in s.affinityTerms {
            guard let v = node.labels[t.topologyKey] else {
                return Status(.unschedulableAndUnresolvable, [reasonAffinity])
            }
            if (s.affinityCounts[Pair(key: t.topologyKey, value: v)] ?? 0) <= 0 { podsExist = false }
        }
        if !podsExist {
            // The first pod of a group with affinity to itself may go anywhere the topology exists.
            if !(s.affinityCounts.isEmpty && s.podMatchesOwnAffinity) {
                return Status(.unschedulableAndUnresolvable, [reasonAffinity])
            }
        }
        for t in s.antiAffinityTerms {
            if let v = node.labels[t.topologyKey],
               (s.antiAffinityCounts[Pair(key: t.topologyKey, value: v)] ?? 0) > 0 {
                return Status(.unschedulable, [reasonAntiAffinity])
            }
        }
        if !s.existingAntiAffinityCounts.isEmpty {
            for (k, v) in node.labels where (s.existingAntiAffinityCounts[Pair(key: k, value: v)] ?? 0) > 0 {
                return Status(.unschedulable, [reasonExistingAntiAffinity])
            }
        }
        return .success
    }

    /// PreScore result: topology key → value → score.
    public typealias ScoreState = [String: [String: Int64]]

    /// PreScore: `.skip` when there is nothing to score; `.error` for a bad selector.
    public static func preScore(pod: Pod, nodeCount: Int, args: Args,
                                in cluster: Cluster) -> (Status, ScoreState) {
        if nodeCount == 0 { return (.skip, [:]) }
        let aff = pod.spec.affinity
        let prefAff = aff?.preferredPodAffinity ?? []
        let prefAnti = aff?.preferredPodAntiAffinity ?? []
        let hasConstraints = !prefAff.isEmpty || !prefAnti.isEmpty
        if args.ignorePreferredTermsOfExistingPods && !hasConstraints { return (.skip, [:]) }
        if let err = parseError(prefAff.map(\.podAffinityTerm), field: "preferredAffinityTerms")
            ?? parseError(prefAnti.map(\.podAffinityTerm), field: "preferredAntiAffinityTerms") {
            return (Status(.error, ["parsing pod: \(err)"]), [:])
        }
        let affTerms = prefAff.map { Term($0.podAffinityTerm, ownerNamespace: pod.namespace, weight: $0.weight) }
        let antiTerms = prefAnti.map { Term($0.podAffinityTerm, ownerNamespace: pod.namespace, weight: $0.weight) }
        let nsLabels = cluster.namespaceLabels
        var scores: ScoreState = [:]
        func process(_ term: Term, _ target: Pod, _ node: Node, _ multiplier: Int64) {
            if node.labels.isEmpty { return }
            if term.matches(target, namespaceLabels: nsLabels), let v = node.labels[term.topologyKey] {
                scores[term.topologyKey, default: [:]][v, default: 0] += term.weight * multiplier
            }
        }
        for node in cluster.nodes where !node.isRemoved {
            let u = cluster.usage[node.id.index]
            if !hasConstraints && u.podsWithAffinity == 0 { continue }
            for id in u.pods {
                let existing = cluster.pods[id.index]
                let ea = existing.spec.affinity
                if !hasConstraints && !(ea?.hasPodTerms ?? false) { continue }
                for t in affTerms { process(t, existing, node, 1) }
                for t in antiTerms { process(t, existing, node, -1) }
                guard let ea else { continue }
                if ea.hasPodAffinity {
                    if args.hardPodAffinityWeight > 0 {
                        for t in ea.requiredPodAffinity {
                            process(Term(t, ownerNamespace: existing.namespace,
                                         weight: args.hardPodAffinityWeight), pod, node, 1)
                        }
                    }
                    if !args.ignorePreferredTermsOfExistingPods {
                        for t in ea.preferredPodAffinity {
                            process(Term(t.podAffinityTerm, ownerNamespace: existing.namespace,
                                         weight: t.weight), pod, node, 1)
                        }
                    }
                }
                if ea.hasPodAntiAffinity && !args.ignorePreferredTermsOfExistingPods {
                    for t in ea.preferredPodAntiAffinity {
                        process(Term(t.podAffinityTerm, ownerNamespace: existing.namespace,
                                     weight: t.weight), pod, node, -1)
                    }
                }
            }
        }
        if scores.isEmpty { return (.skip, [:]) }
        return (.success, scores)
    }

    /// Raw score of a node.
    public static func score(_ state: ScoreState, node: Node) -> Int64 {
        var total: Int64 = 0
        for (key, values) in state {
            if let v = node.labels[key] { total += values[v] ?? 0 }
        }
        return total
    }

    /// NormalizeScore: 100 × (s − min) / (max − min), truncated; all 0 when max == min.
    public static func normalize(_ scores: inout [Int64]) {
        guard let lo = scores.min(), let hi = scores.max() else { return }
        let diff = hi - lo
        for i in scores.indices {
            scores[i] = diff > 0 ? Int64(Double(maxNodeScore) * (Double(scores[i] - lo) / Double(diff))) : 0
        }
    }
}
