/// A set of Unicode scalars a regular expression can match at one position: sorted, merged
/// ranges, plus Unicode general categories (`\pL`, `\p{Lu}`), which are tested by property
/// rather than spelled out as ranges.
struct RegexpClass: Sendable, Equatable {
    /// Sorted, non-overlapping, non-adjacent ranges of scalar values.
    private(set) var ranges: [ClosedRange<UInt32>] = []
    /// Categories (one- or two-letter Unicode names) included, each possibly negated (`\PL`).
    var categories: [Category] = []
    /// Whether the whole class is negated (`[^...]`).
    var negated = false

    /// A Unicode general category set: `L` is every `L?` category.
    struct Category: Sendable, Equatable {
        /// The category name as written (`L`, `Lu`, `Nd`, `Any`).
        let name: String
        /// `\P` or `\p{^...}`.
        let negated: Bool
    }

    static let maxScalar: UInt32 = 0x10FFFF

    /// Adds `lo...hi`, keeping the ranges sorted and merged.
    mutating func add(_ lo: UInt32, _ hi: UInt32) {
        add(ranges: [lo...hi])
    }

    /// Adds every range of `other`, sorted and merged with the class's in one pass (its
    /// categories and negation are not merged here).
    mutating func add(ranges other: [ClosedRange<UInt32>]) {
        var out: [ClosedRange<UInt32>] = []
        for r in (ranges + other).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, r.lowerBound <= last.upperBound &+ 1 {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        ranges = out
    }

    /// The complement of `ranges` over all scalars.
    static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var out: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for r in ranges {
            if r.lowerBound > next { out.append(next...(r.lowerBound - 1)) }
            if r.upperBound == maxScalar { return out }
            next = r.upperBound + 1
        }
        out.append(next...maxScalar)
        return out
    }

    /// Adds the case variants of every scalar in the ranges ((?i)), along Unicode's simple
    /// case-folding orbits as Go does (k, K and the Kelvin sign U+212A are one orbit; s, S
    /// and ſ another). Ranges wider than 0x3000 scalars, and ranges past the first 0x3000
    /// scalars of a class, are not folded (they already hold both cases of anything a user
    /// writes, such as `[^a]`; the bound keeps a class's compilation short).
    mutating func addFoldedVariants() {
        var variants: [ClosedRange<UInt32>] = []
        var budget = 0x3000
        for r in ranges where r.count <= budget {
            budget -= r.count
            for v in r {
                guard let scalar = Unicode.Scalar(v) else { continue }
                for variant in Self.caseVariants(scalar) {
                    variants.append(variant.value...variant.value)
                }
            }
        }
        add(ranges: variants)
    }

    /// The scalar's other cases: the rest of its case orbit.
    static func caseVariants(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        guard let orbit = orbits[scalar.value] else { return [] }
        return orbit.filter { $0 != scalar }
    }

    /// Every cased scalar's orbit: the scalars linked by single-scalar lower, upper and title
    /// mappings, in either direction. Built on first use of (?i) from the standard library's
    /// Unicode tables (a scan of the scalars that change under case mapping).
    private static let orbits: [UInt32: [Unicode.Scalar]] = {
        var parent: [UInt32: UInt32] = [:]
        func root(_ v: UInt32) -> UInt32 {
            var v = v
            while let p = parent[v], p != v { v = p }
            return v
        }
        func union(_ a: UInt32, _ b: UInt32) {
            if parent[a] == nil { parent[a] = a }
            if parent[b] == nil { parent[b] = b }
            let (ra, rb) = (root(a), root(b))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for v in UInt32(0)...0x1FFFF {
            guard let c = Unicode.Scalar(v) else { continue }
            let p = c.properties
            guard p.changesWhenCaseMapped else { continue }
            for mapping in [p.lowercaseMapping, p.uppercaseMapping, p.titlecaseMapping] {
                let scalars = mapping.unicodeScalars
                if scalars.count == 1, let m = scalars.first, m != c { union(v, m.value) }
            }
        }
        var members: [UInt32: [Unicode.Scalar]] = [:]
        for v in parent.keys.sorted() {
            if let c = Unicode.Scalar(v) { members[root(v), default: []].append(c) }
        }
        var out: [UInt32: [Unicode.Scalar]] = [:]
        for orbit in members.values { for c in orbit { out[c.value] = orbit } }
        return out
    }()

    /// Whether the class matches `scalar`.
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let hit = Self.search(ranges, scalar.value)
            || categories.contains { Self.inCategory(scalar, $0.name) != $0.negated }
        return hit != negated
    }

    /// Binary search of sorted ranges.
    private static func search(_ ranges: [ClosedRange<UInt32>], _ v: UInt32) -> Bool {
        var lo = 0
        var hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let r = ranges[mid]
            if v < r.lowerBound {
                hi = mid
            } else if v > r.upperBound {
                lo = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    /// Whether a category name is one Go's `\p` knows and this class can test: `Any`, the
    /// one-letter groups and the two-letter general categories. Go also accepts script names
    /// (`\p{Greek}`); Swift's standard library has no script property, so they are rejected.
    static func isKnownCategory(_ name: String) -> Bool {
        name == "Any" || categoryCodes.contains(name)
            || (name.count == 1 && categoryCodes.contains { $0.first == name.first })
    }

    private static let categoryCodes: Set<String> = [
        "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe",
        "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co",
    ]

    /// Whether `scalar` is in the named category (`L` is any letter category).
    static func inCategory(_ scalar: Unicode.Scalar, _ name: String) -> Bool {
        if name == "Any" { return true }
        let code = twoLetterCode(scalar.properties.generalCategory)
        return name.count == 1 ? code.first == name.first : code == name
    }

    private static func twoLetterCode(_ c: Unicode.GeneralCategory) -> String {
        switch c {
        case .uppercaseLetter: "Lu"
        case .lowercaseLetter: "Ll"
        case .titlecaseLetter: "Lt"
        case .modifierLetter: "Lm"
        case .otherLetter: "Lo"
        case .nonspacingMark: "Mn"
        case .spacingMark: "Mc"
        case .enclosingMark: "Me"
        case .decimalNumber: "Nd"
        case .letterNumber: "Nl"
        case .otherNumber: "No"
        case .connectorPunctuation: "Pc"
        case .dashPunctuation: "Pd"
        case .openPunctuation: "Ps"
        case .closePunctuation: "Pe"
        case .initialPunctuation: "Pi"
        case .finalPunctuation: "Pf"
        case .otherPunctuation: "Po"
        case .mathSymbol: "Sm"
        case .currencySymbol: "Sc"
        case .modifierSymbol: "Sk"
        case .otherSymbol: "So"
        case .spaceSeparator: "Zs"
        case .lineSeparator: "Zl"
        case .paragraphSeparator: "Zp"
        case .control: "Cc"
        case .format: "Cf"
        case .surrogate: "Cs"
        case .privateUse: "Co"
        case .unassigned: "Cn"
        @unknown default: "Cn"
        }
    }

    /// Go's Perl classes (ASCII only): `\d`, `\s`, `\w`.
    static let perl: [Unicode.Scalar: [ClosedRange<UInt32>]] = [
        "d": [0x30...0x39],
        "s": [0x09...0x0A, 0x0C...0x0D, 0x20...0x20],
        "w": [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A],
    ]

    /// Go's POSIX classes inside brackets (`[[:alpha:]]`), ASCII only.
    static let posix: [String: [ClosedRange<UInt32>]] = [
        "alnum": [0x30...0x39, 0x41...0x5A, 0x61...0x7A],
        "alpha": [0x41...0x5A, 0x61...0x7A],
        "ascii": [0x00...0x7F],
        "blank": [0x09...0x09, 0x20...0x20],
        "cntrl": [0x00...0x1F, 0x7F...0x7F],
        "digit": [0x30...0x39],
        "graph": [0x21...0x7E],
        "lower": [0x61...0x7A],
        "print": [0x20...0x7E],
        "punct": [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E],
        "space": [0x09...0x0D, 0x20...0x20],
        "upper": [0x41...0x5A],
        "word": [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A],
        "xdigit": [0x30...0x39, 0x41...0x46, 0x61...0x66],
    ]
}
