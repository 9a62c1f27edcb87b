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

/// A compiled, fully anchored regular expression (RE2 syntax is close to ICU's for the common
/// subset: groups, classes, inline flags such as `(?i)`, lazy quantifiers).
final class AnchoredRegex: @unchecked Sendable {
    // NSRegularExpression is immutable after creation and documented thread-safe.
    private let regex: NSRegularExpression
    private let literal: String?

    init(_ pattern: String) throws(LabelMatcherError) {
        // Prometheus: regexp.Compile("^(?s:" + v + ")$"); `\z` rather than `$` because ICU's `$`
        // also matches before a final line terminator.
        do {
            regex = try NSRegularExpression(pattern: "^(?s:" + pattern + ")\\z")
        } catch {
            throw LabelMatcherError(
                description: "error parsing regexp: invalid regular expression \(goQuote(pattern))")
        }
        let meta = CharacterSet(charactersIn: "\\.+*?()|[]{}^$")
        literal = pattern.rangeOfCharacter(from: meta) == nil ? pattern : nil
    }

    func matches(_ text: String) -> Bool {
        if let literal { return literal == text }
        let range = NSRange(text.startIndex..., in: text)
        return regex.firstMatch(in: text, options: [], range: range) != nil
    }
}
