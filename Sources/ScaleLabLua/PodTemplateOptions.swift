import LuaKit
import ScaleLab

/// Builds pod templates, taints and tolerations from option tables (`cluster:deploy`,
/// `cluster:daemonset`, `cluster:add_pool`).
enum PodTemplateOptions {
    /// The option keys that shape a pod (shared by `deploy` and `daemonset`).
    static let keys = ["requests", "limits", "labels", "node_selector", "tolerations",
                       "anti_affinity", "spread", "priority", "preemption_policy"]

    /// Keys of `requests` / `limits`; any extended resource (`nvidia.com/gpu`) or
    /// `hugepages-<size>` name is accepted too.
    static let resourceKeys = ["cpu", "memory", "ephemeral_storage", "ephemeral-storage"]

    /// Reads the pod-shaping options into a template with `defaultLabels` when no labels are
    /// given.
    static func template(_ o: OptionTable, defaultLabels: [String: String]) throws -> PodTemplate {
        var container = Container(name: "main")
        container.requests = try resources(o, "requests")
        container.limits = try resources(o, "limits")
        // A limit without a request defaults the request to the limit
        // (pkg/apis/core/v1/defaults.go SetDefaults_Pod).
        for (name, limit) in container.limits where container.requests[name] == nil {
            container.requests[name] = limit
        }
        var spec = PodSpec()
        spec.containers = [container]
        spec.nodeSelector = try o.stringMap("node_selector")
        spec.tolerations = try o.list("tolerations").map { try toleration($0, o) }
        if let p = try o.integer("priority") {
            guard let p32 = Int32(exactly: p) else { throw o.bad("priority", "out of range") }
            spec.priority = p32
        }
        if let policy = try o.string("preemption_policy") {
            // validatePreemptionPolicy (pkg/apis/core/validation): field.NotSupported.
            let supported = ["Never", "PreemptLowerPriority"]
            guard supported.contains(policy) else {
                throw o.bad("preemption_policy", "spec.preemptionPolicy: Unsupported value: "
                    + "\"\(policy)\": supported values: \"Never\", \"PreemptLowerPriority\"")
            }
            spec.preemptionPolicy = policy
        }
        var labels = try o.stringMap("labels")
        if labels.isEmpty { labels = defaultLabels }
        let own = LabelSelector(matchLabels: labels)
        if let anti = try antiAffinityKey(o) {
            var affinity = Affinity()
            affinity.hasPodAntiAffinity = true
            affinity.requiredPodAntiAffinity = [
                PodAffinityTerm(labelSelector: own, topologyKey: anti),
            ]
            spec.affinity = affinity
        }
        spec.topologySpreadConstraints = try o.list("spread").map { try spread($0, o, own) }
        return PodTemplate(labels: labels, spec: spec)
    }

    /// `anti_affinity = "hostname" | "zone" | <label key> | true` (true = hostname): required
    /// pod anti-affinity against the workload's own pods, one per topology domain.
    static func antiAffinityKey(_ o: OptionTable) throws -> String? {
        guard let value = o.fields["anti_affinity"] else { return nil }
        switch value {
        case .boolean(let b): return b ? WellKnownLabels.hostname : nil
        case .string(let s): return topologyKey(s)
        default: throw o.bad("anti_affinity", "\"hostname\", \"zone\", a label key or true expected")
        }
    }

    /// `hostname` and `zone` as shorthands for the well-known labels.
    static func topologyKey(_ s: String) -> String {
        switch s {
        case "hostname": return WellKnownLabels.hostname
        case "zone": return WellKnownLabels.zone
        default: return s
        }
    }

    /// One topology spread constraint:
    /// `{ topology = "zone", max_skew = 1, when_unsatisfiable = "DoNotSchedule", min_domains }`,
    /// or just `"zone"`. It counts the workload's own pods (its labels).
    static func spread(_ value: LuaValue, _ o: OptionTable, _ own: LabelSelector) throws
        -> TopologySpreadConstraint
    {
        if case .string(let s) = value {
            return TopologySpreadConstraint(
                maxSkew: 1, topologyKey: topologyKey(s), whenUnsatisfiable: "DoNotSchedule",
                labelSelector: own)
        }
        guard case .table(let t) = value else { throw o.bad("spread", "table or string expected") }
        let s = try OptionTable(t, context: "\(o.context) spread",
                                allowed: ["topology", "max_skew", "when_unsatisfiable",
                                          "min_domains"])
        let key = try s.requiredString("topology")
        let skew = try s.integer("max_skew", atLeast: 1) ?? 1
        let when = try s.choice("when_unsatisfiable", ["DoNotSchedule", "ScheduleAnyway"])
            ?? "DoNotSchedule"
        var c = TopologySpreadConstraint(
            maxSkew: Int64(skew), topologyKey: topologyKey(key), whenUnsatisfiable: when,
            labelSelector: own)
        if let m = try s.integer("min_domains", atLeast: 1) { c.minDomains = Int64(m) }
        return c
    }

    /// `requests`/`limits = { cpu = "250m", memory = "256Mi", ["nvidia.com/gpu"] = 1 }`:
    /// cpu in millicores (rounded up), everything else in base units.
    static func resources(_ o: OptionTable, _ key: String) throws -> [String: Int64] {
        guard let t = try o.table(key) else { return [:] }
        let names = t.fields.compactMap { field -> String? in
            if case .string(let s) = field.key { return s } else { return nil }
        }
        let extra = names.filter { $0.contains("/") || $0.hasPrefix("hugepages-") }
        let r = try OptionTable(t, context: "\(o.context) \(key)", allowed: resourceKeys + extra)
        var amounts: [String: Int64] = [:]
        for name in names {
            guard let q = try r.quantity(name) else { continue }
            if q.sign < 0 { throw r.bad(name, "must not be negative, got \(q)") }
            let resource = name == "ephemeral_storage" ? ResourceName.ephemeralStorage : name
            amounts[resource] = name == ResourceName.cpu ? q.milliValue : q.value
        }
        return amounts
    }

    /// A taint: `"key=value:NoSchedule"` (kubectl taint syntax), `"key:NoExecute"`, or
    /// `{ key = ..., value = ..., effect = ... }`.
    static func taint(_ value: LuaValue, _ o: OptionTable) throws -> Taint {
        let effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"]
        switch value {
        case .string(let s):
            guard let colon = s.lastIndex(of: ":") else {
                throw o.bad("taints", "\"\(s)\": expected key[=value]:Effect")
            }
            let effect = String(s[s.index(after: colon)...])
            let kv = s[..<colon]
            let key = kv.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            let val = kv.contains("=") ? String(kv.split(separator: "=", maxSplits: 1).last ?? "")
                : ""
            guard effects.contains(effect), !key.isEmpty else {
                throw o.bad("taints", "\"\(s)\": expected key[=value]:Effect with Effect one of "
                                + effects.joined(separator: ", "))
            }
            return Taint(key: key, value: val, effect: effect)
        case .table(let t):
            let f = try OptionTable(t, context: "\(o.context) taints",
                                    allowed: ["key", "value", "effect"])
            guard let effect = try f.choice("effect", effects) else {
                throw f.bad("effect", "required")
            }
            return Taint(key: try f.requiredString("key"), value: try f.string("value") ?? "",
                         effect: effect)
        default:
            throw o.bad("taints", "string or table expected, got \(value.typeName)")
        }
    }

    /// A toleration: `{ key, operator = "Equal"|"Exists", value, effect }`, or a string in
    /// taint syntax (`"key=value:NoSchedule"` tolerates with Equal, `"key:NoSchedule"` and
    /// `"key"` with Exists).
    static func toleration(_ value: LuaValue, _ o: OptionTable) throws -> Toleration {
        switch value {
        case .string(let s):
            let parts = s.split(separator: ":", maxSplits: 1).map(String.init)
            let effect = parts.count > 1 ? parts[1] : ""
            let kv = parts.first ?? ""
            if kv.contains("=") {
                let p = kv.split(separator: "=", maxSplits: 1).map(String.init)
                return Toleration(key: p[0], operator: "Equal", value: p.count > 1 ? p[1] : "",
                                  effect: effect)
            }
            return Toleration(key: kv, operator: "Exists", effect: effect)
        case .table(let t):
            let f = try OptionTable(t, context: "\(o.context) tolerations",
                                    allowed: ["key", "operator", "value", "effect"])
            let op = try f.choice("operator", ["Equal", "Exists"]) ?? "Equal"
            let effect = try f.choice("effect", ["NoSchedule", "PreferNoSchedule", "NoExecute"])
            return Toleration(key: try f.string("key") ?? "", operator: op,
                              value: try f.string("value") ?? "", effect: effect ?? "")
        default:
            throw o.bad("tolerations", "string or table expected, got \(value.typeName)")
        }
    }
}
