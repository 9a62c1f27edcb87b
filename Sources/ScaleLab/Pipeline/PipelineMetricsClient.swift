/// The HPA's metrics client over a simulation's pipeline: the HPA sees exactly what
/// metrics-server and prometheus-adapter deliver at the time of its sync, with the errors a real
/// cluster gives (a value type holding the cluster and pipeline as they were when it was made;
/// the simulation's own HPA syncs read them in place through `PipelineReads`).
public struct PipelineMetricsClient: HPAMetricsClient {
    /// The cluster model at the sync (for the pod lister the adapter and metrics-server use).
    let cluster: Cluster
    /// The pipeline at the sync.
    let metrics: MetricsPipelineState
    /// The sync's time, ms.
    let now: Int64

    init(cluster: Cluster, metrics: MetricsPipelineState, now: Int64) {
        self.cluster = cluster
        self.metrics = metrics
        self.now = now
    }

    /// Runs `body` on reads of this client's cluster and pipeline.
    private func reading<T>(_ body: (PipelineReads) throws(HPAFetchError) -> T)
        throws(HPAFetchError) -> T
    {
        var cluster = cluster
        var metrics = metrics
        let result = withUnsafePointer(to: &cluster) { c in
            withUnsafePointer(to: &metrics) { m in
                Result { () throws(HPAFetchError) -> T in
                    try body(PipelineReads(cluster: c, metrics: m, now: now))
                }
            }
        }
        return try result.get()
    }

    /// metrics.k8s.io through metrics-server.
    public func resourceMetrics(namespace: String, selector: ParsedLabelSelector)
        throws(HPAFetchError) -> [PodResourceSample]
    {
        try reading { reads throws(HPAFetchError) in
            try reads.resourceMetrics(namespace: namespace, selector: selector)
        }
    }

    /// metrics.k8s.io through metrics-server, reduced to one resource.
    public func resourceMetric(namespace: String, selector: ParsedLabelSelector,
                               resource: String, container: String?) throws(HPAFetchError)
        -> (count: Int, values: [String: PodMetricSample])
    {
        try reading { reads throws(HPAFetchError) in
            try reads.resourceMetric(namespace: namespace, selector: selector,
                                     resource: resource, container: container)
        }
    }

    /// custom.metrics.k8s.io pods metrics through prometheus-adapter.
    public func podsMetric(namespace: String, metric: String, selector: ParsedLabelSelector,
                           metricSelector: LabelSelector?) throws(HPAFetchError)
        -> [String: PodMetricSample]
    {
        try reading { reads throws(HPAFetchError) in
            try reads.podsMetric(namespace: namespace, metric: metric, selector: selector,
                                 metricSelector: metricSelector)
        }
    }

    /// custom.metrics.k8s.io object metrics through prometheus-adapter.
    public func objectMetric(namespace: String, metric: String,
                             object: CrossVersionObjectReference,
                             metricSelector: LabelSelector?) throws(HPAFetchError) -> Int64 {
        try reading { reads throws(HPAFetchError) in
            try reads.objectMetric(namespace: namespace, metric: metric, object: object,
                                   metricSelector: metricSelector)
        }
    }

    /// external.metrics.k8s.io through prometheus-adapter.
    public func externalMetric(namespace: String, metric: String,
                               metricSelector: LabelSelector?) throws(HPAFetchError)
        -> [Int64]
    {
        try reading { reads throws(HPAFetchError) in
            try reads.externalMetric(namespace: namespace, metric: metric,
                                     metricSelector: metricSelector)
        }
    }
}
