import LuaKit
import ScaleLab

/// The methods of a cluster userdata (`scalelab.Cluster`). Changing methods raise on
/// programming errors (bad options); lookups of unknown names return `nil, message`.
enum ClusterMethods {
    static let poolKeys = ["name", "type", "count", "min", "max", "zones", "labels", "taints",
                           "startup"]
    static let deployKeys = ["name", "replicas", "kind", "namespace", "startup", "readiness",
                             "shutdown", "grace_period", "jitter"]
        + PodTemplateOptions.keys + AppOptions.keys
    static let daemonSetKeys = ["name", "namespace"] + PodTemplateOptions.keys

    static func type() -> LuaUserdataType<LuaCluster> {
        whatIfMethods(reportMethods(autoscalerMethods(pipelineMethods(hpaMethods(
            LuaUserdataType<LuaCluster>(
            name: "scalelab.Cluster",
            summary: "a simulated Kubernetes cluster: pools, workloads, HPAs, time"))))))
            .method(
                "add_pool", "(opts: table): table",
                "adds a node pool {name, type, count, min, max, zones, labels, taints, startup}"
            ) { c, call in call.push(try addPool(c, call)) }
            .method(
                "deploy", "(opts: table): Workload",
                "creates a workload {name, replicas, kind, requests, startup, rps_capacity, ...}"
            ) { c, call in call.push(.object(try deploy(c, call))) }
            .method(
                "daemonset", "(opts: table): table",
                "creates a DaemonSet {name, namespace, requests, ...} on every node"
            ) { c, call in call.push(try daemonSet(c, call)) }
            .method(
                "fail_node", "(node: string): Cluster",
                "the node becomes NotReady and its pods are lost"
            ) { c, call in
                try withNode(c, call) { try c.sim.failNode($0) }
            }
            .method(
                "recover_node", "(node: string): Cluster",
                "a failed node becomes Ready again"
            ) { c, call in try withNode(c, call) { c.sim.recoverNode($0) } }
            .method(
                "remove_node", "(node: string): Cluster",
                "deletes the node; its pods are evicted"
            ) { c, call in try withNode(c, call) { c.sim.removeNode($0) } }
            .method(
                "cordon", "(node: string): Cluster",
                "marks the node unschedulable (kubectl cordon)"
            ) { c, call in try withNode(c, call) { c.sim.cordon($0, true) } }
            .method(
                "uncordon", "(node: string): Cluster",
                "makes the node schedulable again"
            ) { c, call in try withNode(c, call) { c.sim.cordon($0, false) } }
            .method(
                "step", "(duration?: string|number): Cluster",
                "runs the next event, or all events for duration"
            ) { c, call in
                if call.isNil(2) {
                    c.sim.step()
                } else {
                    let d = try LuaUnits.durationArgument(call, 2)
                    try run(c, call, for: d)
                }
                return call.push(call.value(1))
            }
            .method(
                "run", "(duration: string|number|table): Cluster",
                "advances simulated time by duration (\"1h\" or {duration=...})"
            ) { c, call in
                let d: SimDuration
                if case .table = call.value(2) {
                    let o = try OptionTable(call, 2, context: "cluster:run", allowed: ["duration"])
                    guard let duration = try o.duration("duration") else {
                        throw o.bad("duration", "required")
                    }
                    d = duration
                } else {
                    d = try LuaUnits.durationArgument(call, 2)
                }
                try run(c, call, for: d)
                return call.push(call.value(1))
            }
            .method(
                "nodes", "(): table[]",
                "the nodes as tables (name, pool, type, ready, allocatable, used)"
            ) { c, call in
                call.push(.table(LuaTable(array: c.sim.cluster.nodes.filter { !$0.isRemoved }
                    .map(c.nodeTable))))
            }
            .method(
                "pods", "(filter?: string|table): table[]",
                "the pods as tables, optionally of one workload"
            ) { c, call in call.push(try pods(c, call)) }
            .method("events", "(): table[]", "the event log, like kubectl get events") { c, call in
                call.push(.table(LuaTable(array: c.sim.kernel.events.records
                    .map(LuaCluster.eventTable))))
            }
            .method(
                "get", "(kind: string, name?: string): string",
                "kubectl get: nodes, pods, deployments, hpa, events"
            ) { c, call in try get(c, call) }
            .method(
                "describe", "(kind?: string, name?: string): string",
                "kubectl describe of the cluster or one object"
            ) { c, call in try describe(c, call) }
            .property(
                "time", "number",
                "simulated seconds since the start",
                get: { LuaUnits.seconds($0.sim.now.sinceStart) })
            .property(
                "now", "string",
                "the simulated time as text",
                get: { .string($0.sim.now.description) })
            .property(
                "provider", "string",
                "the cloud provider (eks, gke, aks, ...)",
                get: { .string($0.providerName) })
            .property(
                "seed", "integer",
                "the random seed",
                get: { .integer(Int(bitPattern: UInt($0.seed))) })
            .tostring { c in c.summary + "\n" + c.sim.nodesTable() }
    }

    /// Advances the simulation, polling the runtime's cancellation flag (hooks never fire in
    /// Swift code). When stopped, it returns: the pending interrupt or deadline raises at the
    /// next Lua instruction, with the cluster at a consistent (earlier) time.
    static func run(_ c: LuaCluster, _ call: LuaCall, for d: SimDuration) throws {
        if d.milliseconds < 0 {
            throw LuaCallError.argument(index: 2, message: "duration must not be negative, got \(d)")
        }
        if c.hooks.isHooked { return try runHooked(c, call, for: d) }
        let runtime = call.runtime
        c.sim.run(for: d, cancel: { runtime?.isCancellationRequested ?? false })
    }

    /// `add_pool{ name, type, count = 1, min, max, zones, labels, taints, startup }` → the pool
    /// as a plain table. Nodes are named `<pool>-<n>`; with `startup` they join NotReady.
    static func addPool(_ c: LuaCluster, _ call: LuaCall) throws -> LuaValue {
        let o = try OptionTable(call, 2, context: "cluster:add_pool", allowed: poolKeys)
        let name = try o.requiredString("name")
        let typeName = try o.requiredString("type")
        let type: InstanceType
        do { type = try c.session.catalog.find(typeName) } catch let e as CatalogError {
            throw o.bad("type", e.message)
        }
        let shape: NodeShape
        do { shape = try NodeShape.compute(type, profile: c.profile) } catch {
            throw o.bad("type", String(describing: error))
        }
        let count = try o.integer("count", atLeast: 0) ?? 1
        let pool = NodePool(
            name: name, shape: shape, count: count, min: try o.integer("min", atLeast: 0),
            max: try o.integer("max", atLeast: 0), zones: try o.stringList("zones"),
            labels: try o.stringMap("labels"),
            taints: try o.list("taints").map { try PodTemplateOptions.taint($0, o) })
        if pool.min > pool.max { throw o.bad("min", "min (\(pool.min)) > max (\(pool.max))") }
        do {
            try c.sim.addPool(pool, startup: try o.duration("startup") ?? .zero)
        } catch let e as ClusterError {
            throw LuaCallError.message("cluster:add_pool: \(e.description)")
        }
        return .table(LuaTable(fields: [
            ("name", .string(name)), ("type", .string(type.name)), ("count", .integer(count)),
            ("min", .integer(pool.min)), ("max", .integer(pool.max)),
            ("capacity", LuaCluster.resources(ResourceList(shape.capacity),
                                              pods: shape.capacity.pods)),
            ("allocatable", LuaCluster.resources(ResourceList(shape.allocatable),
                                                 pods: shape.allocatable.pods)),
            ("description", .string(shape.description)),
        ]))
    }

    /// `deploy{ name, replicas = 1, kind = "Deployment", requests, limits, labels, ... }`.
    static func deploy(_ c: LuaCluster, _ call: LuaCall) throws -> LuaWorkload {
        let o = try OptionTable(call, 2, context: "cluster:deploy", allowed: deployKeys)
        let name = try o.requiredString("name")
        let kinds = WorkloadKind.allCases.map(\.rawValue)
        let kind = try o.choice("kind", kinds).flatMap(WorkloadKind.init) ?? .deployment
        let template = try PodTemplateOptions.template(o, defaultLabels: ["app": name])
        var timing = PodTiming()
        if let d = try o.duration("startup") { timing.startup = d }
        if let d = try o.duration("readiness") { timing.readiness = d }
        if let d = try o.duration("shutdown") { timing.shutdown = d }
        if let d = try o.duration("grace_period") { timing.terminationGracePeriod = d }
        if let j = try o.number("jitter") {
            guard j >= 0 && j.isFinite else { throw o.bad("jitter", "must be >= 0, got \(j)") }
            timing.jitter = j
        }
        do {
            let id = try c.sim.deploy(
                kind: kind, name: name, namespace: try o.string("namespace") ?? "default",
                replicas: try o.integer("replicas", atLeast: 0) ?? 1, template: template,
                timing: timing)
            try AppOptions.apply(o, c, id)
            return LuaWorkload(cluster: c, id: id)
        } catch let e as ClusterError {
            throw LuaCallError.message("cluster:deploy: \(e.description)")
        }
    }

    /// `daemonset{ name, namespace = "kube-system", requests, ... }` → its status table.
    static func daemonSet(_ c: LuaCluster, _ call: LuaCall) throws -> LuaValue {
        let o = try OptionTable(call, 2, context: "cluster:daemonset", allowed: daemonSetKeys)
        let name = try o.requiredString("name")
        let template = try PodTemplateOptions.template(o, defaultLabels: ["name": name])
        do {
            let index = try c.sim.addDaemonSet(
                name: name, namespace: try o.string("namespace") ?? "kube-system",
                template: template)
            return c.daemonSetTable(index)
        } catch let e as ClusterError {
            throw LuaCallError.message("cluster:daemonset: \(e.description)")
        }
    }

    /// Runs `body` on the node named by argument 2: `true`, or `nil, message` for an unknown
    /// node (an expected failure).
    static func withNode(_ c: LuaCluster, _ call: LuaCall, _ body: (NodeID) throws -> Void)
        throws -> Int32
    {
        let name = try call.string(2)
        switch c.node(named: name) {
        case .success(let id):
            try body(id)
            return call.push(true)
        case .failure(let notFound):
            return call.push([.nil, .string(notFound.message)])
        }
    }

    /// `pods{ phase, node, workload, namespace }` (all optional filters) → plain tables in
    /// creation order.
    static func pods(_ c: LuaCluster, _ call: LuaCall) throws -> LuaValue {
        let o = try OptionTable(call, 2, context: "cluster:pods",
                                allowed: ["phase", "node", "workload", "namespace"],
                                required: false)
        let phase = try o.choice("phase", PodPhase.allCases.map(\.rawValue))
        let node = try o.string("node")
        let workload = try o.string("workload")
        let namespace = try o.string("namespace")
        let cluster = c.sim.cluster
        var result: [LuaValue] = []
        for pod in cluster.pods where !pod.isRemoved {
            if let phase, pod.phase.rawValue != phase { continue }
            if let namespace, pod.namespace != namespace { continue }
            if let node, pod.nodeID.map({ cluster.nodes[$0.index].name }) != node { continue }
            if let workload {
                let owner = pod.owner.map { cluster.workloads[$0.index].name }
                    ?? pod.daemonSet.map { cluster.daemonSets[$0].name }
                if owner != workload { continue }
            }
            result.append(c.podTable(pod))
        }
        return .table(LuaTable(array: result))
    }
}
