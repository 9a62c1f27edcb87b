import Foundation

/// A label matcher of a series selector: `name op "value"`.
///
/// Prometheus (model/labels/matcher.go, regexp.go): regex matchers are fully anchored, as if the
/// pattern were written `^(?s:pattern)$`; a series without the label is matched as if the label
/// had the empty value.
public struct LabelMatcher: Sendable, CustomStringConvertible {
    /// The four matching operators.
    public enum Kind: String, Sendable {
        /// `=`: equal.
        case equal = "="
        /// `!=`: not equal.
        case notEqual = "!="
        /// `=~`: the value matches the fully anchored regular expression.
        case regexMatch = "=~"
        /// `!~`: the value does not match the fully anchored regular expression.
        case regexNoMatch = "!~"
    }

    /// The label name.
    public let name: String
    /// The operator.
    public let kind: Kind
    /// The value or the regular expression source.
    public let value: String
    private let regex: AnchoredRegex?

    /// Creates a matcher; a regex matcher compiles its pattern and throws on a bad pattern.
    public init(_ kind: Kind, _ name: String, _ value: String) throws(LabelMatcherError) {
        self.name = name
        self.kind = kind
        self.value = value
        switch kind {
        case .equal, .notEqual: regex = nil
        case .regexMatch, .regexNoMatch: regex = try AnchoredRegex(value)
        }
    }

    /// Whether a label value (or "" for an absent label) satisfies the matcher.
    public func matches(_ labelValue: String) -> Bool {
        switch kind {
        case .equal: return labelValue == value
        case .notEqual: return labelValue != value
        case .regexMatch: return regex?.matches(labelValue) ?? false
        case .regexNoMatch: return !(regex?.matches(labelValue) ?? false)
        }
    }

    /// Whether the label set satisfies the matcher.
    public func matches(_ labels: Labels) -> Bool { matches(labels[name]) }

    /// `name="value"` as PromQL writes it.
    public var description: String { "\(name)\(kind.rawValue)\(goQuote(value))" }
}

/// A regular expression matcher could not be built.
public struct LabelMatcherError: Error, CustomStringConvertible, Sendable {
    /// What was wrong with the pattern.
    public let description: String
}

/// A compiled, fully anchored regular expression in Go's syntax (`Regexp.anchored`).
///
/// A pattern that is a literal or an alternation of literals (`web-1|web-2`, what
/// prometheus-adapter's `<<.LabelMatchers>>` writes for a list of pods) is matched as a set of
/// strings, without compiling it: Prometheus does the same (model/labels/regexp.go,
/// findSetMatches), and such a pattern can never be malformed. The adapter renders a new one
/// whenever the pods change, so compiling it cost more than matching it.
final class AnchoredRegex: @unchecked Sendable {
    private let regex: Regexp?
    /// The alternatives when the pattern is literals joined by `|` (nil otherwise).
    private let alternatives: Set<String>?

    init(_ pattern: String) throws(LabelMatcherError) {
        if let set = Self.literalAlternatives(pattern) {
            alternatives = set
            regex = nil
            return
        }
        alternatives = nil
        // Prometheus: regexp.Compile("^(?s:" + v + ")$").
        do {
            regex = try Regexp.anchored(pattern)
        } catch {
            throw LabelMatcherError(description: error.description)
        }
    }

    /// The alternatives of a pattern made only of literal text and top-level `|` (every other
    /// regex metacharacter, `\` included, makes it a real regex); "" alternatives count, as
    /// `a|` matches "a" and "".
    static func literalAlternatives(_ pattern: String) -> Set<String>? {
        var set = Set<String>()
        var start = pattern.utf8.startIndex
        for index in pattern.utf8.indices {
            switch pattern.utf8[index] {
            case UInt8(ascii: "|"):
                set.insert(String(decoding: pattern.utf8[start..<index], as: UTF8.self))
                start = pattern.utf8.index(after: index)
            case UInt8(ascii: "\\"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "*"),
                UInt8(ascii: "?"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["),
                UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "^"),
                UInt8(ascii: "$"):
                return nil
            default:
                continue
            }
        }
        set.insert(String(decoding: pattern.utf8[start...], as: UTF8.self))
        return set
    }

    func matches(_ text: String) -> Bool {
        if let alternatives { return alternatives.contains(text) }
        return regex?.matches(text) ?? false
    }
}
