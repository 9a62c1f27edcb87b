import ScaleLab

/// The PromQL parser and evaluator: the input is parsed, then evaluated as an instant query
/// at three times and as a short range query over a small fixed store (two counters with a
/// reset, a gauge, a histogram and a stale marker), so every function and operator the
/// parser accepts also runs.
enum PromQLFuzz {
    /// The store every input is evaluated against (built once).
    static let store: TimeSeriesStore = makeStore()

    @Sendable static func run(_ bytes: [UInt8]) {
        let text = fuzzText(bytes)
        guard let expr = try? PromQLEngine.parse(text) else { return }
        let engine = PromQLEngine()
        for time in [0, 150_000, 600_000] as [Int64] {
            _ = try? engine.evaluate(expr, at: time, store: store)
        }
        _ = try? PromQLEngine.instantQuery(text, at: 300_000, store: store)
        if let prepared = try? PreparedQuery(text) {
            _ = try? engine.rangeQuery(prepared, start: 0, end: 600_000, step: 60_000,
                                       store: store)
        }
    }

    /// Ten minutes of samples every 15 s.
    static func makeStore() -> TimeSeriesStore {
        var store = TimeSeriesStore()
        let counter = { (pod: String) in
            Labels(["__name__": "myapp_requests_total", "namespace": "default", "pod": pod,
                    "job": "myapp"])
        }
        let gauge = Labels(["__name__": "node_load", "instance": "n1", "zone": "a"])
        for step in 0...40 {
            let t = Int64(step) * 15_000
            let v = Double(step)
            _ = try? store.append(counter("myapp-1"), time: t, value: v * 3)
            // A counter reset halfway.
            _ = try? store.append(counter("myapp-2"), time: t, value: step < 20 ? v : v - 20)
            _ = try? store.append(gauge, time: t, value: (v * 0.7).truncatingRemainder(
                dividingBy: 5) - 1)
            for (le, share) in [("0.1", 0.2), ("0.5", 0.6), ("1", 0.9), ("+Inf", 1.0)] {
                let bucket = Labels(["__name__": "latency_seconds_bucket", "le": le,
                                     "job": "myapp"])
                _ = try? store.append(bucket, time: t, value: v * 10 * share)
            }
        }
        let gone = Labels(["__name__": "up", "job": "myapp", "instance": "old"])
        let id = store.seriesID(for: gone)
        _ = try? store.append(id, time: 0, value: 1)
        _ = try? store.markStale(id, time: 300_000)
        return store
    }
}
