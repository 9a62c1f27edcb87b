/// Escapes and bracketed classes (Go regexp/syntax parse.go: parseEscape, parseClass,
/// parsePerlClassEscape, parseNamedClass, parseUnicodeClass).
extension RegexpParser {
    /// A backslash sequence outside a class: an assertion, `\Q...\E` (literal text), a Perl
    /// or Unicode class, or an escaped scalar.
    mutating func parseBackslash(_ flags: Flags) throws(RegexpError) -> [RegexpNode] {
        guard i + 1 < s.count else {
            throw RegexpError(code: .trailingBackslash, expr: "")
        }
        switch s[i + 1] {
        case "A": i += 2; return [.assertion(.beginText)]
        case "z": i += 2; return [.assertion(.endText)]
        case "b": i += 2; return [.assertion(.wordBoundary)]
        case "B": i += 2; return [.assertion(.noWordBoundary)]
        case "Q":
            // Everything up to \E (or the end) is literal.
            i += 2
            var out: [RegexpNode] = []
            while i < s.count {
                if s[i] == "\\", i + 1 < s.count, s[i + 1] == "E" {
                    i += 2
                    break
                }
                out.append(literal(s[i], flags))
                i += 1
            }
            return out
        case "d", "s", "w", "D", "S", "W", "p", "P":
            var cls = RegexpClass()
            try addClassEscape(to: &cls)
            if flags.foldCase { cls.addFoldedVariants() }
            return [.charClass(cls)]
        default:
            return [literal(try parseEscape(), flags)]
        }
    }

    /// An escaped scalar at `\` (Go parseEscape): octal `\0`–`\777`, `\x41`, `\x{10FFFF}`, the
    /// C escapes `\a\f\n\r\t\v`, and any escaped ASCII punctuation.
    mutating func parseEscape() throws(RegexpError) -> Unicode.Scalar {
        let start = i
        i += 1
        guard i < s.count else { throw RegexpError(code: .trailingBackslash, expr: "") }
        let c = s[i]
        i += 1
        func invalid() -> RegexpError { RegexpError(code: .invalidEscape, expr: text(start, i)) }
        func octal(_ v: Unicode.Scalar) -> UInt32? {
            v.value >= 0x30 && v.value <= 0x37 ? v.value - 0x30 : nil
        }
        switch c {
        case "1", "2", "3", "4", "5", "6", "7", "0":
            // A single non-zero digit would be a backreference, which RE2 does not support.
            if c != "0", i >= s.count || octal(s[i]) == nil { throw invalid() }
            var value = c.value - 0x30
            for _ in 0..<2 {
                guard i < s.count, let d = octal(s[i]) else { break }
                value = value * 8 + d
                i += 1
            }
            return Unicode.Scalar(value) ?? "\u{FFFD}"
        case "x":
            guard i < s.count else { throw invalid() }
            if s[i] == "{" {
                i += 1
                var value: UInt32 = 0
                var digits = 0
                while i < s.count, let h = Self.hex(s[i]) {
                    value = value * 16 + h
                    digits += 1
                    i += 1
                    if value > RegexpClass.maxScalar { throw invalid() }
                }
                guard digits > 0, i < s.count, s[i] == "}" else { throw invalid() }
                i += 1
                guard let scalar = Unicode.Scalar(value) else { throw invalid() }
                return scalar
            }
            guard i + 1 < s.count, let hi = Self.hex(s[i]), let lo = Self.hex(s[i + 1]) else {
                i = min(i + 2, s.count)
                throw invalid()
            }
            i += 2
            return Unicode.Scalar(UInt8(hi * 16 + lo))
        case "a": return "\u{07}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        default:
            // Escaped punctuation is itself; an escaped letter or digit Go does not know is an
            // error, so that new escapes can be added later without changing meaning.
            if c.isASCII, !Self.isAlnum(c) { return c }
            throw invalid()
        }
    }

    private static func hex(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 0x30...0x39: c.value - 0x30
        case 0x41...0x46: c.value - 0x41 + 10
        case 0x61...0x66: c.value - 0x61 + 10
        default: nil
        }
    }

    private static func isAlnum(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
    }

    /// `\d \s \w \D \S \W` or `\pN \p{Name} \p{^Name} \PN` at `i`, added to `cls`.
    mutating func addClassEscape(to cls: inout RegexpClass) throws(RegexpError) {
        let start = i
        let c = s[i + 1]
        i += 2
        switch c {
        case "d", "s", "w", "D", "S", "W":
            // The upper-case escape is the complement of the lower-case one (ASCII: bit 0x20).
            let ranges = RegexpClass.perl[Unicode.Scalar(UInt8(truncatingIfNeeded: c.value | 0x20))]
                ?? []
            cls.add(ranges: c.value & 0x20 == 0 ? RegexpClass.complement(ranges) : ranges)
        default:
            // \p / \P: one letter, or a braced name, `^` negating it.
            var negated = c == "P"
            guard i < s.count else {
                throw RegexpError(code: .invalidCharRange, expr: text(start, i))
            }
            var name: String
            if s[i] == "{" {
                guard let close = s[i...].firstIndex(of: "}") else {
                    throw RegexpError(code: .invalidCharRange, expr: text(start, s.count))
                }
                name = text(i + 1, close)
                i = close + 1
                if name.hasPrefix("^") {
                    negated.toggle()
                    name.removeFirst()
                }
            } else {
                name = String(Character(s[i]))
                i += 1
            }
            guard RegexpClass.isKnownCategory(name) else {
                throw RegexpError(code: .invalidCharRange, expr: text(start, i))
            }
            cls.categories.append(.init(name: name, negated: negated))
        }
    }

    /// A bracketed class at `[`: `[abc]`, `[^a-z]`, `[[:alpha:]]`, `[\d\pL]`; a `]` right after
    /// `[` or `[^` is literal, as is `-` where it cannot make a range.
    mutating func parseClass(_ flags: Flags) throws(RegexpError) -> RegexpClass {
        let start = i
        i += 1
        var cls = RegexpClass()
        var negated = false
        if i < s.count, s[i] == "^" {
            negated = true
            i += 1
        }
        var first = true
        while i < s.count, s[i] != "]" || first {
            first = false
            if s[i] == "[", i + 1 < s.count, s[i + 1] == ":" {
                if try addPosixClass(to: &cls) { continue }
            }
            if s[i] == "\\", i + 1 < s.count,
                ["d", "s", "w", "D", "S", "W", "p", "P"].contains(s[i + 1]) {
                try addClassEscape(to: &cls)
                continue
            }
            let rangeStart = i
            let lo = try classChar(start)
            var hi = lo
            if i + 1 < s.count, s[i] == "-", s[i + 1] != "]" {
                i += 1
                hi = try classChar(start)
                if hi.value < lo.value {
                    throw RegexpError(code: .invalidCharRange, expr: text(rangeStart, i))
                }
            }
            cls.add(lo.value, hi.value)
        }
        guard i < s.count else {
            throw RegexpError(code: .missingBracket, expr: text(start, s.count))
        }
        i += 1
        if flags.foldCase { cls.addFoldedVariants() }
        cls.negated = negated
        return cls
    }

    /// One scalar of a class (escaped or not).
    private mutating func classChar(_ classStart: Int) throws(RegexpError) -> Unicode.Scalar {
        guard i < s.count else {
            throw RegexpError(code: .missingBracket, expr: text(classStart, s.count))
        }
        if s[i] == "\\" { return try parseEscape() }
        i += 1
        return s[i - 1]
    }

    /// `[:name:]` or `[:^name:]` at `i`; false (nothing consumed) when there is no closing
    /// `:]`, in which case the `[` is an ordinary scalar.
    private mutating func addPosixClass(to cls: inout RegexpClass) throws(RegexpError) -> Bool {
        var close: Int?
        var k = i + 2
        while k + 1 < s.count {
            if s[k] == ":", s[k + 1] == "]" {
                close = k
                break
            }
            k += 1
        }
        guard let close else { return false }
        var name = text(i + 2, close)
        let negated = name.hasPrefix("^")
        if negated { name.removeFirst() }
        guard let ranges = RegexpClass.posix[name] else {
            throw RegexpError(code: .invalidCharRange, expr: text(i, close + 2))
        }
        cls.add(ranges: negated ? RegexpClass.complement(ranges) : ranges)
        i = close + 2
        return true
    }
}
