/// The kinds of PromQL tokens (promql/parser/lex.go ItemType).
enum TokenKind: Equatable, Sendable {
    case eof
    case identifier       // a name without colons
    case metricIdentifier // a name with colons
    case number
    case duration
    case string
    case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket
    case comma, colon, at
    case assign           // `=` in a matcher
    case op(BinaryOp)     // arithmetic, comparison and set operators
    case regexMatch, regexNoMatch
    case keyword(Keyword)
    case aggregator(AggregateOp)
}

/// PromQL keywords (lex.go `key`), matched case-insensitively.
enum Keyword: String, Sendable {
    case offset, by, without, on, ignoring, bool
    case groupLeft = "group_left"
    case groupRight = "group_right"
    case start, end
}

/// One lexed token with its byte position in the query.
struct Token: Sendable {
    var kind: TokenKind
    var pos: Int
    var text: String

    /// How Prometheus describes the token in "unexpected ..." errors (lex.go Item.desc).
    var desc: String {
        switch kind {
        case .eof: return "end of input"
        case .identifier: return "identifier \(goQuote(text))"
        case .metricIdentifier: return "metric identifier \(goQuote(text))"
        case .number: return "number \(goQuote(text))"
        case .duration: return "duration \(goQuote(text))"
        case .string: return "string \(shortQuote(text))"
        case .keyword: return "<\(text)>"
        case .aggregator: return "<aggr:\(text)>"
        case .op, .regexMatch, .regexNoMatch: return "<op:\(text)>"
        default: return goQuote(text)
        }
    }

    private func shortQuote(_ s: String) -> String {
        // lex.go Item.String: values longer than 10 bytes print as %.10q...
        s.utf8.count > 10 ? goQuote(String(s.prefix(10))) + "..." : goQuote(s)
    }
}
