import LuaKit
import ScaleLab

/// The `hpa` module: `hpa.new{ metadata = { name = "myhpa" }, spec = { ... } }` → an HPA
/// object (validated, not yet in a cluster; `c:apply(h)` creates it). The table has the
/// autoscaling/v2 shape with the YAML field names; `apiVersion` (default autoscaling/v2) and
/// `kind` may be omitted.
enum HPAModule {
    static func module(_ runtime: LuaRuntime) -> LuaValue {
        let new = runtime.function(
            "(manifest: string|table): HPA", "a standalone HPA from a manifest"
        ) { call in
            guard case .table = call.value(1) else {
                throw LuaCallError.argument(index: 1, message: "table expected, got "
                    + call.typeName(1))
            }
            return call.push(.object(LuaHPA(object: try object(call.value(1), source: "hpa.new"))))
        }
        return .table(LuaTable(fields: [(key: "new", value: new)]))
    }

    /// An HPA from a manifest-shaped Lua table: decoded, defaulted and validated exactly as a
    /// YAML manifest is (errors name the field path, in the API server's words).
    static func object(_ value: LuaValue, source: String) throws -> HorizontalPodAutoscaler {
        do {
            var node = try LuaManifestTables.node(value, path: "")
            guard node.kind == .mapping else {
                throw LuaCallError.message("\(source): a table with metadata and spec expected")
            }
            if node["apiVersion"] == nil {
                node.entries.append((key: "apiVersion",
                                     value: LuaManifestTables.scalar("autoscaling/v2")))
            }
            if node["kind"] == nil {
                node.entries.append((key: "kind",
                                     value: LuaManifestTables.scalar("HorizontalPodAutoscaler")))
            }
            return try HPAManifest.load(object: node, source: source)
        } catch let failure as LuaManifestTables.Failure {
            throw LuaCallError.message("\(source): \(failure.message)")
        } catch let error as ManifestError {
            throw LuaCallError.message(error.description)
        }
    }
}

/// The HPA controller's flags as Lua options, named after kube-controller-manager's:
/// `sync_period` (--horizontal-pod-autoscaler-sync-period, 15s), `tolerance`
/// (--horizontal-pod-autoscaler-tolerance, 0.1), `cpu_initialization_period`
/// (--horizontal-pod-autoscaler-cpu-initialization-period, 5m), `initial_readiness_delay`
/// (--horizontal-pod-autoscaler-initial-readiness-delay, 30s), `downscale_stabilization`
/// (--horizontal-pod-autoscaler-downscale-stabilization, 5m); plus the simulator's
/// `record_pod_detail` (per-pod lines in `h:explain()`; turn off for thousands of HPAs).
/// Given to `cluster.new{ hpa = {...} }` or `c:hpa_controller{...}`.
enum HPAControllerOptions {
    static let keys = ["sync_period", "tolerance", "cpu_initialization_period",
                       "initial_readiness_delay", "downscale_stabilization", "record_pod_detail"]

    /// Applies the options given; the others keep their values.
    static func apply(_ o: OptionTable, to c: LuaCluster) throws {
        var config = c.sim.hpaController.config
        func positive(_ key: String) throws -> Int64? {
            guard let d = try o.duration(key) else { return nil }
            if d.milliseconds <= 0 { throw o.bad(key, "must be > 0, got \(d)") }
            return d.milliseconds
        }
        func nonNegative(_ key: String) throws -> Int64? {
            guard let d = try o.duration(key) else { return nil }
            if d.milliseconds < 0 { throw o.bad(key, "must be >= 0, got \(d)") }
            return d.milliseconds
        }
        if let ms = try positive("sync_period") { config.syncPeriodMs = ms }
        if let t = try o.number("tolerance") {
            guard t >= 0 && t.isFinite else { throw o.bad("tolerance", "must be >= 0, got \(t)") }
            config.tolerance = t
        }
        if let ms = try nonNegative("cpu_initialization_period") {
            config.cpuInitializationPeriodMs = ms
        }
        if let ms = try nonNegative("initial_readiness_delay") {
            config.initialReadinessDelayMs = ms
        }
        if let ms = try nonNegative("downscale_stabilization") {
            config.downscaleStabilizationMs = ms
        }
        c.sim.setHPAControllerConfig(config)
        if let detail = try o.boolean("record_pod_detail") {
            c.sim.setHPARecordPodDetail(detail)
        }
    }

    /// The flags in force, in seconds.
    static func table(_ c: LuaCluster) -> LuaValue {
        let config = c.sim.hpaController.config
        func s(_ ms: Int64) -> LuaValue { LuaUnits.seconds(SimDuration(milliseconds: ms)) }
        return .table(LuaTable(fields: [
            ("sync_period", s(config.syncPeriodMs)), ("tolerance", .number(config.tolerance)),
            ("cpu_initialization_period", s(config.cpuInitializationPeriodMs)),
            ("initial_readiness_delay", s(config.initialReadinessDelayMs)),
            ("downscale_stabilization", s(config.downscaleStabilizationMs)),
            ("record_pod_detail", .boolean(c.sim.hpaController.recordPodDetail)),
        ]))
    }
}
