/// The HPA's metrics client reading a pipeline: the HPA sees exactly what metrics-server and
/// prometheus-adapter deliver at the time of its sync, with the same errors (a value type:
/// take one per reconcile).
public struct PipelineMetricsClient: HPAMetricsClient {
    /// The pipeline, as it stands at the HPA's sync.
    public var pipeline: MetricsPipeline

    /// A client over `pipeline`.
    public init(_ pipeline: MetricsPipeline) { self.pipeline = pipeline }

    func pods(_ namespace: String, _ selector: ParsedLabelSelector) -> [Pod] {
        pipeline.simulation.cluster.pods.filter {
            !$0.isRemoved && $0.namespace == namespace && selector.matches($0.labels)
        }
    }

    /// metrics.k8s.io through metrics-server.
    public func resourceMetrics(namespace: String, selector: ParsedLabelSelector)
        throws(HPAFetchError) -> [PodResourceSample]
    {
        guard pipeline.installedAPIs.contains(.resource), let server = pipeline.metricsServer
        else {
            throw HPAFetchError(MetricsAPIError.notInstalled(.resource, resource: "pods")
                .description)
        }
        return server.podMetrics(pods(namespace, selector))
    }

    /// custom.metrics.k8s.io pods metrics through prometheus-adapter.
    public func podsMetric(namespace: String, metric: String, selector: ParsedLabelSelector,
                           metricSelector: LabelSelector?) throws(HPAFetchError)
        -> [String: PodMetricSample]
    {
        guard pipeline.installedAPIs.contains(.custom), let adapter = pipeline.adapter,
            let prom = pipeline.prometheus
        else {
            throw HPAFetchError(MetricsAPIError.notInstalled(.custom, resource: "pods")
                .description)
        }
        do {
            let values = try adapter.podsMetric(
                metric, namespace: namespace, pods: pods(namespace, selector).map(\.name),
                at: pipeline.now, prom: prom)
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

    /// Object metrics: not served by this pipeline yet.
    public func objectMetric(namespace: String, metric: String,
                             object: CrossVersionObjectReference,
                             metricSelector: LabelSelector?) throws(HPAFetchError) -> Int64 {
        throw HPAFetchError(MetricsAPIError.metricNotFound(metric, for: object.kind)
            .description)
    }

    /// external.metrics.k8s.io through prometheus-adapter.
    public func externalMetric(namespace: String, metric: String,
                               metricSelector: LabelSelector?) throws(HPAFetchError)
        -> [Int64]
    {
        do {
            return try pipeline.externalMetric(metric, namespace: namespace)
                .map { Int64(($0.value * 1_000).rounded()) }
        } catch {
            throw HPAFetchError(error.description)
        }
    }
}
