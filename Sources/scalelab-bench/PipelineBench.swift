import ScaleLab

/// Issue 4 item 8: a simulated day of 10,000 pods scraped by the simulation's Prometheus every
/// 15s (the real scrape pool), with the rule `sum(rate(x_requests_total[2m])) by (pod)` every
/// 15s (limit 3 s); peak RSS must not grow with the simulated duration
/// (scripts/bench.d/pipeline.sh runs 24 h and 168 h in separate processes).
enum PipelineBench {
    /// `pipeline [HOURS] [PODS] [all]`: HOURS simulated hours (24), PODS pods (10,000). By
    /// default the scrape config keeps only the rule's series, `x_requests_total`, of each
    /// pod's five app series (the 10,000 series); `all` stores all five. The time is
    /// the simulated run's; building the cluster (deploying and starting the pods) is not
    /// measured.
    static let pipeline = BenchCase(
        summary: "Prometheus scraping PODS (10000) pods every 15s for HOURS (24) hours with "
            + "sum(rate(x_requests_total[2m])) by (pod) every 15s; [all]: store every app "
            + "series, not only x_requests_total"
    ) { args in
        let hours = args.first.flatMap(Double.init) ?? 24
        let pods = BenchSupport.int(args, 1, 10_000)
        let all = args.count > 2 && args[2] == "all"
        var sim = try Benchmarks.pipelineCluster(pods: pods, keepOnlyRuleSeries: !all)
        let (r, seconds) = try BenchSupport.seconds {
            try Benchmarks.prometheusPipeline(&sim, duration: Int64(hours * 3_600_000))
        }
        let perSecond = seconds > 0
            ? Double(r.samples + r.evaluations * r.lastResultSize) / seconds : 0
        return [
            "pipeline: \(hours) h, \(r.series) series (\(r.appSeries) x_requests_total, "
                + "\(r.series - r.appSeries) others: "
                + (all ? "every app series stored" : "metric_relabel_configs keep the rule's")
                + " + up, scrape_samples_scraped), \(r.samples) samples stored, \(r.evaluations) "
                + "rule evaluations (\(r.lastResultSize) results, sum \(Int(r.lastResultSum))), "
                + "\(r.samplesHeld) samples held: \((seconds * 1000).rounded() / 1000) s "
                + "(\(Int(perSecond)) samples+series-evals/s)",
        ]
    }
}
