extension Benchmarks {
    /// The outcome of `prometheusPipeline`.
    public struct PipelineResult: Sendable {
        /// Series in the store at the end: each pod's app series kept by the metric
        /// relabelling (`x_requests_total` alone in the case, else all five), `up`
        /// and `scrape_samples_scraped`.
        public var series: Int
        /// Of `series`, the rule's (`x_requests_total`, one per pod).
        public var appSeries: Int
        /// Samples appended by the scrapes (tsdb's head samples appended).
        public var samples: Int
        /// Rule evaluations.
        public var evaluations: Int
        /// Elements of the last rule result (one per pod).
        public var lastResultSize: Int
        /// Samples held at the end (bounded by the retention).
        public var samplesHeld: Int
        /// The sum of the last result's values (requests/s served by all pods).
        public var lastResultSum: Double
    }

    /// Issue 4's Prometheus load on the path a scenario takes: a Deployment `x` of `pods`
    /// pods serving `pods` × 2 requests/s in a `ClusterSimulation`, Prometheus scraping every
    /// pod every `scrapeInterval` ms at its own offset (the real scrape pool; by default the
    /// scrape config's `metric_relabel_configs` keep `x_requests_total` — the one
    /// series per pod — and each target also writes the report series `up` and
    /// `scrape_samples_scraped`, which metric relabelling does not touch), and the rule
    /// `sum(rate(x_requests_total[2m])) by (pod)` evaluated every `ruleInterval` ms as a
    /// `PreparedQuery` against the server's store (what the adapter does), for `duration` ms.
    /// The store's retention is bounded by its queries' lookback, so memory is flat whatever
    /// the duration. `sim` comes from `pipelineCluster` (built outside the measured run).
    public static func prometheusPipeline(
        _ sim: inout ClusterSimulation, duration: Int64 = 86_400_000,
        ruleInterval: Int64 = 15_000
    ) throws -> PipelineResult {
        let rule = try PreparedQuery("sum(rate(x_requests_total[2m])) by (pod)")
        sim.registerPrometheusQuery(rule.expr)
        var result = PipelineResult(
            series: 0, appSeries: 0, samples: 0, evaluations: 0, lastResultSize: 0, samplesHeld: 0,
            lastResultSum: 0)
        let start = sim.now
        let appendedBefore = sim.metrics.prometheus?.store.samplesAppended ?? 0
        var next = start.milliseconds + ruleInterval
        while next <= start.milliseconds + duration {
            sim.run(until: SimTime(milliseconds: next))
            if case .vector(let v) = try sim.query(rule) {
                result.lastResultSize = v.count
                result.lastResultSum = v.reduce(0) { $0 + $1.value }
            }
            result.evaluations += 1
            next += ruleInterval
        }
        let store = sim.metrics.prometheus?.store ?? TimeSeriesStore()
        result.series = store.seriesCount
        result.appSeries = try store.select([
            LabelMatcher(.equal, Labels.metricName, "x_requests_total"),
        ]).count
        result.samples = store.samplesAppended - appendedBefore
        result.samplesHeld = store.sampleCount
        return result
    }

    /// The benchmark's cluster, its pods Running and Prometheus installed: nodes of
    /// n1-standard-64 (GKE: 110 pods each), a Deployment `x` of `pods` pods of 10m / 16Mi
    /// serving 2 requests/s each, Prometheus with spread targets. `keepOnlyRuleSeries` (the
    /// issue's case: one series per pod) stores only `x_requests_total` of each pod's five
    /// app series (`metric_relabel_configs`: keep on `__name__`); false stores all five.
    public static func pipelineCluster(
        pods: Int = 10_000, scrapeInterval: Int64 = 15_000, keepOnlyRuleSeries: Bool = true
    ) throws -> ClusterSimulation {
        var settings = LifecycleSettings()
        settings.recordPodEvents = false
        var sim = ClusterSimulation(seed: 1, settings: settings)
        let shape = try NodeShape.compute(InstanceCatalog.builtIn.find("n1-standard-64"),
                                          profile: .gke)
        try sim.addPool(NodePool(name: "default", shape: shape, count: (pods + 109) / 110))
        var spec = PodSpec()
        spec.containers = [Container(name: "app", requests: ["cpu": 10, "memory": 16 << 20])]
        let app = try sim.deploy(name: "x", replicas: pods,
                                 template: PodTemplate(labels: ["app": "x"], spec: spec))
        sim.setTraffic(app, .constant(2 * Double(pods)), profile: AppProfile(rpsCapacity: 50))
        // Let every pod start before Prometheus is installed.
        sim.run(for: .minutes(5))
        let keep = try MetricRelabelConfig(sourceLabels: [Labels.metricName],
                                           regex: "x_requests_total", action: .keep)
        sim.installPrometheus(scrapeInterval: scrapeInterval, spreadTargets: true,
                              metricRelabelConfigs: keepOnlyRuleSeries ? [keep] : [])
        return sim
    }
}
