// Reading the metrics pipeline of a simulation as a user (or kubectl get --raw) would: a PromQL
// query against Prometheus and GETs on the three metrics APIs, answered at the current instant
// with what the pipeline has delivered so far.

extension ClusterSimulation {
    /// A PromQL instant query against the scenario's Prometheus at the current time
    /// (`PromQLError` for a bad query, `MetricsAPIError` when there is no Prometheus), stopping
    /// when `cancellation` asks to.
    public func query(_ q: String, cancellation: QueryCancellation? = nil) throws -> PromQLValue {
        try metrics.query(q, at: now.milliseconds, cancellation: cancellation)
    }

    /// A PromQL instant query at an earlier `time` (ms; the store keeps what was scraped).
    public func query(_ q: String, at time: Int64, cancellation: QueryCancellation? = nil)
        throws -> PromQLValue
    {
        try metrics.query(q, at: min(time, now.milliseconds), cancellation: cancellation)
    }

    /// A prepared query (parsed once, its series selection and groups cached between calls,
    /// as the adapter and recording rules evaluate theirs) against the scenario's Prometheus
    /// at the current time.
    public func query(_ prepared: PreparedQuery) throws -> PromQLValue {
        guard let prom = metrics.prometheus else { throw MetricsAPIError.noPrometheus }
        return try prepared.evaluate(at: now.milliseconds, store: prom.store, engine: prom.engine)
    }

    /// Registers a query that will be evaluated again and again with Prometheus: its longest
    /// lookback bounds the store's retention (nothing happens without a Prometheus server).
    public mutating func registerPrometheusQuery(_ expr: PromQLExpr) {
        metrics.prometheus?.register(expr)
    }

    /// A PromQL range query (`/api/v1/query_range`) from `start` to `end` every `step` ms.
    public func queryRange(
        _ q: String, start: Int64, end: Int64, step: Int64,
        cancellation: QueryCancellation? = nil
    ) throws -> [PromQLSeries] {
        guard let prom = metrics.prometheus else { throw MetricsAPIError.noPrometheus }
        return try prom.engine.rangeQuery(PreparedQuery(q), start: start, end: end, step: step,
                                          store: prom.store, cancellation: cancellation)
    }

    /// The indices of the pods of `namespace` matching `selector` that may have metrics.
    func listPods(namespace: String, selector: LabelSelector) -> [Int] {
        metrics.scrapedPods.candidates(cluster.pods, namespace: namespace,
                                       required: selector.requiredPairs) { selector.matches($0) }
    }

    /// GET `custom.metrics.k8s.io/v1beta2/namespaces/<ns>/pods/*/<metric>?labelSelector=`.
    public func customPodsMetric(_ metric: String, namespace: String = "default",
                                 selector: LabelSelector) throws(MetricsAPIError)
        -> [MetricValue]
    {
        let pods = listPods(namespace: namespace, selector: selector)
        return try metrics.customPodsMetric(metric, namespace: namespace,
                                            pods: pods.map { cluster.pods[$0].name },
                                            at: now.milliseconds)
    }

    /// GET `custom.metrics.k8s.io/v1beta2/namespaces/<ns>/<resource>/*/<metric>` for a
    /// non-pod object (Pipeline/CustomObjectMetrics.swift).
    public func customObjectMetric(_ metric: String, resource: String,
                                   namespace: String = "default") throws(MetricsAPIError)
        -> [MetricValue]
    {
        try metrics.customObjectsMetric(metric, resource: resource, namespace: namespace,
                                        at: now.milliseconds)
    }

    /// GET `metrics.k8s.io/v1beta1/namespaces/<ns>/pods?labelSelector=` (PodMetrics).
    public func podResourceMetrics(namespace: String = "default", selector: LabelSelector)
        throws(MetricsAPIError) -> [PodResourceSample]
    {
        try metrics.podResourceMetrics(listPods(namespace: namespace, selector: selector),
                                       cluster.pods)
    }

    /// GET `external.metrics.k8s.io/v1beta1/namespaces/<ns>/<metric>?labelSelector=`.
    public func externalMetric(_ metric: String, namespace: String = "default",
                               selector: [AdapterSelectorRequirement] = [])
        throws(MetricsAPIError) -> [MetricValue]
    {
        try metrics.externalMetric(metric, namespace: namespace, selector: selector,
                                   at: now.milliseconds)
    }

    /// The HPA's view of the installed metrics APIs at the current instant.
    public var metricsClient: PipelineMetricsClient {
        PipelineMetricsClient(cluster: cluster, metrics: metrics, now: now.milliseconds)
    }
}
