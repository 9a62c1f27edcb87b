/// A recursive-descent PromQL parser with Prometheus' precedence, type checks and messages.
///
/// Grammar and checks follow promql/parser/generated_parser.y and parse.go (checkAST):
/// precedence `or` < `and unless` < comparisons < `+ -` < `* / % atan2` < `^` (right
/// associative); unary minus binds like `*` (so `-2^2` is -4) and folds into number literals;
/// `offset` and `@` bind tighter than any operator; a bare number used as a duration is seconds.
struct Parser {
    private let query: String
    private let tokens: [Token]
    private var index = 0
    private var nextNodeID = 0

    /// Parses a query into an expression tree.
    static func parse(_ query: String) throws(PromQLError) -> PromQLExpr {
        var parser = Parser(query: query, tokens: try Lexer.tokenize(query))
        if parser.current.kind == .eof {
            throw parser.error(0, "no expression found in input")
        }
        let expr = try parser.parseExpr(0)
        if parser.current.kind != .eof { throw parser.unexpected() }
        return expr
    }

    private init(query: String, tokens: [Token]) {
        self.query = query
        self.tokens = tokens
    }

    private var current: Token { tokens[index] }
    private var nextToken: Token { tokens[min(index + 1, tokens.count - 1)] }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private func error(_ pos: Int, _ message: String) -> PromQLError {
        .parse(query: query, position: pos, message: message)
    }

    private func unexpected(_ context: String = "", expected: String = "") -> PromQLError {
        var message = "unexpected " + current.desc
        if !context.isEmpty { message += " in " + context }
        if !expected.isEmpty { message += ", expected " + expected }
        return error(current.pos, message)
    }

    private mutating func expect(_ kind: TokenKind, _ context: String, _ what: String)
        throws(PromQLError)
    {
        guard current.kind == kind else { throw unexpected(context, expected: what) }
        advance()
    }

    // MARK: Expressions

    private mutating func parseExpr(_ minPrecedence: Int) throws(PromQLError) -> PromQLExpr {
        let lhsStart = current.pos
        var lhs = try parseUnary()
        while case .op(let op) = current.kind, op.precedence >= minPrecedence {
            let opPos = current.pos
            advance()
            var returnBool = false
            if case .keyword(.bool) = current.kind {
                returnBool = true
                advance()
            }
            let matching = try parseMatching(op)
            let next = op.rightAssociative ? op.precedence : op.precedence + 1
            let rhs = try parseExpr(next)
            lhs = try makeBinary(
                op, lhs, rhs, returnBool: returnBool, matching: matching, lhsStart: lhsStart,
                opPos: opPos)
        }
        return lhs
    }

    private mutating func parseUnary() throws(PromQLError) -> PromQLExpr {
        guard case .op(let op) = current.kind, op == .sub || op == .add else {
            return try parsePostfix()
        }
        let pos = current.pos
        advance()
        // unary_expr: unary_op expr %prec MUL — the operand takes only `^` chains.
        let operand = try parseExpr(BinaryOp.pow.precedence)
        switch operand.type {
        case .scalar, .vector: break
        case let other:
            throw error(
                pos,
                "unary expression only allowed on expressions of type scalar or instant vector, "
                    + "got \"\(other.rawValue)\"")
        }
        if case .number(let v) = operand { return .number(op == .sub ? -v : v) }
        return .unary(negate: op == .sub, operand)
    }

    private mutating func parseMatching(_ op: BinaryOp) throws(PromQLError) -> VectorMatching {
        var matching = VectorMatching()
        if op.isSetOperator { matching.card = .manyToMany }
        if case .keyword(let k) = current.kind, k == .on || k == .ignoring {
            matching.on = k == .on
            advance()
            matching.labels = try parseLabelList("grouping opts")
        }
        if case .keyword(let k) = current.kind, k == .groupLeft || k == .groupRight {
            let pos = current.pos
            if op.isSetOperator {
                throw error(pos, "no grouping allowed for \"\(op.rawValue)\" operation")
            }
            matching.card = k == .groupLeft ? .manyToOne : .oneToMany
            advance()
            if current.kind == .leftParen { matching.include = try parseLabelList("grouping opts") }
            for label in matching.include where matching.on && matching.labels.contains(label) {
                throw error(pos, "label \"\(label)\" must not occur in ON and GROUP clause at once")
            }
        }
        return matching
    }

    private mutating func makeBinary(
        _ op: BinaryOp, _ lhs: PromQLExpr, _ rhs: PromQLExpr, returnBool: Bool,
        matching: VectorMatching, lhsStart: Int, opPos: Int
    ) throws(PromQLError) -> PromQLExpr {
        if returnBool && !op.isComparison {
            throw error(opPos, "bool modifier can only be used on comparison operators")
        }
        let lt = lhs.type
        let rt = rhs.type
        if op.isComparison && !returnBool && lt == .scalar && rt == .scalar {
            throw error(opPos, "comparisons between scalars must use BOOL modifier")
        }
        if lt != .scalar && lt != .vector || rt != .scalar && rt != .vector {
            throw error(
                lhsStart, "binary expression must contain only scalar and instant vector types")
        }
        if (lt == .scalar || rt == .scalar) && op.isSetOperator {
            throw error(
                lhsStart, "set operator \"\(op.rawValue)\" not allowed in binary scalar expression")
        }
        if lt == .vector && rt == .vector {
            return .binary(op, lhs, rhs, returnBool: returnBool, matching: matching)
        }
        if !matching.labels.isEmpty || matching.card != .oneToOne && !op.isSetOperator {
            throw error(lhsStart, "vector matching only allowed between instant vectors")
        }
        return .binary(op, lhs, rhs, returnBool: returnBool, matching: nil)
    }

    private mutating func parsePostfix() throws(PromQLError) -> PromQLExpr {
        let start = current.pos
        var expr = try parsePrimary()
        while true {
            switch current.kind {
            case .leftBracket:
                expr = try parseRange(expr, start: start)
            case .keyword(.offset):
                expr = try parseOffset(expr, start: start)
            case .at:
                expr = try parseAt(expr, start: start)
            default:
                return expr
            }
        }
    }

    private mutating func parseRange(_ expr: PromQLExpr, start: Int) throws(PromQLError)
        -> PromQLExpr
    {
        advance()
        let range = try parseDurationValue("range selector")
        if current.kind == .colon {
            return try parseSubquery(expr, range: range, start: start)
        }
        guard case .vectorSelector(let selector) = expr else {
            throw error(start, "ranges only allowed for vector selectors")
        }
        if selector.offset != 0 { throw error(start, "no offset modifiers allowed before range") }
        if selector.at != nil || selector.atEvalTime {
            throw error(start, "no @ modifiers allowed before range")
        }
        try expect(.rightBracket, "range selector", "\"]\"")
        if range <= 0 {
            throw error(start, "range selector must be positive, got \(range)ms")
        }
        return .matrixSelector(selector, range: range)
    }

    /// `expr[range:step]` (generated_parser.y subquery_expr; parse.go checkAST: "subquery is
    /// only allowed on instant vector"); the step may be left out.
    private mutating func parseSubquery(_ expr: PromQLExpr, range: Int64, start: Int)
        throws(PromQLError) -> PromQLExpr
    {
        advance()  // :
        var step: Int64 = 0
        if current.kind != .rightBracket {
            step = try parseDurationValue("subquery selector")
            if step <= 0 {
                throw error(start, "zero or negative step in subquery, got \(step)ms")
            }
        }
        try expect(.rightBracket, "subquery selector", "\"]\"")
        let inner = expr.unwrappingParens
        guard inner.type == .vector else {
            throw error(
                start,
                "subquery is only allowed on instant vector, got \(inner.type.rawValue) instead")
        }
        if range <= 0 {
            throw error(start, "range selector must be positive, got \(range)ms")
        }
        return .subquery(Subquery(expr: inner, range: range, step: step))
    }

    /// A duration or a bare number of seconds, in milliseconds.
    private mutating func parseDurationValue(_ context: String) throws(PromQLError) -> Int64 {
        let token = current
        switch token.kind {
        case .duration:
            advance()
            guard let ms = parsePrometheusDuration(token.text) else {
                throw error(token.pos, "not a valid duration string: \(goQuote(token.text))")
            }
            return ms
        case .number:
            advance()
            guard let seconds = Parser.number(token.text), seconds.isFinite,
                abs(seconds) < 9.2e15
            else {
                throw error(token.pos, "not a valid duration: \(goQuote(token.text))")
            }
            return Int64((seconds * 1000).rounded())
        default:
            throw unexpected(context, expected: "number or duration")
        }
    }

    private mutating func parseOffset(_ expr: PromQLExpr, start: Int) throws(PromQLError)
        -> PromQLExpr
    {
        let pos = current.pos
        advance()
        var sign: Int64 = 1
        if case .op(let op) = current.kind, op == .sub || op == .add {
            sign = op == .sub ? -1 : 1
            advance()
        }
        let offset = sign * (try parseDurationValue("offset"))
        switch expr {
        case .vectorSelector(var s):
            if s.offset != 0 { throw error(pos, "offset may not be set multiple times") }
            s.offset = offset
            return .vectorSelector(s)
        case .matrixSelector(var s, let range):
            if s.offset != 0 { throw error(pos, "offset may not be set multiple times") }
            s.offset = offset
            return .matrixSelector(s, range: range)
        case .subquery(var q):
            if q.offset != 0 { throw error(pos, "offset may not be set multiple times") }
            q.offset = offset
            return .subquery(q)
        default:
            throw error(
                start,
                "offset modifier must be preceded by an instant vector selector or range vector "
                    + "selector or a subquery")
        }
    }

    /// The `@` modifier's timestamp in milliseconds. parse.go `setTimestamp`: infinities, NaN
    /// and seconds beyond the int64 range are "timestamp out of bounds for @ modifier: %f" at
    /// the expression; `timestamp.FromFloatSeconds` then takes `int64(math.Round(ts * 1000))`,
    /// which Go on amd64 turns into math.MinInt64 when the milliseconds overflow (seconds
    /// beyond ±9.2e15): the same value here instead of a trap.
    private func atTimestamp(_ seconds: Double, start: Int) throws(PromQLError) -> Int64 {
        if !seconds.isFinite || seconds >= 9.223372036854775807e18
            || seconds <= -9.223372036854775808e18
        {
            let text: String
            if seconds.isNaN {
                text = "NaN"
            } else if seconds.isInfinite {
                text = seconds < 0 ? "-Inf" : "+Inf"
            } else {
                text = String(format: "%f", seconds)
            }
            throw error(start, "timestamp out of bounds for @ modifier: " + text)
        }
        let milliseconds = (seconds * 1000).rounded()
        guard milliseconds < 9.223372036854775807e18, milliseconds >= -9.223372036854775808e18
        else { return Int64.min }
        return Int64(milliseconds)
    }

    private mutating func parseAt(_ expr: PromQLExpr, start: Int) throws(PromQLError)
        -> PromQLExpr
    {
        let pos = current.pos
        advance()
        var at: Int64?
        var atEval = false
        if case .keyword(let k) = current.kind, k == .start || k == .end {
            advance()
            try expect(.leftParen, "@ modifier", "\"(\"")
            try expect(.rightParen, "@ modifier", "\")\"")
            atEval = true
        } else {
            var sign = 1.0
            if case .op(let op) = current.kind, op == .sub || op == .add {
                sign = op == .sub ? -1 : 1
                advance()
            }
            guard current.kind == .number, let v = Parser.number(current.text) else {
                throw unexpected("@", expected: "timestamp")
            }
            advance()
            at = try atTimestamp(sign * v, start: start)
        }
        func apply(_ s: inout VectorSelector) throws(PromQLError) {
            if s.at != nil || s.atEvalTime {
                throw error(pos, "@ <timestamp> may not be set multiple times")
            }
            s.at = at
            s.atEvalTime = atEval
        }
        switch expr {
        case .vectorSelector(var s):
            try apply(&s)
            return .vectorSelector(s)
        case .matrixSelector(var s, let range):
            try apply(&s)
            return .matrixSelector(s, range: range)
        case .subquery(var q):
            if q.at != nil || q.atEvalTime {
                throw error(pos, "@ <timestamp> may not be set multiple times")
            }
            q.at = at
            q.atEvalTime = atEval
            return .subquery(q)
        default:
            throw error(
                start,
                "@ modifier must be preceded by an instant vector selector or range vector "
                    + "selector or a subquery")
        }
    }

    private mutating func parsePrimary() throws(PromQLError) -> PromQLExpr {
        let token = current
        switch token.kind {
        case .number:
            advance()
            guard let v = Parser.number(token.text) else {
                throw error(token.pos, "error parsing number: \(goQuote(token.text))")
            }
            return .number(v)
        case .duration:
            // Prometheus 3: a duration where a number is expected is its length in seconds.
            let ms = try parseDurationValue("expression")
            return .number(Double(ms) / 1000)
        case .string:
            advance()
            return .string(try unquote(token))
        case .leftParen:
            advance()
            let inner = try parseExpr(0)
            try expect(.rightParen, "paren expression", "\")\"")
            return .paren(inner)
        case .leftBrace:
            return try parseSelector(name: "", namePos: token.pos)
        case .identifier, .metricIdentifier:
            advance()
            if token.kind == .identifier && current.kind == .leftParen {
                return try parseCall(token)
            }
            return try parseSelector(name: token.text, namePos: token.pos)
        case .aggregator(let op):
            advance()
            switch current.kind {
            case .leftParen, .keyword(.by), .keyword(.without):
                return try parseAggregation(op, token)
            default:
                return try parseSelector(name: token.text, namePos: token.pos)
            }
        default:
            throw unexpected()
        }
    }

    private mutating func parseCall(_ name: Token) throws(PromQLError) -> PromQLExpr {
        guard let function = PromQLFunction(rawValue: name.text) else {
            throw error(name.pos, "unknown function with name \(goQuote(name.text))")
        }
        advance()  // (
        var args: [(PromQLExpr, Int)] = []
        if current.kind != .rightParen {
            while true {
                let pos = current.pos
                args.append((try parseExpr(0), pos))
                if current.kind == .comma {
                    advance()
                    if current.kind == .rightParen { break }
                    continue
                }
                break
            }
        }
        try expect(.rightParen, "argument list", "\",\" or \")\"")
        let types = function.argumentTypes
        // parse.go checkAST: fixed arity, or at least n-1 and (Variadic > 0) at most
        // n-1+Variadic arguments.
        if function.variadic == 0 {
            if args.count != types.count {
                throw error(
                    name.pos,
                    "expected \(types.count) argument(s) in call to \(goQuote(name.text)), got "
                        + "\(args.count)")
            }
        } else if types.count - 1 > args.count {
            throw error(
                name.pos,
                "expected at least \(types.count - 1) argument(s) in call to "
                    + "\(goQuote(name.text)), got \(args.count)")
        } else if function.variadic > 0, types.count - 1 + function.variadic < args.count {
            throw error(
                name.pos,
                "expected at most \(types.count - 1 + function.variadic) argument(s) in call to "
                    + "\(goQuote(name.text)), got \(args.count)")
        }
        var exprs: [PromQLExpr] = []
        for (i, (arg, pos)) in args.enumerated() {
            let unwrapped = arg.unwrappingParens
            let want = types[min(i, types.count - 1)]
            if unwrapped.type != want {
                throw error(
                    pos,
                    "expected type \(want.rawValue) in call to function "
                        + "\(goQuote(name.text)), got \(unwrapped.type.rawValue)")
            }
            // engine.go PreprocessExpr removes superfluous parentheses on arguments.
            exprs.append(unwrapped)
        }
        return .call(function, exprs)
    }

    private mutating func parseAggregation(_ op: AggregateOp, _ token: Token)
        throws(PromQLError) -> PromQLExpr
    {
        var grouping: [String] = []
        var without = false
        var groupingGiven = false
        if case .keyword(let k) = current.kind, k == .by || k == .without {
            without = k == .without
            advance()
            grouping = try parseLabelList("grouping opts")
            groupingGiven = true
        }
        try expect(.leftParen, "aggregation", "\"(\"")
        var args: [(PromQLExpr, Int)] = []
        if current.kind != .rightParen {
            while true {
                let pos = current.pos
                args.append((try parseExpr(0), pos))
                guard current.kind == .comma else { break }
                advance()
                if current.kind == .rightParen { break }
            }
        }
        try expect(.rightParen, "aggregation", "\",\" or \")\"")
        if case .keyword(let k) = current.kind, k == .by || k == .without {
            if groupingGiven { throw unexpected("aggregation") }
            without = k == .without
            advance()
            grouping = try parseLabelList("grouping opts")
        }
        // generated_parser.y newAggregateExpr and parse.go checkAST.
        if op == .limitk || op == .limitRatio {
            throw error(
                token.pos,
                "\(op.rawValue)() is experimental and must be enabled with "
                    + "--enable-feature=promql-experimental-functions")
        }
        if args.isEmpty {
            throw error(token.pos, "no arguments for aggregate expression provided")
        }
        let needsParam = [.topk, .bottomk, .quantile, .countValues].contains(op)
        let desired = needsParam ? 2 : 1
        if args.count != desired {
            throw error(
                token.pos,
                "wrong number of arguments for aggregate expression provided, expected "
                    + "\(desired), got \(args.count)")
        }
        var param: PromQLExpr?
        if needsParam {
            let (p, ppos) = args[0]
            let unwrapped = p.unwrappingParens
            let want: PromQLType = op == .countValues ? .string : .scalar
            if unwrapped.type != want {
                throw error(
                    ppos,
                    "expected type \(want.rawValue) in aggregation parameter, got "
                        + "\(unwrapped.type.rawValue)")
            }
            param = unwrapped
        }
        let (expr, pos) = args[desired - 1]
        let inner = expr.unwrappingParens
        if inner.type != .vector {
            throw error(
                pos,
                "expected type instant vector in aggregation expression, got \(inner.type.rawValue)")
        }
        nextNodeID += 1
        return .aggregate(
            op, inner, param: param, grouping: grouping, without: without, id: nextNodeID)
    }

    /// `( label, label, ... )` — label names may be keywords (`on`, `by`, `sum`...).
    private mutating func parseLabelList(_ context: String) throws(PromQLError) -> [String] {
        try expect(.leftParen, context, "\"(\"")
        var labels: [String] = []
        while current.kind != .rightParen {
            guard let name = labelName(current) else {
                throw unexpected(context, expected: "label")
            }
            labels.append(name)
            advance()
            if current.kind == .comma {
                advance()
            } else if current.kind != .rightParen {
                throw unexpected(context, expected: "\",\" or \")\"")
            }
        }
        advance()
        return labels
    }

    private func labelName(_ token: Token) -> String? {
        switch token.kind {
        case .identifier, .keyword, .aggregator: return token.text
        case .op(let op) where [.land, .lor, .lunless, .atan2].contains(op): return token.text
        case .number where token.text.lowercased() == "inf" || token.text.lowercased() == "nan":
            return token.text
        case .string: return try? unquote(token)
        default: return nil
        }
    }

    private mutating func parseSelector(name: String, namePos: Int) throws(PromQLError)
        -> PromQLExpr
    {
        var matchers: [LabelMatcher] = []
        var nameFromBraces: String?
        if current.kind == .leftBrace {
            advance()
            while current.kind != .rightBrace {
                let labelToken = current
                // Prometheus 3: a lone quoted string in braces is the metric name.
                if labelToken.kind == .string,
                    nextToken.kind == .comma || nextToken.kind == .rightBrace
                {
                    let metric = try unquote(labelToken)
                    advance()
                    if nameFromBraces != nil || !name.isEmpty {
                        throw error(
                            namePos, "metric name must not be set twice: \(goQuote(metric))")
                    }
                    nameFromBraces = metric
                    matchers.append(try makeMatcher(.equal, Labels.metricName, metric, labelToken))
                } else {
                    guard let label = labelName(labelToken) else {
                        throw unexpected("label matching", expected: "label")
                    }
                    advance()
                    let kind: LabelMatcher.Kind
                    switch current.kind {
                    case .assign: kind = .equal
                    case .op(.neq): kind = .notEqual
                    case .regexMatch: kind = .regexMatch
                    case .regexNoMatch: kind = .regexNoMatch
                    default:
                        throw unexpected("label matching", expected: "label matching operator")
                    }
                    advance()
                    guard current.kind == .string else {
                        throw unexpected("label matching", expected: "string")
                    }
                    let value = try unquote(current)
                    matchers.append(try makeMatcher(kind, label, value, labelToken))
                    advance()
                }
                if current.kind == .comma {
                    advance()
                } else if current.kind != .rightBrace {
                    throw unexpected("label matching", expected: "\",\" or \"}\"")
                }
            }
            advance()
        }
        if !name.isEmpty {
            if let dup = matchers.first(where: { $0.name == Labels.metricName }) {
                throw error(
                    namePos,
                    "metric name must not be set twice: \(goQuote(name)) or \(goQuote(dup.value))")
            }
            matchers.append(
                try makeMatcher(
                    .equal, Labels.metricName, name,
                    Token(kind: .identifier, pos: namePos, text: name)))
        } else if !matchers.contains(where: { !$0.matches("") }) {
            throw error(namePos, "vector selector must contain at least one non-empty matcher")
        }
        nextNodeID += 1
        var selector = VectorSelector(name: name, matchers: matchers)
        selector.id = nextNodeID
        return .vectorSelector(selector)
    }

    private func makeMatcher(
        _ kind: LabelMatcher.Kind, _ name: String, _ value: String, _ at: Token
    ) throws(PromQLError) -> LabelMatcher {
        do {
            return try LabelMatcher(kind, name, value)
        } catch {
            throw self.error(at.pos, error.description)
        }
    }

    // MARK: Literals

    /// Parses a PromQL number like Go's ParseInt(s, 0, 64) then ParseFloat (parse.go number).
    static func number(_ text: String) -> Double? {
        let lower = text.lowercased()
        if lower == "inf" || lower == "+inf" { return .infinity }
        if lower == "-inf" { return -.infinity }
        if lower == "nan" { return .nan }
        if lower.hasPrefix("0x"), let v = Int64(lower.dropFirst(2), radix: 16) {
            return Double(v)
        }
        if lower.count > 1, lower.hasPrefix("0"), lower.allSatisfy(\.isNumber),
            let v = Int64(lower.dropFirst(), radix: 8)
        {
            return Double(v)
        }
        return Double(lower)
    }

    /// Unquotes a string token like Go's strconv.Unquote (strutil.Unquote).
    private func unquote(_ token: Token) throws(PromQLError) -> String {
        guard let value = Parser.unquote(token.text) else {
            throw error(token.pos, "error unquoting string \(goQuote(token.text)): invalid syntax")
        }
        return value
    }

    static func unquote(_ text: String) -> String? {
        var scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2, let quote = scalars.first, scalars.last == quote else {
            return nil
        }
        scalars = Array(scalars[1..<(scalars.count - 1)])
        if quote == "`" { return String(String.UnicodeScalarView(scalars)) }
        var out = String.UnicodeScalarView()
        var bytes: [UInt8] = []
        func flush() {
            if !bytes.isEmpty {
                out.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars)
                bytes = []
            }
        }
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c != "\\" {
                if c == quote { return nil }
                flush()
                out.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < scalars.count else { return nil }
            let e = scalars[i]
            i += 1
            func hex(_ n: Int) -> UInt32? {
                guard i + n <= scalars.count else { return nil }
                let digits = String(String.UnicodeScalarView(scalars[i..<(i + n)]))
                i += n
                return UInt32(digits, radix: 16)
            }
            switch e {
            case "a": flush(); out.append("\u{07}")
            case "b": flush(); out.append("\u{08}")
            case "f": flush(); out.append("\u{0C}")
            case "n": flush(); out.append("\n")
            case "r": flush(); out.append("\r")
            case "t": flush(); out.append("\t")
            case "v": flush(); out.append("\u{0B}")
            case "\\": flush(); out.append("\\")
            case "'", "\"":
                guard e == quote else { return nil }
                flush()
                out.append(e)
            case "x":
                guard let v = hex(2) else { return nil }
                bytes.append(UInt8(v))
            case "u", "U":
                guard let v = hex(e == "u" ? 4 : 8), let s = Unicode.Scalar(v) else { return nil }
                flush()
                out.append(s)
            case "0"..."7":
                guard i + 2 <= scalars.count else { return nil }
                let digits = String(String.UnicodeScalarView(scalars[(i - 1)..<(i + 2)]))
                i += 2
                guard let v = UInt32(digits, radix: 8), v < 256 else { return nil }
                bytes.append(UInt8(v))
            default: return nil
            }
        }
        flush()
        return String(out)
    }
}

extension PromQLExpr {
    /// The expression without enclosing parentheses.
    var unwrappingParens: PromQLExpr {
        if case .paren(let inner) = self { return inner.unwrappingParens }
        return self
    }
}
