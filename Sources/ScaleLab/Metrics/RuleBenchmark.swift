extension Benchmarks {
    /// The outcome of `prometheusRule`.
    public struct RuleResult: Sendable {
        /// Series scraped.
        public var series: Int
        /// Samples appended.
        public var samples: Int
        /// Rule evaluations.
        public var evaluations: Int
        /// Elements of the last rule result (one per pod).
        public var lastResultSize: Int
        /// Samples held at the end (bounded by the retention).
        public var samplesHeld: Int
        /// The sum of the last result's values (a check that the rule computed rates).
        public var lastResultSum: Double
    }

    /// Issue 4's Prometheus load: `pods` counter series (`x{namespace, pod, job}`, each
    /// growing at its own constant rate) scraped every `scrapeInterval` ms — each target at
    /// its own offset inside the interval, as Prometheus spreads targets — and the recording
    /// rule `sum(rate(x[2m])) by (pod)` evaluated every `ruleInterval` ms, for `duration` ms of
    /// simulated time. The store keeps the rule's longest lookback plus one interval, and is
    /// compacted hourly, so memory is flat whatever the duration.
    public static func prometheusRule(
        pods: Int = 10_000, duration: Int64 = 86_400_000, scrapeInterval: Int64 = 15_000,
        ruleInterval: Int64 = 15_000
    ) throws -> RuleResult {
        let rule = try PreparedQuery("sum(rate(x[2m])) by (pod)")
        var store = TimeSeriesStore(
            retention: rule.expr.maxLookback(lookbackDelta: 0) + max(scrapeInterval, ruleInterval))
        var ids: [SeriesID] = []
        var phase: [Int64] = []
        var rate: [Double] = []
        var value: [Double] = []
        ids.reserveCapacity(pods)
        for i in 0..<pods {
            ids.append(store.seriesID(for: Labels(metric: "x", [
                "namespace": "default", "pod": "pod-\(i)", "job": "app",
            ])))
            phase.append(Int64(i) * scrapeInterval / Int64(max(pods, 1)))
            rate.append(Double(i % 7 + 1))
            value.append(0)
        }
        var result = RuleResult(
            series: pods, samples: 0, evaluations: 0, lastResultSize: 0, samplesHeld: 0,
            lastResultSum: 0)
        var nextRule = ruleInterval
        var nextCompact: Int64 = 3_600_000
        var interval: Int64 = 0
        while interval < duration {
            for i in 0..<pods {
                value[i] += rate[i] * Double(scrapeInterval) / 1000
                try store.append(ids[i], time: interval + phase[i], value: value[i])
            }
            result.samples += pods
            interval += scrapeInterval
            while nextRule <= interval {
                if case .vector(let v) = try rule.evaluate(at: nextRule, store: store) {
                    result.lastResultSize = v.count
                    result.lastResultSum = v.reduce(0) { $0 + $1.value }
                }
                result.evaluations += 1
                nextRule += ruleInterval
            }
            if interval >= nextCompact {
                store.compact(now: interval)
                nextCompact += 3_600_000
            }
        }
        result.samplesHeld = store.sampleCount
        return result
    }
}
