import ScaleLab

/// Issue 4 item 8: a simulated day of 10,000 pod series scraped every 15s with the rule
/// `sum(rate(x[2m])) by (pod)` every 15s (limit 3 s); peak RSS must not grow with the
/// simulated duration (scripts/bench.d/pipeline.sh runs 24 h and 168 h in separate processes).
enum PipelineBench {
    /// `pipeline [HOURS] [PODS]`: HOURS simulated hours (24), PODS series (10,000).
    static let pipeline = BenchCase(
        summary: "scrape PODS (10000) series every 15s for HOURS (24) hours with "
            + "sum(rate(x[2m])) by (pod) every 15s"
    ) { args in
        let hours = args.first.flatMap(Double.init) ?? 24
        let pods = BenchSupport.int(args, 1, 10_000)
        let (r, seconds) = try BenchSupport.seconds {
            try Benchmarks.prometheusRule(pods: pods, duration: Int64(hours * 3_600_000))
        }
        let perSecond = seconds > 0 ? Double(r.samples + r.evaluations * r.series) / seconds : 0
        return [
            "pipeline: \(hours) h, \(r.series) series, \(r.samples) samples, \(r.evaluations) "
                + "rule evaluations (\(r.lastResultSize) results, sum \(Int(r.lastResultSum))), "
                + "\(r.samplesHeld) samples held: \((seconds * 1000).rounded() / 1000) s "
                + "(\(Int(perSecond)) samples+series-evals/s)",
        ]
    }
}
