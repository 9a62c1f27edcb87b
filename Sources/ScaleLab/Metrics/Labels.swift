import Foundation

/// One label of a time series: a name and its value.
public struct Label: Hashable, Sendable {
    /// The label name, such as `job` or `__name__`.
    public var name: String
    /// The label value; an empty value means "no such label" (Prometheus semantics).
    public var value: String

    /// Creates a label.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A label set identifying a time series, sorted by name, without empty values.
///
/// Prometheus semantics (model/labels): a label with an empty value is the same as an absent
/// label, so setting a label to "" removes it. The metric name is the `__name__` label.
public struct Labels: Hashable, Sendable, Comparable, CustomStringConvertible,
    ExpressibleByDictionaryLiteral
{
    /// The label holding the metric name.
    public static let metricName = "__name__"
    /// The reserved metadata labels dropped together with the name (schema.IsMetadataLabel).
    public static let metadataNames: Set<String> = ["__name__", "__type__", "__unit__"]

    /// The labels, sorted by name.
    public private(set) var pairs: [Label]

    /// The empty label set.
    public init() { pairs = [] }

    /// Creates a label set from a dictionary; empty values are dropped.
    public init(_ dict: [String: String]) {
        pairs = dict.filter { !$0.value.isEmpty }.map { Label(name: $0.key, value: $0.value) }
            .sorted { $0.name < $1.name }
    }

    /// Creates a label set from a metric name and other labels.
    public init(metric: String, _ labels: [String: String] = [:]) {
        var dict = labels
        if !metric.isEmpty { dict[Labels.metricName] = metric }
        self.init(dict)
    }

    /// Creates a label set from dictionary literal pairs.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// Creates a label set from labels already sorted by name without duplicates.
    init(sorted: [Label]) { pairs = sorted }

    /// The value of label `name`, or "" when absent.
    public subscript(name: String) -> String {
        for label in pairs where label.name == name { return label.value }
        return ""
    }

    /// The metric name (`__name__`), or "" when the set has none.
    public var metricName: String { self[Labels.metricName] }

    /// The number of labels.
    public var count: Int { pairs.count }

    /// The labels as a dictionary.
    public var dictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: pairs.map { ($0.name, $0.value) })
    }

    /// Only the labels whose names are in `names` (labels.Builder.Keep).
    public func keeping(_ names: [String]) -> Labels {
        Labels(sorted: pairs.filter { names.contains($0.name) })
    }

    /// Every label except those whose names are in `names` (labels.Builder.Del).
    public func removing(_ names: [String]) -> Labels {
        Labels(sorted: pairs.filter { !names.contains($0.name) })
    }

    /// The set without `__name__`, `__type__` and `__unit__` (Labels.DropReserved).
    public func droppingMetadata() -> Labels {
        Labels(sorted: pairs.filter { !Labels.metadataNames.contains($0.name) })
    }

    /// The set with label `name` set to `value` (an empty value removes it).
    public func setting(_ name: String, to value: String) -> Labels {
        var out = pairs.filter { $0.name != name }
        if !value.isEmpty {
            let index = out.firstIndex { $0.name > name } ?? out.count
            out.insert(Label(name: name, value: value), at: index)
        }
        return Labels(sorted: out)
    }

    /// Orders label sets like Prometheus' labels.Compare: name, then value, then length.
    public static func < (lhs: Labels, rhs: Labels) -> Bool {
        for (a, b) in zip(lhs.pairs, rhs.pairs) {
            if a.name != b.name { return a.name < b.name }
            if a.value != b.value { return a.value < b.value }
        }
        return lhs.pairs.count < rhs.pairs.count
    }

    /// Prometheus' text form: `{__name__="up", job="api"}`.
    public var description: String {
        "{" + pairs.map { "\($0.name)=\(goQuote($0.value))" }.joined(separator: ", ") + "}"
    }
}

/// Quotes a string the way Go's strconv.Quote does for printable text.
func goQuote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7f {
                out += String(format: "\\x%02x", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
