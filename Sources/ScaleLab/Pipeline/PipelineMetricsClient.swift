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
    /// among those that may have metrics (O(scraped pods), not O(pod table)), by index.
    func pods(_ namespace: String, _ selector: ParsedLabelSelector) -> [Int] {
        metrics.candidatePods(cluster, namespace: namespace, required: selector.requiredPairs) {
            selector.matches($0)
        }
    }

    /// metrics.k8s.io through metrics-server.
    public func resourceMetrics(namespace: String, selector: ParsedLabelSelector)
        throws(HPAFetchError) -> [PodResourceSample]
    {
        do {
            return try metrics.podResourceMetrics(pods(namespace, selector), cluster)
        } catch {
            throw HPAFetchError(error.description)
        }
    }

    /// metrics.k8s.io through metrics-server, reduced to one resource straight from its
    /// points (the same samples as the default, without a PodMetrics per pod).
    public func resourceMetric(namespace: String, selector: ParsedLabelSelector,
                               resource: String, container: String?) throws(HPAFetchError)
        -> (count: Int, values: [String: PodMetricSample])
    {
        do {
            return try metrics.resourceServer().resourceSamples(
                pods(namespace, selector), cluster: cluster, resource: resource,
                container: container)
        } catch {
            throw HPAFetchError(error.description)
        }
    }

    /// custom.metrics.k8s.io pods metrics through prometheus-adapter.
    public func podsMetric(namespace: String, metric: String, selector: ParsedLabelSelector,
                           metricSelector: LabelSelector?) throws(HPAFetchError)
        -> [String: PodMetricSample]
    {
        do throws(MetricsAPIError) {
            guard metrics.installedAPIs.contains(.custom), let adapter = metrics.adapter,
                  let prometheus = metrics.prometheus
            else { throw MetricsAPIError.notInstalled(.custom, resource: "pods") }
            // The pods in creation order (the adapter sorts them only to build its query).
            let (vector, label) = try adapter.podsMetricVector(
                metric, namespace: namespace,
                pods: pods(namespace, selector).map { cluster.pods[$0].name },
                at: now, prom: prometheus)
            var out: [String: PodMetricSample] = [:]
            out.reserveCapacity(vector.count)
            // In the query's order: of two samples for one pod the last is kept, as when they
            // are read sorted by name (a stable sort).
            for sample in vector {
                // Custom metrics carry no window; the HPA treats it as unset.
                out[sample.labels[label]] = PodMetricSample(
                    valueMilli: Self.milli(sample.value), timestamp: now, windowMs: 0)
            }
            return out
        } catch {
            throw HPAFetchError(error.description)
        }
    }

    /// custom.metrics.k8s.io object metrics through prometheus-adapter: the HPA's custom
    /// metrics client maps the described object's kind to its resource with the RESTMapper
    /// (custom_metrics/client.go qualResourceForKind) and GETs
    /// `namespaces/<ns>/<resource>/<name>/<metric>`.
    public func objectMetric(namespace: String, metric: String,
                             object: CrossVersionObjectReference,
                             metricSelector: LabelSelector?) throws(HPAFetchError) -> Int64 {
        let api = "unable to fetch metrics from custom metrics API: "
        // schema.FromAPIVersionAndKind: the group is what precedes "/" ("" for "v1").
        let parts = (object.apiVersion ?? "").split(separator: "/", maxSplits: 1)
        let group = parts.count == 2 ? String(parts[0]) : ""
        guard let resource = KubernetesResources.resource(forKind: object.kind, group: group)
        else {
            let groupKind = group.isEmpty ? object.kind : "\(object.kind).\(group)"
            throw HPAFetchError(api + "unable to map kind \(groupKind) to resource: no matches"
                + " for kind \"\(object.kind)\" in group \"\(group)\"")
        }
        guard metrics.installedAPIs.contains(.custom), let adapter = metrics.adapter,
              let prometheus = metrics.prometheus
        else {
            throw HPAFetchError(MetricsAPIError.notInstalled(.custom, resource: resource.resource)
                .description)
        }
        do {
            return Self.milli(try adapter.objectMetric(
                metric, resource: resource, namespace: namespace, name: object.name, at: now,
                prom: prometheus).value)
        } catch {
            throw HPAFetchError(error.description)
        }
    }

    /// The adapter's quantity: `resource.NewMilliQuantity(int64(value*1000.0), ...)`
    /// (custom-provider/provider.go metricFor; NaN is 0), truncated toward zero as Go's
    /// conversion does; out-of-range values saturate.
    static func milli(_ value: Double) -> Int64 {
        let v = value * 1_000
        if v.isNaN { return 0 }
        if v >= 9.2e18 { return Int64.max }
        if v <= -9.2e18 { return Int64.min }
        return Int64(v)
    }

    /// external.metrics.k8s.io through prometheus-adapter.
    public func externalMetric(namespace: String, metric: String,
                               metricSelector: LabelSelector?) throws(HPAFetchError)
        -> [Int64]
    {
        do {
            return try metrics.externalMetric(metric, namespace: namespace, selector: [],
                                              at: now)
                .map { Self.milli($0.value) }
        } catch {
            throw HPAFetchError(error.description)
        }
    }
}
