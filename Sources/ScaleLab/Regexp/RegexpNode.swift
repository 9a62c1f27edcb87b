/// A parsed regular expression (Go's regexp/syntax.Regexp, reduced to what matching needs).
indirect enum RegexpNode: Sendable {
    /// Matches the empty string.
    case empty
    /// One scalar (or, under (?i), its case variants: parsed as a class).
    case literal(Unicode.Scalar)
    /// One scalar from a class.
    case charClass(RegexpClass)
    /// `.` under (?s): any scalar.
    case anyChar
    /// `.`: any scalar but `\n`.
    case anyCharNotNL
    /// A zero-width assertion.
    case assertion(RegexpAssertion)
    /// A numbered (and maybe named) group.
    case capture(index: Int, name: String?, RegexpNode)
    /// A sequence.
    case concat([RegexpNode])
    /// Alternatives, the leftmost preferred.
    case alternate([RegexpNode])
    /// `min` to `max` (nil: unbounded) repetitions, greedy or not.
    case `repeat`(RegexpNode, min: Int, max: Int?, greedy: Bool)

    /// Whether the node can match the empty string (Go's frag.nullable).
    var matchesEmpty: Bool {
        switch self {
        case .empty, .assertion: return true
        case .literal, .charClass, .anyChar, .anyCharNotNL: return false
        case .capture(_, _, let sub): return sub.matchesEmpty
        case .concat(let subs): return subs.allSatisfy(\.matchesEmpty)
        case .alternate(let subs): return subs.contains(where: \.matchesEmpty)
        case .repeat(let sub, let min, _, _): return min == 0 || sub.matchesEmpty
        }
    }

    /// The number of machine instructions the node compiles to (saturating), which bounds the
    /// program before it is built: Go rejects programs over its size limit ("expression too
    /// large") for the same reason.
    var programSize: Int {
        switch self {
        case .empty: return 0
        case .literal, .charClass, .anyChar, .anyCharNotNL, .assertion: return 1
        case .capture(_, _, let sub): return sub.programSize &+ 2
        case .concat(let subs): return subs.reduce(0) { Self.add($0, $1.programSize) }
        case .alternate(let subs):
            return subs.reduce(0) { Self.add($0, Self.add($1.programSize, 2)) }
        case .repeat(let sub, let min, let max, _):
            let size = sub.programSize
            let copies = max ?? Swift.max(min, 1)
            return Self.add(Self.multiply(size, copies), Self.multiply(2, copies + 1))
        }
    }

    private static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    private static func multiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : product
    }
}

/// Zero-width assertions (Go's EmptyOp flags).
enum RegexpAssertion: UInt8, Sendable {
    /// `^` under (?m): at the start of the text or after `\n`.
    case beginLine
    /// `$` under (?m): at the end of the text or before `\n`.
    case endLine
    /// `^` or `\A`: at the start of the text.
    case beginText
    /// `$` or `\z`: at the end of the text.
    case endText
    /// `\b`: between an ASCII word character and a non-word one.
    case wordBoundary
    /// `\B`: not at a word boundary.
    case noWordBoundary

    /// Whether the assertion holds between `before` and `after` (nil: the text's edge).
    func holds(before: Unicode.Scalar?, after: Unicode.Scalar?) -> Bool {
        switch self {
        case .beginLine: return before == nil || before == "\n"
        case .endLine: return after == nil || after == "\n"
        case .beginText: return before == nil
        case .endText: return after == nil
        case .wordBoundary: return Self.isWord(before) != Self.isWord(after)
        case .noWordBoundary: return Self.isWord(before) == Self.isWord(after)
        }
    }

    /// Go's IsWordChar: ASCII letters, digits and `_`.
    static func isWord(_ c: Unicode.Scalar?) -> Bool {
        guard let c, c.isASCII else { return false }
        let v = c.value
        return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
            || v == 0x5F
    }
}
