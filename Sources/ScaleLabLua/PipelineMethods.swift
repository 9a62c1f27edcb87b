import LuaKit
import ScaleLab

/// The metrics pipeline's methods on the cluster and workload userdata, the app options of
/// `c:deploy`, and the registration of the pipeline's userdata types.
enum PipelineBindings {
    /// `c:metrics_server{...}` option keys.
    static let metricsServerKeys = ["resolution"]

    /// Registers `scalelab.Traffic`, `scalelab.Prometheus` and `scalelab.MetricsAPI`.
    static func registerTypes(_ runtime: LuaRuntime) throws {
        try runtime.register(TrafficMethods.type())
        try TrafficMethods.registerArithmetic(runtime)
        try runtime.register(PrometheusMethods.type())
        try runtime.register(MetricsReaderMethods.type())
    }
}

extension ClusterMethods {
    /// Adds `prometheus`, `metrics_server` and `metrics` to the cluster type.
    static func pipelineMethods(_ t: LuaUserdataType<LuaCluster>) -> LuaUserdataType<LuaCluster> {
        t
            /// `c:prometheus{ scrape_interval = "15s", lookback_delta = "5m",
            /// metric_relabel_configs = {...} }` → a Prometheus scraping the apps' pods
            /// (installing again replaces it and its data).
            .method(
                "prometheus", "(opts?: table): Prometheus",
                "installs Prometheus {scrape_interval, lookback_delta, metric_relabel_configs}"
            ) { c, call in
                call.push(.object(try PrometheusMethods.install(c, call)))
            }
            /// `c:metrics_server{ resolution = "15s" }` → installs metrics-server (registers
            /// metrics.k8s.io) and returns its reader.
            .method(
                "metrics_server", "(opts?: table): Cluster",
                "installs metrics-server {resolution}"
            ) { c, call in
                let o = try OptionTable(call, 2, context: "cluster:metrics_server",
                                        allowed: PipelineBindings.metricsServerKeys,
                                        required: false)
                let resolution = try o.duration("resolution") ?? .seconds(15)
                guard resolution.milliseconds > 0 else {
                    throw o.bad("resolution", "must be positive, got \(resolution)")
                }
                c.sim.installMetricsServer(resolution: resolution.milliseconds)
                return call.push(.object(LuaMetricsReader(cluster: c, api: .resource)))
            }
            /// `c:metrics("resource" | "custom" | "external")` → a reader of that metrics API.
            .method(
                "metrics", "(kind: string): MetricsAPI",
                "a reader of the resource, custom or external metrics API"
            ) { c, call in
                let api = try MetricsReaderMethods.api(try call.string(2), "cluster:metrics")
                return call.push(.object(LuaMetricsReader(cluster: c, api: api)))
            }
    }
}

extension WorkloadMethods {
    /// Adds `traffic` to the workload type.
    static func pipelineMethods(_ t: LuaUserdataType<LuaWorkload>)
        -> LuaUserdataType<LuaWorkload>
    {
        t
            /// `app:traffic(model)` sets the requests/s the app receives (a traffic model or a
            /// number) and returns the app; `app:traffic()` returns the current model or nil.
            .method(
                "traffic", "(model: Traffic|number): Workload",
                "drives the workload's requests with a traffic model"
            ) { w, call in
                if call.isNil(2) {
                    guard let app = w.cluster.sim.metrics.app(of: w.id) else {
                        return call.push(.nil)
                    }
                    return call.push(.object(LuaTraffic(app.traffic)))
                }
                let model = try TrafficMethods.argument(call, 2, "traffic")
                w.cluster.sim.setTraffic(w.id, model)
                return call.push(call.value(1))
            }
    }
}

/// The app options of `c:deploy` (how the app behaves under load), in base units: CPU in
/// cores, memory in bytes, latency in seconds (or as quantities and durations).
enum AppOptions {
    static let keys = ["rps_capacity", "cpu_base", "cpu_per_request", "memory_base",
                       "memory_per_request", "latency"]

    /// Applies the app options given in `o` to the new workload `id`.
    static func apply(_ o: OptionTable, _ c: LuaCluster, _ id: WorkloadID) throws {
        guard keys.contains(where: o.has) else { return }
        var p = AppProfile()
        if let r = try o.number("rps_capacity") {
            guard r > 0 && r.isFinite else { throw o.bad("rps_capacity", "must be > 0, got \(r)") }
            p.rpsCapacity = r
        }
        func nonNegative(_ key: String) throws -> Quantity? {
            guard let q = try o.quantity(key) else { return nil }
            if q.sign < 0 { throw o.bad(key, "must not be negative, got \(q)") }
            return q
        }
        if let q = try nonNegative("cpu_base") { p.cpuBaseMilli = Double(q.milliValue) }
        if let q = try nonNegative("cpu_per_request") { p.cpuPerRPSMilli = Double(q.milliValue) }
        if let q = try nonNegative("memory_base") { p.memoryBaseBytes = Double(q.value) }
        if let q = try nonNegative("memory_per_request") {
            p.memoryPerRPSBytes = Double(q.value)
        }
        if let d = try o.duration("latency") {
            guard d.milliseconds > 0 else { throw o.bad("latency", "must be positive") }
            p.baseLatency = Double(d.milliseconds) / 1_000
        }
        c.sim.setAppProfile(id, p)
    }
}
