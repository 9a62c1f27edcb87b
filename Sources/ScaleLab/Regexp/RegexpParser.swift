/// Parses Go's regular expression syntax (RE2; regexp/syntax with the `Perl` flags that
/// `regexp.Compile` uses: Perl classes and escapes, non-greedy `*?`, `(?flags)`, `\A` and `\z`,
/// `^`/`$` at the text's edges unless (?m), classes that may match `\n`).
///
/// Go rejects what RE2 cannot run in linear time (backreferences, lookaround, possessive
/// quantifiers), and so does this parser, with Go's messages.
struct RegexpParser {
    /// The inline flags in force.
    struct Flags {
        /// (?i): case-insensitive.
        var foldCase = false
        /// (?m): `^` and `$` match at line boundaries.
        var multiLine = false
        /// (?s): `.` matches `\n`.
        var dotNL = false
        /// (?U): repetitions are non-greedy unless followed by `?`.
        var nonGreedy = false
    }

    /// Go's maxHeight: deeper nesting is "expression nests too deeply".
    static let maxDepth = 1000
    /// Go's maximum repeat count.
    static let maxRepeat = 1000

    let pattern: String
    /// The pattern's scalars, and the parse position in them.
    let s: [Unicode.Scalar]
    var i = 0
    /// The number of capture groups seen so far.
    private(set) var captureCount = 0
    /// Each group's name (index 0 is the whole match).
    private(set) var names: [String?] = [nil]

    init(_ pattern: String) {
        self.pattern = pattern
        s = Array(pattern.unicodeScalars)
    }

    /// Parses the whole pattern.
    mutating func parse() throws(RegexpError) -> RegexpNode {
        var flags = Flags()
        let node = try parseAlternation(&flags, depth: 0)
        if i < s.count { throw RegexpError(code: .unexpectedParen, expr: pattern) }
        return node
    }

    /// Alternatives up to an unmatched `)` (not consumed) or the end.
    private mutating func parseAlternation(_ flags: inout Flags, depth: Int)
        throws(RegexpError) -> RegexpNode {
        var alternatives = [try parseConcat(&flags, depth: depth)]
        while i < s.count, s[i] == "|" {
            i += 1
            alternatives.append(try parseConcat(&flags, depth: depth))
        }
        return alternatives.count == 1 ? alternatives[0] : .alternate(alternatives)
    }

    /// The pattern's text from `from` to `to`, as Go quotes it in errors.
    func text(_ from: Int, _ to: Int) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s[from..<min(to, s.count)])
        return String(out)
    }

    /// Items up to `|`, an unmatched `)` or the end, with their repetition operators.
    private mutating func parseConcat(_ flags: inout Flags, depth: Int)
        throws(RegexpError) -> RegexpNode {
        var items: [RegexpNode] = []
        // Where the operator that made the last item began, when the last item was a repeat:
        // Perl (and Go) reject stacked operators such as `a**`.
        var lastRepeat: Int?
        while i < s.count {
            let c = s[i]
            if c == "|" || c == ")" { break }
            if c == "*" || c == "+" || c == "?" || c == "{" {
                let start = i
                guard let (min, max) = try parseRepeatOperator() else {
                    items.append(literal("{", flags))  // `{` not starting a count is literal
                    lastRepeat = nil
                    continue
                }
                var greedy = !flags.nonGreedy
                if i < s.count, s[i] == "?" {
                    i += 1
                    greedy.toggle()
                }
                if let lastRepeat {
                    throw RegexpError(code: .invalidRepeatOp, expr: text(lastRepeat, i))
                }
                guard let last = items.popLast() else {
                    throw RegexpError(code: .missingRepeatArgument, expr: text(start, i))
                }
                items.append(.repeat(last, min: min, max: max, greedy: greedy))
                lastRepeat = start
                continue
            }
            lastRepeat = nil
            switch c {
            case "(":
                if let node = try parseGroup(&flags, depth: depth) { items.append(node) }
            case "[":
                items.append(.charClass(try parseClass(flags)))
            case "^":
                i += 1
                items.append(.assertion(flags.multiLine ? .beginLine : .beginText))
            case "$":
                i += 1
                items.append(.assertion(flags.multiLine ? .endLine : .endText))
            case ".":
                i += 1
                items.append(flags.dotNL ? .anyChar : .anyCharNotNL)
            case "\\":
                items.append(contentsOf: try parseBackslash(flags))
            default:
                i += 1
                items.append(literal(c, flags))
            }
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .concat(items))
    }

    /// A literal scalar, or under (?i) the class of its case variants.
    func literal(_ c: Unicode.Scalar, _ flags: Flags) -> RegexpNode {
        guard flags.foldCase else { return .literal(c) }
        let variants = RegexpClass.caseVariants(c)
        if variants.isEmpty { return .literal(c) }
        var cls = RegexpClass()
        cls.add(ranges: ([c] + variants).map { $0.value...$0.value })
        return .charClass(cls)
    }

    /// `*`, `+`, `?` or `{n}`, `{n,}`, `{n,m}` at `i`: the bounds (nil max: unbounded), or
    /// nil when a `{` does not start a valid count (it is then a literal, as in Go).
    private mutating func parseRepeatOperator() throws(RegexpError) -> (Int, Int?)? {
        let start = i
        let c = s[i]
        i += 1
        switch c {
        case "*": return (0, nil)
        case "+": return (1, nil)
        case "?": return (0, 1)
        default: break
        }
        guard let min = parseInt() else {
            i = start + 1
            return nil
        }
        var max: Int? = min
        if i < s.count, s[i] == "," {
            i += 1
            if i < s.count, s[i] == "}" {
                max = nil
            } else if let m = parseInt() {
                max = m
            } else {
                i = start + 1
                return nil
            }
        }
        guard i < s.count, s[i] == "}" else {
            i = start + 1
            return nil
        }
        i += 1
        if min > Self.maxRepeat || (max ?? 0) > Self.maxRepeat || (max.map { $0 < min } ?? false) {
            throw RegexpError(code: .invalidRepeatSize, expr: text(start, i))
        }
        return (min, max)
    }

    /// Decimal digits at `i` (Go's parseInt: no leading zeros unless "0"; huge values are
    /// kept above the limit so that the count is rejected).
    private mutating func parseInt() -> Int? {
        let start = i
        while i < s.count, s[i].value >= 0x30, s[i].value <= 0x39 { i += 1 }
        if i == start { return nil }
        if i - start > 1, s[start] == "0" {
            return nil
        }
        if i - start > 8 { return Self.maxRepeat + 1 }
        var n = 0
        for k in start..<i { n = n * 10 + Int(s[k].value - 0x30) }
        return n
    }

    /// A group at `(`: a capture, a named capture, a non-capturing group with flags, or a
    /// flags-only group (nil: it changes `flags` for the rest of the enclosing group).
    private mutating func parseGroup(_ flags: inout Flags, depth: Int)
        throws(RegexpError) -> RegexpNode? {
        let open = i
        if depth + 1 > Self.maxDepth {
            throw RegexpError(code: .nestingDepth, expr: pattern)
        }
        i += 1
        var inner = flags
        var capture: (index: Int, name: String?)?
        if i < s.count, s[i] == "?" {
            let afterQ = i + 1
            let named = afterQ + 1 < s.count && s[afterQ] == "P" && s[afterQ + 1] == "<"
            if named || (afterQ < s.count && s[afterQ] == "<") {
                // (?P<name>re) and (?<name>re).
                let nameStart = named ? afterQ + 2 : afterQ + 1
                guard let close = s[nameStart...].firstIndex(of: ">") else {
                    throw RegexpError(code: .invalidNamedCapture, expr: text(open, s.count))
                }
                let name = text(nameStart, close)
                let valid = !name.isEmpty && name.unicodeScalars.allSatisfy {
                    $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic
                        || ($0.value >= 0x30 && $0.value <= 0x39)))
                }
                if !valid {  // Go accepts a name used twice
                    throw RegexpError(code: .invalidNamedCapture, expr: text(open, close + 1))
                }
                captureCount += 1
                names.append(name)
                capture = (captureCount, name)
                i = close + 1
            } else {
                i = afterQ
                var sign = 1
                var sawFlag = false
                var ended = false
                while i < s.count {
                    let c = s[i]
                    i += 1
                    switch c {
                    case "i": inner.foldCase = sign > 0; sawFlag = true
                    case "m": inner.multiLine = sign > 0; sawFlag = true
                    case "s": inner.dotNL = sign > 0; sawFlag = true
                    case "U": inner.nonGreedy = sign > 0; sawFlag = true
                    case "-" where sign > 0:
                        sign = -1
                        sawFlag = false
                    case ":" where sign > 0 || sawFlag, ")" where sign > 0 || sawFlag:
                        ended = true
                    default:
                        throw RegexpError(code: .invalidPerlOp, expr: text(open, i))
                    }
                    if ended { break }
                }
                guard ended else {
                    throw RegexpError(code: .invalidPerlOp, expr: text(open, i))
                }
                if s[i - 1] == ")" {
                    flags = inner
                    return nil
                }
            }
        } else {
            captureCount += 1
            names.append(nil)
            capture = (captureCount, nil)
        }
        let body = try parseAlternation(&inner, depth: depth + 1)
        guard i < s.count, s[i] == ")" else {
            throw RegexpError(code: .missingParen, expr: pattern)
        }
        i += 1
        if let capture { return .capture(index: capture.index, name: capture.name, body) }
        return body
    }
}
