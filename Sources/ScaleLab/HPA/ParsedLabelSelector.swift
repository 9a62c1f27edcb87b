import Foundation

// The text form of a label selector, as `scale.status.selector` carries it and
// k8s.io/apimachinery/pkg/labels.Parse reads it: comma-separated requirements
// `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`.

/// A parsed label selector: every requirement must hold.
public struct ParsedLabelSelector: Sendable, Equatable {
    /// The requirements, in the order written.
    public var requirements: [LabelSelectorRequirement]
    /// The text it was parsed from.
    public var text: String

    /// Parses `text`; throws a message quoting the input when it is malformed.
    public init(parsing text: String) throws(HPAFetchError) {
        self.text = text
        requirements = []
        for part in Self.splitTopLevel(text) {
            let trimmed = part.trimmedWhitespace
            if trimmed.isEmpty {
                throw HPAFetchError("unable to parse requirement: found '', expected: identifier"
                    + " (in selector \"\(text)\")")
            }
            requirements.append(try Self.requirement(trimmed, in: text))
        }
    }

    /// Whether `labels` satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    private static func splitTopLevel(_ text: String) -> [String] {
        if text.trimmedWhitespace.isEmpty { return [] }
        var parts: [String] = []
        var current = ""
        var depth = 0
        for char in text {
            if char == "(" { depth += 1 }
            if char == ")" { depth -= 1 }
            if char == "," && depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(char)
            }
        }
        parts.append(current)
        return parts
    }

    private static func requirement(_ part: String, in text: String) throws(HPAFetchError)
        -> LabelSelectorRequirement {
        func fail(_ why: String) -> HPAFetchError {
            HPAFetchError("unable to parse requirement: \(why) (in selector \"\(text)\")")
        }
        if part.hasPrefix("!") {
            let key = String(part.dropFirst()).trimmedWhitespace
            guard isKey(key) else { throw fail("invalid label key \"\(key)\"") }
            return LabelSelectorRequirement(key: key, operator: "DoesNotExist")
        }
        for op in ["!=", "==", "="] {
            if let range = part.range(of: op) {
                let key = part[..<range.lowerBound].trimmedWhitespace
                let value = part[range.upperBound...].trimmedWhitespace
                guard isKey(key) else { throw fail("invalid label key \"\(key)\"") }
                guard isValue(value) else { throw fail("invalid label value \"\(value)\"") }
                return LabelSelectorRequirement(key: key, operator: op == "!=" ? "NotIn" : "In",
                                                values: [value])
            }
        }
        let words = part.split(separator: " ", maxSplits: 1).map(String.init)
        if words.count == 1 {
            guard isKey(words[0]) else { throw fail("invalid label key \"\(words[0])\"") }
            return LabelSelectorRequirement(key: words[0], operator: "Exists")
        }
        let key = words[0]
        let rest = words[1].trimmedWhitespace
        let op: String
        let setText: Substring
        if rest.hasPrefix("notin") {
            op = "NotIn"
            setText = rest.dropFirst(5)
        } else if rest.hasPrefix("in") {
            op = "In"
            setText = rest.dropFirst(2)
        } else {
            throw fail("found '\(rest)', expected: in, notin, =, ==, !=")
        }
        let set = setText.trimmedWhitespace
        guard isKey(key) else { throw fail("invalid label key \"\(key)\"") }
        guard set.hasPrefix("("), set.hasSuffix(")") else {
            throw fail("found '\(set)', expected: '('")
        }
        let values = set.dropFirst().dropLast()
            .split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmedWhitespace }
        for value in values where !isValue(value) {
            throw fail("invalid label value \"\(value)\"")
        }
        return LabelSelectorRequirement(key: key, operator: op, values: values)
    }

    private static func isKey(_ key: String) -> Bool {
        !key.isEmpty && key.count <= 316 && key.allSatisfy {
            $0.isASCII && ($0.isLetter || $0.isNumber || "-._/".contains($0))
        }
    }

    private static func isValue(_ value: String) -> Bool {
        value.count <= 63 && value.allSatisfy {
            $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0))
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (CharacterSet.whitespaces'
    /// ASCII members, the only ones selectors contain); much cheaper than Foundation's
    /// trimmingCharacters, which showed in profiles (a selector is parsed at every reconcile).
    var trimmedWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
