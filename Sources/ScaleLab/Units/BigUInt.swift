/// An arbitrary-precision unsigned integer: the magnitude behind `InfDec`, the slow path of
/// `Quantity` (apimachinery keeps such values in `gopkg.in/inf.v0`'s `inf.Dec`, a `big.Int`
/// scaled by a power of ten). Only the operations quantities need are provided.
///
/// Limbs are base 2^32, least significant first, with no trailing zero limbs (zero is `[]`).
struct BigUInt: Hashable, Sendable {
    private(set) var limbs: [UInt32]

    /// Zero.
    init() { limbs = [] }

    /// The value `v`.
    init(_ v: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: v), UInt32(truncatingIfNeeded: v >> 32)]
        normalize()
    }

    /// Parses a string of ASCII decimal digits (at least one); nil for anything else.
    init?(decimalDigits digits: some Collection<UInt8>) {
        if digits.isEmpty { return nil }
        self.init()
        var chunk: UInt32 = 0
        var chunkDigits = 0
        for byte in digits {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            chunk = chunk * 10 + UInt32(byte - 0x30)
            chunkDigits += 1
            if chunkDigits == 9 {
                multiply(bySmall: 1_000_000_000, adding: chunk)
                chunk = 0
                chunkDigits = 0
            }
        }
        if chunkDigits > 0 {
            multiply(bySmall: BigUInt.pow10Small[chunkDigits], adding: chunk)
        }
    }

    /// 10^0 ... 10^9, the powers of ten that fit one limb.
    static let pow10Small: [UInt32] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
    ]

    var isZero: Bool { limbs.isEmpty }

    /// The value as a `UInt64` when it fits.
    var uint64Value: UInt64? {
        switch limbs.count {
        case 0: return 0
        case 1: return UInt64(limbs[0])
        case 2: return UInt64(limbs[0]) | UInt64(limbs[1]) << 32
        default: return nil
        }
    }

    /// The low 64 bits (what Go's `big.Int.Uint64` returns for a too-large value).
    var low64: UInt64 {
        let lo = limbs.first.map { UInt64($0) } ?? 0
        let hi = limbs.count > 1 ? UInt64(limbs[1]) : 0
        return lo | hi << 32
    }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    /// Three-way comparison of magnitudes.
    static func compare(_ a: BigUInt, _ b: BigUInt) -> Int {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count ? -1 : 1 }
        var i = a.limbs.count - 1
        while i >= 0 {
            if a.limbs[i] != b.limbs[i] { return a.limbs[i] < b.limbs[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    /// self = self × m + add.
    mutating func multiply(bySmall m: UInt32, adding add: UInt32 = 0) {
        var carry = UInt64(add)
        for i in limbs.indices {
            let product = UInt64(limbs[i]) * UInt64(m) + carry
            limbs[i] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry > 0 { limbs.append(UInt32(carry)) }
        normalize()
    }

    /// self = self / d (truncating); returns the remainder.
    @discardableResult
    mutating func divide(bySmall d: UInt32) -> UInt32 {
        var remainder: UInt64 = 0
        var i = limbs.count - 1
        while i >= 0 {
            let current = remainder << 32 | UInt64(limbs[i])
            limbs[i] = UInt32(current / UInt64(d))
            remainder = current % UInt64(d)
            i -= 1
        }
        normalize()
        return UInt32(remainder)
    }

    /// self = self × 10^n.
    mutating func multiplyPow10(_ n: Int) {
        var left = n
        while left >= 9 {
            multiply(bySmall: 1_000_000_000)
            left -= 9
        }
        if left > 0 { multiply(bySmall: BigUInt.pow10Small[left]) }
    }

    /// self = self / 10^n (truncating); returns whether a non-zero remainder was dropped.
    mutating func dividePow10(_ n: Int) -> Bool {
        // A number with fewer decimal digits than n divides to zero.
        if n > decimalDigitUpperBound {
            let lost = !isZero
            limbs = []
            return lost
        }
        var lost = false
        var left = n
        while left >= 9 {
            if divide(bySmall: 1_000_000_000) != 0 { lost = true }
            left -= 9
        }
        if left > 0, divide(bySmall: BigUInt.pow10Small[left]) != 0 { lost = true }
        return lost
    }

    /// An upper bound on the number of decimal digits (32 bits hold at most 10 digits).
    private var decimalDigitUpperBound: Int { limbs.count * 10 }

    /// self = self × 2^bits.
    mutating func shiftLeft(_ bits: Int) {
        if isZero || bits == 0 { return }
        let whole = bits / 32
        let part = bits % 32
        if part > 0 {
            var carry: UInt32 = 0
            for i in limbs.indices {
                let v = limbs[i]
                limbs[i] = v << UInt32(part) | carry
                carry = v >> UInt32(32 - part)
            }
            if carry > 0 { limbs.append(carry) }
        }
        if whole > 0 { limbs.insert(contentsOf: repeatElement(0, count: whole), at: 0) }
    }

    /// self + other.
    static func + (a: BigUInt, b: BigUInt) -> BigUInt {
        var result = BigUInt()
        let n = max(a.limbs.count, b.limbs.count)
        result.limbs.reserveCapacity(n + 1)
        var carry: UInt64 = 0
        for i in 0..<n {
            let x = i < a.limbs.count ? UInt64(a.limbs[i]) : 0
            let y = i < b.limbs.count ? UInt64(b.limbs[i]) : 0
            let sum = x + y + carry
            result.limbs.append(UInt32(truncatingIfNeeded: sum))
            carry = sum >> 32
        }
        if carry > 0 { result.limbs.append(UInt32(carry)) }
        return result
    }

    /// a × b (schoolbook).
    static func * (a: BigUInt, b: BigUInt) -> BigUInt {
        if a.isZero || b.isZero { return BigUInt() }
        var result = BigUInt()
        result.limbs = [UInt32](repeating: 0, count: a.limbs.count + b.limbs.count)
        for i in a.limbs.indices {
            var carry: UInt64 = 0
            for j in b.limbs.indices {
                let t = UInt64(a.limbs[i]) * UInt64(b.limbs[j]) + UInt64(result.limbs[i + j])
                    + carry
                result.limbs[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            result.limbs[i + b.limbs.count] = UInt32(carry)
        }
        result.normalize()
        return result
    }

    /// a − b for a ≥ b (the caller compares first).
    static func - (a: BigUInt, b: BigUInt) -> BigUInt {
        var result = a
        var borrow: Int64 = 0
        for i in result.limbs.indices {
            let y = i < b.limbs.count ? Int64(b.limbs[i]) : 0
            var diff = Int64(result.limbs[i]) - y - borrow
            if diff < 0 {
                diff += 1 << 32
                borrow = 1
            } else {
                borrow = 0
            }
            result.limbs[i] = UInt32(diff)
        }
        result.normalize()
        return result
    }

    /// The decimal digits, without sign ("0" for zero).
    var decimalString: String {
        if isZero { return "0" }
        var chunks: [UInt32] = []
        var rest = self
        while !rest.isZero { chunks.append(rest.divide(bySmall: 1_000_000_000)) }
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 9 - digits.count) + digits
        }
        return text
    }
}
