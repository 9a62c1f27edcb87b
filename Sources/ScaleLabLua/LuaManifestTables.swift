import LuaKit
import ScaleLab

/// Lua tables in the shape of Kubernetes manifests (camelCase keys, as in YAML) and back.
///
/// A Lua table becomes the same `ManifestNode` tree a YAML file gives, so `hpa.new{...}` and
/// `c:autoscale{...}` go through the very decoder, defaulting and validation of `c:apply`,
/// with the API server's field-path errors (`spec.maxReplicas: Invalid value: 0: ...`).
enum LuaManifestTables {
    /// A conversion error naming the field path.
    struct Failure: Error {
        var message: String
    }

    /// The manifest tree of a Lua value at `path` (for messages). Strings are quoted scalars
    /// (so `"10"` is not an int32, as in YAML); numbers and booleans are plain scalars; a
    /// sequence is a list, string keys a mapping (sorted, so errors are deterministic: Lua's
    /// iteration order is not); `{}` is an empty mapping that also reads as an empty list.
    static func node(_ value: LuaValue, path: String) throws(Failure) -> ManifestNode {
        switch value {
        case .nil:
            return ManifestNode(kind: .null)
        case .string(let s):
            return ManifestNode(kind: .scalar, text: s, quoted: true)
        case .integer(let i):
            return ManifestNode(kind: .scalar, text: String(i))
        case .number(let d):
            if let i = Int(exactly: d) { return ManifestNode(kind: .scalar, text: String(i)) }
            return ManifestNode(kind: .scalar, text: "\(d)")
        case .boolean(let b):
            return ManifestNode(kind: .scalar, text: String(b))
        case .table(let table):
            return try node(table, path: path)
        default:
            throw Failure(message: "\(path.isEmpty ? "value" : path): a \(value.typeName) "
                + "cannot be part of a manifest")
        }
    }

    private static func node(_ table: LuaTable, path: String) throws(Failure) -> ManifestNode {
        if !table.array.isEmpty && !table.fields.isEmpty {
            throw Failure(message: "\(path.isEmpty ? "table" : path): mixes list items and "
                + "named fields")
        }
        if !table.array.isEmpty {
            var items: [ManifestNode] = []
            for (index, item) in table.array.enumerated() {
                items.append(try node(item, path: "\(path)[\(index)]"))
            }
            return ManifestNode(kind: .sequence, items: items)
        }
        var entries: [(key: String, value: ManifestNode)] = []
        for (key, value) in table.fields {
            guard case .string(let name) = key else {
                throw Failure(message: "\(path.isEmpty ? "table" : path): keys must be strings, "
                    + "got \(key.typeName) \(OptionTable.show(key))")
            }
            entries.append((name, try node(value, path: path.isEmpty ? name : "\(path).\(name)")))
        }
        entries.sort { $0.key < $1.key }
        return ManifestNode(kind: .mapping, entries: entries)
    }

    /// A mapping node from named children.
    static func mapping(_ entries: [(String, ManifestNode)]) -> ManifestNode {
        ManifestNode(kind: .mapping, entries: entries.map { (key: $0.0, value: $0.1) })
    }

    /// A scalar node.
    static func scalar(_ text: String, quoted: Bool = false) -> ManifestNode {
        ManifestNode(kind: .scalar, text: text, quoted: quoted)
    }

    // MARK: Back to Lua

    /// A quantity as a Lua number in base units (`"500m"` → 0.5, `2` → 2).
    static func number(_ q: Quantity) -> LuaValue {
        let milli = q.milliValue
        if milli % 1000 == 0 { return .integer(Int(milli / 1000)) }
        return .number(Double(milli) / 1000)
    }

    /// `HorizontalPodAutoscalerSpec` as a plain table with the YAML field names.
    static func table(_ spec: HPASpec) -> LuaValue {
        var fields: [(key: LuaValue, value: LuaValue)] = [
            ("scaleTargetRef", table(spec.scaleTargetRef)),
            ("maxReplicas", .integer(Int(spec.maxReplicas))),
            ("metrics", .table(LuaTable(array: spec.metrics.map(table)))),
        ]
        if let min = spec.minReplicas { fields.append(("minReplicas", .integer(Int(min)))) }
        if let behavior = spec.behavior {
            var b: [(key: LuaValue, value: LuaValue)] = []
            if let up = behavior.scaleUp { b.append(("scaleUp", table(up))) }
            if let down = behavior.scaleDown { b.append(("scaleDown", table(down))) }
            fields.append(("behavior", .table(LuaTable(fields: b))))
        }
        return .table(LuaTable(fields: fields))
    }

    static func table(_ ref: CrossVersionObjectReference) -> LuaValue {
        var fields: [(key: LuaValue, value: LuaValue)] = [
            ("kind", .string(ref.kind)), ("name", .string(ref.name)),
        ]
        if let v = ref.apiVersion { fields.append(("apiVersion", .string(v))) }
        return .table(LuaTable(fields: fields))
    }

    static func table(_ metric: MetricSpec) -> LuaValue {
        var fields: [(key: LuaValue, value: LuaValue)] = [("type", .string(metric.type))]
        if let r = metric.resource {
            fields.append(("resource", .table(LuaTable(fields: [
                ("name", .string(r.name)), ("target", table(r.target)),
            ]))))
        }
        if let r = metric.containerResource {
            fields.append(("containerResource", .table(LuaTable(fields: [
                ("name", .string(r.name)), ("container", .string(r.container)),
                ("target", table(r.target)),
            ]))))
        }
        if let p = metric.pods {
            fields.append(("pods", .table(LuaTable(fields: [
                ("metric", table(p.metric)), ("target", table(p.target)),
            ]))))
        }
        if let o = metric.object {
            fields.append(("object", .table(LuaTable(fields: [
                ("describedObject", table(o.describedObject)), ("metric", table(o.metric)),
                ("target", table(o.target)),
            ]))))
        }
        if let e = metric.external {
            fields.append(("external", .table(LuaTable(fields: [
                ("metric", table(e.metric)), ("target", table(e.target)),
            ]))))
        }
        return .table(LuaTable(fields: fields))
    }

    static func table(_ target: MetricTarget) -> LuaValue {
        var fields: [(key: LuaValue, value: LuaValue)] = [("type", .string(target.type))]
        if let v = target.value { fields.append(("value", number(v))) }
        if let v = target.averageValue { fields.append(("averageValue", number(v))) }
        if let u = target.averageUtilization {
            fields.append(("averageUtilization", .integer(Int(u))))
        }
        return .table(LuaTable(fields: fields))
    }

    static func table(_ id: MetricIdentifier) -> LuaValue {
        var fields: [(key: LuaValue, value: LuaValue)] = [("name", .string(id.name))]
        if let s = id.selector { fields.append(("selector", table(s))) }
        return .table(LuaTable(fields: fields))
    }

    static func table(_ selector: LabelSelector) -> LuaValue {
        var fields: [(key: LuaValue, value: LuaValue)] = []
        if !selector.matchLabels.isEmpty {
            fields.append(("matchLabels", .table(LuaTable(fields: selector.matchLabels
                .sorted { $0.key < $1.key }.map { (key: .string($0.key), value: .string($0.value)) }
            ))))
        }
        if !selector.matchExpressions.isEmpty {
            fields.append(("matchExpressions", .table(LuaTable(array: selector.matchExpressions
                .map { r in
                    .table(LuaTable(fields: [
                        ("key", .string(r.key)), ("operator", .string(r.operator)),
                        ("values", .table(LuaTable(array: r.values.map { .string($0) }))),
                    ]))
                }))))
        }
        return .table(LuaTable(fields: fields))
    }

    static func table(_ rules: HPAScalingRules) -> LuaValue {
        var fields: [(key: LuaValue, value: LuaValue)] = []
        if let w = rules.stabilizationWindowSeconds {
            fields.append(("stabilizationWindowSeconds", .integer(Int(w))))
        }
        if let s = rules.selectPolicy { fields.append(("selectPolicy", .string(s))) }
        if let t = rules.tolerance { fields.append(("tolerance", number(t))) }
        if let policies = rules.policies {
            fields.append(("policies", .table(LuaTable(array: policies.map { p in
                .table(LuaTable(fields: [
                    ("type", .string(p.type)), ("value", .integer(Int(p.value))),
                    ("periodSeconds", .integer(Int(p.periodSeconds))),
                ]))
            }))))
        }
        return .table(LuaTable(fields: fields))
    }
}
