import LuaKit
import ScaleLab

/// `c:get(kind [, name [, namespace]])` and `c:describe([kind, name])`.
extension ClusterMethods {
    /// Without a name, `kubectl get <kind>` as text. With a name: a workload userdata, or a
    /// plain table for a pod, node or DaemonSet; `nil, "Error from server (NotFound): ..."`
    /// when there is none. An unknown kind raises (a programming error).
    static func get(_ c: LuaCluster, _ call: LuaCall) throws -> Int32 {
        let resource = try ClusterModule.Resource.parse(try call.string(2))
        let namespace = try call.optionalString(4)
        guard let name = try call.optionalString(3) else {
            return call.push(table(c, resource, namespace: namespace))
        }
        if let found = try find(c, resource, name, namespace: namespace) {
            return call.push(found)
        }
        let message = "Error from server (NotFound): \(resource.apiName) \"\(name)\" not found"
        return call.push([.nil, .string(message)])
    }

    /// The `kubectl get` text of a resource kind.
    static func table(_ c: LuaCluster, _ resource: ClusterModule.Resource,
                      namespace: String?) -> String {
        switch resource {
        case .pod: return c.sim.podsTable(namespace: namespace, wide: true)
        case .node: return c.sim.nodesTable()
        case .event: return c.sim.kernel.events.table(now: c.sim.now)
        case .daemonset: return c.sim.daemonSetsTable(namespace: namespace)
        default:
            guard let kind = resource.workloadKind else { return "" }
            return c.sim.workloadsTable(kind: kind, namespace: namespace ?? "default")
        }
    }

    /// The object `name` of a resource kind, if it exists.
    static func find(_ c: LuaCluster, _ resource: ClusterModule.Resource, _ name: String,
                     namespace: String?) throws -> LuaValue? {
        let cluster = c.sim.cluster
        switch resource {
        case .pod:
            return cluster.pods.first {
                !$0.isRemoved && $0.name == name && (namespace == nil || $0.namespace == namespace)
            }.map(c.podTable)
        case .node:
            return cluster.node(named: name).map { c.nodeTable(cluster.nodes[$0.index]) }
        case .daemonset:
            return cluster.daemonSets.first {
                $0.name == name && (namespace == nil || $0.namespace == namespace)
            }.map { c.daemonSetTable($0.index) }
        case .event:
            throw LuaCallError.message("events have no names here: use c:events() or c:get('events')")
        default:
            guard let kind = resource.workloadKind,
                let id = cluster.workload(named: name, kind: kind, namespace: namespace ?? "default")
            else { return nil }
            return .object(LuaWorkload(cluster: c, id: id))
        }
    }

    /// `c:describe()`: the cluster (summary, pools, nodes). `c:describe(kind, name)`:
    /// `kubectl describe` of a node, pod or workload, or `nil, message` when there is none.
    static func describe(_ c: LuaCluster, _ call: LuaCall) throws -> Int32 {
        if call.isNil(2) { return call.push(describeCluster(c)) }
        let resource = try ClusterModule.Resource.parse(try call.string(2))
        let name = try call.string(3)
        let cluster = c.sim.cluster
        var text: String?
        switch resource {
        case .node:
            text = cluster.node(named: name).map(c.sim.describeNode)
        case .pod:
            text = cluster.pods.first { !$0.isRemoved && $0.name == name }
                .map { c.sim.describePod($0.id) }
        default:
            if let kind = resource.workloadKind,
                let id = cluster.workload(named: name, kind: kind) {
                text = c.sim.describeWorkload(id)
            } else if resource.workloadKind == nil {
                throw LuaCallError.message("cannot describe \(resource.apiName) here")
            }
        }
        if let text { return call.push(text) }
        let message = "Error from server (NotFound): \(resource.apiName) \"\(name)\" not found"
        return call.push([.nil, .string(message)])
    }

    /// The cluster in prose and tables: provider, time, pools with their node shape, nodes.
    static func describeCluster(_ c: LuaCluster) -> String {
        var rows = [["POOL", "TYPE", "NODES", "MIN", "MAX", "ALLOCATABLE CPU", "ALLOCATABLE MEMORY",
                     "MAX PODS"]]
        for pool in c.sim.cluster.pools {
            rows.append([pool.name, pool.instanceType, String(pool.count), String(pool.min),
                         String(pool.max), Quantity(milli: pool.allocatable.milliCPU).description,
                         Quantity(bytes: pool.allocatable.memory).description,
                         String(pool.allocatable.pods)])
        }
        return [c.summary, "", TextTable.render(rows), "", c.sim.nodesTable()]
            .joined(separator: "\n")
    }
}

/// The workload userdata (`scalelab.Workload`): `w:scale(n)`, `w:pods()`, `w:describe()`,
/// properties `name`, `kind`, `namespace`, `replicas` (assignable: scales), `ready`,
/// `available`, `current`; `tostring(w)` is `kubectl get deploy NAME`.
enum WorkloadMethods {
    static func type() -> LuaUserdataType<LuaWorkload> {
        pipelineMethods(LuaUserdataType<LuaWorkload>(
            name: "scalelab.Workload",
            summary: "a Deployment, StatefulSet, ReplicaSet or ReplicationController"))
            .method(
                "scale", "(replicas: integer): Workload",
                "sets the desired replicas (kubectl scale)"
            ) { w, call in
                try scale(w, try call.integer(2))
                return call.push(call.value(1))
            }
            .method("pods", "(): table[]", "the workload's pods as tables") { w, call in
                let c = w.cluster
                return call.push(.table(LuaTable(array: c.sim.cluster.pods
                    .filter { !$0.isRemoved && $0.owner == w.id }.map(c.podTable))))
            }
            .method(
                "describe", "(): string",
                "kubectl describe of the workload"
            ) { w, call in call.push(w.cluster.sim.describeWorkload(w.id)) }
            .property("name", "string", "the workload's name", get: { .string($0.workload.name) })
            .property(
                "kind", "string",
                "Deployment, StatefulSet, ReplicaSet, ...",
                get: { .string($0.workload.kind.rawValue) })
            .property(
                "namespace", "string",
                "the workload's namespace",
                get: { .string($0.workload.namespace) })
            .property(
                "replicas", "integer",
                "desired replicas (assignable)",
                get: { .integer($0.workload.replicas) }, set: { w, value in
                guard case .integer(let n) = value else {
                    throw LuaCallError.message(
                        "replicas must be an integer, got \(value.typeName)")
                }
                try scale(w, n)
            })
            .property(
                "current", "integer",
                "pods that exist now",
                get: { .integer($0.cluster.sim.status(of: $0.id).replicas) })
            .property(
                "ready", "integer",
                "pods that are Ready",
                get: { .integer($0.cluster.sim.status(of: $0.id).ready) })
            .property(
                "available", "integer",
                "pods Ready for at least minReadySeconds",
                get: { .integer($0.cluster.sim.status(of: $0.id).available) })
            .tostring { $0.table }
            .equals { $0.cluster === $1.cluster && $0.id == $1.id }
    }

    /// The scale subresource.
    static func scale(_ w: LuaWorkload, _ n: Int) throws {
        do { try w.cluster.sim.scale(w.id, replicas: n) } catch let e as ClusterError {
            throw LuaCallError.message("scale: \(e.description)")
        }
    }
}
