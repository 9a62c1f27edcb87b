// custom.metrics.k8s.io for objects other than pods (issue 4 item 5): a Service's or an
// Ingress's metric through a prometheus-adapter rule whose `resources` (overrides or template)
// map a series label to that resource, e.g.
//
//     - seriesQuery: 'nginx_ingress_controller_requests{namespace!="",ingress!=""}'
//       resources:
//         overrides:
//           namespace: {resource: "namespace"}
//           ingress: {group: "networking.k8s.io", resource: "ingress"}
//       name: {matches: "^(.*)_requests$", as: "${1}_requests_per_second"}
//       metricsQuery: 'sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)'
//
// `<<.LabelMatchers>>` becomes `namespace="default",ingress="main"` and `<<.GroupBy>>` the
// `ingress` label, exactly as for pods (naming/metrics_query.go Build). The simulation has no
// Service or Ingress objects, so the objects of a resource are the label values Prometheus
// holds for it (what the adapter's list of matching objects would name).

extension MetricsPipelineState {
    /// GET `custom.metrics.k8s.io/v1beta2/namespaces/<ns>/<resource>/<name>/<metric>`.
    func customObjectMetric(_ metric: String, resource: String, name: String,
                            namespace: String, at now: Int64) throws(MetricsAPIError)
        -> MetricValue
    {
        let gr = Self.groupResource(resource)
        guard installedAPIs.contains(.custom), let adapter, let prometheus else {
            throw .notInstalled(.custom, resource: gr.resource)
        }
        return try adapter.objectMetric(metric, resource: gr, namespace: namespace, name: name,
                                        at: now, prom: prometheus)
    }

    /// GET `custom.metrics.k8s.io/v1beta2/namespaces/<ns>/<resource>/*/<metric>`: every object
    /// of the resource that has the metric (custom-provider/provider.go getMultiple, over the
    /// objects Prometheus names), sorted by name.
    func customObjectsMetric(_ metric: String, resource: String, namespace: String,
                             at now: Int64) throws(MetricsAPIError) -> [MetricValue]
    {
        let gr = Self.groupResource(resource)
        guard installedAPIs.contains(.custom), let adapter, let prometheus else {
            throw .notInstalled(.custom, resource: gr.resource)
        }
        let names = try adapter.objectNames(metric, resource: gr, namespace: namespace,
                                            prom: prometheus)
        guard !names.isEmpty else { throw .noMetrics }
        return try adapter.objectsMetric(metric, resource: gr, namespace: namespace,
                                         names: names, at: now, prom: prometheus)
    }

    /// "services", "ingresses.networking.k8s.io" or "ingress" → the normalized group-resource.
    static func groupResource(_ text: String) -> GroupResource {
        let parts = text.split(separator: ".", maxSplits: 1)
        let gr = parts.count == 2
            ? GroupResource(group: String(parts[1]), resource: String(parts[0]))
            : GroupResource(resource: text)
        return KubernetesResources.normalize(gr) ?? gr
    }
}

extension CustomMetricsAdapter {
    /// The names of the objects of `resource` in `namespace` that the metric's series carry
    /// (the values of the resource's label), sorted.
    func objectNames(_ metric: String, resource: GroupResource, namespace: String,
                     prom: PrometheusServer) throws(MetricsAPIError) -> [String] {
        guard let found = discovered[metric], found.resources.contains(resource) else {
            throw .metricNotFound(metric, for: resource.description)
        }
        let rule = rules[found.rule]
        let label: String
        let namespaceLabel: String
        do {
            label = try rule.label(for: resource)
            namespaceLabel = try rule.label(for: AdapterRule.namespaces)
        } catch {
            throw MetricsAPIError("unable to fetch metrics from custom metrics API: \(error)")
        }
        var names: Set<String> = []
        guard let byName = try? LabelMatcher(.equal, "__name__", found.series) else { return [] }
        for id in prom.store.select([byName]) {
            let labels = prom.store.labels(of: id)
            let value = labels[label]
            if !value.isEmpty && (namespace.isEmpty || labels[namespaceLabel] == namespace) {
                names.insert(value)
            }
        }
        return names.sorted()
    }

    /// The metric of the named objects (getMultiple): one value per name found, by name.
    func objectsMetric(_ metric: String, resource: GroupResource, namespace: String,
                       names: [String], at time: Int64, prom: PrometheusServer)
        throws(MetricsAPIError) -> [MetricValue] {
        guard let found = discovered[metric], found.resources.contains(resource) else {
            throw .metricNotFound(metric, for: resource.description)
        }
        let wanted = Set(names)
        let values = try objectValues(found, resource: resource, namespace: namespace,
                                      names: names, at: time, prom: prom)
        let out = values.filter { wanted.contains($0.name) }.map {
            MetricValue(name: $0.name, labels: $0.labels.dictionary, value: $0.value,
                        timestamp: time)
        }
        if out.isEmpty { throw .noMetrics }
        return out
    }
}

extension ClusterSimulation {
    /// GET `custom.metrics.k8s.io/v1beta2/namespaces/<ns>/<resource>/<name>/<metric>`: one
    /// object's metric (`resource` as "services", "ingresses.networking.k8s.io", "ingress").
    public func customObjectMetric(_ metric: String, resource: String, name: String,
                                   namespace: String = "default") throws(MetricsAPIError)
        -> MetricValue
    {
        try metrics.customObjectMetric(metric, resource: resource, name: name,
                                       namespace: namespace, at: now.milliseconds)
    }
}
