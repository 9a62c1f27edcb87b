import LuaKit
import ScaleLab

/// `c:metrics("resource"):get{ resource = "nodes" [, selector = "..."] }`: metrics-server's
/// NodeMetrics items (metrics.k8s.io/v1beta1 `nodes`), one table per node with a value:
/// `name`, `labels`, `timestamp` and `window` in seconds, `cpu` in cores, `memory` in bytes
/// (the node's usage: its pods' plus the system's own).
extension MetricsReaderMethods {
    /// The NodeMetricsList as a Lua list, or `nil, message` when metrics-server is absent.
    static func nodes(_ sim: ClusterSimulation, _ requirements: [LabelSelectorRequirement],
                      _ call: LuaCall) throws -> Int32 {
        let selector = requirements.isEmpty
            ? nil : LabelSelector(matchExpressions: requirements)
        let samples = try sim.nodeResourceMetrics(selector: selector)
        return call.push(.table(LuaTable(array: samples.map(nodeMetrics))))
    }

    /// One NodeMetrics item in base units.
    static func nodeMetrics(_ s: NodeResourceSample) -> LuaValue {
        .table(LuaTable(fields: [
            ("name", .string(s.node)),
            ("labels", .table(LuaTable(fields: s.labels.sorted { $0.key < $1.key }
                .map { (key: .string($0.key), value: .string($0.value)) }))),
            ("timestamp", LuaUnits.seconds(.ms(s.timestamp))),
            ("window", LuaUnits.seconds(.ms(s.windowMs))),
            ("cpu", .number(Double(s.cpuMilli) / 1_000)),
            ("memory", .number(Double(s.memoryBytes))),
        ]))
    }
}
