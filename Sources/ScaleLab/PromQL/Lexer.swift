/// The PromQL lexer: turns a query into tokens, tracking positions for error messages.
///
/// Follows promql/parser/lex.go: keywords and aggregators are case-insensitive, `inf`/`nan`
/// are numbers, a number directly followed by a unit is a duration, `#` starts a comment.
struct Lexer {
    private let bytes: [UInt8]
    private let query: String
    private var pos = 0
    private var parenDepth = 0
    private var braceOpen = false
    private var bracketOpen = false

    init(_ query: String) {
        self.query = query
        self.bytes = Array(query.utf8)
    }

    /// Lexes the whole query.
    static func tokenize(_ query: String) throws(PromQLError) -> [Token] {
        var lexer = Lexer(query)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .eof { return tokens }
        }
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: bytes[from..<to], as: UTF8.self)
    }

    private func error(_ at: Int, _ message: String) -> PromQLError {
        PromQLError.parse(query: query, position: at, message: message)
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        pos + offset < bytes.count ? bytes[pos + offset] : nil
    }

    mutating func next() throws(PromQLError) -> Token {
        skipSpaceAndComments()
        let start = pos
        guard let c = peek() else {
            if braceOpen { throw error(start, "unexpected end of input inside braces") }
            if parenDepth != 0 { throw error(start, "unclosed left parenthesis") }
            if bracketOpen { throw error(start, "unclosed left bracket") }
            return Token(kind: .eof, pos: start, text: "")
        }
        func single(_ kind: TokenKind) -> Token {
            pos += 1
            return Token(kind: kind, pos: start, text: text(start, pos))
        }
        switch c {
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: "*"): return single(.op(.mul))
        case UInt8(ascii: "/"): return single(.op(.div))
        case UInt8(ascii: "%"): return single(.op(.mod))
        case UInt8(ascii: "+"): return single(.op(.add))
        case UInt8(ascii: "-"): return single(.op(.sub))
        case UInt8(ascii: "^"): return single(.op(.pow))
        case UInt8(ascii: "@"): return single(.at)
        case UInt8(ascii: ":"):
            if bracketOpen { return single(.colon) }
            return lexIdentifier(start)
        case UInt8(ascii: "("):
            parenDepth += 1
            return single(.leftParen)
        case UInt8(ascii: ")"):
            parenDepth -= 1
            if parenDepth < 0 { throw error(start, "unexpected right parenthesis ')'") }
            return single(.rightParen)
        case UInt8(ascii: "{"):
            if braceOpen { throw error(start, "unexpected left brace '{'") }
            braceOpen = true
            return single(.leftBrace)
        case UInt8(ascii: "}"):
            if !braceOpen { throw error(start, "unexpected right brace '}'") }
            braceOpen = false
            return single(.rightBrace)
        case UInt8(ascii: "["):
            if bracketOpen { throw error(start, "unexpected left bracket '['") }
            bracketOpen = true
            return single(.leftBracket)
        case UInt8(ascii: "]"):
            if !bracketOpen { throw error(start, "unexpected right bracket ']'") }
            bracketOpen = false
            return single(.rightBracket)
        case UInt8(ascii: "="):
            if peek(1) == UInt8(ascii: "=") {
                pos += 2
                return Token(kind: .op(.eql), pos: start, text: "==")
            }
            if peek(1) == UInt8(ascii: "~") {
                pos += 2
                return Token(kind: .regexMatch, pos: start, text: "=~")
            }
            return single(.assign)
        case UInt8(ascii: "!"):
            if peek(1) == UInt8(ascii: "=") {
                pos += 2
                return Token(kind: .op(.neq), pos: start, text: "!=")
            }
            if peek(1) == UInt8(ascii: "~") {
                pos += 2
                return Token(kind: .regexNoMatch, pos: start, text: "!~")
            }
            let next = peek(1).map { String(UnicodeScalar($0)) } ?? "EOF"
            throw error(start, "unexpected character after '!': '\(next)'")
        case UInt8(ascii: "<"), UInt8(ascii: ">"):
            let equal = peek(1) == UInt8(ascii: "=")
            pos += equal ? 2 : 1
            let op: BinaryOp =
                c == UInt8(ascii: "<") ? (equal ? .lte : .lss) : (equal ? .gte : .gtr)
            return Token(kind: .op(op), pos: start, text: text(start, pos))
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
            return try lexString(start, quote: c)
        default:
            if isDigit(c) || (c == UInt8(ascii: ".") && peek(1).map(isDigit) == true) {
                return try lexNumberOrDuration(start)
            }
            if isAlpha(c) { return lexIdentifier(start) }
            let rest = String(decoding: bytes[start..<min(bytes.count, start + 4)], as: UTF8.self)
            throw error(start, "unexpected character: '\(rest.first.map(String.init) ?? "?")'")
        }
    }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n")
                || c == UInt8(ascii: "\r")
            {
                pos += 1
            } else if c == UInt8(ascii: "#") && !braceOpen {
                while let d = peek(), d != UInt8(ascii: "\n") { pos += 1 }
            } else {
                return
            }
        }
    }

    private mutating func lexIdentifier(_ start: Int) -> Token {
        var hasColon = false
        while let c = peek(), isAlpha(c) || isDigit(c) || c == UInt8(ascii: ":") {
            if c == UInt8(ascii: ":") { hasColon = true }
            pos += 1
        }
        let word = text(start, pos)
        if hasColon { return Token(kind: .metricIdentifier, pos: start, text: word) }
        if braceOpen { return Token(kind: .identifier, pos: start, text: word) }
        let lower = word.lowercased()
        if lower == "inf" || lower == "nan" {
            return Token(kind: .number, pos: start, text: word)
        }
        if let op = AggregateOp(rawValue: lower) {
            return Token(kind: .aggregator(op), pos: start, text: word)
        }
        if let keyword = Keyword(rawValue: lower) {
            return Token(kind: .keyword(keyword), pos: start, text: word)
        }
        switch lower {
        case "and": return Token(kind: .op(.land), pos: start, text: word)
        case "or": return Token(kind: .op(.lor), pos: start, text: word)
        case "unless": return Token(kind: .op(.lunless), pos: start, text: word)
        case "atan2": return Token(kind: .op(.atan2), pos: start, text: word)
        default: return Token(kind: .identifier, pos: start, text: word)
        }
    }

    private mutating func lexNumberOrDuration(_ start: Int) throws(PromQLError) -> Token {
        // Hexadecimal integers.
        if peek() == UInt8(ascii: "0"), let x = peek(1), x == UInt8(ascii: "x") || x == 88 {
            pos += 2
            while let c = peek(), isHex(c) { pos += 1 }
            return Token(kind: .number, pos: start, text: text(start, pos))
        }
        // A duration: digits followed by a unit, possibly several groups (1h30m).
        var probe = pos
        while probe < bytes.count, isDigit(bytes[probe]) { probe += 1 }
        if probe < bytes.count, probe > pos, isUnitStart(bytes[probe]) {
            pos = probe
            while let c = peek(), isDigit(c) || isAlpha(c) { pos += 1 }
            return Token(kind: .duration, pos: start, text: text(start, pos))
        }
        while let c = peek(), isDigit(c) { pos += 1 }
        if peek() == UInt8(ascii: ".") {
            pos += 1
            while let c = peek(), isDigit(c) { pos += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var probe = pos + 1
            if probe < bytes.count, bytes[probe] == UInt8(ascii: "+") || bytes[probe] == 45 {
                probe += 1
            }
            if probe < bytes.count, isDigit(bytes[probe]) {
                pos = probe
                while let c = peek(), isDigit(c) { pos += 1 }
            }
        }
        if let c = peek(), isAlpha(c) {
            throw error(start, "bad number or duration syntax: \"\(text(start, pos + 1))\"")
        }
        return Token(kind: .number, pos: start, text: text(start, pos))
    }

    private mutating func lexString(_ start: Int, quote: UInt8) throws(PromQLError) -> Token {
        pos += 1
        while let c = peek() {
            if c == quote {
                pos += 1
                return Token(kind: .string, pos: start, text: text(start, pos))
            }
            if c == UInt8(ascii: "\\") && quote != UInt8(ascii: "`") {
                pos += 2
                continue
            }
            if c == UInt8(ascii: "\n") && quote != UInt8(ascii: "`") { break }
            pos += 1
        }
        throw error(start, quote == UInt8(ascii: "`") ? "unterminated raw string" : "unterminated quoted string")
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    private func isHex(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
    }
    private func isAlpha(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == UInt8(ascii: "_")
    }
    private func isUnitStart(_ c: UInt8) -> Bool {
        // y w d h m s (ms starts with m).
        [121, 119, 100, 104, 109, 115].contains(c)
    }
}
