import LuaKit
import ScaleLab

/// The parts of a `sizing.compare` / `sizing.analyze` / `sizing.recommend` option table shared
/// by all three: the provider profile, the workload and DaemonSets (from entries or from a
/// cluster), and the settings.
struct SizingInput {
    /// The explicit profile, or nil to use each instance type's own cloud.
    var profile: NodeProfile?
    var workloads: [SizingWorkload] = []
    var daemonSets: [SizingDaemonSet] = []
    var settings = SizingSettings()
    /// `network` and `max_pods` overrides, applied to whichever profile a type gets.
    var network: NodeProfile.Network?
    var maxPods: Int?
    let session: LuaSession

    /// Keys of a workload entry.
    static let workloadKeys = ["name", "replicas", "namespace"] + PodTemplateOptions.keys
    /// Keys of a DaemonSet entry.
    static let daemonSetKeys = ["name", "namespace"] + PodTemplateOptions.keys

    init(_ o: OptionTable, session: LuaSession) throws {
        self.session = session
        if let provider = try o.choice("provider", NodeProfile.Provider.allCases.map(\.rawValue)),
           let p = NodeProfile.Provider(rawValue: provider) {
            profile = NodeProfile(provider: p)
        }
        if let hours = try o.number("hours_per_month") {
            guard hours > 0 && hours.isFinite else {
                throw o.bad("hours_per_month", "a positive number expected, got \(hours)")
            }
            settings.hoursPerMonth = hours
        }
        if let scoring = try o.choice("scoring", ["LeastAllocated", "MostAllocated"]) {
            settings.schedulerProfile.fit.scoringStrategy.type = scoring
        }
        if let seed = try o.integer("seed") { settings.seed = UInt64(bitPattern: Int64(seed)) }
        if case .userdata = o.fields["workload"] ?? .nil {
            throw o.bad("workload", "pass the cluster itself: sizing.analyze(c), or workload = c")
        }
        try readWorkloads(o)
        for value in try o.list("daemonsets") {
            guard case .table(let t) = value else {
                throw o.bad("daemonsets", "a list of { name = ..., requests = ... } expected")
            }
            let d = try OptionTable(t, context: "\(o.context) daemonsets",
                                    allowed: Self.daemonSetKeys)
            let name = try d.requiredString("name")
            daemonSets.append(SizingDaemonSet(
                name: name, namespace: try d.string("namespace") ?? "kube-system",
                template: try PodTemplateOptions.template(d, defaultLabels: ["name": name])))
        }
        network = try o.choice("network", NodeProfile.Network.allCases.map(\.rawValue))
            .flatMap(NodeProfile.Network.init)
        maxPods = try o.integer("max_pods", atLeast: 1)
    }

    /// `workload = { { name, replicas, requests, ... }, ... }`, or `workload = c` (a cluster:
    /// its workloads and DaemonSets, and its provider profile).
    mutating func readWorkloads(_ o: OptionTable) throws {
        if let value = o.fields["workload"], case .userdata(let ref) = value,
           let c = ref.object(as: LuaCluster.self) {
            profile = profile ?? c.profile
            for w in c.sim.cluster.workloads {
                workloads.append(SizingWorkload(name: w.name, namespace: w.namespace,
                                                replicas: w.replicas, template: w.template))
            }
            for ds in c.sim.cluster.daemonSets {
                daemonSets.append(SizingDaemonSet(name: ds.name, namespace: ds.namespace,
                                                  template: ds.template))
            }
            return
        }
        for value in try o.list("workload") {
            guard case .table(let t) = value else {
                throw o.bad("workload", "a list of { name = ..., replicas = ..., requests = ... }"
                    + " expected, or a cluster")
            }
            let w = try OptionTable(t, context: "\(o.context) workload", allowed: Self.workloadKeys)
            let name = try w.requiredString("name")
            workloads.append(SizingWorkload(
                name: name, namespace: try w.string("namespace") ?? "default",
                replicas: try w.integer("replicas", atLeast: 0) ?? 1,
                template: try PodTemplateOptions.template(w, defaultLabels: ["app": name])))
        }
        if workloads.isEmpty && daemonSets.isEmpty && o.fields["workload"] == nil {
            throw o.bad("workload", "required: a list of { name = ..., replicas = ..., "
                + "requests = { cpu = ..., memory = ... } }")
        }
    }

    /// The profile for `type`: the explicit one, else the type's own cloud (EKS for AWS, GKE
    /// for GCP, AKS for Azure, none for user-defined types).
    func profile(for type: InstanceType) -> NodeProfile {
        var p: NodeProfile
        if let profile {
            p = profile
        } else {
            switch type.provider {
            case .aws: p = .eks
            case .gcp: p = .gke
            case .azure: p = .aks
            case .custom: p = .none
            }
        }
        if let network { p.network = network }
        if let maxPods { p.maxPods = maxPods }
        return p
    }

    /// The shape of the type named `name`.
    func shape(_ name: String, _ o: OptionTable, key: String) throws -> NodeShape {
        let type: InstanceType
        do { type = try session.catalog.find(name) } catch let e as CatalogError {
            throw o.bad(key, e.message)
        }
        do { return try NodeShape.compute(type, profile: profile(for: type)) } catch {
            throw o.bad(key, String(describing: error))
        }
    }

    /// One option: `{ type = "m5.large", count = 3 }` (no count: the smallest that fits),
    /// `"10x t3.medium"`, `"t3.medium"`, or `{ pools = { {type, count}, ... } }` for a mix.
    func option(_ value: LuaValue, _ o: OptionTable) throws -> SizingOption {
        switch value {
        case .string(let s):
            let parts = s.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0].hasSuffix("x"), let n = Int(parts[0].dropLast()) {
                guard n >= 0 else { throw o.bad("options", "\"\(s)\": count must be >= 0") }
                return SizingOption(shape: try shape(parts[1], o, key: "options"), count: n)
            }
            return SizingOption(shape: try shape(s, o, key: "options"), count: nil)
        case .table(let t):
            let p = try OptionTable(t, context: "\(o.context) options",
                                    allowed: ["type", "count", "pools"])
            if let pools = try p.table("pools") {
                guard pools.fields.isEmpty, !pools.array.isEmpty else {
                    throw p.bad("pools", "a list of { type = ..., count = ... } expected")
                }
                return SizingOption(pools: try pools.array.map {
                    guard case .table(let pt) = $0 else {
                        throw p.bad("pools", "a list of { type = ..., count = ... } expected")
                    }
                    let q = try OptionTable(pt, context: "\(p.context) pools",
                                            allowed: ["type", "count"])
                    guard let count = try q.integer("count", atLeast: 0) else {
                        throw q.bad("count", "required in a mix of pools")
                    }
                    return SizingPool(shape: try shape(try q.requiredString("type"), q, key: "type"),
                                      count: count)
                })
            }
            return SizingOption(shape: try shape(try p.requiredString("type"), p, key: "type"),
                                count: try p.integer("count", atLeast: 0))
        default:
            throw o.bad("options", "an option is { type = ..., count = ... } or \"3x m5.large\", "
                + "got \(value.typeName)")
        }
    }
}
