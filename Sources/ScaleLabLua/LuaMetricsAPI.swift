import LuaKit
import ScaleLab

/// One metrics API of a cluster as Lua reads it (`c:metrics("custom")`).
final class LuaMetricsReader {
    let cluster: LuaCluster
    let api: MetricsAPI

    init(cluster: LuaCluster, api: MetricsAPI) {
        self.cluster = cluster
        self.api = api
    }

    /// The short name of `api` as `c:metrics` takes it.
    static func kind(_ api: MetricsAPI) -> String {
        switch api {
        case .resource: return "resource"
        case .custom: return "custom"
        case .external: return "external"
        }
    }
}

/// The metrics API userdata (`scalelab.MetricsAPI`): `m:get{ resource, name, selector,
/// namespace }` → a list of values or `nil, message` (the error the HPA would see, in
/// Kubernetes' wording); `m:list()` → the metric names served; properties `group`,
/// `installed`.
enum MetricsReaderMethods {
    static let getKeys = ["resource", "name", "selector", "namespace"]
    /// `c:metrics(kind)` names: short names and API groups.
    static let kinds: [String: MetricsAPI] = [
        "resource": .resource, "custom": .custom, "external": .external,
        MetricsAPI.resource.rawValue: .resource, MetricsAPI.custom.rawValue: .custom,
        MetricsAPI.external.rawValue: .external,
    ]

    static func type() -> LuaUserdataType<LuaMetricsReader> {
        LuaUserdataType<LuaMetricsReader>(
            name: "scalelab.MetricsAPI",
            summary: "a reader of the Resource, Custom or External Metrics API")
            .method(
                "get", "(...: any): table?, string?",
                "one metric value as the API serves it, or nil and the error"
            ) { m, call in try get(m, call) }
            .method("list", "(...: any): table", "the metrics the API serves") { m, call in
                call.push(.table(LuaTable(array: names(m).map { .string($0) })))
            }
            .property(
                "group", "string",
                "the API group (metrics.k8s.io, custom.metrics.k8s.io, ...)",
                get: { .string($0.api.rawValue) })
            .property("installed", "boolean", "whether the API is installed in the cluster", get: {
                .boolean($0.cluster.sim.metrics.installedAPIs.contains($0.api))
            })
            .tostring { m in
                guard m.cluster.sim.metrics.installedAPIs.contains(m.api) else {
                    return "\(m.api.rawValue): not installed (no APIService registered)"
                }
                let served = names(m)
                return "\(m.api.rawValue): \(server(m.api)); metrics: "
                    + (served.isEmpty ? "(none yet)" : served.joined(separator: ", "))
            }
    }

    /// The API named by `text` (`"custom"` or `"custom.metrics.k8s.io"`).
    static func api(_ text: String, _ context: String) throws -> MetricsAPI {
        if let api = kinds[text] { return api }
        var message = "\(context): unknown metrics API '\(text)' (resource, custom or external)"
        if let near = OptionTable.closest(text, in: ["resource", "custom", "external"]) {
            message += " (did you mean '\(near)'?)"
        }
        throw LuaCallError.message(message)
    }

    static func server(_ api: MetricsAPI) -> String {
        api == .resource ? "metrics-server" : "prometheus-adapter"
    }

    /// The metric names the API serves now.
    static func names(_ m: LuaMetricsReader) -> [String] {
        let state = m.cluster.sim.metrics
        guard state.installedAPIs.contains(m.api) else { return [] }
        switch m.api {
        case .resource: return ["cpu", "memory"]
        case .custom: return state.adapter?.metricNames ?? []
        case .external: return state.adapter?.externalMetricNames ?? []
        }
    }

    /// `get{ resource = "pods", name = "metric", selector = "app=web", namespace = "default" }`.
    static func get(_ m: LuaMetricsReader, _ call: LuaCall) throws -> Int32 {
        let context = "metrics:get"
        let o = try OptionTable(call, 2, context: context, allowed: getKeys, required: false)
        let namespace = try o.string("namespace") ?? "default"
        let resource = try o.string("resource") ?? "pods"
        var requirements: [LabelSelectorRequirement] = []
        if let text = try o.string("selector") {
            do {
                requirements = try ParsedLabelSelector(parsing: text).requirements
            } catch {
                throw o.bad("selector", error.description)
            }
        }
        let sim = m.cluster.sim
        let now = sim.now.milliseconds
        do {
            switch m.api {
            case .resource:
                if resource == "nodes" { return try nodes(sim, requirements, call) }
                guard resource == "pods" else {
                    return call.push([.nil, .string(
                        "unable to fetch metrics from resource metrics API: the server could not "
                            + "find the requested resource (get \(resource).metrics.k8s.io)")])
                }
                let samples = try sim.podResourceMetrics(
                    namespace: namespace, selector: LabelSelector(matchExpressions: requirements))
                return call.push(.table(LuaTable(array: samples.map {
                    podMetrics($0, namespace: namespace)
                })))
            case .custom:
                let metric = try o.requiredString("name")
                let values = resource == "pods"
                    ? try sim.customPodsMetric(
                        metric, namespace: namespace,
                        selector: LabelSelector(matchExpressions: requirements))
                    : try sim.customObjectMetric(metric, resource: resource, namespace: namespace)
                return call.push(.table(LuaTable(array: values.map {
                    value($0, metric: metric, namespace: namespace, now: now)
                })))
            case .external:
                let metric = try o.requiredString("name")
                let values = try sim.externalMetric(
                    metric, namespace: namespace, selector: requirements.map(adapterRequirement))
                return call.push(.table(LuaTable(array: values.map {
                    value($0, metric: metric, namespace: namespace, now: now)
                })))
            }
        } catch let e as MetricsAPIError {
            return call.push([.nil, .string(e.description)])
        }
    }

    /// A PodMetrics item in base units: cpu in cores, memory in bytes, times in seconds.
    static func podMetrics(_ s: PodResourceSample, namespace: String) -> LuaValue {
        var cpu = 0.0
        var memory = 0.0
        var containers: [LuaValue] = []
        for name in s.containers.keys.sorted() {
            let usage = s.containers[name] ?? [:]
            let c = Double(usage["cpu"] ?? 0) / 1_000
            let mem = Double(usage["memory"] ?? 0) / 1_000
            cpu += c
            memory += mem
            containers.append(.table(LuaTable(fields: [
                ("name", .string(name)), ("cpu", .number(c)), ("memory", .number(mem)),
            ])))
        }
        return .table(LuaTable(fields: [
            ("name", .string(s.pod)), ("namespace", .string(namespace)),
            ("timestamp", LuaUnits.seconds(.ms(s.timestamp))),
            ("window", LuaUnits.seconds(.ms(s.windowMs))),
            ("cpu", .number(cpu)), ("memory", .number(memory)),
            ("containers", .table(LuaTable(array: containers))),
        ]))
    }

    /// A custom or external MetricValue (`window` is absent: the adapter sets none).
    static func value(_ v: MetricValue, metric: String, namespace: String, now: Int64)
        -> LuaValue
    {
        var fields: [(key: LuaValue, value: LuaValue)] = [
            ("metric", .string(metric)), ("value", .number(v.value)),
            ("timestamp", LuaUnits.seconds(.ms(v.timestamp))),
            ("labels", .table(LuaTable(fields: v.labels.sorted { $0.key < $1.key }
                .map { (key: .string($0.key), value: .string($0.value)) }))),
        ]
        if !v.name.isEmpty {
            fields.append(("name", .string(v.name)))
            fields.append(("namespace", .string(namespace)))
        }
        return .table(LuaTable(fields: fields))
    }

    /// A label selector requirement as the external metrics API's metric selector.
    static func adapterRequirement(_ r: LabelSelectorRequirement) -> AdapterSelectorRequirement {
        switch r.operator {
        case "In" where r.values.count == 1:
            return AdapterSelectorRequirement(key: r.key, op: .equals, values: r.values)
        case "In": return AdapterSelectorRequirement(key: r.key, op: .in, values: r.values)
        case "NotIn" where r.values.count == 1:
            return AdapterSelectorRequirement(key: r.key, op: .notEquals, values: r.values)
        case "NotIn": return AdapterSelectorRequirement(key: r.key, op: .notIn, values: r.values)
        case "Exists": return AdapterSelectorRequirement(key: r.key, op: .exists)
        default: return AdapterSelectorRequirement(key: r.key, op: .doesNotExist)
        }
    }
}

/// The `metrics` module: `metrics.query(c, q [, at])`, `metrics.query_range(c, q, start, end,
/// step)`, and `metrics.resource(c)` / `metrics.custom(c)` / `metrics.external(c)` (the same
/// readers as `c:metrics(kind)`).
enum MetricsModule {
    static func module(_ runtime: LuaRuntime) -> LuaValue {
        var fields: [(key: LuaValue, value: LuaValue)] = [
            ("query", runtime.function(
                "(c: Cluster, q: string, at?: string|number): table",
                "a PromQL instant query over the cluster's Prometheus"
            ) { call in
                let c = try call.object(1, as: LuaCluster.self)
                let at = try call.isNil(3) ? nil : LuaUnits.durationArgument(call, 3)
                return try PrometheusMethods.query(c, call, try call.string(2), at: at)
            }),
            ("query_range", runtime.function(
                "(c: Cluster, q: string, from: any, to: any, step: any): table",
                "a PromQL range query over the cluster's Prometheus"
            ) { call in
                try PrometheusMethods.queryRange(try call.object(1, as: LuaCluster.self), call,
                                                 from: 2)
            }),
        ]
        for api in MetricsAPI.allCases {
            let reader = runtime.function(
                "(c: Cluster): MetricsAPI", "the \(LuaMetricsReader.kind(api)) metrics API reader"
            ) { call in
                let c = try call.object(1, as: LuaCluster.self)
                return call.push(.object(LuaMetricsReader(cluster: c, api: api)))
            }
            fields.append((key: .string(LuaMetricsReader.kind(api)), value: reader))
        }
        return .table(LuaTable(fields: fields))
    }
}
