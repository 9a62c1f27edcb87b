import Foundation

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
///
/// The expanded query of a request depends only on the rule, the series, the namespace and
/// the objects' names, so it is parsed once and kept (with its selection caches) until one of
/// those changes: an HPA syncing every 15s over the same pods reuses it.
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
    /// Each rule's seriesQuery matchers, parsed once (nil: not a plain series selector).
    private let seriesSelectors: [[LabelMatcher]?]
    private let externalSeriesSelectors: [[LabelMatcher]?]
    /// The store's series set at the last relist: the listing depends on nothing else.
    private var relistedEpoch: SeriesSetEpoch?
    /// Expanded, parsed queries by request.
    let queries = AdapterQueryCache()

    /// An adapter for a loaded configuration.
    public init(config: AdapterConfig, options: AdapterOptions = AdapterOptions())
        throws(AdapterConfigError)
    {
        rules = try AdapterRule.compile(config.rules)
        externalRules = try AdapterRule.compile(config.externalRules)
        self.options = options
        seriesSelectors = rules.map(Self.selector)
        externalSeriesSelectors = externalRules.map(Self.selector)
    }

    /// The custom metric names the last relist found.
    public var metricNames: [String] { discovered.keys.sorted() }

    /// The external metric names the last relist found.
    public var externalMetricNames: [String] { discoveredExternal.keys.sorted() }

    private static func selector(_ rule: AdapterRule) -> [LabelMatcher]? {
        guard case .vectorSelector(let vs)? = try? PromQLEngine.parse(rule.rule.seriesQuery)
        else { return nil }
        return vs.matchers
    }

    /// Re-discovers the series each rule's seriesQuery selects (the adapter's periodic
    /// `/api/v1/series` call, basic/series_registry.go SetSeries). The answer depends only on
    /// the store's set of series, so an unchanged set keeps the last listing.
    mutating func relist(_ prom: PrometheusServer) {
        if let relistedEpoch, relistedEpoch === prom.store.epoch { return }
        relistedEpoch = prom.store.epoch
        discovered = [:]
        discoveredExternal = [:]
        for (index, rule) in rules.enumerated() {
            for (series, labelNames) in Self.series(rule, seriesSelectors[index], prom) {
                guard let metric = try? rule.metricName(forSeries: series) else { continue }
                let resources = rule.resources(forLabels: labelNames).resources
                discovered[metric] = (index, series, resources)
            }
        }
        for (index, rule) in externalRules.enumerated() {
            for (series, _) in Self.series(rule, externalSeriesSelectors[index], prom) {
                guard let metric = try? rule.metricName(forSeries: series) else { continue }
                discoveredExternal[metric] = (index, series)
            }
        }
    }

    static func series(_ rule: AdapterRule, _ matchers: [LabelMatcher]?,
                       _ prom: PrometheusServer) -> [(String, [String])] {
        guard let matchers else { return [] }
        var out: [String: Set<String>] = [:]
        // The filters depend only on the name, which many series share.
        var accepted: [String: Bool] = [:]
        for id in prom.store.select(matchers) {
            let labels = prom.store.labels(of: id)
            let name = labels.metricName
            let accepts = accepted[name] ?? rule.acceptsSeries(named: name)
            accepted[name] = accepts
            guard accepts else { continue }
            out[name, default: []].formUnion(labels.pairs.map(\.name))
        }
        return out.keys.sorted().map { ($0, Array(out[$0] ?? [])) }
    }

    /// GET `custom.metrics.k8s.io/v1beta2/namespaces/<ns>/pods/*/<metric>` for the named pods.
    func podsMetric(_ metric: String, namespace: String, pods: [String], at time: Int64,
                    prom: PrometheusServer) throws(MetricsAPIError) -> [MetricValue] {
        try podsMetricValues(metric, namespace: namespace, pods: pods, at: time, prom: prom)
            .map { MetricValue(name: $0.name, labels: $0.labels.dictionary, value: $0.value,
                               timestamp: time) }
    }

    /// The pods metric as (pod name, series labels, value), sorted by pod name: what
    /// `podsMetric` answers, without building label dictionaries (the HPA reads only names
    /// and values).
    func podsMetricValues(_ metric: String, namespace: String, pods: [String], at time: Int64,
                          prom: PrometheusServer) throws(MetricsAPIError)
        -> [(name: String, labels: Labels, value: Double)] {
        let (vector, label) = try podsMetricVector(metric, namespace: namespace, pods: pods,
                                                   at: time, prom: prom)
        return Self.named(vector, by: label)
    }

    /// The pods metric's samples as the query returned them, with the label naming each
    /// sample's pod: the HPA's read takes names and values from them without the sorted
    /// copy `podsMetricValues` makes. `pods` may come in any order.
    func podsMetricVector(_ metric: String, namespace: String, pods: [String], at time: Int64,
                          prom: PrometheusServer) throws(MetricsAPIError)
        -> (vector: [PromQLSample], label: String) {
        try withUnsafePointer(to: self) { adapter throws(MetricsAPIError) in
            try withUnsafePointer(to: prom) { prom throws(MetricsAPIError) in
                try Self.podsMetricVector(adapter, metric, namespace: namespace, pods: pods,
                                          at: time, prom: prom)
            }
        }
    }

    /// `podsMetricVector` with the adapter and the server read in place: the simulation's HPA
    /// syncs hold them inside the pipeline state, and a method called on them there copies
    /// each first (retaining every reference they hold).
    static func podsMetricVector(
        _ adapter: UnsafePointer<Self>, _ metric: String, namespace: String, pods: [String],
        at time: Int64, prom: UnsafePointer<PrometheusServer>
    ) throws(MetricsAPIError) -> (vector: [PromQLSample], label: String) {
        let pod = GroupResource(resource: "pods")
        guard let found = adapter.pointee.discovered[metric], found.resources.contains(pod) else {
            throw .metricNotFound(metric, for: pod.description)
        }
        guard !pods.isEmpty else { throw .noMetrics }
        let (value, label) = try evaluate(adapter, found, resource: pod, namespace: namespace,
                                          names: pods, sortedForQuery: true, at: time,
                                          prom: prom, api: "custom metrics API")
        let vector = value.vector ?? []
        if vector.isEmpty { throw .noMetrics }
        return (vector, label)
    }

    /// GET `custom.metrics.k8s.io/v1beta2/namespaces/<ns>/<resource>/<name>/<metric>`: the
    /// metric of one named object (a Service, an Ingress, ...), custom-provider/provider.go
    /// getSingle: the query for that one name, then the sample whose resource label is the
    /// name; none is the provider's NewMetricNotFoundForSelectorError.
    func objectMetric(_ metric: String, resource: GroupResource, namespace: String,
                      name: String, at time: Int64, prom: PrometheusServer)
        throws(MetricsAPIError) -> MetricValue {
        let gr = KubernetesResources.normalize(resource) ?? resource
        guard let found = discovered[metric], found.resources.contains(gr) else {
            throw .metricNotFound(metric, for: gr.description)
        }
        let values = try objectValues(found, resource: gr, namespace: namespace, names: [name],
                                      at: time, prom: prom, api: "custom metrics API")
        guard let hit = values.first(where: { $0.name == name }) else {
            // labels.Everything().String() is "": the message ends "with selector ".
            throw MetricsAPIError(
                "unable to fetch metrics from custom metrics API: the server could not find "
                    + "the metric \(metric) for \(gr) \(name) with selector ")
        }
        return MetricValue(name: name, labels: hit.labels.dictionary, value: hit.value,
                           timestamp: time)
    }

    /// Runs the rule's query for `names` of `resource` and names each sample by its resource
    /// label (MatchValuesToNames), sorted by name.
    func objectValues(
        _ found: (rule: Int, series: String, resources: [GroupResource]),
        resource: GroupResource, namespace: String, names: [String], at time: Int64,
        prom: PrometheusServer, api: String = "custom metrics API"
    ) throws(MetricsAPIError) -> [(name: String, labels: Labels, value: Double)] {
        let (value, label) = try withUnsafePointer(to: self) { adapter throws(MetricsAPIError) in
            try withUnsafePointer(to: prom) { prom throws(MetricsAPIError) in
                try Self.evaluate(adapter, found, resource: resource, namespace: namespace,
                                  names: names, sortedForQuery: false, at: time, prom: prom,
                                  api: api)
            }
        }
        return Self.named(value.vector ?? [], by: label)
    }

    /// Each sample named by its resource label, sorted by name (a stable sort: samples of one
    /// name keep the query's order).
    static func named(_ vector: [PromQLSample], by label: String)
        -> [(name: String, labels: Labels, value: Double)] {
        vector.map { ($0.labels[label], $0.labels, $0.value) }.sorted { $0.name < $1.name }
    }

    /// Runs the rule's query for `names` of `resource` at `time` (with `sortedForQuery` the
    /// query lists the names sorted); also returns the label naming each sample's object.
    private static func evaluate(
        _ adapter: UnsafePointer<Self>,
        _ found: (rule: Int, series: String, resources: [GroupResource]),
        resource: GroupResource, namespace: String, names: [String], sortedForQuery: Bool,
        at time: Int64, prom: UnsafePointer<PrometheusServer>, api: String
    ) throws(MetricsAPIError) -> (PromQLValue, String) {
        let key = AdapterQueryCache.Key(rule: found.rule, series: found.series,
                                        resource: resource, namespace: namespace)
        let queries = adapter.pointee.queries
        let result: Result<(PromQLValue, String), MetricsAPIError> = queries.withEntry(
            key, names: names,
            make: { () throws(MetricsAPIError) -> AdapterQueryCache.Entry in
                do {
                    // Read only here: a rule copied out per request retains all of it.
                    let rule = adapter.pointee.rules[found.rule]
                    // Sorted only when the query is built: a cached entry is matched against
                    // the names as they were requested.
                    let q = try rule.query(forSeries: found.series, resource: resource,
                                           namespace: namespace,
                                           names: sortedForQuery ? names.sorted() : names)
                    return AdapterQueryCache.Entry(
                        names: names, query: try PreparedQuery(q),
                        label: try rule.label(for: resource))
                } catch {
                    throw MetricsAPIError("unable to fetch metrics from \(api): \(error)")
                }
            },
            use: { entry throws(MetricsAPIError) -> (PromQLValue, String) in
                do {
                    return (try entry.query.evaluate(at: time, store: prom.pointee.store,
                                                     engine: prom.pointee.engine), entry.label)
                } catch {
                    throw MetricsAPIError("unable to fetch metrics from \(api): \(error)")
                }
            })
        return try result.get()
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

extension CustomMetricsAdapter {
    /// The quantity the adapter serves for a sample's value:
    /// `resource.NewMilliQuantity(int64(value*1000.0), ...)` (custom-provider/provider.go
    /// metricFor; NaN is 0), truncated toward zero as Go's conversion does; out-of-range
    /// values saturate.
    static func milli(_ value: Double) -> Int64 {
        let v = value * 1_000
        if v.isNaN { return 0 }
        if v >= 9.2e18 { return Int64.max }
        if v <= -9.2e18 { return Int64.min }
        return Int64(v)
    }
}

/// The adapter's parsed queries, one per (rule, series, resource, namespace) with the names
/// it was built for; a request for other names rebuilds it. Copies of the adapter (simulation
/// forks) share the cache: an entry depends only on its key and names, and a PreparedQuery's
/// own caches are keyed by the store's series-set identity. A lock serializes use, evaluation
/// included, because PreparedQuery's caches are not thread-safe.
final class AdapterQueryCache: @unchecked Sendable {
    struct Key: Hashable {
        var rule: Int
        var series: String
        var resource: GroupResource
        var namespace: String
    }

    struct Entry {
        /// The names as requested (the query lists them sorted).
        var names: [String]
        var query: PreparedQuery
        var label: String
    }

    private var entries: [Key: Entry] = [:]
    private let lock = NSLock()

    /// Runs `use` on the entry for `key` built for `names`, making it first if needed.
    func withEntry<T>(_ key: Key, names: [String],
                      make: () throws(MetricsAPIError) -> Entry,
                      use: (Entry) throws(MetricsAPIError) -> T) -> Result<T, MetricsAPIError> {
        lock.lock()
        defer { lock.unlock() }
        do throws(MetricsAPIError) {
            let entry: Entry
            if let cached = entries[key], cached.names == names {
                entry = cached
            } else {
                entry = try make()
                entries[key] = entry
            }
            return .success(try use(entry))
        } catch {
            return .failure(error)
        }
    }
}
