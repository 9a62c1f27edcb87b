import Foundation

/// The simulation's only source of randomness: xoshiro256** (Blackman & Vigna, "Scrambled
/// linear pseudorandom number generators", 2018; reference code at prng.di.unimi.it), seeded
/// through SplitMix64 as its authors recommend. A value type: copying it copies the stream, so
/// a cloned scenario replays the same numbers; `fork()` and `stream(named:)` derive independent
/// streams. Every derived quantity (bounded integers, uniform doubles, jitter) is computed here
/// with fixed algorithms, so results do not depend on the Swift standard library's choices.
public struct SeededRandom: RandomNumberGenerator, Hashable, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The seed this stream started from.
    public let seed: UInt64

    /// A stream seeded with `seed` (the four state words are SplitMix64 outputs).
    public init(seed: UInt64) {
        self.seed = seed
        var sm = seed
        s0 = SeededRandom.splitMix64(&sm)
        s1 = SeededRandom.splitMix64(&sm)
        s2 = SeededRandom.splitMix64(&sm)
        s3 = SeededRandom.splitMix64(&sm)
        // SplitMix64 never yields four zero words in a row, but keep the invariant explicit.
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// SplitMix64 (Steele, Lea & Flood 2014): advances `state` and returns the next output.
    static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = SeededRandom.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = SeededRandom.rotl(s3, 45)
        return result
    }

    /// A child stream seeded from this stream's next output (advances this stream once).
    public mutating func fork() -> SeededRandom { SeededRandom(seed: next()) }

    /// An independent stream for a named consumer (e.g. one per workload), derived from this
    /// stream's seed and the name with FNV-1a, so adding a consumer does not shift the numbers
    /// any other consumer draws.
    public func stream(named name: String) -> SeededRandom {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        var mixed = seed ^ hash
        return SeededRandom(seed: SeededRandom.splitMix64(&mixed))
    }

    /// A uniform Double in [0, 1) from the top 53 bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject method, unbiased).
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    /// A uniform integer in `range`.
    public mutating func int(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        if span == 0 { return Int64(bitPattern: next()) }  // the full Int64 range
        return range.lowerBound &+ Int64(bitPattern: below(span))
    }

    /// True with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// An exponentially distributed value with the given mean (inverse transform).
    public mutating func exponential(mean: Double) -> Double {
        -mean * log(1 - uniform())
    }

    /// `d` stretched by a uniform factor in [1, 1 + maxFactor) — apimachinery's
    /// `wait.Jitter(duration, maxFactor)`; whole milliseconds.
    public mutating func jitter(_ d: SimDuration, maxFactor: Double) -> SimDuration {
        let factor = maxFactor <= 0 ? 1.0 : maxFactor
        let extra = uniform() * factor * Double(d.milliseconds)
        return SimDuration(milliseconds: d.milliseconds + Int64(extra))
    }

    /// A uniformly chosen element (nil for an empty collection).
    public mutating func element<C: Collection>(of c: C) -> C.Element? {
        if c.isEmpty { return nil }
        let offset = Int(below(UInt64(c.count)))
        return c[c.index(c.startIndex, offsetBy: offset)]
    }
}
