/// The HPA's metrics client over a simulation's pipeline: the HPA sees exactly what
/// metrics-server and prometheus-adapter deliver at the time of its sync, with the errors a real
/// cluster gives (a value type: the simulation makes one per reconcile, at `now`).
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

    /// The pods the adapter's and metrics-server's pod listers return for the selector,
    /// among those that may have metrics (O(scraped pods), not O(pod table)).
    func pods(_ namespace: String, _ selector: ParsedLabelSelector) -> [Pod] {
        metrics.candidatePods(cluster, namespace: namespace) { selector.matches($0.labels) }
    }

    /// metrics.k8s.io through metrics-server.
    public func resourceMetrics(namespace: String, selector: ParsedLabelSelector)
        throws(HPAFetchError) -> [PodResourceSample]
    {
        do {
            return try metrics.podResourceMetrics(pods(namespace, selector))
        } catch {
            throw HPAFetchError(error.description)
        }
    }

    /// custom.metrics.k8s.io pods metrics through prometheus-adapter.
    public func podsMetric(namespace: String, metric: String, selector: ParsedLabelSelector,
                           metricSelector: LabelSelector?) throws(HPAFetchError)
        -> [String: PodMetricSample]
    {
        do {
            let values = try metrics.customPodsMetric(
                metric, namespace: namespace, pods: pods(namespace, selector).map(\.name),
                at: now)
            var out: [String: PodMetricSample] = [:]
            for v in values {
                // Custom metrics carry no window; the HPA treats it as unset.
                out[v.name] = PodMetricSample(
                    valueMilli: Int64((v.value * 1_000).rounded()), timestamp: v.timestamp,
                    windowMs: 0)
            }
            return out
        } catch {
            throw HPAFetchError(error.description)
        }
    }

    /// Object metrics: not served by this pipeline yet (custom API not installed, or the
    /// adapter's not-found error).
    public func objectMetric(namespace: String, metric: String,
                             object: CrossVersionObjectReference,
                             metricSelector: LabelSelector?) throws(HPAFetchError) -> Int64 {
        guard metrics.installedAPIs.contains(.custom) else {
            throw HPAFetchError(MetricsAPIError.notInstalled(.custom, resource: object.kind)
                .description)
        }
        throw HPAFetchError(MetricsAPIError.metricNotFound(metric, for: object.kind)
            .description)
    }

    /// external.metrics.k8s.io through prometheus-adapter.
    public func externalMetric(namespace: String, metric: String,
                               metricSelector: LabelSelector?) throws(HPAFetchError)
        -> [Int64]
    {
        do {
            return try metrics.externalMetric(metric, namespace: namespace, selector: [],
                                              at: now)
                .map { Int64(($0.value * 1_000).rounded()) }
        } catch {
            throw HPAFetchError(error.description)
        }
    }
}
