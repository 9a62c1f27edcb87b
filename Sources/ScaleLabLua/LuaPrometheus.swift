import Foundation
import LuaKit
import ScaleLab

/// The Prometheus server of a cluster as Lua holds it (`c:prometheus{...}`): a handle on the
/// cluster, whose simulation owns the server.
final class LuaPrometheus {
    let cluster: LuaCluster

    init(cluster: LuaCluster) { self.cluster = cluster }

    /// The server (present: this handle exists only once it is installed).
    var server: PrometheusServer? { cluster.sim.metrics.prometheus }
}

/// The Prometheus userdata (`scalelab.Prometheus`): `prom:adapter(file | table [, options])`,
/// `prom:query(q [, at])`, `prom:query_range(q, start, end, step)`, property
/// `scrape_interval`; `tostring(prom)` reads like Prometheus' runtime status.
enum PrometheusMethods {
    /// `c:prometheus{...}` option keys.
    static let installKeys = ["scrape_interval", "lookback_delta", "metric_relabel_configs"]
    /// The keys of one `metric_relabel_configs` entry (Prometheus' relabel_config fields
    /// of the keep/drop actions).
    static let relabelKeys = ["source_labels", "separator", "regex", "action"]
    /// prometheus-adapter's flags, as options of `prom:adapter`.
    static let adapterFlags = ["metrics_relist_interval", "metrics_max_age"]
    /// The configuration file's top-level sections (pkg/config MetricsDiscoveryConfig).
    static let configKeys = ["rules", "externalRules", "resourceRules"]

    static func type() -> LuaUserdataType<LuaPrometheus> {
        LuaUserdataType<LuaPrometheus>(
            name: "scalelab.Prometheus",
            summary: "a Prometheus scraping the apps' pods")
            .method(
                "adapter", "(opts: table): Prometheus",
                "installs prometheus-adapter {rules, relist_interval}"
            ) { p, call in
                try adapter(p, call)
                return call.push(call.value(1))
            }
            .method(
                "query", "(q: string, at?: string|number): table",
                "a PromQL instant query"
            ) { p, call in
                let at = try call.isNil(3) ? nil : LuaUnits.durationArgument(call, 3)
                return try query(p.cluster, call, try call.string(2), at: at)
            }
            .method(
                "query_range", "(q: string, from: any, to: any, step: any): table",
                "a PromQL range query"
            ) { p, call in try queryRange(p.cluster, call, from: 2) }
            .property("scrape_interval", "number", "seconds between scrapes", get: {
                LuaUnits.seconds(.ms($0.server?.scrapeInterval ?? 0))
            })
            .tostring(status)
    }

    /// `c:prometheus{ scrape_interval = "15s", lookback_delta = "5m",
    /// metric_relabel_configs = { { source_labels = { "__name__" }, regex = "x_.*",
    /// action = "keep" } } }`: installs Prometheus (scrape_interval defaults to Prometheus'
    /// global default, 1m).
    static func install(_ c: LuaCluster, _ call: LuaCall) throws -> LuaPrometheus {
        let o = try OptionTable(call, 2, context: "cluster:prometheus", allowed: installKeys,
                                required: false)
        let interval = try o.duration("scrape_interval") ?? .seconds(60)
        guard interval.milliseconds > 0 else {
            throw o.bad("scrape_interval", "must be positive, got \(interval)")
        }
        let relabel = try relabelConfigs(o)
        c.sim.installPrometheus(scrapeInterval: interval.milliseconds,
                                metricRelabelConfigs: relabel)
        if let lookback = try o.duration("lookback_delta") {
            guard lookback.milliseconds > 0 else {
                throw o.bad("lookback_delta", "must be positive, got \(lookback)")
            }
            c.sim.setPrometheusLookbackDelta(lookback.milliseconds)
        }
        return LuaPrometheus(cluster: c)
    }

    /// The `metric_relabel_configs` option: a list of strict tables
    /// `{ source_labels, separator, regex, action }` with action `keep` or `drop`, the
    /// defaults Prometheus' (separator `;`, regex `(.*)`); its default action, `replace`,
    /// rewrites labels and is not modelled, so the action must be given.
    static func relabelConfigs(_ o: OptionTable) throws -> [MetricRelabelConfig] {
        let key = "metric_relabel_configs"
        return try o.list(key).enumerated().map { n, entry in
            guard case .table(let table) = entry else {
                throw o.bad(key, "a list of tables expected, got a \(entry.typeName) in it")
            }
            let e = try OptionTable(table, context: "cluster:prometheus \(key)[\(n + 1)]",
                                    allowed: relabelKeys)
            let action = try relabelAction(e)
            do {
                return try MetricRelabelConfig(
                    sourceLabels: try e.stringList("source_labels"),
                    separator: try e.string("separator") ?? ";",
                    regex: try e.string("regex") ?? "(.*)", action: action)
            } catch let error as LabelMatcherError {
                throw e.bad("regex", error.description)
            }
        }
    }

    /// The `action` of a relabel config, read as Prometheus reads it: case-insensitive
    /// (model/relabel/relabel.go `Action.UnmarshalYAML` lower-cases it). Prometheus' other
    /// actions (replace, labelmap, keepequal, ...) are not modelled; an action Prometheus does
    /// not know gets its wording.
    private static func relabelAction(_ e: OptionTable) throws -> MetricRelabelConfig.Action {
        let modelled = MetricRelabelConfig.Action.allCases.map(\.rawValue)
        let choices = "one of \(modelled.joined(separator: ", "))"
        guard let given = try e.string("action") else {
            throw e.bad("action", "required: \(choices)")
        }
        if let action = MetricRelabelConfig.Action(rawValue: given.lowercased()) { return action }
        let prometheusActions = ["replace", "keepequal", "dropequal", "hashmod", "labelmap",
                                 "labeldrop", "labelkeep", "lowercase", "uppercase"]
        guard prometheusActions.contains(given.lowercased()) else {
            throw e.bad("action", "unknown relabel action \"\(given)\"; \(choices)")
        }
        throw e.bad("action", "relabel action '\(given)' is not modelled: \(choices)")
    }

    /// `prom:adapter("adapter.yaml" [, { metrics_relist_interval = "1m" }])` or
    /// `prom:adapter{ rules = {...}, externalRules = {...}, metrics_relist_interval = "1m" }`
    /// (the table mirrors the YAML file). Installs prometheus-adapter.
    static func adapter(_ p: LuaPrometheus, _ call: LuaCall) throws {
        let config: AdapterConfig
        let flags: OptionTable
        do {
            if case .string(let path) = call.value(2) {
                flags = try OptionTable(call, 3, context: "prometheus:adapter",
                                        allowed: adapterFlags, required: false)
                config = try AdapterConfig.load(contentsOfFile: path)
            } else {
                let table = try call.table(2)
                let all = try OptionTable(table, context: "prometheus:adapter",
                                          allowed: configKeys + adapterFlags)
                flags = all
                let sections = LuaTable(fields: all.fields.filter { configKeys.contains($0.key) }
                    .sorted { $0.key < $1.key }.map { (key: .string($0.key), value: $0.value) })
                let json = try LuaJSON.encode(.table(sections))
                do {
                    config = try AdapterConfig.load(yaml: json)
                } catch {
                    // The JSON text is one line: the field path says where, not "line 1".
                    throw AdapterConfigError(error.description.replacingOccurrences(
                        of: "config: line 1: ", with: "config: "))
                }
            }
        } catch let e as AdapterConfigError {
            throw LuaCallError.message("prometheus:adapter: \(e.description)")
        } catch let e as LuaJSON.Failure {
            throw LuaCallError.message("prometheus:adapter: \(e.description)")
        }
        var options = AdapterOptions()
        if let d = try flags.duration("metrics_relist_interval") {
            guard d.milliseconds > 0 else {
                throw flags.bad("metrics_relist_interval", "must be positive, got \(d)")
            }
            options.metricsRelistInterval = d.milliseconds
        }
        if let d = try flags.duration("metrics_max_age") { options.metricsMaxAge = d.milliseconds }
        do {
            try p.cluster.sim.installAdapter(config, options: options)
        } catch {
            throw LuaCallError.message("prometheus:adapter: \(error.description)")
        }
    }

    /// A PromQL instant query at `at` (default: now). A vector is a list of
    /// `{ labels = {...}, value = n }`, a range vector a list of `{ labels, values = {{t, v}} }`,
    /// a scalar a number, a string a string; `nil, message` without Prometheus. A malformed
    /// query raises with Prometheus' message (`1:14: parse error: ...`).
    static func query(_ c: LuaCluster, _ call: LuaCall, _ q: String, at: SimDuration?) throws
        -> Int32
    {
        let result: PromQLValue
        // A stop (Ctrl-C, --timeout) ends the evaluation; the trampoline then raises it.
        let runtime = call.runtime
        let cancellation = QueryCancellation { runtime?.isCancellationRequested ?? false }
        do {
            if let at {
                guard at <= c.sim.now.sinceStart else {
                    throw LuaCallError.message("query: time \(at) is in the future (now "
                        + "\(c.sim.now.sinceStart))")
                }
                result = try c.sim.query(q, at: at.milliseconds, cancellation: cancellation)
            } else {
                result = try c.sim.query(q, cancellation: cancellation)
            }
        } catch let e as MetricsAPIError {
            return call.push([.nil, .string(e.description)])
        } catch let e as PromQLError {
            throw LuaCallError.message("query \"\(q)\": \(e)")
        }
        switch result {
        case .scalar(let v): return call.push(v)
        case .string(let s): return call.push(s)
        case .vector(let v):
            return call.push(.table(LuaTable(array: v.map { sample in
                .table(LuaTable(fields: [("labels", labels(sample.labels)),
                                         ("value", .number(sample.value))]))
            })))
        case .matrix(let m): return call.push(series(m))
        }
    }

    /// `query_range(q, start, end, step)` (times as durations since the start) → a list of
    /// `{ labels = {...}, values = { {t, v}, ... } }`, t in seconds.
    static func queryRange(_ c: LuaCluster, _ call: LuaCall, from i: Int) throws -> Int32 {
        let q = try call.string(i)
        let start = try LuaUnits.durationArgument(call, i + 1)
        let end = try LuaUnits.durationArgument(call, i + 2)
        let step = try LuaUnits.durationArgument(call, i + 3)
        guard step.milliseconds > 0 else {
            throw LuaCallError.argument(index: i + 3, message: "step must be positive")
        }
        guard start <= end else {
            throw LuaCallError.message("query_range: end (\(end)) is before start (\(start))")
        }
        // Prometheus' API refuses more than 11,000 points per series (api.go queryRange).
        guard (end.milliseconds - start.milliseconds) / step.milliseconds < 11_000 else {
            throw LuaCallError.message("exceeded maximum resolution of 11,000 points per "
                + "timeseries. Try decreasing the query resolution (?step=XX)")
        }
        let runtime = call.runtime
        let cancellation = QueryCancellation { runtime?.isCancellationRequested ?? false }
        do {
            let result = try c.sim.queryRange(
                q, start: start.milliseconds, end: end.milliseconds, step: step.milliseconds,
                cancellation: cancellation)
            return call.push(series(result))
        } catch let e as MetricsAPIError {
            return call.push([.nil, .string(e.description)])
        } catch let e as PromQLError {
            throw LuaCallError.message("query_range \"\(q)\": \(e)")
        }
    }

    /// A label set as a plain table (`__name__` included, as Prometheus' API returns it).
    static func labels(_ l: Labels) -> LuaValue {
        .table(LuaTable(fields: l.pairs.map { (key: .string($0.name), value: .string($0.value)) }))
    }

    static func series(_ m: [PromQLSeries]) -> LuaValue {
        .table(LuaTable(array: m.map { s in
            .table(LuaTable(fields: [
                ("labels", labels(s.labels)),
                ("values", .table(LuaTable(array: s.samples.map { p in
                    .table(LuaTable(array: [LuaUnits.seconds(.ms(p.time)), .number(p.value)]))
                }))),
            ]))
        }))
    }

    /// `prometheus scrape_interval=15s lookback_delta=5m: 10 series, 400 samples, 2 targets`
    /// and the adapter's line when installed.
    static func status(_ p: LuaPrometheus) -> String {
        guard let s = p.server else { return "prometheus (not installed)" }
        var text = "prometheus scrape_interval=\(SimDuration.ms(s.scrapeInterval))"
            + " lookback_delta=\(SimDuration.ms(s.engine.lookbackDelta)): "
            + "\(s.store.seriesCount) series, \(s.store.sampleCount) samples, "
            + "\(s.targetCount) targets"
        if let a = p.cluster.sim.metrics.adapter {
            let names = a.metricNames
            text += "\nprometheus-adapter relist=\(SimDuration.ms(a.options.metricsRelistInterval))"
                + ": \(a.rules.count) rule\(a.rules.count == 1 ? "" : "s"), "
                + "\(a.externalRules.count) external; custom metrics: "
                + (names.isEmpty ? "(none yet)" : names.joined(separator: ", "))
        }
        return text
    }
}
