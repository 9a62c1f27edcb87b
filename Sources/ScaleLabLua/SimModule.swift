import Foundation
import LuaKit
import ScaleLab

/// The `sim` module: what-if questions over clones of a cluster (docs/WHATIF.md).
/// - `sim.compare{ baseline = c, variants = { name = function(c) ... end | option table |
///   cluster, ... }, duration, traffic, workload, metrics, flap_window, threads, title }` →
///   a comparison (`tostring` is the side-by-side table);
/// - `sim.sweep{ baseline = c, grid = { key = { values... } }, apply = function(c, point)
///   ... end, duration, traffic, workload, metrics, flap_window, threads }` → a sweep
///   result (SimSweep.swift).
///
/// Every run is a clone of the baseline (same seed and random stream, same pending events)
/// given the same traffic; Lua builds each run's simulation on the Lua thread (variant and
/// `apply` functions run there), then the engine runs them on worker threads with no Lua
/// access (ParallelRuns), polling Ctrl-C and `--timeout` on the Lua thread.
enum SimModule {
    static let compareKeys = ["baseline", "variants", "duration", "traffic", "workload",
                              "metrics", "flap_window", "threads", "title"]
    /// Keys of a variant given as an option table.
    static let variantKeys = ["min_replicas", "max_replicas", "scale_up_window",
                              "scale_down_window", "sync_period", "tolerance", "replicas"]

    /// The module table.
    static func module(_ runtime: LuaRuntime) -> LuaValue {
        let counter = SimSweep.Counter()
        return .table(LuaTable(fields: [
            ("compare", runtime.function(
                "(opts: table): Comparison",
                "runs a baseline and its variants on identical traffic and seed: baseline, "
                    + "variants, duration, traffic, workload, metrics, flap_window, threads, "
                    + "title") { call in try compare(call) }),
            ("sweep", runtime.function(
                "(opts: table): Sweep",
                "runs every point of a parameter grid in parallel: baseline, grid, apply, "
                    + "duration, traffic, workload, metrics, flap_window, threads"
            ) { call in try SimSweep.sweep(call, counter) }),
            ("metrics", runtime.function(
                "(): table[]", "the figures compare and sweep report: name, header, summary"
            ) { call in
                call.push(.table(LuaTable(array: WhatIfMetric.allCases.map { m in
                    .table(LuaTable(fields: [("name", .string(m.rawValue)),
                                             ("header", .string(m.header)),
                                             ("summary", .string(m.summary))]))
                })))
            }),
        ]))
    }

    /// What every run of a compare or sweep shares, read from the option table.
    struct Setup {
        let baseline: LuaCluster
        let duration: SimDuration
        let traffic: TrafficModel?
        let workload: WorkloadID
        let metrics: [WhatIfMetric]
        let flapWindow: SimDuration
        let threads: Int
        let runtime: LuaRuntime

        init(_ o: OptionTable, runtime: LuaRuntime, defaultMetrics: [WhatIfMetric]) throws {
            self.runtime = runtime
            guard case .userdata(let ref)? = o.fields["baseline"],
                  let base = ref.object(as: LuaCluster.self) else {
                throw o.bad("baseline", "a cluster expected (cluster.new{...}), got "
                    + (o.fields["baseline"]?.typeName ?? "nil"))
            }
            baseline = base
            guard let d = try o.duration("duration") else { throw o.bad("duration", "required") }
            guard d.milliseconds > 0 else { throw o.bad("duration", "must be positive") }
            duration = d
            traffic = try Self.traffic(o)
            workload = try Self.workload(o, base)
            let names = try o.stringList("metrics")
            do {
                metrics = names.isEmpty ? defaultMetrics : try names.map(WhatIfMetric.named)
            } catch let e as ReportError {
                throw o.bad("metrics", e.message)
            }
            flapWindow = try o.duration("flap_window") ?? .minutes(5)
            threads = try o.integer("threads", atLeast: 1) ?? ParallelRuns.defaultThreads
        }

        static func traffic(_ o: OptionTable) throws -> TrafficModel? {
            switch o.fields["traffic"] {
            case nil: return nil
            case .integer(let n)?: return .constant(Double(n))
            case .number(let d)?: return .constant(d)
            case .userdata(let ref)?:
                if let t = ref.object(as: LuaTraffic.self) { return t.model }
                fallthrough
            default:
                throw o.bad("traffic", "a traffic model (load.ramp{...}, ...) or a number "
                    + "expected")
            }
        }

        /// The workload named by `workload`, else the target of the first HPA, else the
        /// first workload with traffic, else the first workload.
        static func workload(_ o: OptionTable, _ c: LuaCluster) throws -> WorkloadID {
            let workloads = c.sim.cluster.workloads
            if let name = try o.string("workload") {
                guard let w = workloads.first(where: { $0.name == name }) else {
                    var message = "no workload named \"\(name)\""
                    if let near = OptionTable.closest(name, in: workloads.map(\.name)) {
                        message += " (did you mean \"\(near)\"?)"
                    }
                    throw o.bad("workload", message)
                }
                return w.id
            }
            for id in c.sim.liveHPAs {
                let ref = c.sim.hpas[id.index].object.spec.scaleTargetRef
                if let w = workloads.first(where: { $0.name == ref.name }) { return w.id }
            }
            if let app = c.sim.metrics.apps.first { return app.workload }
            guard let first = workloads.first else {
                throw LuaCallError.message("\(o.context): the baseline has no workload to "
                    + "measure (c:deploy{...} first)")
            }
            return first.id
        }

        /// A clone of the baseline with the shared traffic.
        func clone() -> LuaCluster {
            let c = baseline.clone()
            if let traffic { c.sim.setTraffic(workload, traffic) }
            return c
        }

        /// The job for a prepared cluster (refused if it has Lua hooks: runs have no Lua).
        func job(_ name: String, _ c: LuaCluster, context: String) throws -> WhatIfJob {
            if c.hooks.isHooked {
                throw LuaCallError.message("\(context): run \"\(name)\" has event hooks "
                    + "(c:on): compare and sweep runs have no Lua, remove them with c:off()")
            }
            let prices = c.sim.cluster.pools.map {
                (try? c.session.catalog.find($0.instanceType))?.pricePerHour
            }
            return WhatIfJob(name: name, simulation: c.sim, subject: WhatIfSubject(
                workload: workload, pricePerHour: prices, flapWindow: flapWindow))
        }
    }

    /// `sim.compare{...}`.
    static func compare(_ call: LuaCall) throws -> Int32 {
        guard let runtime = call.runtime else { return 0 }
        let o = try OptionTable(call, 1, context: "sim.compare", allowed: compareKeys)
        let setup = try Setup(o, runtime: runtime, defaultMetrics: WhatIfMetric.defaults)
        var jobs = [try setup.job("baseline", setup.clone(), context: o.context)]
        for (name, value) in try variants(o) {
            let c: LuaCluster
            switch value {
            case .function(let fn):
                c = setup.clone()
                _ = try runtime.call(fn, [.object(c)])
            case .table(let t):
                c = setup.clone()
                try applyVariant(OptionTable(t, context: "sim.compare variant \"\(name)\"",
                                             allowed: variantKeys), to: c, setup.workload)
            case .userdata(let ref):
                guard let given = ref.object(as: LuaCluster.self) else { fallthrough }
                c = given.clone()
                if let traffic = setup.traffic { c.sim.setTraffic(setup.workload, traffic) }
            default:
                throw o.bad("variants", "variant \"\(name)\": a function(c), an option table "
                    + "or a cluster expected, got \(value.typeName)")
            }
            jobs.append(try setup.job(name, c, context: o.context))
        }
        let stop = StopFlag()
        let outcomes = WhatIfRunner.run(
            jobs, duration: setup.duration, threads: setup.threads, stop: stop,
            keepSimulations: true,
            poll: { _ in if runtime.isCancellationRequested { stop.set() } })
        let finished = outcomes.compactMap { $0 }
        let name = setup.baseline.sim.cluster.workloads[setup.workload.index].name
        let comparison = WhatIfComparison(
            outcomes: finished, metrics: setup.metrics, duration: setup.duration,
            workload: name, title: try o.string("title"))
        return call.push(.object(LuaComparison(comparison, baseline: setup.baseline)))
    }

    /// The variants in order: the list part first (`variant 1`, ...), then named ones sorted
    /// by name (a Lua table has no order).
    static func variants(_ o: OptionTable) throws -> [(String, LuaValue)] {
        guard let t = try o.table("variants") else { return [] }
        var out = t.array.enumerated().map { ("variant \($0.offset + 1)", $0.element) }
        var named: [(String, LuaValue)] = []
        for (key, value) in t.fields {
            guard case .string(let name) = key else {
                throw o.bad("variants", "variant names must be strings, got \(key.typeName)")
            }
            named.append((name, value))
        }
        out += named.sorted { $0.0 < $1.0 }
        return out
    }

    /// A variant given as options: the workload's HPA bounds and stabilization windows, the
    /// HPA controller's flags, the workload's replicas.
    static func applyVariant(_ o: OptionTable, to c: LuaCluster, _ workload: WorkloadID) throws {
        if let n = try o.integer("replicas", atLeast: 0) {
            try c.sim.scale(workload, replicas: n)
        }
        var config = c.sim.hpaController.config
        if let d = try o.duration("sync_period") {
            guard d.milliseconds > 0 else { throw o.bad("sync_period", "must be positive") }
            config.syncPeriodMs = d.milliseconds
        }
        if let t = try o.number("tolerance") {
            guard t >= 0 && t.isFinite else { throw o.bad("tolerance", "must be >= 0") }
            config.tolerance = t
        }
        if config != c.sim.hpaController.config { c.sim.setHPAControllerConfig(config) }
        let hpaKeys = ["min_replicas", "max_replicas", "scale_up_window", "scale_down_window"]
        guard hpaKeys.contains(where: o.has) else { return }
        let name = c.sim.cluster.workloads[workload.index].name
        guard let id = c.sim.liveHPAs.first(where: {
            c.sim.hpas[$0.index].object.spec.scaleTargetRef.name == name
        }) else {
            throw LuaCallError.message("\(o.context): workload \"\(name)\" has no HPA to change")
        }
        var hpa = c.sim.hpas[id.index].object
        if let n = try o.integer("min_replicas", atLeast: 1) { hpa.spec.minReplicas = Int32(n) }
        if let n = try o.integer("max_replicas", atLeast: 1) { hpa.spec.maxReplicas = Int32(n) }
        var behavior = hpa.spec.behavior ?? HPABehavior()
        if let d = try o.duration("scale_up_window") {
            var rules = HPADefaults.scaleUpRules(behavior.scaleUp)
            rules.stabilizationWindowSeconds = Int32(d.milliseconds / 1000)
            behavior.scaleUp = rules
        }
        if let d = try o.duration("scale_down_window") {
            var rules = HPADefaults.scaleDownRules(behavior.scaleDown)
            rules.stabilizationWindowSeconds = Int32(d.milliseconds / 1000)
            behavior.scaleDown = rules
        }
        hpa.spec.behavior = behavior
        // The API server validates an update as a create (ValidateHorizontalPodAutoscaler).
        let errors = HPAValidation.validate(hpa)
        guard errors.isEmpty else {
            throw LuaCallError.message("\(o.context): "
                + HPAValidation.describe(errors, name: hpa.name))
        }
        c.sim.deleteHPA(id)
        do { try c.sim.addHPA(hpa) } catch let e as ClusterError {
            throw LuaCallError.message("\(o.context): \(e.description)")
        }
    }
}
