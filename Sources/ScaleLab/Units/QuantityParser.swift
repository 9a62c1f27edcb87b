/// Why a quantity string was rejected, with apimachinery's own wording
/// (pkg/api/resource/quantity.go: ErrFormatWrong, ErrNumeric, ErrSuffix).
public struct QuantityError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The string that failed to parse.
    public var input: String
    /// Upstream's reason, e.g. `unable to parse quantity's suffix`.
    public var reason: String

    /// ErrFormatWrong: `quantities must match the regular expression '...'` (splitREString).
    public static let formatWrong =
        "quantities must match the regular expression '"
        + "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    /// `unable to parse numeric part of quantity`
    public static let numeric = "unable to parse numeric part of quantity"
    /// `unable to parse quantity's suffix`
    public static let suffix = "unable to parse quantity's suffix"

    /// Creates an error for `input` with upstream's `reason`.
    public init(input: String, reason: String) {
        self.input = input
        self.reason = reason
    }

    /// `cannot parse quantity "1.1.M": quantities must match ...` (MustParse's shape, quoted).
    public var description: String {
        var text = "cannot parse quantity \"\(input)\": \(reason)"
        if input.first?.isWhitespace == true || input.last?.isWhitespace == true {
            text += " (leading or trailing whitespace is not allowed)"
        }
        return text
    }
}

/// The pieces `parseQuantityString` splits a quantity into (upstream's fast scanner).
struct QuantityTokens: Equatable, Sendable {
    var positive = true
    /// The signed number text, as `inf.Dec.SetString` would read it.
    var value: ArraySlice<UInt8> = []
    /// Integer digits without leading zeros ("0" when there are none).
    var num: ArraySlice<UInt8> = []
    /// Fraction digits.
    var denom: ArraySlice<UInt8> = []
    var suffix: ArraySlice<UInt8> = []
}

/// The suffix of a quantity: its base, exponent and the format it implies.
struct QuantitySuffix: Sendable {
    var base: Int32
    var exponent: Int32
    var format: Quantity.Format
}

enum QuantityParser {
    private static let zero = UInt8(ascii: "0")
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static let suffixChars = Set("eEinumkKMGTP".utf8)

    /// parseQuantityString (quantity.go): a fast scanner splitting sign, integer digits,
    /// fraction digits and suffix; only the shape is checked here.
    static func tokenize(_ str: [UInt8]) -> QuantityTokens? {
        var t = QuantityTokens()
        var pos = 0
        let end = str.count
        if pos < end {
            if str[0] == UInt8(ascii: "-") {
                t.positive = false
                pos += 1
            } else if str[0] == UInt8(ascii: "+") {
                pos += 1
            }
        }
        // strip leading zeros
        while true {
            if pos >= end {
                t.num = [zero]
                t.value = t.num
                return t
            }
            if str[pos] != zero { break }
            pos += 1
        }
        // extract the numerator
        var i = pos
        while i < end && isDigit(str[i]) { i += 1 }
        if i >= end {
            t.num = str[pos..<end]
            t.value = str[0..<end]
            return t
        }
        t.num = str[pos..<i]
        pos = i
        if t.num.isEmpty { t.num = [zero] }
        // handle a denominator (upstream allows "1.G" and ".")
        if pos < end && str[pos] == UInt8(ascii: ".") {
            pos += 1
            var j = pos
            while j < end && isDigit(str[j]) { j += 1 }
            if j >= end {
                t.denom = str[pos..<end]
                t.value = str[0..<end]
                return t
            }
            t.denom = str[pos..<j]
            pos = j
        }
        t.value = str[0..<pos]
        // grab the elements of the suffix
        let suffixStart = pos
        while pos < end && suffixChars.contains(str[pos]) { pos += 1 }
        if pos >= end {
            t.suffix = str[suffixStart..<end]
            return t
        }
        if str[pos] == UInt8(ascii: "-") || str[pos] == UInt8(ascii: "+") { pos += 1 }
        while pos < end && isDigit(str[pos]) { pos += 1 }
        if pos >= end {
            t.suffix = str[suffixStart..<end]
            return t
        }
        // a non-digit after the exponent: not a valid quantity
        return nil
    }

    /// suffixHandler.interpret: decimal SI, binary SI, then `e`/`E` followed by an exponent.
    static func interpret(_ suffix: ArraySlice<UInt8>) -> QuantitySuffix? {
        switch String(decoding: suffix, as: UTF8.self) {
        case "n": return QuantitySuffix(base: 10, exponent: -9, format: .decimalSI)
        case "u": return QuantitySuffix(base: 10, exponent: -6, format: .decimalSI)
        case "m": return QuantitySuffix(base: 10, exponent: -3, format: .decimalSI)
        case "": return QuantitySuffix(base: 10, exponent: 0, format: .decimalSI)
        case "k": return QuantitySuffix(base: 10, exponent: 3, format: .decimalSI)
        case "M": return QuantitySuffix(base: 10, exponent: 6, format: .decimalSI)
        case "G": return QuantitySuffix(base: 10, exponent: 9, format: .decimalSI)
        case "T": return QuantitySuffix(base: 10, exponent: 12, format: .decimalSI)
        case "P": return QuantitySuffix(base: 10, exponent: 15, format: .decimalSI)
        case "E": return QuantitySuffix(base: 10, exponent: 18, format: .decimalSI)
        case "Ki": return QuantitySuffix(base: 2, exponent: 10, format: .binarySI)
        case "Mi": return QuantitySuffix(base: 2, exponent: 20, format: .binarySI)
        case "Gi": return QuantitySuffix(base: 2, exponent: 30, format: .binarySI)
        case "Ti": return QuantitySuffix(base: 2, exponent: 40, format: .binarySI)
        case "Pi": return QuantitySuffix(base: 2, exponent: 50, format: .binarySI)
        case "Ei": return QuantitySuffix(base: 2, exponent: 60, format: .binarySI)
        default: break
        }
        guard suffix.count > 1, let first = suffix.first,
            first == UInt8(ascii: "e") || first == UInt8(ascii: "E")
        else { return nil }
        // strconv.ParseInt(suffix[1:], 10, 64): optional sign then digits.
        guard let exponent = Int64(String(decoding: suffix.dropFirst(), as: UTF8.self)),
            exponent.magnitude <= maxExponent.magnitude
        else { return nil }
        return QuantitySuffix(base: 10, exponent: Int32(exponent), format: .decimalExponent)
    }

    /// The largest decimal exponent accepted. Upstream takes any int64 exponent (truncated to
    /// int32) and then builds the number in memory; a simulator refuses absurd sizes instead.
    static let maxExponent: Int64 = 4096

    /// maxInt64Factors: the digits the int64 fast path accepts.
    private static let maxInt64Factors: Int32 = 18
    /// maxAllowed: BinarySI values are capped at 2^63−1.
    private static let maxAllowed = InfDec(unscaled: Int64.max, scale: 0)

    /// ParseQuantity (quantity.go), step for step: the int64 fast path (keeping the input as the
    /// cached string when it is already canonical), else an exact inf.Dec rounded up to 1n.
    static func parse(_ input: String) throws(QuantityError) -> Quantity {
        let str = Array(input.utf8)
        if str.isEmpty { throw QuantityError(input: input, reason: QuantityError.formatWrong) }
        if input == "0" {
            return Quantity(storage: .int64(Int64Amount(value: 0)), format: .decimalSI, cached: "0")
        }
        guard let t = tokenize(str) else {
            throw QuantityError(input: input, reason: QuantityError.formatWrong)
        }
        guard let suffix = interpret(t.suffix) else {
            throw QuantityError(input: input, reason: QuantityError.suffix)
        }
        var precision: Int32 = 0
        var scale: Int32 = 0
        var mantissa: Int64 = 1
        switch suffix.format {
        case .binarySI:
            if suffix.exponent >= 0 && t.denom.isEmpty {
                // only handle positive binary numbers with the fast path
                mantissa = 1 << Int64(suffix.exponent)
                // 1Mi (2^20) has ~6 digits of decimal precision, so exponent*3/10 -1 is
                // roughly the precision
                precision = 15 - Int32(t.num.count) - suffix.exponent * 3 / 10 - 1
            } else {
                precision = -1
            }
        default:
            scale = suffix.exponent
            precision = maxInt64Factors - Int32(t.num.count + t.denom.count)
        }
        if precision >= 0 {
            scale -= Int32(t.denom.count)
            if scale >= -9 {
                let shifted = Array(t.num) + Array(t.denom)
                guard let value = Int64(String(decoding: shifted, as: UTF8.self)) else {
                    throw QuantityError(input: input, reason: QuantityError.numeric)
                }
                let (product, overflow) = value.multipliedReportingOverflow(by: mantissa)
                if !overflow {
                    let result = t.positive ? product : -product
                    let amount = Int64Amount(value: result, scale: scale)
                    // if the number is in canonical form, reuse the string
                    let canonical: Bool
                    if suffix.format == .binarySI {
                        canonical = suffix.exponent % 10 == 0 && value & 0x07 != 0
                    } else {
                        canonical = scale % 3 == 0 && !shifted.suffix(3).elementsEqual("000".utf8)
                            && shifted.first != zero
                    }
                    return Quantity(
                        storage: .int64(amount), format: suffix.format,
                        cached: canonical ? input : nil)
                }
            }
        }
        guard var amount = InfDec(decimalString: t.value) else {
            throw QuantityError(input: input, reason: QuantityError.numeric)
        }
        // So that no one but us has to think about suffixes, remove it.
        if suffix.base == 10 {
            amount.scale -= suffix.exponent
        } else {
            amount.magnitude.shiftLeft(Int(suffix.exponent))
        }
        let negative = amount.negative
        amount.negative = false
        // This rounds non-zero values up to the minimum representable value, under the theory
        // that if you want some resources, you should get some resources, even if you asked
        // for way too small of an amount. (quantity.go)
        if !amount.magnitude.isZero {
            amount = amount.roundedUp(toScale: 9).0
        }
        var format = suffix.format
        // The max is just a simple cap.
        if format == .binarySI && InfDec.cmp(amount, maxAllowed) > 0 { amount = maxAllowed }
        if format == .binarySI && InfDec.cmp(amount, InfDec(unscaled: 1, scale: 0)) < 0
            && amount.sign > 0
        {
            // This avoids rounding and hopefully confusion, too.
            format = .decimalSI
        }
        if negative { amount = amount.negated }
        return Quantity(storage: .dec(amount), format: format, cached: nil)
    }
}
