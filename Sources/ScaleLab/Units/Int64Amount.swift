/// The fast path of `Quantity`: `value × 10^scale` in an int64 (apimachinery
/// pkg/api/resource/amount.go `int64Amount`, with the helpers of math.go). Every operation
/// reports whether it stayed exact within int64; on `false` the quantity falls back to `InfDec`.
struct Int64Amount: Hashable, Sendable {
    var value: Int64
    var scale: Int32

    init(value: Int64, scale: Int32 = 0) {
        self.value = value
        self.scale = scale
    }

    var sign: Int { value == 0 ? 0 : (value < 0 ? -1 : 1) }

    /// The exact decimal (int64Amount.AsDec).
    var asDec: InfDec { InfDec(unscaled: value, scale: -scale) }

    /// int64Amount.AsInt64: the value when it is an integer that fits; scales below zero are
    /// reported as not convertible (upstream assumes factors were reduced on creation).
    var asInt64: Int64? {
        if scale == 0 { return value }
        if scale < 0 { return nil }
        return Int64Amount.positiveScale(value, Int(scale))
    }

    /// int64Amount.AsScaledInt64: the value at `newScale`, rounding up (away from zero), or
    /// nil on overflow.
    func asScaledInt64(_ newScale: Int32) -> Int64? {
        if scale < newScale {
            return Int64Amount.negativeScale(value, Int(newScale) - Int(scale)).result
        }
        return Int64Amount.positiveScale(value, Int(scale) - Int(newScale))
    }

    /// int64Amount.AsScale: at least `newScale`, rounding up; false when precision was lost.
    func asScale(_ newScale: Int32) -> (Int64Amount, exact: Bool) {
        if scale >= newScale { return (self, true) }
        let (result, exact) = Int64Amount.negativeScale(value, Int(newScale) - Int(scale))
        return (Int64Amount(value: result, scale: newScale), exact)
    }

    /// int64Amount.Cmp.
    static func cmp(_ a: Int64Amount, _ b: Int64Amount) -> Int {
        var a = a, b = b
        if a.scale > b.scale {
            guard let (result, remainder) = divideByScale(b.value, Int(a.scale) - Int(b.scale))
            else { return InfDec.cmp(a.asDec, b.asDec) }
            if result == a.value {
                return remainder == 0 ? 0 : (remainder > 0 ? -1 : 1)
            }
            b.value = result
        } else if a.scale < b.scale {
            guard let (result, remainder) = divideByScale(a.value, Int(b.scale) - Int(a.scale))
            else { return InfDec.cmp(a.asDec, b.asDec) }
            if result == b.value {
                return remainder == 0 ? 0 : (remainder > 0 ? 1 : -1)
            }
            a.value = result
        }
        return a.value == b.value ? 0 : (a.value < b.value ? -1 : 1)
    }

    /// int64Amount.Add: self += b at the smaller scale; false (self unchanged) on overflow.
    mutating func add(_ b: Int64Amount) -> Bool {
        if b.value == 0 { return true }
        if value == 0 {
            self = b
            return true
        }
        if scale == b.scale {
            let (c, overflow) = value.addingReportingOverflow(b.value)
            if overflow { return false }
            value = c
        } else if scale > b.scale {
            guard let shifted = Int64Amount.positiveScale(value, Int(scale) - Int(b.scale))
            else { return false }
            let (c, overflow) = shifted.addingReportingOverflow(b.value)
            if overflow { return false }
            value = c
            scale = b.scale
        } else {
            guard let shifted = Int64Amount.positiveScale(b.value, Int(b.scale) - Int(scale))
            else { return false }
            let (c, overflow) = value.addingReportingOverflow(shifted)
            if overflow { return false }
            value = c
        }
        return true
    }

    /// int64Amount.Sub: self −= b; false on overflow (including negating the most negative).
    mutating func sub(_ b: Int64Amount) -> Bool {
        if b.value == Int64.min { return false }
        return add(Int64Amount(value: -b.value, scale: b.scale))
    }

    /// int64Amount.Mul: self ×= b; false (self unchanged) when it would overflow, or when the
    /// product could not be rescaled to an integer within int64.
    mutating func multiply(by b: Int64) -> Bool {
        if value == 0 { return true }
        if b == 0 {
            value = 0
            scale = 0
            return true
        }
        let (c, overflow) = value.multipliedReportingOverflow(by: b)
        if overflow { return false }
        if scale > 0 {
            guard Int64Amount.positiveScale(c, Int(scale)) != nil else { return false }
        } else if scale < 0 {
            guard Int64Amount.negativeScale(c, Int(-scale)).exact else { return false }
        }
        value = c
        return true
    }

    /// int64Amount.AsCanonicalBytes: the mantissa digits and a base-10 exponent that is a
    /// multiple of 3 (through inf.Dec, as upstream, when the int64 would overflow).
    var canonicalMantissaAndExponent: (String, Int32) {
        var (amount, times) = Int64Amount.removeFactors(value, 10)
        var exponent = scale + times
        switch exponent % 3 {
        case 1, -2:
            guard let m = Int64Amount.positiveScale(amount, 1) else {
                return asDec.canonicalMantissaAndExponent
            }
            amount = m
            exponent -= 1
        case 2, -1:
            guard let m = Int64Amount.positiveScale(amount, 2) else {
                return asDec.canonicalMantissaAndExponent
            }
            amount = m
            exponent -= 2
        default:
            break
        }
        return (String(amount), exponent)
    }

    /// int64Amount.AsCanonicalBase1024Bytes.
    var canonicalBase1024MantissaAndExponent: (String, Int32) {
        guard let integer = asScaledInt64(0) else {
            return asDec.canonicalBase1024MantissaAndExponent
        }
        let (amount, exponent) = Int64Amount.removeFactors(integer, 1024)
        return (String(amount), exponent)
    }

    // MARK: math.go

    /// positiveScaleInt64: base × 10^scale, or nil on overflow.
    static func positiveScale(_ base: Int64, _ scale: Int) -> Int64? {
        var value = base
        for _ in 0..<max(scale, 0) {
            if value == 0 { return 0 }
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            value = product
        }
        return value
    }

    /// negativeScaleInt64: base / 10^scale with the magnitude rounded up (away from zero) when a
    /// remainder is dropped; `exact` is false in that case.
    static func negativeScale(_ base: Int64, _ scale: Int) -> (result: Int64, exact: Bool) {
        if scale == 0 { return (base, true) }
        var value = base
        var fraction = false
        for _ in 0..<scale {
            if !fraction && value % 10 != 0 { fraction = true }
            value /= 10
            if value == 0 {
                if fraction { return (base > 0 ? 1 : -1, false) }
                return (0, true)
            }
        }
        if fraction { value += base > 0 ? 1 : -1 }
        return (value, !fraction)
    }

    /// divideByScaleInt64: truncated quotient and remainder of base / 10^scale; nil when
    /// 10^scale does not fit (scale ≥ 18, as upstream).
    static func divideByScale(_ base: Int64, _ scale: Int) -> (Int64, Int64)? {
        if scale == 0 { return (base, 0) }
        if scale >= 18 { return nil }
        var divisor: Int64 = 1
        for _ in 0..<scale { divisor *= 10 }
        return (base / divisor, base % divisor)
    }

    /// removeInt64Factors: strips factors of `base` from the magnitude, counting them.
    static func removeFactors(_ value: Int64, _ base: Int64) -> (Int64, Int32) {
        var times: Int32 = 0
        let negative = value < 0
        var result = negative ? 0 &- value : value
        while result >= base && result % base == 0 {
            times += 1
            result /= base
        }
        return (negative ? 0 &- result : result, times)
    }
}
