/// A Kubernetes resource quantity with the exact semantics of apimachinery's
/// `resource.Quantity` (k8s.io/apimachinery/pkg/api/resource/quantity.go): a fixed-point
/// number, never a float, parsed from `<signedNumber><suffix>` with decimal SI (`n u m k M G T
/// P E`), binary SI (`Ki Mi Gi Ti Pi Ei`) or exponent (`e3`, `E-6`) suffixes, printed in
/// canonical form (largest suffix with an integer mantissa: `1.5` → `1500m`, `1.5Gi` →
/// `1536Mi`), with `milliValue`/`value` rounding up as `MilliValue()`/`Value()` do.
///
/// Like upstream, values live in an int64 fast path (`value × 10^scale`) and fall back to an
/// exact big decimal; equality and ordering compare values, not representations.
public struct Quantity: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// How a quantity prints (quantity.go `Format`): `DecimalSI` (`12M`), `BinarySI` (`12Mi`) or
    /// `DecimalExponent` (`12e6`). Any other raw value prints as `DecimalExponent`, as upstream.
    public struct Format: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The upstream name, e.g. `DecimalSI`.
        public var rawValue: String
        /// Creates a format from its upstream name (unknown names print as DecimalExponent).
        public init(rawValue: String) { self.rawValue = rawValue }
        /// e.g. `12M` (12 × 10^6).
        public static let decimalSI = Format(rawValue: "DecimalSI")
        /// e.g. `12Mi` (12 × 2^20).
        public static let binarySI = Format(rawValue: "BinarySI")
        /// e.g. `12e6`.
        public static let decimalExponent = Format(rawValue: "DecimalExponent")
        /// The upstream name.
        public var description: String { rawValue }
    }

    /// Scales (powers of ten) with upstream's names: `Quantity.milli` is −3.
    public static let nano: Int32 = -9, micro: Int32 = -6, milli: Int32 = -3
    /// Scales (powers of ten) with upstream's names: `Quantity.kilo` is 3.
    public static let kilo: Int32 = 3, mega: Int32 = 6, giga: Int32 = 9

    enum Storage: Sendable {
        case int64(Int64Amount)
        case dec(InfDec)
    }

    var storage: Storage
    /// How the quantity prints; change it at will (as upstream's exported `Format` field).
    public var format: Format
    /// Upstream's `s`: the parsed input, kept when it was already canonical.
    var cached: String?

    init(storage: Storage, format: Format, cached: String?) {
        self.storage = storage
        self.format = format
        self.cached = cached
    }

    /// Zero, in DecimalSI.
    public init() {
        self.init(storage: .int64(Int64Amount(value: 0)), format: .decimalSI, cached: nil)
    }

    /// Zero, in DecimalSI.
    public static let zero = Quantity()

    /// Parses a quantity string (ParseQuantity); throws a `QuantityError` that quotes the input
    /// and gives upstream's reason. Leading or trailing whitespace is an error, as upstream.
    public init(parsing text: String) throws {
        self = try QuantityParser.parse(text)
    }

    /// Decodes a quantity as a JSON/YAML value (UnmarshalJSON): surrounding quotes and
    /// whitespace are dropped, so `" 1"` and `1 ` are accepted.
    public init(decoding raw: String) throws {
        var text = Substring(raw)
        if text.count >= 2, text.first == "\"", text.last == "\"" {
            text = text.dropFirst().dropLast()
        }
        self = try QuantityParser.parse(
            String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()))
    }

    /// `value` in `format` (NewQuantity).
    public init(_ value: Int64, format: Format = .decimalSI) {
        self.init(storage: .int64(Int64Amount(value: value)), format: format, cached: nil)
    }

    /// `value` thousandths in `format` (NewMilliQuantity): `Quantity(milli: 250)` is `250m`.
    public init(milli value: Int64, format: Format = .decimalSI) {
        self.init(
            storage: .int64(Int64Amount(value: value, scale: -3)), format: format, cached: nil)
    }

    /// `value × 10^scale` in DecimalSI (NewScaledQuantity).
    public init(scaled value: Int64, scale: Int32) {
        self.init(
            storage: .int64(Int64Amount(value: value, scale: scale)), format: .decimalSI,
            cached: nil)
    }

    /// A byte count in BinarySI (how memory quantities print: `1Gi`).
    public init(bytes: Int64) { self.init(bytes, format: .binarySI) }

    // MARK: Accessors

    /// The exact value as a big decimal (AsDec).
    var asDec: InfDec {
        switch storage {
        case .int64(let a): return a.asDec
        case .dec(let d): return d
        }
    }

    /// True when the value is zero.
    public var isZero: Bool { sign == 0 }

    /// −1, 0 or 1.
    public var sign: Int {
        switch storage {
        case .int64(let a): return a.sign
        case .dec(let d): return d.sign
        }
    }

    /// ceil(q / 10^scale) as an int64 (ScaledValue); overflow is undefined upstream and clamped
    /// (or 0 on the int64 path, as upstream) here.
    public func scaledValue(_ scale: Int32) -> Int64 {
        switch storage {
        case .int64(let a): return a.asScaledInt64(scale) ?? 0
        case .dec(let d): return InfDec.scaledValue(d, newScale: -scale)
        }
    }

    /// ceil(q × 1000) (MilliValue): `100m` → 100, `1n` → 1.
    public var milliValue: Int64 { scaledValue(Quantity.milli) }

    /// ceil(q) (Value): `1.5` → 2, `1Ki` → 1024.
    public var value: Int64 { scaledValue(0) }

    /// The value as an int64 when a fast exact conversion exists (AsInt64); nil otherwise.
    public var asInt64: Int64? {
        switch storage {
        case .int64(let a): return a.asInt64
        case .dec: return nil
        }
    }

    /// The value as a Double, possibly losing precision (AsApproximateFloat64): the unscaled
    /// value as a Double times `math.Pow10` of the exponent, exactly as upstream rounds it.
    public var approximateDouble: Double {
        let base: Double
        let exponent: Int
        switch storage {
        case .int64(let a):
            base = Double(a.value)
            exponent = Int(a.scale)
        case .dec(let d):
            let magnitude = Double(d.magnitude.decimalString) ?? .infinity
            base = d.negative ? -magnitude : magnitude
            exponent = -Int(d.scale)
        }
        return exponent == 0 ? base : base * GoMath.pow10(exponent)
    }

    /// The value as the nearest Double (AsFloat64Slow: exact, then rounded once).
    public var doubleValue: Double { Double(asDec.plainString) ?? 0 }

    /// The exact value in plain decimal notation (`102435.84`, `-0.000000005`).
    public var exactDecimalString: String { asDec.plainString }

    // MARK: Arithmetic

    /// Compares values (Cmp): −1, 0 or 1.
    public func cmp(_ y: Quantity) -> Int {
        if case .int64(let a) = storage, case .int64(let b) = y.storage {
            return Int64Amount.cmp(a, b)
        }
        return InfDec.cmp(asDec, y.asDec)
    }

    /// Compares with an integer (CmpInt64).
    public func cmp(_ y: Int64) -> Int { cmp(Quantity(y)) }

    /// Adds `y` (Add). A zero receiver adopts `y`'s format.
    public mutating func add(_ y: Quantity) {
        cached = nil
        if case .int64(var a) = storage, case .int64(let b) = y.storage {
            if a.value == 0 { format = y.format }
            if a.add(b) {
                storage = .int64(a)
                return
            }
        } else if isZero {
            format = y.format
        }
        storage = .dec(asDec + y.asDec)
    }

    /// Subtracts `y` (Sub). A zero receiver adopts `y`'s format.
    public mutating func sub(_ y: Quantity) {
        cached = nil
        if isZero { format = y.format }
        if case .int64(var a) = storage, case .int64(let b) = y.storage {
            if a.value == 0 && b.value == Int64.min {
                // 0 - y is exactly -y.
                storage = y.storage
                negate()
                return
            }
            if a.sub(b) {
                storage = .int64(a)
                return
            }
        }
        storage = .dec(asDec - y.asDec)
    }

    /// Negates the value in place (Neg).
    public mutating func negate() {
        cached = nil
        switch storage {
        case .int64(let a) where a.value != Int64.min:
            storage = .int64(Int64Amount(value: -a.value, scale: a.scale))
        default:
            storage = .dec(asDec.negated)
        }
    }

    /// Multiplies by `y` (Mul); returns false when the result no longer fits an int64
    /// unscaled value (the value itself stays exact).
    @discardableResult
    public mutating func multiply(by y: Int64) -> Bool {
        cached = nil
        if case .int64(var a) = storage, a.multiply(by: y) {
            storage = .int64(a)
            return true
        }
        let d = asDec
        let product = InfDec(
            negative: d.negative != (y < 0), magnitude: d.magnitude * BigUInt(y.magnitude),
            scale: d.scale)
        storage = .dec(product)
        return product.unscaledInt64 != nil
    }

    /// Rounds up (away from zero) to a multiple of 10^scale (RoundUp); returns false when
    /// precision was lost. `9.01` at scale −1 becomes `9.1`; `−9.01` at 0 becomes `−10`.
    @discardableResult
    public mutating func roundUp(_ scale: Int32) -> Bool {
        switch storage {
        case .dec(let d):
            cached = nil
            let (rounded, exact) = d.roundedUp(toScale: -scale)
            storage = .dec(rounded)
            return exact
        case .int64(let a):
            if a.scale >= scale { return true }
            cached = nil
            let (rounded, exact) = a.asScale(scale)
            storage = .int64(rounded)
            return exact
        }
    }

    /// The sum; the result's format follows `Add`.
    public static func + (a: Quantity, b: Quantity) -> Quantity {
        var r = a
        r.add(b)
        return r
    }

    /// The difference; the result's format follows `Sub`.
    public static func - (a: Quantity, b: Quantity) -> Quantity {
        var r = a
        r.sub(b)
        return r
    }

    /// The negated value.
    public static prefix func - (a: Quantity) -> Quantity {
        var r = a
        r.negate()
        return r
    }

    /// Value equality (Equal: Cmp == 0); the format does not take part.
    public static func == (a: Quantity, b: Quantity) -> Bool { a.cmp(b) == 0 }

    /// Value ordering.
    public static func < (a: Quantity, b: Quantity) -> Bool { a.cmp(b) < 0 }

    /// Hashes the value in a representation-independent normal form.
    public func hash(into hasher: inout Hasher) {
        let d = asDec
        var m = d.magnitude
        var scale = d.scale
        while !m.isZero {
            var q = m
            if q.divide(bySmall: 10) != 0 { break }
            m = q
            scale -= 1
        }
        hasher.combine(d.negative)
        hasher.combine(m)
        hasher.combine(m.isZero ? 0 : scale)
    }

    // MARK: Printing

    /// The canonical string (String): `500m`, `1Gi`, `1e3`; the parsed input when it was
    /// already canonical, as upstream caches it.
    public var description: String {
        if let cached { return cached }
        let (number, suffix) = canonicalized()
        return number + suffix
    }

    /// CanonicalizeBytes: the mantissa and suffix for the current format.
    func canonicalized() -> (String, String) {
        if isZero { return ("0", "") }
        var format = self.format
        var rounded: Storage?
        switch format {
        case .decimalExponent, .decimalSI:
            break
        case .binarySI:
            if cmp(-1024) > 0 && cmp(1024) < 0 {
                // This avoids rounding and hopefully confusion, too.
                format = .decimalSI
            } else {
                let (value, exact) = asScale(0)
                if exact { rounded = value } else { format = .decimalSI }  // keep precision
            }
        default:
            format = .decimalExponent
        }
        if format == .binarySI, let rounded {
            let (number, exponent): (String, Int32)
            switch rounded {
            case .int64(let a): (number, exponent) = a.canonicalBase1024MantissaAndExponent
            case .dec(let d): (number, exponent) = d.canonicalBase1024MantissaAndExponent
            }
            let binary = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
            if exponent >= 0 && Int(exponent) < binary.count {
                return (number, binary[Int(exponent)])
            }
            // Beyond Ei upstream emits no suffix (misprinting the value); print DecimalSI.
            format = .decimalSI
        }
        let (number, exponent): (String, Int32)
        switch storage {
        case .int64(let a): (number, exponent) = a.canonicalMantissaAndExponent
        case .dec(let d): (number, exponent) = d.canonicalMantissaAndExponent
        }
        if format == .decimalSI, let suffix = Quantity.decimalSuffixes[exponent] {
            return (number, suffix)
        }
        // DecimalSI has no suffix beyond E (10^18) or below n: fall back to "e" notation.
        return (number, exponent == 0 ? "" : "e\(exponent)")
    }

    private static let decimalSuffixes: [Int32: String] = [
        -9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E",
    ]

    /// AsScale: the value rounded up to at least `scale`, and whether that was exact.
    private func asScale(_ scale: Int32) -> (Storage, Bool) {
        switch storage {
        case .int64(let a):
            let (r, exact) = a.asScale(scale)
            return (.int64(r), exact)
        case .dec(let d):
            let (r, exact) = d.roundedUp(toScale: -scale)
            return (.dec(r), exact)
        }
    }
}
