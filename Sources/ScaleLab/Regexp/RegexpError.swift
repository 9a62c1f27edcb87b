/// A pattern that Go's regexp package rejects, with Go's own wording (regexp/syntax ErrorCode):
/// `error parsing regexp: missing closing ): `(a``.
///
/// Prometheus, prometheus-adapter and the Cluster Autoscaler compile their patterns with Go's
/// `regexp.Compile`, so a user sees exactly these messages from the real components.
struct RegexpError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Go's error codes (regexp/syntax/parse.go) this parser can meet, by their text.
    enum Code: String, Sendable {
        case invalidCharRange = "invalid character class range"
        case invalidEscape = "invalid escape sequence"
        case invalidNamedCapture = "invalid named capture"
        case invalidPerlOp = "invalid or unsupported Perl syntax"
        case invalidRepeatOp = "invalid nested repetition operator"
        case invalidRepeatSize = "invalid repeat count"
        case missingBracket = "missing closing ]"
        case missingParen = "missing closing )"
        case missingRepeatArgument = "missing argument to repetition operator"
        case trailingBackslash = "trailing backslash at end of expression"
        case unexpectedParen = "unexpected )"
        case nestingDepth = "expression nests too deeply"
        case large = "expression too large"
    }

    /// What is wrong.
    let code: Code
    /// The offending part of the pattern, as Go reports it.
    let expr: String

    /// Go's `syntax.Error.Error()` behind `regexp.Compile`'s prefix.
    var description: String { "error parsing regexp: \(code.rawValue): `\(expr)`" }
}
