import LuaKit
import ScaleLab

/// The `cluster` module: `cluster.new{ provider = "eks", seed = 1, ... }` → a cluster
/// userdata (methods in `ClusterMethods.swift`).
enum ClusterModule {
    /// `cluster.new` option keys.
    static let newKeys = [
        "provider", "seed", "network", "max_pods", "vm_memory_overhead", "aks_legacy",
        "kernel_reserve", "scoring", "node_monitor_grace_period", "default_toleration",
        "record_pod_events", "hpa",
    ]

    static func module(_ runtime: LuaRuntime, session: LuaSession) -> LuaValue {
        let new = runtime.function(
            "(opts?: table): Cluster", "a new cluster {provider, seed, name, ...}"
        ) { call in
            let o = try OptionTable(call, 1, context: "cluster.new", allowed: newKeys,
                                    required: false)
            let providers = NodeProfile.Provider.allCases.map(\.rawValue)
            let provider = try o.choice("provider", providers)
                .flatMap(NodeProfile.Provider.init) ?? .none
            var profile = NodeProfile(provider: provider)
            if let network = try o.choice("network", NodeProfile.Network.allCases.map(\.rawValue)) {
                profile.network = NodeProfile.Network(rawValue: network)
            }
            profile.maxPods = try o.integer("max_pods", atLeast: 1)
            if let overhead = try o.number("vm_memory_overhead") {
                guard overhead >= 0 && overhead < 1 else {
                    throw o.bad("vm_memory_overhead", "a fraction in [0, 1) expected, got \(overhead)")
                }
                profile.vmMemoryOverheadPercent = overhead
            }
            profile.aksLegacyReservations = try o.boolean("aks_legacy") ?? false
            profile.kernelReserve = try o.boolean("kernel_reserve") ?? false
            let seed = try o.integer("seed") ?? 1
            var settings = LifecycleSettings()
            if let d = try o.duration("node_monitor_grace_period") {
                settings.nodeMonitorGracePeriod = d
            }
            if let d = try o.duration("default_toleration") { settings.defaultTolerationSeconds = d }
            settings.recordPodEvents = try o.boolean("record_pod_events") ?? true
            var schedulerProfile = SchedulerProfile()
            if let scoring = try o.choice("scoring", ["LeastAllocated", "MostAllocated"]) {
                schedulerProfile.fit.scoringStrategy.type = scoring
            }
            let useed = UInt64(bitPattern: Int64(seed))
            let sim = ClusterSimulation(
                cluster: Cluster(seed: useed), seed: useed, settings: settings,
                profile: schedulerProfile)
            let cluster = LuaCluster(sim: sim, profile: profile, seed: useed, session: session)
            if let hpa = try o.options("hpa", allowed: HPAControllerOptions.keys) {
                try HPAControllerOptions.apply(hpa, to: cluster)
            }
            return call.push(.object(cluster))
        }
        return .table(LuaTable(fields: [(key: "new", value: new)]))
    }

    /// Parses a `kubectl get` resource name (`deploy`, `deployments`, `sts`, `po`, ...).
    enum Resource: String, CaseIterable {
        case deployment, statefulset, replicaset, replicationcontroller, daemonset, pod, node,
            event

        static let aliases: [String: Resource] = [
            "deploy": .deployment, "deployment": .deployment, "deployments": .deployment,
            "sts": .statefulset, "statefulset": .statefulset, "statefulsets": .statefulset,
            "rs": .replicaset, "replicaset": .replicaset, "replicasets": .replicaset,
            "rc": .replicationcontroller, "replicationcontroller": .replicationcontroller,
            "replicationcontrollers": .replicationcontroller,
            "ds": .daemonset, "daemonset": .daemonset, "daemonsets": .daemonset,
            "po": .pod, "pod": .pod, "pods": .pod, "no": .node, "node": .node, "nodes": .node,
            "ev": .event, "event": .event, "events": .event,
        ]

        /// The resource named `text` (case-insensitive), or kubectl's error with a suggestion.
        static func parse(_ text: String) throws -> Resource {
            if let r = aliases[text.lowercased()] { return r }
            var message = "the server doesn't have a resource type \"\(text)\""
            if let near = OptionTable.closest(text, in: aliases.keys.sorted()) {
                message += " (did you mean '\(near)'?)"
            }
            throw LuaCallError.message(message)
        }

        /// The workload kind, for the kinds with the scale subresource.
        var workloadKind: WorkloadKind? {
            switch self {
            case .deployment: return .deployment
            case .statefulset: return .statefulSet
            case .replicaset: return .replicaSet
            case .replicationcontroller: return .replicationController
            default: return nil
            }
        }

        /// The plural `kubectl` uses in NotFound errors (`deployments.apps`).
        var apiName: String {
            switch self {
            case .deployment: return "deployments.apps"
            case .statefulset: return "statefulsets.apps"
            case .replicaset: return "replicasets.apps"
            case .daemonset: return "daemonsets.apps"
            case .replicationcontroller: return "replicationcontrollers"
            case .pod: return "pods"
            case .node: return "nodes"
            case .event: return "events"
            }
        }
    }
}
