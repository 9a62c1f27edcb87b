import LuaKit
import ScaleLab

/// Query results as plain tables (printable, serialisable; Neovim's guideline in
/// reference/lua-embedding.md §6): pods, nodes, events, DaemonSets. Base units: CPU in cores,
/// memory in bytes, times in seconds since the start of the simulation.
extension LuaCluster {
    /// One pod: `name`, `namespace`, `node` (nil while unscheduled), `nominated_node` (a
    /// preemptor's `status.nominatedNodeName`, nil when none), `phase`, `status` (kubectl's
    /// STATUS column), `ready`, `message` and `reason` of the `PodScheduled` condition (`""`
    /// when none, e.g. `0/1 nodes are available: 1 Too many pods. ...`), `created`,
    /// `start_time` (nil before the kubelet accepts it), `deleted` (deletion timestamp),
    /// `workload`, `kind`, `daemonset`, `ordinal`, `requests = { cpu, memory }`, `labels`.
    func podTable(_ pod: Pod) -> LuaValue {
        let c = sim.cluster
        let scheduled = pod.scheduledCondition
        var fields: [(key: LuaValue, value: LuaValue)] = [
            ("name", .string(pod.name)), ("namespace", .string(pod.namespace)),
            ("phase", .string(pod.phase.rawValue)), ("status", .string(sim.statusText(of: pod.id))),
            ("ready", .boolean(pod.isReady)),
            ("message", .string(scheduled?.message ?? "")),
            ("reason", .string(scheduled?.reason ?? "")),
            ("created", LuaUnits.seconds(SimDuration(milliseconds: pod.creationTime))),
            ("requests", .table(LuaTable(fields: [
                ("cpu", LuaUnits.cores(pod.requests.requests.milliCPU)),
                ("memory", .integer(Int(pod.requests.requests.memory))),
            ]))),
            ("labels", Self.stringMap(pod.labels)),
        ]
        func add(_ key: String, _ value: LuaValue?) {
            if let value { fields.append((.string(key), value)) }
        }
        add("node", pod.nodeID.map { .string(c.nodes[$0.index].name) })
        add("nominated_node", pod.nominatedNodeID.map { .string(c.nodes[$0.index].name) })
        add("start_time", pod.startTime.map { LuaUnits.seconds(SimDuration(milliseconds: $0)) })
        add("deleted", pod.deletionTimestamp.map {
            LuaUnits.seconds(SimDuration(milliseconds: $0))
        })
        if let owner = pod.owner {
            let w = c.workloads[owner.index]
            add("workload", .string(w.name))
            add("kind", .string(w.kind.rawValue))
        }
        add("daemonset", pod.daemonSet.map { .string(c.daemonSets[$0].name) })
        add("ordinal", pod.ordinal.map { .integer($0) })
        return .table(LuaTable(fields: fields))
    }

    /// One node: `name`, `pool`, `type`, `zone`, `status` (kubectl's: `Ready`, `NotReady`,
    /// `,SchedulingDisabled`), `ready`, `condition` (`Ready`/`NotReady`/`Unknown`),
    /// `unschedulable`, `capacity` and `allocatable` (`cpu`, `memory`, `pods`), `requested`
    /// (`cpu`, `memory`, `pods` = bound pods), `labels`, `taints` (`key=value:Effect`).
    func nodeTable(_ node: Node) -> LuaValue {
        let usage = sim.cluster.usage[node.id.index]
        var status = node.readiness == .ready ? "Ready" : "NotReady"
        if node.unschedulable { status += ",SchedulingDisabled" }
        var fields: [(key: LuaValue, value: LuaValue)] = [
            ("name", .string(node.name)), ("status", .string(status)),
            ("ready", .boolean(node.readiness == .ready)),
            ("condition", .string(node.readiness.rawValue)),
            ("unschedulable", .boolean(node.unschedulable)),
            ("capacity", Self.resources(node.capacity, pods: Int(node.capacity.pods))),
            ("allocatable", Self.resources(node.allocatable, pods: Int(node.allocatable.pods))),
            ("requested", Self.resources(usage.requested, pods: usage.pods.count)),
            ("labels", Self.stringMap(node.labels)),
            ("taints", .table(LuaTable(array: node.taints.map { .string(Self.text($0)) }))),
            ("created", LuaUnits.seconds(SimDuration(milliseconds: node.creationTime))),
        ]
        if let pool = node.pool {
            fields.append(("pool", .string(sim.cluster.pools[pool].name)))
        }
        if let type = node.labels[WellKnownLabels.instanceType] {
            fields.append(("type", .string(type)))
        }
        if let zone = node.zone { fields.append(("zone", .string(zone))) }
        return .table(LuaTable(fields: fields))
    }

    /// One event as `kubectl get events -o json` has it (times in seconds).
    static func eventTable(_ e: EventRecord) -> LuaValue {
        .table(LuaTable(fields: [
            ("type", .string(e.type.rawValue)), ("reason", .string(e.reason)),
            ("object", .string(e.object.description)), ("kind", .string(e.object.kind)),
            ("name", .string(e.object.name)), ("namespace", .string(e.object.namespace)),
            ("message", .string(e.message)), ("source", .string(e.source)),
            ("first_seen", LuaUnits.seconds(e.firstTimestamp.sinceStart)),
            ("last_seen", LuaUnits.seconds(e.lastTimestamp.sinceStart)),
            ("count", .integer(e.count)),
        ]))
    }

    /// A DaemonSet's status: `name`, `namespace`, `desired`, `current`, `ready`.
    func daemonSetTable(_ index: Int) -> LuaValue {
        let ds = sim.cluster.daemonSets[index]
        let s = sim.daemonSetStatus(index)
        return .table(LuaTable(fields: [
            ("name", .string(ds.name)), ("namespace", .string(ds.namespace)),
            ("desired", .integer(s.desired)), ("current", .integer(s.current)),
            ("ready", .integer(s.ready)),
        ]))
    }

    /// `{ cpu = cores, memory = bytes, pods = n }`.
    static func resources(_ r: ResourceList, pods: Int) -> LuaValue {
        .table(LuaTable(fields: [
            ("cpu", LuaUnits.cores(r.milliCPU)), ("memory", .integer(Int(r.memory))),
            ("pods", .integer(pods)),
        ]))
    }

    /// Labels as a Lua table, keys sorted so the table is built deterministically.
    static func stringMap(_ map: [String: String]) -> LuaValue {
        .table(LuaTable(fields: map.sorted { $0.key < $1.key }.map {
            (key: .string($0.key), value: .string($0.value))
        }))
    }

    /// `key=value:Effect` (kubectl taint syntax; `key:Effect` without a value).
    static func text(_ t: Taint) -> String {
        t.value.isEmpty ? "\(t.key):\(t.effect)" : "\(t.key)=\(t.value):\(t.effect)"
    }
}
