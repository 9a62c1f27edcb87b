// metav1.LabelSelector (matchLabels + matchExpressions), as metric selectors use it.

/// A label selector: every `matchLabels` pair and every expression must hold.
public struct LabelSelector: Sendable, Equatable {
    /// Exact label matches.
    public var matchLabels: [String: String]
    /// Set-based requirements.
    public var matchExpressions: [LabelSelectorRequirement]

    /// Creates a selector.
    public init(matchLabels: [String: String] = [:],
                matchExpressions: [LabelSelectorRequirement] = []) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// Whether `labels` satisfy the selector (an empty selector matches everything).
    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        return matchExpressions.allSatisfy { $0.matches(labels) }
    }

    /// Go's `%+v` of a `*metav1.LabelSelector` (the generated `String()`), which the controller
    /// prints in metric names: `&LabelSelector{MatchLabels:map[string]string{a: b,},...}`.
    public static func goDescription(_ selector: LabelSelector?) -> String {
        guard let selector else { return "nil" }
        let labels = selector.matchLabels.keys.sorted()
            .map { "\($0): \(selector.matchLabels[$0] ?? "")," }.joined()
        let expressions = selector.matchExpressions.map { requirement in
            let values = requirement.values.map { "\($0)," }.joined()
            return "LabelSelectorRequirement{Key:\(requirement.key),"
                + "Operator:\(requirement.operator),Values:[]string{\(values)},},"
        }.joined()
        return "&LabelSelector{MatchLabels:map[string]string{\(labels)},"
            + "MatchExpressions:[]LabelSelectorRequirement{\(expressions)},}"
    }
}

/// `LabelSelectorRequirement`: key, operator (In, NotIn, Exists, DoesNotExist) and values.
public struct LabelSelectorRequirement: Sendable, Equatable {
    /// The label key.
    public var key: String
    /// In, NotIn, Exists or DoesNotExist.
    public var `operator`: String
    /// The values for In/NotIn.
    public var values: [String]

    /// Creates a requirement.
    public init(key: String, operator: String, values: [String] = []) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }

    /// Whether `labels` satisfy the requirement (an unknown operator never matches).
    public func matches(_ labels: [String: String]) -> Bool {
        switch `operator` {
        case "In": return labels[key].map { values.contains($0) } ?? false
        case "NotIn": return labels[key].map { !values.contains($0) } ?? true
        case "Exists": return labels[key] != nil
        case "DoesNotExist": return labels[key] == nil
        default: return false
        }
    }
}
