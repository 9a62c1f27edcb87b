import Foundation

/// A request-rate model: requests per second as a function of simulated time (milliseconds).
///
/// Value type, deterministic: the noisy models derive each time bucket's value from their
/// seed and the bucket index, so the same model answers the same at any time, in any order,
/// and a copied simulation replays identically. Models compose with `+`, `*` and `clamp`.
public indirect enum TrafficModel: Sendable, Equatable {
    /// A constant rate.
    case constant(Double)
    /// `before` until `atMs`, then `after`.
    case step(before: Double, after: Double, atMs: Int64)
    /// `from` until `startMs`, linearly to `to` over `durationMs`, then `to`.
    case ramp(from: Double, to: Double, startMs: Int64, durationMs: Int64)
    /// `base`, except `peak` during [`atMs`, `atMs + durationMs`).
    case spike(base: Double, peak: Double, atMs: Int64, durationMs: Int64)
    /// `mean + amplitude·sin(2π(t − phaseMs)/periodMs)`, never below 0.
    case sine(mean: Double, amplitude: Double, periodMs: Int64, phaseMs: Int64)
    /// Poisson arrivals around `mean`: each bucket's rate is a Poisson count with mean
    /// `rate·bucket` divided by the bucket length.
    case poisson(mean: TrafficModel, seed: UInt64, bucketMs: Int64)
    /// `base·(1 + stddev·N(0,1))` per bucket, never below 0.
    case gaussian(base: TrafficModel, stddev: Double, seed: UInt64, bucketMs: Int64)
    /// Replay of a recorded trace (linear between points, held outside them).
    case trace(TrafficTrace)
    /// The sum of several models.
    case sum([TrafficModel])
    /// The product of two models (e.g. a diurnal shape times a growth factor).
    case product(TrafficModel, TrafficModel)
    /// A model bounded to [`min`, `max`].
    case clamp(TrafficModel, min: Double, max: Double)

    /// A diurnal day: sine with a 24h period peaking at `peakHour` (0–24) of each day.
    public static func diurnal(mean: Double, amplitude: Double, peakHour: Double = 14)
        -> TrafficModel
    {
        let day: Int64 = 86_400_000
        // The sine peaks a quarter period after its phase.
        let peak = Int64(peakHour * 3_600_000)
        return .sine(mean: mean, amplitude: amplitude, periodMs: day, phaseMs: peak - day / 4)
    }

    /// Sum of two models.
    public static func + (a: TrafficModel, b: TrafficModel) -> TrafficModel {
        switch (a, b) {
        case (.sum(let x), .sum(let y)): return .sum(x + y)
        case (.sum(let x), _): return .sum(x + [b])
        case (_, .sum(let y)): return .sum([a] + y)
        default: return .sum([a, b])
        }
    }

    /// Product of two models.
    public static func * (a: TrafficModel, b: TrafficModel) -> TrafficModel { .product(a, b) }

    /// This model bounded to [`min`, `max`].
    public func clamped(min: Double = 0, max: Double = .infinity) -> TrafficModel {
        .clamp(self, min: min, max: max)
    }

    /// The rate (requests/s) at `t` (ms).
    public func rate(at t: Int64) -> Double {
        switch self {
        case .constant(let r): return r
        case .step(let before, let after, let at): return t < at ? before : after
        case .ramp(let from, let to, let start, let duration):
            if t <= start { return from }
            if duration <= 0 || t >= start + duration { return to }
            return from + (to - from) * Double(t - start) / Double(duration)
        case .spike(let base, let peak, let at, let duration):
            return t >= at && t < at + duration ? peak : base
        case .sine(let mean, let amplitude, let period, let phase):
            guard period > 0 else { return Swift.max(0, mean) }
            let x = 2 * Double.pi * Double(t - phase) / Double(period)
            return Swift.max(0, mean + amplitude * sin(x))
        case .poisson(let mean, let seed, let bucket):
            return Self.poissonRate(mean, seed: seed, bucket: bucket, index: Self.bucket(t, bucket))
        case .gaussian(let base, let stddev, let seed, let bucket):
            return Self.gaussianRate(
                base, stddev: stddev, seed: seed, bucket: bucket, index: Self.bucket(t, bucket))
        case .trace(let trace): return trace.rate(at: t)
        case .sum(let models): return models.reduce(0) { $0 + $1.rate(at: t) }
        case .product(let a, let b): return a.rate(at: t) * b.rate(at: t)
        case .clamp(let m, let lo, let hi): return Swift.min(hi, Swift.max(lo, m.rate(at: t)))
        }
    }

    /// The number of requests arriving in [`a`, `b`) (ms): exact for every model whose rate
    /// is piecewise linear or sinusoidal; products and clamps are integrated numerically
    /// (Simpson's rule on sub-intervals of at most one second).
    public func integral(from a: Int64, to b: Int64) -> Double {
        guard b > a else { return 0 }
        let seconds = Double(b - a) / 1_000
        switch self {
        case .constant(let r): return r * seconds
        case .step(let before, let after, let at):
            let split = Swift.min(Swift.max(at, a), b)
            return (before * Double(split - a) + after * Double(b - split)) / 1_000
        case .ramp(_, _, let start, let duration):
            let end = start + Swift.max(duration, 0)
            var total = 0.0
            for (lo, hi) in Self.pieces(a, b, cuts: [start, end]) {
                total += (rate(at: lo) + rate(at: hi)) / 2 * Double(hi - lo) / 1_000
            }
            return total
        case .spike(_, _, let at, let duration):
            var total = 0.0
            for (lo, hi) in Self.pieces(a, b, cuts: [at, at + duration]) {
                total += rate(at: lo) * Double(hi - lo) / 1_000
            }
            return total
        case .sine(let mean, let amplitude, let period, let phase):
            // Closed form when the curve never clips at zero.
            guard period > 0, mean >= abs(amplitude) else { return numeric(a, b) }
            let w = 2 * Double.pi / Double(period)
            let cosTerm = cos(w * Double(a - phase)) - cos(w * Double(b - phase))
            return mean * seconds + amplitude * cosTerm / w / 1_000
        case .poisson(_, _, let bucket), .gaussian(_, _, _, let bucket):
            return bucketed(a, b, bucket: bucket)
        case .trace(let trace): return trace.integral(from: a, to: b)
        case .sum(let models): return models.reduce(0) { $0 + $1.integral(from: a, to: b) }
        case .product, .clamp: return numeric(a, b)
        }
    }

    /// Simpson's rule on sub-intervals of ≤ 1 s.
    func numeric(_ a: Int64, _ b: Int64) -> Double {
        var total = 0.0
        var lo = a
        while lo < b {
            let hi = Swift.min(b, lo + 1_000)
            let mid = lo + (hi - lo) / 2
            total += (rate(at: lo) + 4 * rate(at: mid) + rate(at: hi)) / 6
                * Double(hi - lo) / 1_000
            lo = hi
        }
        return total
    }

    /// Sum over the noise buckets overlapping [a, b): each bucket's rate is constant.
    private func bucketed(_ a: Int64, _ b: Int64, bucket: Int64) -> Double {
        let size = Swift.max(bucket, 1)
        var total = 0.0
        var lo = a
        while lo < b {
            let end = Swift.min(b, (Self.bucket(lo, size) + 1) * size)
            total += rate(at: lo) * Double(end - lo) / 1_000
            lo = end
        }
        return total
    }

    static func bucket(_ t: Int64, _ size: Int64) -> Int64 {
        let s = Swift.max(size, 1)
        return t >= 0 ? t / s : (t - s + 1) / s
    }

    /// [a, b) split at the cuts that fall inside it.
    static func pieces(_ a: Int64, _ b: Int64, cuts: [Int64]) -> [(Int64, Int64)] {
        let inside = cuts.filter { $0 > a && $0 < b }.sorted()
        var out: [(Int64, Int64)] = []
        var lo = a
        for c in inside where c > lo { out.append((lo, c)); lo = c }
        out.append((lo, b))
        return out
    }

    /// The random stream of one bucket: independent of evaluation order.
    static func stream(_ seed: UInt64, _ index: Int64) -> SeededRandom {
        SeededRandom(seed: seed ^ (UInt64(bitPattern: index) &* 0x9E37_79B9_7F4A_7C15))
    }

    static func poissonRate(_ mean: TrafficModel, seed: UInt64, bucket: Int64, index: Int64)
        -> Double
    {
        let size = Swift.max(bucket, 1)
        let lambda = mean.integral(from: index * size, to: (index + 1) * size)
        var rng = stream(seed, index)
        return Double(poissonCount(lambda, &rng)) * 1_000 / Double(size)
    }

    /// Knuth's method for small means, the rounded normal approximation above 30.
    static func poissonCount(_ lambda: Double, _ rng: inout SeededRandom) -> Int64 {
        guard lambda > 0 else { return 0 }
        if lambda > 30 {
            let n = lambda + sqrt(lambda) * standardNormal(&rng)
            return Int64(Swift.max(0, n.rounded()))
        }
        let limit = exp(-lambda)
        var k: Int64 = 0
        var p = 1.0
        repeat {
            k += 1
            p *= rng.uniform()
        } while p > limit
        return k - 1
    }

    static func gaussianRate(
        _ base: TrafficModel, stddev: Double, seed: UInt64, bucket: Int64, index: Int64
    ) -> Double {
        let size = Swift.max(bucket, 1)
        let mean = base.integral(from: index * size, to: (index + 1) * size) * 1_000
            / Double(size)
        var rng = stream(seed, index)
        return Swift.max(0, mean * (1 + stddev * standardNormal(&rng)))
    }

    /// Box–Muller.
    static func standardNormal(_ rng: inout SeededRandom) -> Double {
        let u1 = Swift.max(rng.uniform(), .leastNonzeroMagnitude)
        let u2 = rng.uniform()
        return sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)
    }
}
