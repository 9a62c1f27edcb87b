import LuaKit
import ScaleLab

/// The cluster's Cluster Autoscaler methods: `c:autoscaler{...}` enables (or reconfigures) the
/// autoscaler on every pool (their `min`/`max` from `add_pool` bound it) and returns it;
/// `c:autoscaler_status()` is the status ConfigMap text. Its events (TriggeredScaleUp,
/// NotTriggerScaleUp, ScaleDown, ...) are in `c:events()` with source `cluster-autoscaler`.
extension ClusterMethods {
    /// `c:autoscaler{...}` keys, each the Cluster Autoscaler flag with `_` for `-`, except the
    /// provisioning model's.
    static let autoscalerKeys = [
        "expander",                          // --expander (least-waste)
        "expander_priorities",               // the priority expander's ConfigMap
        "scan_interval",                     // --scan-interval (10s)
        "provision_time",                    // request → Node registered: "3m" or {min, max}
        "node_ready_time",                   // registered → Ready (30s)
        "provision_failure",                 // chance a node never registers (0)
        "max_node_provision_time",           // --max-node-provision-time (15m)
        "max_nodes_total",                   // --max-nodes-total (0 = none)
        "max_nodes_per_scaleup",             // --max-nodes-per-scaleup (1000)
        "new_pod_scale_up_delay",            // --new-pod-scale-up-delay (0s)
        "scale_down_enabled",                // --scale-down-enabled (true)
        "scale_down_utilization_threshold",  // --scale-down-utilization-threshold (0.5)
        "scale_down_unneeded_time",          // --scale-down-unneeded-time (10m)
        "scale_down_unready_time",           // --scale-down-unready-time (20m)
        "scale_down_delay_after_add",        // --scale-down-delay-after-add (10m)
        "scale_down_delay_after_delete",     // --scale-down-delay-after-delete (scan interval)
        "scale_down_delay_after_failure",    // --scale-down-delay-after-failure (3m)
        "max_empty_bulk_delete",             // --max-empty-bulk-delete (10)
        "max_scale_down_parallelism",        // --max-scale-down-parallelism (10)
        "max_drain_parallelism",             // --max-drain-parallelism (1)
        "max_graceful_termination_sec",      // --max-graceful-termination-sec (600)
        "ignore_daemonsets_utilization",     // --ignore-daemonsets-utilization (false)
        "skip_nodes_with_system_pods",       // --skip-nodes-with-system-pods (true)
    ]

    /// Adds the autoscaler methods to the cluster type.
    static func autoscalerMethods(_ t: LuaUserdataType<LuaCluster>)
        -> LuaUserdataType<LuaCluster>
    {
        t.method(
            "autoscaler", "(opts?: table): ClusterAutoscaler",
            "installs or reconfigures the Cluster Autoscaler {expander, scan_interval, ...}"
        ) { c, call in
            if call.isNil(2) {
                guard c.sim.clusterAutoscaler != nil else {
                    return call.push([.nil, .string("the Cluster Autoscaler is not enabled")])
                }
                return call.push(.object(LuaAutoscaler(cluster: c)))
            }
            let o = try OptionTable(call, 2, context: "cluster:autoscaler",
                                    allowed: autoscalerKeys)
            var options = c.sim.clusterAutoscaler?.options ?? AutoscalingOptions()
            var provisioning = c.sim.nodeProvisioning ?? NodeProvisioning()
            try applyAutoscalerOptions(o, to: &options, provisioning: &provisioning)
            let prices = ScaleUpOrchestrator.poolPrices(c.sim.cluster, catalog: c.session.catalog)
            c.sim.enableClusterAutoscaler(
                options: options, provisioning: provisioning, poolPricesPerHour: prices)
            return call.push(.object(LuaAutoscaler(cluster: c)))
        }
        .method(
            "autoscaler_status", "(): string?, string?",
            "the cluster-autoscaler-status ConfigMap text, or nil and a message"
        ) { c, call in
            guard let status = c.sim.clusterAutoscalerStatus() else {
                return call.push([.nil, .string("the Cluster Autoscaler is not enabled")])
            }
            return call.push(status.yaml)
        }
    }

    /// Reads the option table into the autoscaler's options and provisioning model.
    static func applyAutoscalerOptions(
        _ o: OptionTable, to options: inout AutoscalingOptions,
        provisioning: inout NodeProvisioning
    ) throws {
        if o.has("expander") {
            let names = try o.list("expander").map { value -> String in
                guard case .string(let s) = value else {
                    throw o.bad("expander", "expander names expected")
                }
                return s
            }
            // Validate the chain the way the autoscaler's expander factory does.
            let probe = ScaleUpOrchestrator(options: {
                var copy = options
                copy.expanders = names
                return copy
            }())
            do { _ = try probe.expanderChain(Cluster()) } catch {
                throw o.bad("expander", String(describing: error))
            }
            options.expanders = names
        }
        if let table = try o.table("expander_priorities") {
            var priorities: [Int: [String]] = [:]
            for (key, value) in table.fields {
                guard case .integer(let p) = key, case .table(let list) = value else {
                    throw o.bad("expander_priorities",
                                "{ [priority] = { \"regexp\", ... } } expected")
                }
                priorities[p] = list.array.compactMap {
                    if case .string(let s) = $0 { return s } else { return nil }
                }
            }
            options.expanderPriorities = priorities
        }
        if let d = try positive(o, "scan_interval") {
            options.scanInterval = d
            options.scaleDownDelayAfterDelete = d
        }
        if let value = o.fields["provision_time"] {
            provisioning.registration = try distribution(value, o)
        }
        if let d = try o.duration("node_ready_time") { provisioning.readiness = d }
        if let p = try o.number("provision_failure") {
            guard p >= 0 && p <= 1 else {
                throw o.bad("provision_failure", "a probability in [0, 1] expected, got \(p)")
            }
            provisioning.failureProbability = p
        }
        if let d = try positive(o, "max_node_provision_time") { options.maxNodeProvisionTime = d }
        if let n = try o.integer("max_nodes_total", atLeast: 0) { options.maxNodesTotal = n }
        if let n = try o.integer("max_nodes_per_scaleup", atLeast: 1) {
            options.maxNodesPerScaleUp = n
        }
        if let d = try o.duration("new_pod_scale_up_delay") { options.newPodScaleUpDelay = d }
        if let b = try o.boolean("scale_down_enabled") { options.scaleDownEnabled = b }
        if let x = try o.number("scale_down_utilization_threshold") {
            guard x >= 0 && x <= 1 else {
                throw o.bad("scale_down_utilization_threshold",
                            "a fraction in [0, 1] expected, got \(x)")
            }
            options.eligibility.utilizationThreshold = x
        }
        if let d = try o.duration("scale_down_unneeded_time") { options.scaleDownUnneededTime = d }
        if let d = try o.duration("scale_down_unready_time") { options.scaleDownUnreadyTime = d }
        if let d = try o.duration("scale_down_delay_after_add") {
            options.scaleDownDelayAfterAdd = d
        }
        if let d = try o.duration("scale_down_delay_after_delete") {
            options.scaleDownDelayAfterDelete = d
        }
        if let d = try o.duration("scale_down_delay_after_failure") {
            options.scaleDownDelayAfterFailure = d
        }
        if let n = try o.integer("max_empty_bulk_delete", atLeast: 1) {
            options.maxEmptyBulkDelete = n
        }
        if let n = try o.integer("max_scale_down_parallelism", atLeast: 1) {
            options.maxScaleDownParallelism = n
        }
        if let n = try o.integer("max_drain_parallelism", atLeast: 1) {
            options.maxDrainParallelism = n
        }
        if let n = try o.integer("max_graceful_termination_sec", atLeast: 0) {
            options.maxGracefulTermination = .seconds(Int64(n))
        }
        if let b = try o.boolean("ignore_daemonsets_utilization") {
            options.eligibility.ignoreDaemonSetsUtilization = b
        }
        if let b = try o.boolean("skip_nodes_with_system_pods") {
            options.skipNodesWithSystemPods = b
        }
    }

    /// A duration option that must be positive.
    static func positive(_ o: OptionTable, _ key: String) throws -> SimDuration? {
        guard let d = try o.duration(key) else { return nil }
        guard d.milliseconds > 0 else { throw o.bad(key, "must be positive, got \(d)") }
        return d
    }

    /// `"3m"` (constant) or `{ min = "2m30s", max = "3m30s" }` (uniform).
    static func distribution(_ value: LuaValue, _ o: OptionTable) throws -> DelayDistribution {
        if case .table(let t) = value {
            let range = try OptionTable(t, context: "\(o.context) provision_time",
                                        allowed: ["min", "max"])
            guard let low = try range.duration("min"), let high = try range.duration("max") else {
                throw o.bad("provision_time", "{ min = ..., max = ... } needs both")
            }
            guard low.milliseconds >= 0 && high >= low else {
                throw o.bad("provision_time", "need 0 <= min <= max, got \(low)..\(high)")
            }
            return .uniform(low, high)
        }
        let d: SimDuration
        do { d = try LuaUnits.duration(value) } catch let e as LuaUnits.Failure {
            throw o.bad("provision_time", e.message)
        }
        guard d.milliseconds >= 0 else { throw o.bad("provision_time", "must not be negative") }
        return .constant(d)
    }
}

/// The autoscaler as Lua holds it (`c:autoscaler{...}`).
final class LuaAutoscaler {
    let cluster: LuaCluster

    init(cluster: LuaCluster) { self.cluster = cluster }
}

/// The autoscaler userdata (`scalelab.ClusterAutoscaler`): `status()` (a plain table like the
/// status ConfigMap), `unneeded()`, `events()`, properties `options` and `provisioning`;
/// `tostring(ca)` is the status ConfigMap text.
enum AutoscalerMethods {
    static func type() -> LuaUserdataType<LuaAutoscaler> {
        LuaUserdataType<LuaAutoscaler>(
            name: "scalelab.ClusterAutoscaler",
            summary: "the Cluster Autoscaler of a cluster")
            .method(
                "status", "(): table",
                "node groups: min, max, target, ready, scale_up, scale_down_candidates"
            ) { a, call in
                guard let status = a.cluster.sim.clusterAutoscalerStatus() else {
                    return call.push([.nil, .string("the Cluster Autoscaler is not enabled")])
                }
                return call.push(statusTable(status))
            }
            .method(
                "unneeded", "(): table[]",
                "the scale-down candidates: node, since, utilization"
            ) { a, call in
                let sim = a.cluster.sim
                guard let ca = sim.clusterAutoscaler else { return call.push(.table(LuaTable())) }
                let rows = ca.scaleDown.unneeded.map { node -> LuaValue in
                    let name = sim.cluster.nodes[node.node.index].name
                    let since = ca.scaleDown.unneededSince[name] ?? sim.now.milliseconds
                    return .table(LuaTable(fields: [
                        ("node", .string(name)),
                        ("since", LuaUnits.seconds(.ms(since))),
                        ("utilization", .number(node.utilization)),
                        ("pods_to_reschedule", .integer(node.podsToReschedule.count)),
                    ]))
                }
                return call.push(.table(LuaTable(array: rows)))
            }
            .method("events", "(): table[]", "the autoscaler's events") { a, call in
                call.push(.table(LuaTable(array: a.cluster.sim.kernel.events.records
                    .filter { $0.source == "cluster-autoscaler" }.map(LuaCluster.eventTable))))
            }
            .property("options", "table", "the flags in force", get: { a in
                guard let o = a.cluster.sim.clusterAutoscaler?.options else { return .nil }
                return .table(LuaTable(fields: [
                    ("expander", .table(LuaTable(array: o.expanders.map { .string($0) }))),
                    ("scan_interval", LuaUnits.seconds(o.scanInterval)),
                    ("max_node_provision_time", LuaUnits.seconds(o.maxNodeProvisionTime)),
                    ("max_nodes_total", .integer(o.maxNodesTotal)),
                    ("scale_down_enabled", .boolean(o.scaleDownEnabled)),
                    ("scale_down_utilization_threshold",
                     .number(o.eligibility.utilizationThreshold)),
                    ("scale_down_unneeded_time", LuaUnits.seconds(o.scaleDownUnneededTime)),
                    ("scale_down_delay_after_add", LuaUnits.seconds(o.scaleDownDelayAfterAdd)),
                ]))
            })
            .property(
                "provisioning", "table",
                "the provisioning model (node start-up delays)",
                get: { a in
                guard let p = a.cluster.sim.nodeProvisioning else { return .nil }
                return .table(LuaTable(fields: [
                    ("min", LuaUnits.seconds(p.registration.lowerBound)),
                    ("max", LuaUnits.seconds(p.registration.upperBound)),
                    ("node_ready_time", LuaUnits.seconds(p.readiness)),
                    ("failure", .number(p.failureProbability)),
                ]))
            })
            .tostring { a in a.cluster.sim.clusterAutoscalerStatus()?.yaml ?? "" }
    }

    /// The status as a plain table (snake_case keys).
    static func statusTable(_ s: ClusterAutoscalerStatus) -> LuaValue {
        let groups = s.nodeGroups.map { g -> LuaValue in
            .table(LuaTable(fields: [
                ("name", .string(g.name)), ("min", .integer(g.minSize)),
                ("max", .integer(g.maxSize)), ("target", .integer(g.cloudProviderTarget)),
                ("registered", .integer(g.registered)), ("ready", .integer(g.ready)),
                ("not_started", .integer(g.notStarted)),
                ("being_deleted", .integer(g.beingDeleted)), ("unready", .integer(g.unready)),
                ("unregistered", .integer(g.unregistered)), ("scale_up", .string(g.scaleUp)),
                ("scale_down_candidates", .integer(g.scaleDownCandidates)),
            ]))
        }
        var fields: [(key: LuaValue, value: LuaValue)] = [
            ("autoscaler_status", .string(s.autoscalerStatus)),
            ("time", LuaUnits.seconds(s.time.sinceStart)),
            ("scale_up", .string(s.scaleUp)),
            ("scale_down_candidates", .integer(s.scaleDownCandidates)),
            ("registered", .integer(s.registered)), ("ready", .integer(s.ready)),
            ("unregistered", .integer(s.unregistered)),
            ("node_groups", .table(LuaTable(array: groups))),
        ]
        if let t = s.lastProbeTime {
            fields.append((key: "last_probe", value: LuaUnits.seconds(t.sinceStart)))
        }
        // The same instants as the status YAML writes them (RFC 3339, epoch = start).
        let stamps: [(String, SimTime?)] = [
            ("time_rfc3339", s.time), ("last_probe_time", s.lastProbeTime),
            ("last_scale_up_time", s.lastScaleUp), ("last_scale_down_time", s.lastScaleDown),
        ]
        for (key, t) in stamps {
            guard let t else { continue }
            fields.append((key: .string(key), value: .string(ClusterAutoscalerStatus.rfc3339(t))))
        }
        return .table(LuaTable(fields: fields))
    }
}
