import LuaKit
import ScaleLab

/// An HPA as Lua holds it: one the cluster reconciles (`c:apply`, `c:autoscale`), or a
/// validated object not yet applied (`hpa.new{...}`, which `c:apply(h)` creates).
final class LuaHPA {
    enum State {
        case applied(LuaCluster, HPAID)
        case detached(HorizontalPodAutoscaler)
    }

    let state: State

    init(cluster: LuaCluster, id: HPAID) { state = .applied(cluster, id) }
    init(object: HorizontalPodAutoscaler) { state = .detached(object) }

    /// The object (spec and last status).
    var object: HorizontalPodAutoscaler {
        switch state {
        case .applied(let c, let id): return c.sim.hpas[id.index].object
        case .detached(let object): return object
        }
    }

    /// The cluster and id, if applied and not deleted.
    var live: (cluster: LuaCluster, id: HPAID)? {
        guard case .applied(let c, let id) = state,
              c.sim.hpa(named: object.name, namespace: object.namespace) == id else { return nil }
        return (c, id)
    }

    /// The API server's NotFound for this HPA.
    var notFound: String {
        "Error from server (NotFound): horizontalpodautoscalers.autoscaling \"\(object.name)\""
            + " not found"
    }
}

/// The HPA userdata (`scalelab.HPA`). Methods: `status()`, `describe()`, `explain()`,
/// `events()`, `delete()`; properties `name`, `namespace`, `spec`; `tostring(h)` is
/// `kubectl get hpa NAME`. On a deleted HPA the queries return `nil, NotFound`.
enum HPAMethods {
    static func type() -> LuaUserdataType<LuaHPA> {
        LuaUserdataType<LuaHPA>(
            name: "scalelab.HPA",
            summary: "a HorizontalPodAutoscaler (autoscaling/v2) in a cluster")
            .method(
                "status", "(): table",
                "the HPA status: replicas, metrics, conditions"
            ) { h, call in
                if case .applied = h.state, h.live == nil {
                    return call.push([.nil, .string(h.notFound)])
                }
                return call.push(status(h.object.status))
            }
            .method("describe", "(): string", "kubectl describe hpa") { h, call in
                switch h.state {
                case .detached(let object):
                    return call.push(object.describe(now: SimTime(milliseconds: 0)))
                case .applied:
                    guard let (c, id) = h.live else {
                        return call.push([.nil, .string(h.notFound)])
                    }
                    return call.push(c.sim.describeHPA(id))
                }
            }
            .method(
                "explain", "(): string",
                "the last decision step by step: metrics, formula, behavior"
            ) { h, call in
                guard let (c, id) = h.live else {
                    let message = h.isDetached ? "\(h.object.name) is not applied to a cluster"
                        + " (c:apply(h) creates it)" : h.notFound
                    return call.push([.nil, .string(message)])
                }
                return call.push(c.sim.explainHPA(id))
            }
            .method("events", "(): table[]", "the HPA's events") { h, call in
                guard case .applied(let c, _) = h.state else {
                    return call.push(.table(LuaTable()))
                }
                let object = HorizontalPodAutoscalerController.eventObject(h.object)
                return call.push(.table(LuaTable(
                    array: c.sim.kernel.events.records(for: object).map(LuaCluster.eventTable))))
            }
            .method("delete", "(): boolean", "deletes the HPA from its cluster") { h, call in
                guard let (c, id) = h.live else {
                    return call.push([.nil, .string(h.isDetached
                        ? "\(h.object.name) is not applied to a cluster" : h.notFound)])
                }
                c.sim.deleteHPA(id)
                return call.push(true)
            }
            .property("name", "string", "the HPA's name", get: { .string($0.object.name) })
            .property(
                "namespace", "string",
                "the HPA's namespace",
                get: { .string($0.object.namespace) })
            .property(
                "spec", "table",
                "the spec as a manifest table",
                get: { LuaManifestTables.table($0.object.spec) })
            .tostring { h in
                switch h.state {
                case .detached(let object): return object.getTable()
                case .applied(let c, let id): return c.sim.getHPATable(id)
                }
            }
            .equals { a, b in
                switch (a.state, b.state) {
                case (.applied(let c1, let i1), .applied(let c2, let i2)):
                    return c1 === c2 && i1 == i2
                default: return false
                }
            }
    }

    /// `HorizontalPodAutoscalerStatus` as a plain table (times in seconds since the start,
    /// metric values as numbers in base units).
    static func status(_ s: HPAStatus) -> LuaValue {
        var fields: [(key: LuaValue, value: LuaValue)] = [
            ("currentReplicas", .integer(Int(s.currentReplicas))),
            ("desiredReplicas", .integer(Int(s.desiredReplicas))),
            ("currentMetrics", .table(LuaTable(array: s.currentMetrics.map(metricStatus)))),
            ("conditions", .table(LuaTable(array: s.conditions.map { c in
                .table(LuaTable(fields: [
                    ("type", .string(c.type)), ("status", .string(c.status.rawValue)),
                    ("reason", .string(c.reason)), ("message", .string(c.message)),
                    ("lastTransitionTime", seconds(c.lastTransitionTime)),
                ]))
            }))),
        ]
        if let t = s.lastScaleTime { fields.append(("lastScaleTime", seconds(t))) }
        return .table(LuaTable(fields: fields))
    }

    static func seconds(_ ms: Int64) -> LuaValue {
        LuaUnits.seconds(SimDuration(milliseconds: ms))
    }

    /// A `MetricStatus` in the v2 shape: `{ type = "Pods", pods = { metric = { name = ... },
    /// current = { averageValue = 1.5 } } }`.
    static func metricStatus(_ m: MetricStatus) -> LuaValue {
        var current: [(key: LuaValue, value: LuaValue)] = []
        if let v = m.current.value { current.append(("value", LuaManifestTables.number(v))) }
        if let v = m.current.averageValue {
            current.append(("averageValue", LuaManifestTables.number(v)))
        }
        if let u = m.current.averageUtilization {
            current.append(("averageUtilization", .integer(Int(u))))
        }
        var source: [(key: LuaValue, value: LuaValue)] = [("current", .table(LuaTable(
            fields: current)))]
        let identifier = LuaManifestTables.table(MetricIdentifier(name: m.name,
                                                                  selector: m.selector))
        let key: String
        switch m.type {
        case MetricSourceType.resource:
            key = "resource"
            source.append(("name", .string(m.name)))
        case MetricSourceType.containerResource:
            key = "containerResource"
            source.append(("name", .string(m.name)))
            source.append(("container", .string(m.container ?? "")))
        case MetricSourceType.pods:
            key = "pods"
            source.append(("metric", identifier))
        case MetricSourceType.object:
            key = "object"
            source.append(("metric", identifier))
            if let d = m.describedObject {
                source.append(("describedObject", LuaManifestTables.table(d)))
            }
        case MetricSourceType.external:
            key = "external"
            source.append(("metric", identifier))
        default:
            return .table(LuaTable(fields: [("type", .string(m.type))]))
        }
        return .table(LuaTable(fields: [("type", .string(m.type)),
                                        (.string(key), .table(LuaTable(fields: source)))]))
    }
}

extension LuaHPA {
    /// Whether it was made by `hpa.new` and not applied.
    var isDetached: Bool {
        if case .detached = state { return true }
        return false
    }
}
