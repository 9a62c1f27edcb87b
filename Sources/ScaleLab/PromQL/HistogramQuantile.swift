/// histogram_quantile over classic (`le`-labelled) buckets (functions.go
/// funcHistogramQuantile, quantile.go BucketQuantile).
extension Evaluator {
    /// One bucket: its upper bound and cumulative count.
    struct Bucket {
        var upperBound: Double
        var count: Double
    }

    /// Groups the bucket series by their labels without `le` and computes each group's
    /// φ-quantile; series whose `le` is not a float are skipped. The result drops the name.
    static func histogramQuantile(_ q: Double, _ input: [EvalSample]) -> [EvalSample] {
        var groups: [(labels: Labels, buckets: [Bucket])] = []
        var index: [Labels: Int] = [:]
        for sample in input {
            guard let bound = Double(sample.labels["le"]) else { continue }
            let key = sample.labels.removing(["le"])
            let bucket = Bucket(upperBound: bound, count: sample.value)
            if let i = index[key] {
                groups[i].buckets.append(bucket)
            } else {
                index[key] = groups.count
                groups.append((key, [bucket]))
            }
        }
        return groups.map { group in
            EvalSample(
                labels: group.labels, value: bucketQuantile(q, group.buckets), dropName: true)
        }
    }

    /// quantile.go BucketQuantile: sort by upper bound, require a +Inf bucket, merge equal
    /// bounds, force monotonic counts, then interpolate linearly inside the bucket holding
    /// rank φ·count (the lowest bucket from 0 when its bound is positive; the highest finite
    /// bound when the rank falls in the +Inf bucket).
    static func bucketQuantile(_ q: Double, _ input: [Bucket]) -> Double {
        if q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        var buckets = input.sorted { $0.upperBound < $1.upperBound }
        guard let last = buckets.last, last.upperBound == .infinity else { return .nan }
        buckets = coalesce(buckets)
        ensureMonotonic(&buckets)
        if buckets.count < 2 { return .nan }
        let observations = buckets[buckets.count - 1].count
        if observations == 0 { return .nan }
        var rank = q * observations
        // sort.Search over all but the last bucket for the first count >= rank.
        var b = buckets.count - 1
        for i in 0..<(buckets.count - 1) where buckets[i].count >= rank {
            b = i
            break
        }
        if b == buckets.count - 1 { return buckets[buckets.count - 2].upperBound }
        if b == 0 && buckets[0].upperBound <= 0 { return buckets[0].upperBound }
        var bucketStart = 0.0
        let bucketEnd = buckets[b].upperBound
        var count = buckets[b].count
        if b > 0 {
            bucketStart = buckets[b - 1].upperBound
            count -= buckets[b - 1].count
            rank -= buckets[b - 1].count
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count)
    }

    /// quantile.go coalesceBuckets: buckets with the same upper bound add up.
    private static func coalesce(_ buckets: [Bucket]) -> [Bucket] {
        var out: [Bucket] = []
        for b in buckets {
            if let last = out.last, last.upperBound == b.upperBound {
                out[out.count - 1].count += b.count
            } else {
                out.append(b)
            }
        }
        return out
    }

    /// quantile.go ensureMonotonicAndIgnoreSmallDeltas (tolerance 1e-12): differences within
    /// the tolerance and decreases are flattened to the previous count.
    private static func ensureMonotonic(_ buckets: inout [Bucket]) {
        var prev = buckets[0].count
        for i in 1..<buckets.count {
            let curr = buckets[i].count
            if curr == prev { continue }
            if almostEqual(prev, curr, epsilon: 1e-12) || curr < prev {
                buckets[i].count = prev
                continue
            }
            prev = curr
        }
    }
}
