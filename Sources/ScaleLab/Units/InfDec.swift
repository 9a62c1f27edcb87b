/// An exact decimal, `±unscaled × 10^(−scale)`: the subset of `gopkg.in/inf.v0`'s `inf.Dec`
/// that apimachinery's `resource.Quantity` uses for values outside its int64 fast path
/// (`infDecAmount` in pkg/api/resource/amount.go). `scale` follows inf's convention: a positive
/// scale means fractional digits.
struct InfDec: Sendable {
    var negative: Bool
    var magnitude: BigUInt
    var scale: Int32

    /// `unscaled × 10^(−scale)` (inf.NewDec).
    init(unscaled: Int64, scale: Int32) {
        negative = unscaled < 0
        magnitude = BigUInt(unscaled.magnitude)
        self.scale = scale
    }

    init(negative: Bool, magnitude: BigUInt, scale: Int32) {
        self.negative = negative && !magnitude.isZero
        self.magnitude = magnitude
        self.scale = scale
    }

    /// inf.Dec.SetString for the numeric part of a quantity: an optional sign, digits, an
    /// optional '.' and digits, with at least one digit in all. Nil when malformed.
    init?(decimalString bytes: ArraySlice<UInt8>) {
        var rest = bytes
        var negative = false
        if let first = rest.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        var digits: [UInt8] = []
        var fraction: Int32 = 0
        var seenPoint = false
        for byte in rest {
            if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else if byte >= 0x30 && byte <= 0x39 {
                digits.append(byte)
                if seenPoint { fraction += 1 }
            } else {
                return nil
            }
        }
        guard let magnitude = BigUInt(decimalDigits: digits) else { return nil }
        self.init(negative: negative, magnitude: magnitude, scale: fraction)
    }

    /// -1, 0 or 1.
    var sign: Int { magnitude.isZero ? 0 : (negative ? -1 : 1) }

    /// The unscaled value as an int64 when it fits (inf.Dec.Unscaled).
    var unscaledInt64: Int64? {
        guard let m = magnitude.uint64Value else { return nil }
        if negative {
            if m <= UInt64(Int64.max) { return -Int64(m) }
            return m == UInt64(Int64.max) + 1 ? Int64.min : nil
        }
        return m <= UInt64(Int64.max) ? Int64(m) : nil
    }

    /// The low 64 bits of the signed unscaled value, as Go's `big.Int.Int64` gives them (the
    /// result is undefined upstream when it does not fit; callers clamp where it matters).
    var unscaledLow64: Int64 {
        let low = Int64(bitPattern: magnitude.low64)
        return negative ? 0 &- low : low
    }

    /// −self.
    var negated: InfDec { InfDec(negative: !negative, magnitude: magnitude, scale: scale) }

    /// The same value at a larger scale (exact): unscaled × 10^(newScale − scale).
    func rescaledUp(to newScale: Int32) -> InfDec {
        var result = self
        if newScale > scale {
            result.magnitude.multiplyPow10(Int(newScale) - Int(scale))
            result.scale = newScale
        }
        return result
    }

    /// inf.Dec.Round(x, s, inf.RoundUp): rounds to `s` fractional digits, away from zero.
    /// Returns the result and whether it is exact.
    func roundedUp(toScale s: Int32) -> (InfDec, exact: Bool) {
        if s >= scale { return (rescaledUp(to: s), true) }
        var m = magnitude
        let lost = m.dividePow10(Int(scale) - Int(s))
        if lost { m = m + BigUInt(1) }
        return (InfDec(negative: negative, magnitude: m, scale: s), !lost)
    }

    /// Three-way comparison of values (inf.Dec.Cmp).
    static func cmp(_ a: InfDec, _ b: InfDec) -> Int {
        let sa = a.sign, sb = b.sign
        if sa != sb { return sa < sb ? -1 : 1 }
        if sa == 0 { return 0 }
        let common = max(a.scale, b.scale)
        let magnitudeOrder = BigUInt.compare(
            a.rescaledUp(to: common).magnitude, b.rescaledUp(to: common).magnitude)
        return sa > 0 ? magnitudeOrder : -magnitudeOrder
    }

    /// a + b, exactly, at the larger of the two scales.
    static func + (a: InfDec, b: InfDec) -> InfDec {
        let common = max(a.scale, b.scale)
        let x = a.rescaledUp(to: common), y = b.rescaledUp(to: common)
        if x.negative == y.negative {
            return InfDec(negative: x.negative, magnitude: x.magnitude + y.magnitude, scale: common)
        }
        if BigUInt.compare(x.magnitude, y.magnitude) >= 0 {
            return InfDec(negative: x.negative, magnitude: x.magnitude - y.magnitude, scale: common)
        }
        return InfDec(negative: y.negative, magnitude: y.magnitude - x.magnitude, scale: common)
    }

    /// a − b, exactly.
    static func - (a: InfDec, b: InfDec) -> InfDec { a + b.negated }

    /// The exact value in plain decimal notation, without exponent or trailing fractional
    /// zeros ("102435.84", "-0.000000005", "12000000000000000000").
    var plainString: String {
        if magnitude.isZero { return "0" }
        var digits = magnitude.decimalString
        var text: String
        if scale <= 0 {
            text = digits + String(repeating: "0", count: Int(-scale))
        } else {
            let fractionDigits = Int(scale)
            if digits.count <= fractionDigits {
                digits = String(repeating: "0", count: fractionDigits - digits.count + 1) + digits
            }
            let point = digits.index(digits.endIndex, offsetBy: -fractionDigits)
            var fraction = digits[point...]
            while fraction.last == "0" { fraction = fraction.dropLast() }
            text = String(digits[..<point]) + (fraction.isEmpty ? "" : "." + fraction)
        }
        return negative ? "-" + text : text
    }

    /// infDecAmount.AsCanonicalBytes: the signed mantissa digits and a base-10 exponent that is
    /// a multiple of 3, with every factor of ten moved into the exponent first.
    var canonicalMantissaAndExponent: (String, Int32) {
        var amount = magnitude
        var exponent = -scale
        // removeBigIntFactors(amount, 10)
        while !amount.isZero {
            var quotient = amount
            if quotient.divide(bySmall: 10) != 0 { break }
            amount = quotient
            exponent += 1
        }
        while exponent % 3 != 0 {
            amount.multiply(bySmall: 10)
            exponent -= 1
        }
        return ((negative ? "-" : "") + amount.decimalString, exponent)
    }

    /// infDecAmount.AsCanonicalBase1024Bytes: rounds up to an integer, then moves every factor
    /// of 1024 into the exponent.
    var canonicalBase1024MantissaAndExponent: (String, Int32) {
        let (integer, _) = roundedUp(toScale: 0)
        var amount = integer.magnitude
        var exponent: Int32 = 0
        while !amount.isZero {
            var quotient = amount
            if quotient.divide(bySmall: 1024) != 0 { break }
            amount = quotient
            exponent += 1
        }
        return ((negative ? "-" : "") + amount.decimalString, exponent)
    }

    /// scale_int.go scaledValue: the value at `newScale` (inf convention) as an int64, always
    /// rounding up when scaling down. Mirrors upstream's two paths: the int64 fast path uses
    /// Go's truncating division and adds one on a remainder; the big path uses Euclidean
    /// DivMod and adds one. Results that overflow int64 are clamped (undefined upstream).
    static func scaledValue(_ d: InfDec, newScale: Int32) -> Int64 {
        let dif = Int(d.scale) - Int(newScale)
        if dif == 0 { return d.clampedUnscaled }
        if dif < 0 {
            // Scale up: upstream multiplies and lets it overflow; clamp instead.
            var m = d.magnitude
            m.multiplyPow10(-dif)
            return InfDec(negative: d.negative, magnitude: m, scale: 0).clampedUnscaled
        }
        let log10MaxInt64 = 19
        if let unscaled = d.unscaledInt64, unscaled < Int64.max, dif < log10MaxInt64 {
            var divide: Int64 = 1
            for _ in 0..<dif { divide *= 10 }
            let result = unscaled / divide
            return unscaled % divide != 0 ? result + 1 : result
        }
        var m = d.magnitude
        let lost = m.dividePow10(dif)
        // Euclidean division then +1 on a remainder: ceil for both signs.
        if d.negative {
            return InfDec(negative: true, magnitude: m, scale: 0).clampedUnscaled
        }
        let quotient = InfDec(negative: false, magnitude: m, scale: 0).clampedUnscaled
        return lost && quotient < Int64.max ? quotient + 1 : quotient
    }

    /// The unscaled value clamped to the int64 range.
    private var clampedUnscaled: Int64 {
        if let v = unscaledInt64 { return v }
        return negative ? Int64.min : Int64.max
    }
}
