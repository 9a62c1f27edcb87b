import Foundation

/// An unanchored regular expression with Go regexp's match and `Expand` semantics, as the
/// adapter uses for `name.matches`/`as` and `seriesFilters` (Go: regexp.MatchString,
/// FindStringSubmatchIndex, ExpandString).
final class GoRegex: @unchecked Sendable {
    // NSRegularExpression is immutable after creation and safe to share.
    let regex: NSRegularExpression
    let source: String

    init(_ pattern: String) throws(AdapterConfigError) {
        source = pattern
        do {
            // RE2 writes named groups (?P<name>...); ICU writes (?<name>...).
            regex = try NSRegularExpression(
                pattern: pattern.replacingOccurrences(of: "(?P<", with: "(?<"))
        } catch {
            throw AdapterConfigError("error parsing regexp: invalid regular expression "
                + goQuote(pattern))
        }
    }

    /// The number of capture groups.
    var groupCount: Int { regex.numberOfCaptureGroups }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Expands `template` with the leftmost match in `text` (regexp.ExpandString): `$1`,
    /// `${1}`, `$name`, `${name}`, `$$`; `$1x` means the group named `1x`; a reference to a
    /// missing group is empty; a malformed `$` is kept as is. Nil when `text` does not match.
    func expand(_ template: String, in text: String) -> String? {
        guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        func group(_ index: Int) -> String {
            guard index <= regex.numberOfCaptureGroups else { return "" }
            let r = match.range(at: index)
            guard r.location != NSNotFound, let range = Range(r, in: text) else { return "" }
            return String(text[range])
        }
        func named(_ name: String) -> String {
            let r = match.range(withName: name)
            guard r.location != NSNotFound, let range = Range(r, in: text) else { return "" }
            return String(text[range])
        }
        var out = ""
        var rest = Substring(template)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            if rest.first == "$" {
                out += "$"
                rest = rest.dropFirst()
                continue
            }
            var scan = rest
            let brace = scan.first == "{"
            if brace { scan = scan.dropFirst() }
            let name = scan.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            scan = scan.dropFirst(name.count)
            if name.isEmpty || (brace && scan.first != "}") {
                out += "$"  // Malformed: the `$` is literal text.
                continue
            }
            if brace { scan = scan.dropFirst() }
            rest = scan
            if name.allSatisfy(\.isASCII), name.allSatisfy(\.isNumber),
                !(name.first == "0" && name.count > 1), let n = Int(name), n < 100_000_000
            {
                out += group(n)
            } else {
                out += named(String(name))
            }
        }
        return out + rest
    }
}
