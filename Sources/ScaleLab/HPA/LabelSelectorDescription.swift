// How the HPA controller prints metric selectors in metric names and messages.

extension LabelSelector {
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
