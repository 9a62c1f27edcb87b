/// Label and selector semantics of k8s.io/apimachinery `pkg/labels` and
/// `metav1.LabelSelectorAsSelector`.

/// One requirement of a label selector (`metav1.LabelSelectorRequirement`).
public struct LabelSelectorRequirement: Hashable, Sendable {
    /// The label key.
    public var key: String
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
    public var `operator`: String
    /// The values (In/NotIn need at least one; Exists/DoesNotExist none).
    public var values: [String]

    /// Creates a requirement.
    public init(key: String, operator op: String, values: [String] = []) {
        self.key = key
        self.operator = op
        self.values = values
    }
}

/// A `metav1.LabelSelector`. A nil selector (where the API allows one) matches nothing; an
/// empty selector matches everything.
public struct LabelSelector: Hashable, Sendable {
    /// `matchLabels`: each key must equal its value.
    public var matchLabels: [String: String]
    /// `matchExpressions`, ANDed.
    public var matchExpressions: [LabelSelectorRequirement]

    /// Creates a selector.
    public init(matchLabels: [String: String] = [:],
                matchExpressions: [LabelSelectorRequirement] = []) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// True for `{}`, which selects everything.
    public var isEmpty: Bool { matchLabels.isEmpty && matchExpressions.isEmpty }

    /// Validates the selector the way `LabelSelectorAsSelector` does (operators, value counts,
    /// label values) and returns the first error, worded like apimachinery's.
    public func validationError() -> String? {
        for (key, value) in matchLabels.sorted(by: { $0.key < $1.key }) {
            if let err = LabelValidation.valueError(value) {
                return "values[0][\(key)]: Invalid value: \"\(value)\": \(err)"
            }
        }
        for req in matchExpressions {
            switch req.operator {
            case "In", "NotIn":
                if req.values.isEmpty {
                    return "values: Invalid value: []string{}: for 'in', 'notin' operators, "
                        + "values set can't be empty"
                }
                for (i, value) in req.values.enumerated() {
                    if let err = LabelValidation.valueError(value) {
                        return "values[\(i)][\(req.key)]: Invalid value: \"\(value)\": \(err)"
                    }
                }
            case "Exists", "DoesNotExist":
                if !req.values.isEmpty {
                    return "values: Invalid value: \(req.values): values set must be empty "
                        + "for exists and does not exist"
                }
            default:
                return "\"\(req.operator)\" is not a valid label selector operator"
            }
        }
        return nil
    }

    /// Whether `labels` satisfy the selector (an invalid selector matches nothing).
    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        for req in matchExpressions where !req.matches(labels) { return false }
        return true
    }
}

extension LabelSelectorRequirement {
    /// `labels.Requirement.Matches`.
    public func matches(_ labels: [String: String]) -> Bool {
        switch self.operator {
        case "In":
            guard let v = labels[key] else { return false }
            return values.contains(v)
        case "NotIn":
            guard let v = labels[key] else { return true }
            return !values.contains(v)
        case "Exists": return labels[key] != nil
        case "DoesNotExist": return labels[key] == nil
        default: return false
        }
    }
}

/// Label key/value validation of `k8s.io/apimachinery/pkg/util/validation`.
public enum LabelValidation {
    /// The error text of `IsValidLabelValue`, or nil when `value` is a valid label value.
    public static func valueError(_ value: String) -> String? {
        if value.isEmpty { return nil }
        let bytes = Array(value.utf8)
        func alnum(_ c: UInt8) -> Bool {
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
        }
        var ok = bytes.count <= 63 && alnum(bytes[0]) && alnum(bytes[bytes.count - 1])
        if ok {
            for c in bytes where !(alnum(c) || c == 45 || c == 95 || c == 46) { ok = false }
        }
        if bytes.count > 63 { return "must be no more than 63 characters" }
        if ok { return nil }
        return "a valid label must be an empty string or consist of alphanumeric characters, "
            + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
            + "'MyValue',  or 'my_value',  or '12345', regex used for validation is "
            + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    }
}

/// A node selector requirement (`v1.NodeSelectorRequirement`), with the node operators
/// `In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt`, `Lt`.
public struct NodeSelectorRequirement: Hashable, Sendable {
    /// The label key (or field path for matchFields).
    public var key: String
    /// The operator.
    public var `operator`: String
    /// The values.
    public var values: [String]

    /// Creates a requirement.
    public init(key: String, operator op: String, values: [String] = []) {
        self.key = key
        self.operator = op
        self.values = values
    }

    /// Whether the requirement is valid (`nodeSelectorRequirementsAsSelector` would accept it).
    var isValid: Bool {
        switch self.operator {
        case "In", "NotIn":
            return !values.isEmpty && values.allSatisfy { LabelValidation.valueError($0) == nil }
        case "Exists", "DoesNotExist": return values.isEmpty
        case "Gt", "Lt": return values.count == 1 && Int64(values[0]) != nil
        default: return false
        }
    }

    /// Matches `labels`; an invalid requirement matches nothing.
    func matches(_ labels: [String: String]) -> Bool {
        guard isValid else { return false }
        switch self.operator {
        case "In": return labels[key].map { values.contains($0) } ?? false
        case "NotIn": return labels[key].map { !values.contains($0) } ?? true
        case "Exists": return labels[key] != nil
        case "DoesNotExist": return labels[key] == nil
        case "Gt", "Lt":
            guard let raw = labels[key], let have = Int64(raw), let want = Int64(values[0]) else {
                return false
            }
            return self.operator == "Gt" ? have > want : have < want
        default: return false
        }
    }
}

/// One `v1.NodeSelectorTerm`: its expressions and fields are ANDed; a term with neither
/// matches nothing.
public struct NodeSelectorTerm: Hashable, Sendable {
    /// Requirements on node labels.
    public var matchExpressions: [NodeSelectorRequirement]
    /// Requirements on node fields (only `metadata.name` is supported, as upstream).
    public var matchFields: [NodeSelectorRequirement]

    /// Creates a term.
    public init(matchExpressions: [NodeSelectorRequirement] = [],
                matchFields: [NodeSelectorRequirement] = []) {
        self.matchExpressions = matchExpressions
        self.matchFields = matchFields
    }

    /// `nodeaffinity.nodeSelectorTerm.match`.
    public func matches(name: String, labels: [String: String]) -> Bool {
        if matchExpressions.isEmpty && matchFields.isEmpty { return false }
        for req in matchExpressions where !req.matches(labels) { return false }
        for field in matchFields {
            // Only metadata.name In/NotIn is a valid field selector for nodes.
            guard field.key == "metadata.name", field.operator == "In" || field.operator == "NotIn",
                  field.values.count == 1 else { return false }
            if !field.matches(["metadata.name": name]) { return false }
        }
        return true
    }
}

/// A `v1.NodeSelector`: its terms are ORed.
public struct NodeSelector: Hashable, Sendable {
    /// The terms.
    public var nodeSelectorTerms: [NodeSelectorTerm]
    /// Creates a selector.
    public init(nodeSelectorTerms: [NodeSelectorTerm]) { self.nodeSelectorTerms = nodeSelectorTerms }

    /// Whether any term matches the node.
    public func matches(name: String, labels: [String: String]) -> Bool {
        nodeSelectorTerms.contains { $0.matches(name: name, labels: labels) }
    }
}
