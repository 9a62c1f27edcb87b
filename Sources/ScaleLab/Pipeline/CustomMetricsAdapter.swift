/// One value the custom or external metrics API returns.
public struct MetricValue: Sendable, Equatable {
    /// The described object's name (the pod), "" for external metrics.
    public var name: String
    /// The series' labels (external metrics: `metricLabels`).
    public var labels: [String: String]
    /// The value.
    public var value: Double
    /// When the value was computed (the adapter answers with the query's evaluation time).
    public var timestamp: Int64
}

/// prometheus-adapter serving `custom.metrics.k8s.io` and `external.metrics.k8s.io` from a
/// Prometheus server: it relists the series its rules select every `metricsRelistInterval`
/// (cmd/adapter/adapter.go `--metrics-relist-interval`, default 10m) and only metrics found by
/// the last relist exist; a read expands the rule's metricsQuery and runs it through PromQL
/// at the time of the request.
public struct CustomMetricsAdapter: Sendable {
    /// The compiled `rules`.
    public let rules: [AdapterRule]
    /// The compiled `externalRules`.
    public let externalRules: [AdapterRule]
    /// Relist interval and max age.
    public var options: AdapterOptions
    /// metric name → (rule index, series name, resources) from the last relist.
    var discovered: [String: (rule: Int, series: String, resources: [GroupResource])] = [:]
    var discoveredExternal: [String: (rule: Int, series: String)] = [:]

    /// An adapter for a loaded configuration.
    public init(config: AdapterConfig, options: AdapterOptions = AdapterOptions())
        throws(AdapterConfigError)
    {
        rules = try AdapterRule.compile(config.rules)
        externalRules = try AdapterRule.compile(config.externalRules)
        self.options = options
    }

    /// The custom metric names the last relist found.
    public var metricNames: [String] { discovered.keys.sorted() }

    /// The external metric names the last relist found.
    public var externalMetricNames: [String] { discoveredExternal.keys.sorted() }

    /// Re-discovers the series each rule's seriesQuery selects (the adapter's periodic
    /// `/api/v1/series` call, basic/series_registry.go SetSeries).
    mutating func relist(_ prom: PrometheusServer) {
        discovered = [:]
        discoveredExternal = [:]
        for (index, rule) in rules.enumerated() {
            for (series, labelNames) in Self.series(rule, prom) {
                guard let metric = try? rule.metricName(forSeries: series) else { continue }
                let resources = rule.resources(forLabels: labelNames).resources
                discovered[metric] = (index, series, resources)
            }
        }
        for (index, rule) in externalRules.enumerated() {
            for (series, _) in Self.series(rule, prom) {
                guard let metric = try? rule.metricName(forSeries: series) else { continue }
                discoveredExternal[metric] = (index, series)
            }
        }
    }

    static func series(_ rule: AdapterRule, _ prom: PrometheusServer) -> [(String, [String])] {
        guard case .vectorSelector(let vs)? = try? PromQLEngine.parse(rule.rule.seriesQuery)
        else { return [] }
        var out: [String: Set<String>] = [:]
        for id in prom.store.select(vs.matchers) {
            let labels = prom.store.labels(of: id)
            let name = labels.metricName
            guard rule.acceptsSeries(named: name) else { continue }
            out[name, default: []].formUnion(labels.pairs.map(\.name))
        }
        return out.keys.sorted().map { ($0, Array(out[$0] ?? [])) }
    }

    /// GET `custom.metrics.k8s.io/v1beta2/namespaces/<ns>/pods/*/<metric>` for the named pods.
    func podsMetric(_ metric: String, namespace: String, pods: [String], at time: Int64,
                    prom: PrometheusServer) throws(MetricsAPIError) -> [MetricValue] {
        let pod = GroupResource(resource: "pods")
        guard let found = discovered[metric], found.resources.contains(pod) else {
            throw .metricNotFound(metric, for: "pods")
        }
        guard !pods.isEmpty else { throw .noMetrics }
        let rule = rules[found.rule]
        let q: String
        let label: String
        do {
            q = try rule.query(forSeries: found.series, resource: pod, namespace: namespace,
                               names: pods.sorted())
            label = try rule.label(for: pod)
        } catch {
            throw MetricsAPIError("unable to fetch metrics from custom metrics API: \(error)")
        }
        let vector: [PromQLSample]
        do {
            vector = try prom.query(q, at: time).vector ?? []
        } catch {
            throw MetricsAPIError("unable to fetch metrics from custom metrics API: \(error)")
        }
        let values = vector.map {
            MetricValue(name: $0.labels[label], labels: $0.labels.dictionary, value: $0.value,
                        timestamp: time)
        }.sorted { $0.name < $1.name }
        if values.isEmpty { throw .noMetrics }
        return values
    }

    /// GET `external.metrics.k8s.io/v1beta1/namespaces/<ns>/<metric>`.
    func externalMetric(_ metric: String, namespace: String,
                        selector: [AdapterSelectorRequirement], at time: Int64,
                        prom: PrometheusServer) throws(MetricsAPIError) -> [MetricValue] {
        guard let found = discoveredExternal[metric] else {
            throw MetricsAPIError(
                "unable to fetch metrics from external metrics API: the server could not find "
                    + "the requested resource (get \(metric).external.metrics.k8s.io)")
        }
        let vector: [PromQLSample]
        do {
            let q = try externalRules[found.rule].externalQuery(
                forSeries: found.series, namespace: namespace, selector: selector)
            vector = try prom.query(q, at: time).vector ?? []
        } catch {
            throw MetricsAPIError("unable to fetch metrics from external metrics API: \(error)")
        }
        if vector.isEmpty {
            throw MetricsAPIError("no metrics returned from external metrics API")
        }
        return vector.map {
            MetricValue(name: "", labels: $0.labels.dictionary, value: $0.value,
                        timestamp: time)
        }
    }
}
