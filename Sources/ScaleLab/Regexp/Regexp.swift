/// A compiled regular expression with Go's `regexp` syntax and semantics (RE2): what
/// Prometheus label matchers, `label_replace`, metric relabelling, prometheus-adapter rules and
/// the Cluster Autoscaler's priority expander all compile their patterns with.
///
/// An implementation of its own rather than Foundation's `NSRegularExpression`: ICU's syntax
/// differs from RE2's (ICU accepts lookaround and backreferences that Go rejects, and words
/// its errors differently), and starting ICU costs milliseconds per process.
final class Regexp: Sendable {
    /// The pattern as written.
    let source: String
    /// Each group's name, index 0 being the whole match (unnamed groups are nil).
    let names: [String?]
    private let program: RegexpProgram

    /// Go's limit on a program's size (regexp/syntax maxSize: 128 MiB of 40-byte
    /// instructions), counted here in this machine's instructions.
    static let maxProgramSize = (128 << 20) / 40

    /// Compiles `pattern` as `regexp.Compile` does (unanchored; leftmost-first).
    init(_ pattern: String) throws(RegexpError) {
        var parser = RegexpParser(pattern)
        let node = try parser.parse()
        guard node.programSize <= Self.maxProgramSize else {
            throw RegexpError(code: .large, expr: pattern)
        }
        source = pattern
        names = parser.names
        program = RegexpProgram(node, groups: parser.captureCount)
    }

    /// Compiles `pattern` fully anchored, as Prometheus matches labels: `^(?s:pattern)$`.
    /// The pattern is checked on its own first, so errors quote it as the user wrote it
    /// (Prometheus: labels.NewFastRegexMatcher parses it before wrapping it).
    static func anchored(_ pattern: String) throws(RegexpError) -> Regexp {
        var check = RegexpParser(pattern)
        _ = try check.parse()
        return try Regexp("^(?s:" + pattern + ")$")
    }

    /// The number of capture groups.
    var groupCount: Int { names.count - 1 }

    /// Whether the expression matches somewhere in `text` (regexp.MatchString).
    func matches(_ text: String) -> Bool {
        program.run(text, wantSlots: false) != nil
    }

    /// The leftmost-first match and its groups' ranges (nil for a group that did not take
    /// part), or nil when there is no match (regexp.FindStringSubmatchIndex).
    func firstMatch(in text: String) -> [Range<String.Index>?]? {
        guard let slots = program.run(text, wantSlots: true) else { return nil }
        return (0..<names.count).map { g in
            guard let lo = slots[2 * g], let hi = slots[2 * g + 1] else { return nil }
            return lo..<hi
        }
    }

    /// Expands `template` with the leftmost match in `text`; nil when `text` does not match.
    func expand(_ template: String, in text: String) -> String? {
        guard let match = firstMatch(in: text) else { return nil }
        return expand(template, match: match, in: text)
    }

    /// regexp.ExpandString: `$1`, `${1}`, `$name`, `${name}` and `$$`. A name after a bare
    /// `$` is as long as possible (`$1x` is the group named `1x`); a number with a leading
    /// zero is a name; a missing or unmatched group expands to nothing; a malformed `$`
    /// is kept as text.
    func expand(_ template: String, match: [Range<String.Index>?], in text: String) -> String {
        let t = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var k = 0
        func isNameScalar(_ c: Unicode.Scalar) -> Bool {
            // Go: unicode.IsLetter || unicode.IsDigit || '_'.
            switch c.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter,
                .otherLetter, .decimalNumber:
                return true
            default:
                return c == "_"
            }
        }
        while k < t.count {
            guard t[k] == "$" else {
                out.append(t[k])
                k += 1
                continue
            }
            if k + 1 < t.count, t[k + 1] == "$" {
                out.append("$")
                k += 2
                continue
            }
            // extract(): `$name` or `${name}`.
            var j = k + 1
            let brace = j < t.count && t[j] == "{"
            if brace { j += 1 }
            let nameStart = j
            while j < t.count, isNameScalar(t[j]) { j += 1 }
            var name = String.UnicodeScalarView()
            name.append(contentsOf: t[nameStart..<j])
            if j == nameStart || (brace && (j >= t.count || t[j] != "}")) {
                out.append("$")  // Malformed: the `$` is literal text.
                k += 1
                continue
            }
            if brace { j += 1 }
            k = j
            if let range = group(String(name), in: match) {
                out.append(contentsOf: text.unicodeScalars[range])
            }
        }
        return String(out)
    }

    /// The range of a group by number (digits only, no leading zero, < 1e8) or else by name.
    private func group(_ name: String, in match: [Range<String.Index>?]) -> Range<String.Index>? {
        let digits = name.unicodeScalars.allSatisfy { $0.value >= 0x30 && $0.value <= 0x39 }
        if digits, !(name.count > 1 && name.first == "0"), name.count <= 8, let n = Int(name) {
            return n < match.count ? match[n] : nil
        }
        guard let index = names.firstIndex(where: { $0 == name }) else { return nil }
        return match[index]
    }
}
