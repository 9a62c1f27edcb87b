import Foundation

/// Decoding of the scheduler vectors' JSON objects (Kubernetes API field names) into the
/// engine's model types.
enum SchedulerJSON {
    typealias Object = [String: Any]

    static func int(_ any: Any?) -> Int64? {
        if let n = any as? NSNumber { return n.int64Value }
        if let s = any as? String { return Int64(s) }
        return nil
    }

    static func strings(_ any: Any?) -> [String] { (any as? [Any])?.compactMap { $0 as? String } ?? [] }

    static func stringMap(_ any: Any?) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in (any as? Object) ?? [:] { if let s = v as? String { out[k] = s } }
        return out
    }

    static func intMap(_ any: Any?) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for (k, v) in (any as? Object) ?? [:] { if let n = int(v) { out[k] = n } }
        return out
    }

    /// A label selector; JSON null or absent → nil (selects nothing).
    static func labelSelector(_ any: Any?) -> LabelSelector? {
        guard let o = any as? Object else { return nil }
        let exprs = ((o["matchExpressions"] as? [Any]) ?? []).compactMap { $0 as? Object }.map {
            LabelSelectorRequirement(key: $0["key"] as? String ?? "",
                                     operator: $0["operator"] as? String ?? "",
                                     values: strings($0["values"]))
        }
        return LabelSelector(matchLabels: stringMap(o["matchLabels"]), matchExpressions: exprs)
    }

    static func nodeRequirements(_ any: Any?) -> [NodeSelectorRequirement] {
        ((any as? [Any]) ?? []).compactMap { $0 as? Object }.map {
            NodeSelectorRequirement(key: $0["key"] as? String ?? "",
                                    operator: $0["operator"] as? String ?? "",
                                    values: strings($0["values"]))
        }
    }

    static func nodeSelectorTerm(_ o: Object) -> NodeSelectorTerm {
        NodeSelectorTerm(matchExpressions: nodeRequirements(o["matchExpressions"]),
                         matchFields: nodeRequirements(o["matchFields"]))
    }

    static func preferredNodeTerms(_ any: Any?) -> [PreferredSchedulingTerm] {
        ((any as? [Any]) ?? []).compactMap { $0 as? Object }.map {
            PreferredSchedulingTerm(weight: int($0["weight"]) ?? 0,
                                    preference: nodeSelectorTerm(($0["preference"] as? Object) ?? [:]))
        }
    }

    static func podAffinityTerm(_ o: Object) -> PodAffinityTerm {
        PodAffinityTerm(labelSelector: labelSelector(o["labelSelector"]),
                        namespaces: strings(o["namespaces"]),
                        namespaceSelector: labelSelector(o["namespaceSelector"]),
                        topologyKey: o["topologyKey"] as? String ?? "")
    }

    static func podTerms(_ any: Any?) -> [PodAffinityTerm] {
        ((any as? [Any]) ?? []).compactMap { $0 as? Object }.map(podAffinityTerm)
    }

    static func weightedPodTerms(_ any: Any?) -> [WeightedPodAffinityTerm] {
        ((any as? [Any]) ?? []).compactMap { $0 as? Object }.map {
            WeightedPodAffinityTerm(weight: int($0["weight"]) ?? 0,
                                    podAffinityTerm: podAffinityTerm(($0["podAffinityTerm"] as? Object) ?? [:]))
        }
    }

    static func affinity(_ any: Any?) -> Affinity? {
        guard let o = any as? Object else { return nil }
        var a = Affinity()
        if let na = o["nodeAffinity"] as? Object {
            if let req = na["requiredDuringSchedulingIgnoredDuringExecution"] as? Object {
                let terms = ((req["nodeSelectorTerms"] as? [Any]) ?? []).compactMap { $0 as? Object }
                a.requiredNodeAffinity = NodeSelector(nodeSelectorTerms: terms.map(nodeSelectorTerm))
            }
            a.preferredNodeAffinity = preferredNodeTerms(na["preferredDuringSchedulingIgnoredDuringExecution"])
        }
        if let pa = o["podAffinity"] as? Object {
            a.hasPodAffinity = true
            a.requiredPodAffinity = podTerms(pa["requiredDuringSchedulingIgnoredDuringExecution"])
            a.preferredPodAffinity = weightedPodTerms(pa["preferredDuringSchedulingIgnoredDuringExecution"])
        }
        if let pa = o["podAntiAffinity"] as? Object {
            a.hasPodAntiAffinity = true
            a.requiredPodAntiAffinity = podTerms(pa["requiredDuringSchedulingIgnoredDuringExecution"])
            a.preferredPodAntiAffinity = weightedPodTerms(pa["preferredDuringSchedulingIgnoredDuringExecution"])
        }
        return a
    }

    static func taints(_ any: Any?) -> [Taint] {
        ((any as? [Any]) ?? []).compactMap { $0 as? Object }.map {
            Taint(key: $0["key"] as? String ?? "", value: $0["value"] as? String ?? "",
                  effect: $0["effect"] as? String ?? "")
        }
    }

    static func tolerations(_ any: Any?) -> [Toleration] {
        ((any as? [Any]) ?? []).compactMap { $0 as? Object }.map {
            Toleration(key: $0["key"] as? String ?? "", operator: $0["operator"] as? String ?? "",
                       value: $0["value"] as? String ?? "", effect: $0["effect"] as? String ?? "")
        }
    }

    static func spreadConstraints(_ any: Any?) -> [TopologySpreadConstraint] {
        ((any as? [Any]) ?? []).compactMap { $0 as? Object }.map { o in
            var c = TopologySpreadConstraint(
                maxSkew: int(o["maxSkew"]) ?? 1, topologyKey: o["topologyKey"] as? String ?? "",
                whenUnsatisfiable: o["whenUnsatisfiable"] as? String ?? "DoNotSchedule",
                labelSelector: labelSelector(o["labelSelector"]))
            if let m = int(o["minDomains"]) { c.minDomains = m }
            if let p = o["nodeAffinityPolicy"] as? String { c.nodeAffinityPolicy = p }
            if let p = o["nodeTaintsPolicy"] as? String { c.nodeTaintsPolicy = p }
            c.matchLabelKeys = strings(o["matchLabelKeys"])
            return c
        }
    }

    /// Resource amounts: the normalized integers when given, else the quantity strings
    /// parsed as `resource.Quantity` (cpu as MilliValue, the rest as Value).
    static func requests(_ o: Object, _ key: String) throws -> [String: Int64] {
        if let n = o[key + "_normalized"] { return intMap(n) }
        var out: [String: Int64] = [:]
        for (name, raw) in (o[key] as? Object) ?? [:] {
            if let n = raw as? NSNumber { out[name] = n.int64Value; continue }
            guard let text = raw as? String else { continue }
            let q = try Quantity(parsing: text)
            out[name] = name == ResourceName.cpu ? q.milliValue : q.value
        }
        return out
    }

    static func containers(_ any: Any?) throws -> [Container] {
        try ((any as? [Any]) ?? []).compactMap { $0 as? Object }.map {
            Container(name: $0["name"] as? String ?? "", requests: try requests($0, "requests"),
                      restartPolicy: $0["restart_policy"] as? String)
        }
    }

    /// A pod's namespace, labels and spec.
    static func pod(_ o: Object) throws -> (name: String, namespace: String, labels: [String: String],
                                            spec: PodSpec, terminating: Bool) {
        var spec = PodSpec()
        spec.containers = try containers(o["containers"])
        spec.initContainers = try containers(o["init_containers"])
        spec.overhead = try requests(o, "overhead")
        spec.podLevelRequests = try requests(o, "pod_level_requests")
        spec.nodeSelector = stringMap(o["node_selector"])
        spec.affinity = affinity(o["affinity"])
        spec.tolerations = tolerations(o["tolerations"])
        spec.topologySpreadConstraints = spreadConstraints(o["topology_spread_constraints"])
        if let priority = int(o["priority"]) {
            guard let p32 = Int32(exactly: priority) else {
                throw ConformanceError("pod priority \(priority) is out of the int32 range")
            }
            spec.priority = p32
        }
        return (o["name"] as? String ?? "", o["namespace"] as? String ?? "", stringMap(o["labels"]),
                spec, (o["terminating"] as? Bool) ?? false)
    }

    /// Builds the snapshot of a vector: its nodes with their bound pods, the namespaces, and
    /// the incoming pod (not added).
    static func snapshot(_ inputs: Object) throws -> (Cluster, Pod) {
        var cluster = Cluster(seed: 1)
        for ns in ((inputs["namespaces"] as? [Any]) ?? []).compactMap({ $0 as? Object }) {
            cluster.namespaceLabels[ns["name"] as? String ?? ""] = stringMap(ns["labels"])
        }
        for n in ((inputs["nodes"] as? [Any]) ?? []).compactMap({ $0 as? Object }) {
            let alloc = ResourceList(try requests(n, "allocatable"))
            let id = try cluster.addNode(name: n["name"] as? String ?? "", labels: stringMap(n["labels"]),
                                         taints: taints(n["taints"]), allocatable: alloc,
                                         unschedulable: (n["unschedulable"] as? Bool) ?? false,
                                         hostnameLabel: false)
            for p in ((n["pods"] as? [Any]) ?? []).compactMap({ $0 as? Object }) {
                let d = try pod(p)
                let pid = cluster.createPod(name: d.name, namespace: d.namespace, labels: d.labels,
                                            spec: d.spec, nodeID: id)
                if d.terminating { cluster.beginDeletion(pid) }
            }
        }
        for p in ((inputs["pods_without_node"] as? [Any]) ?? []).compactMap({ $0 as? Object }) {
            let d = try pod(p)
            cluster.createPod(name: d.name, namespace: d.namespace, labels: d.labels, spec: d.spec)
        }
        let d = try pod((inputs["pod"] as? Object) ?? [:])
        let incoming = Pod(id: PodID(cluster.pods.count), name: d.name, namespace: d.namespace,
                           labels: d.labels, uid: 0, spec: d.spec, requests: PodRequests(d.spec),
                           creationTime: 0)
        return (cluster, incoming)
    }
}
