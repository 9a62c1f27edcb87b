// The HPA's reads of the metrics pipeline inside the simulation, in place: see PipelineReads.

/// The metrics APIs over a simulation's cluster and pipeline read in place, for the span of
/// one HPA sync: the simulation hands its HPA syncs this instead of a `PipelineMetricsClient`,
/// whose copies of the cluster and the pipeline retained every one of their references at
/// every sync. Valid only while the pointees are neither moved nor changed (the sync
/// changes neither: it writes the HPA's object and history, elsewhere).
struct PipelineReads: HPAMetricsClient {
    let cluster: UnsafePointer<Cluster>
    let metrics: UnsafePointer<MetricsPipelineState>
    /// The sync's time, ms.
    let now: Int64
    /// The reader's candidate pods kept from its last sync (the HPA's), if it keeps them.
    var candidates: UnsafeMutablePointer<CandidateCache>?

    /// The pods the adapter's and metrics-server's pod listers return for the selector,
    /// among those that may have metrics (O(scraped pods), not O(pod table)), by index.
    func pods(_ namespace: String, _ selector: ParsedLabelSelector) -> [Int] {
        // The index is read from its field: a method called on the whole pipeline state
        // through the pointer copies all of it first.
        if let candidates {
            return metrics.pointee.scrapedPods.candidates(
                cluster.pointee.pods, namespace: namespace, selector: selector,
                podPhaseRevision: cluster.pointee.podPhaseRevision, cache: &candidates.pointee)
        }
        return metrics.pointee.scrapedPods.candidates(cluster.pointee.pods, namespace: namespace,
                                                      required: selector.requiredPairs) {
            selector.matches($0)
        }
    }

    /// metrics.k8s.io through metrics-server.
    func resourceMetrics(namespace: String, selector: ParsedLabelSelector)
        throws(HPAFetchError) -> [PodResourceSample]
    {
        do {
            return try metrics.pointee.podResourceMetrics(pods(namespace, selector),
                                                          cluster.pointee.pods)
        } catch {
            throw HPAFetchError(error.description)
        }
    }

    /// metrics.k8s.io through metrics-server, reduced to one resource straight from its
    /// points (the same samples as the default, without a PodMetrics per pod).
    func resourceMetric(namespace: String, selector: ParsedLabelSelector,
                        resource: String, container: String?) throws(HPAFetchError)
        -> (count: Int, values: [String: PodMetricSample])
    {
        var values: [String: PodMetricSample] = [:]
        let table = cluster.pointee.pods
        let count = try resourceSamples(namespace, selector, resource, container) {
            values[table[$0].name] = $1
        }
        return (count, values)
    }

    /// `resourceMetric` matched to the listed pods' names as it is read.
    func resourceMetric(namespace: String, selector: ParsedLabelSelector, resource: String,
                        container: String?, names: HPAPodNames) throws(HPAFetchError)
        -> (count: Int, samples: PodSamples)
    {
        var builder = PodSamplesBuilder(names: names)
        let table = cluster.pointee.pods
        let count = try resourceSamples(namespace, selector, resource, container) {
            builder.add($1, podIndex: $0, name: table[$0].name)
        }
        return (count, builder.samples)
    }

    private func resourceSamples(_ namespace: String, _ selector: ParsedLabelSelector,
                                 _ resource: String, _ container: String?,
                                 _ add: (Int, PodMetricSample) -> Void)
        throws(HPAFetchError) -> Int
    {
        guard metrics.pointee.installedAPIs.contains(.resource),
              let server = metrics.pointee.metricsServer
        else {
            throw HPAFetchError(MetricsAPIError.notInstalled(.resource, resource: "pods")
                .description)
        }
        return server.resourceSamples(pods(namespace, selector), pods: cluster.pointee.pods,
                                      resource: resource, container: container, add)
    }

    /// custom.metrics.k8s.io pods metrics through prometheus-adapter.
    func podsMetric(namespace: String, metric: String, selector: ParsedLabelSelector,
                    metricSelector: LabelSelector?) throws(HPAFetchError)
        -> [String: PodMetricSample]
    {
        var out: [String: PodMetricSample] = [:]
        try customPodSamples(namespace, metric, selector) { out[$0] = $1 }
        return out
    }

    /// `podsMetric` matched to the listed pods' names as it is read.
    func podsMetric(namespace: String, metric: String, selector: ParsedLabelSelector,
                    metricSelector: LabelSelector?, names: HPAPodNames) throws(HPAFetchError)
        -> PodSamples
    {
        var builder = PodSamplesBuilder(names: names)
        try customPodSamples(namespace, metric, selector) { builder.add($1, name: $0) }
        return builder.samples
    }

    /// The adapter's answer for the pods metric, each sample handed to `add` with its pod's
    /// name in the query's order: of two samples for one pod the last is kept, as when they
    /// are read sorted by name (a stable sort).
    private func customPodSamples(_ namespace: String, _ metric: String,
                                  _ selector: ParsedLabelSelector,
                                  _ add: (String, PodMetricSample) -> Void)
        throws(HPAFetchError)
    {
        do throws(MetricsAPIError) {
            guard metrics.pointee.installedAPIs.contains(.custom),
                  let adapter = metrics.wrapped(\.adapter),
                  let prometheus = metrics.wrapped(\.prometheus)
            else { throw MetricsAPIError.notInstalled(.custom, resource: "pods") }
            // The pods in creation order (the adapter sorts them only to build its query).
            let table = cluster.pointee.pods
            let names = pods(namespace, selector).map { table[$0].name }
            let (vector, label) = try CustomMetricsAdapter.podsMetricVector(
                adapter, metric, namespace: namespace, pods: names, at: now, prom: prometheus)
            for sample in vector {
                // Custom metrics carry no window; the HPA treats it as unset.
                add(sample.labels[label], PodMetricSample(
                    valueMilli: CustomMetricsAdapter.milli(sample.value), timestamp: now,
                    windowMs: 0))
            }
        } catch {
            throw HPAFetchError(error.description)
        }
    }

    /// custom.metrics.k8s.io object metrics through prometheus-adapter: the HPA's custom
    /// metrics client maps the described object's kind to its resource with the RESTMapper
    /// (custom_metrics/client.go qualResourceForKind) and GETs
    /// `namespaces/<ns>/<resource>/<name>/<metric>`.
    func objectMetric(namespace: String, metric: String,
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
        guard metrics.pointee.installedAPIs.contains(.custom),
              let adapter = metrics.wrapped(\.adapter),
              let prometheus = metrics.wrapped(\.prometheus)
        else {
            throw HPAFetchError(MetricsAPIError.notInstalled(.custom, resource: resource.resource)
                .description)
        }
        do {
            return CustomMetricsAdapter.milli(try adapter.pointee.objectMetric(
                metric, resource: resource, namespace: namespace, name: object.name, at: now,
                prom: prometheus.pointee).value)
        } catch {
            throw HPAFetchError(error.description)
        }
    }

    /// external.metrics.k8s.io through prometheus-adapter.
    func externalMetric(namespace: String, metric: String,
                        metricSelector: LabelSelector?) throws(HPAFetchError) -> [Int64]
    {
        do {
            return try metrics.pointee.externalMetric(metric, namespace: namespace,
                                                      selector: [], at: now)
                .map { CustomMetricsAdapter.milli($0.value) }
        } catch {
            throw HPAFetchError(error.description)
        }
    }
}

extension UnsafePointer {
    /// The address of the value an optional stored property holds, nil when it holds none:
    /// `if let x = pointer.pointee.field` copies the value (retaining every reference in
    /// it, tens per read for the adapter or the Prometheus server), while a read through this
    /// address borrows it. An Optional's payload sits at offset 0 of its storage, the tag in
    /// spare bits or after it (Swift's docs/ABI/TypeLayout.rst, "Single-Payload Enums").
    @inline(__always)
    func wrapped<Wrapped>(_ field: KeyPath<Pointee, Wrapped?>) -> UnsafePointer<Wrapped>? {
        guard let optional = pointer(to: field), optional.pointee != nil else { return nil }
        return UnsafeRawPointer(optional).assumingMemoryBound(to: Wrapped.self)
    }
}
