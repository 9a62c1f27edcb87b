/// Workload controllers: ReplicaSet/ReplicationController/Deployment replica management,
/// StatefulSet ordinals, DaemonSet pods.
extension Cluster {
    /// Creates a workload and its pods (`replicas` of them, or the first ordinal for an
    /// OrderedReady StatefulSet). The selector defaults to the template labels.
    @discardableResult
    public mutating func createWorkload(kind: WorkloadKind, name: String,
                                        namespace: String = "default", replicas: Int,
                                        template: PodTemplate,
                                        selector: LabelSelector? = nil) throws -> WorkloadID {
        if replicas < 0 { throw ClusterError("\(kind.rawValue) \"\(name)\": replicas must be >= 0") }
        try ClusterLimits.checkReplicas("\(kind.rawValue) \"\(name)\"", replicas)
        if workloads.contains(where: { $0.kind == kind && $0.name == name && $0.namespace == namespace }) {
            throw ClusterError("\(kind.rawValue) \"\(namespace)/\(name)\" already exists")
        }
        var template = template
        if template.labels.isEmpty { template.labels = ["app": name] }
        let sel = selector ?? LabelSelector(matchLabels: template.labels)
        if !sel.matches(template.labels) {
            throw ClusterError("\(kind.rawValue) \"\(name)\": selector does not match template labels")
        }
        let id = WorkloadID(workloads.count)
        while ownedPods.count <= id.index { ownedPods.append([]) }
        workloads.append(Workload(id: id, kind: kind, name: name, namespace: namespace,
                                  replicas: replicas, selector: sel, template: template,
                                  templateHash: Cluster.templateHash(name: name, seed: nextRandom()),
                                  creationTime: now))
        reconcile(id)
        return id
    }

    /// The workload named `name` of `kind` (any kind when nil).
    public func workload(named name: String, kind: WorkloadKind? = nil,
                         namespace: String = "default") -> WorkloadID? {
        workloads.first {
            $0.name == name && $0.namespace == namespace && (kind == nil || $0.kind == kind)
        }?.id
    }

    /// The scale subresource: sets `spec.replicas` and reconciles.
    public mutating func scale(_ id: WorkloadID, replicas: Int) throws {
        if replicas < 0 {
            throw ClusterError("\(workloads[id.index].name): replicas must be >= 0, got \(replicas)")
        }
        try ClusterLimits.checkReplicas(workloads[id.index].name, replicas)
        workloads[id.index].replicas = replicas
        reconcile(id)
    }

    /// The active pods (not terminating, not finished) of a workload.
    public func activePods(of id: WorkloadID) -> [PodID] {
        guard ownedPods.indices.contains(id.index) else { return [] }
        // `isActive` on stored fields read in place: calling the computed property on the
        // element copies the Pod (retaining every reference in it).
        return pods.withUnsafeBufferPointer { table in
            ownedPods[id.index].filter {
                table[at: $0.index].phase != .succeeded && table[at: $0.index].phase != .failed
                    && table[at: $0.index].deletionTimestamp == nil
                    && !table[at: $0.index].isRemoved
            }
        }
    }

    /// The pods a workload created that are not yet removed (active or terminating).
    func pods(of id: WorkloadID) -> [PodID] {
        guard ownedPods.indices.contains(id.index) else { return [] }
        return pods.withUnsafeBufferPointer { table in
            ownedPods[id.index].filter { !table[at: $0.index].isRemoved }
        }
    }

    /// `status.replicas`: the number of active pods the workload owns.
    public func statusReplicas(_ id: WorkloadID) -> Int { activePods(of: id).count }

    /// Brings the number of pods in line with `spec.replicas`.
    public mutating func reconcile(_ id: WorkloadID) {
        if ownedPods.indices.contains(id.index) {
            ownedPods[id.index].removeAll { pods[$0.index].isRemoved }
        }
        if workloads[id.index].kind == .statefulSet {
            reconcileStatefulSet(id)
            return
        }
        let active = activePods(of: id)
        let want = workloads[id.index].replicas
        if active.count < want {
            // One labels dictionary shared (copy-on-write) by every replica created here.
            let labels = Cluster.replicaLabels(workloads[id.index])
            for _ in active.count..<want { createReplica(id, ordinal: nil, labels: labels) }
        } else if active.count > want {
            // ReplicaSet controller: getPodsToDelete ranks by related pods on the same node
            // and deletes the first `diff` in ActivePodsWithRanks order.
            for pod in podsToDelete(active, related: active, count: active.count - want) {
                beginDeletion(pod)
            }
        }
    }

    /// StatefulSet controller: ordinals 0..<replicas; OrderedReady creates the next ordinal
    /// only when every lower one is Running and Ready, and removes one pod at a time,
    /// highest ordinal first. Parallel does both at once.
    mutating func reconcileStatefulSet(_ id: WorkloadID) {
        let w = workloads[id.index]
        var byOrdinal: [Int: PodID] = [:]
        for pod in activePods(of: id) { if let o = pods[pod.index].ordinal { byOrdinal[o] = pod } }
        let ordered = w.podManagementPolicy != "Parallel"
        let terminating = pods(of: id).contains { pods[$0.index].deletionTimestamp != nil }
        for ordinal in 0..<w.replicas where byOrdinal[ordinal] == nil {
            if ordered {
                let predecessorsReady = (0..<ordinal).allSatisfy { o in
                    guard let p = byOrdinal[o] else { return false }
                    return pods[p.index].phase == .running && pods[p.index].isReady
                }
                if !predecessorsReady || terminating { break }
            }
            byOrdinal[ordinal] = createReplica(id, ordinal: ordinal)
            if ordered { break }
        }
        let excess = byOrdinal.keys.filter { $0 >= w.replicas }.sorted(by: >)
        for ordinal in excess {
            if let pod = byOrdinal[ordinal] { beginDeletion(pod) }
            if ordered { break }
        }
    }

    /// The labels of a ReplicaSet-managed replica of `w`: the template's, plus the Deployment's
    /// `pod-template-hash`.
    static func replicaLabels(_ w: Workload) -> [String: String] {
        var labels = w.template.labels
        if w.kind == .deployment { labels["pod-template-hash"] = w.templateHash }
        return labels
    }

    /// Creates one pod of a workload, named as its controller names it (`labels`: the
    /// `replicaLabels` of a non-StatefulSet workload, when the caller has them).
    @discardableResult
    mutating func createReplica(_ id: WorkloadID, ordinal: Int?,
                                labels known: [String: String]? = nil) -> PodID {
        let w = workloads[id.index]
        var labels = w.kind == .statefulSet ? w.template.labels
            : known ?? Cluster.replicaLabels(w)
        let name: String
        switch w.kind {
        case .deployment:
            name = "\(w.name)-\(w.templateHash)-\(nameSuffix())"
        case .statefulSet:
            let o = ordinal ?? 0
            name = "\(w.name)-\(o)"
            labels["statefulset.kubernetes.io/pod-name"] = name
            labels["apps.kubernetes.io/pod-index"] = String(o)
        case .replicaSet, .replicationController:
            name = "\(w.name)-\(nameSuffix())"
        }
        let pod = createPod(name: name, namespace: w.namespace, labels: labels, spec: w.template.spec,
                            requests: w.requests, owner: id)
        pods[pod.index].ordinal = ordinal
        return pod
    }

    /// A deterministic 10-character `pod-template-hash`.
    static func templateHash(name: String, seed: UInt64) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h ^= seed
        var s = ""
        for _ in 0..<10 {
            s.append(alphabet[Int(h % UInt64(alphabet.count))])
            h = h / UInt64(alphabet.count) &+ (h &* 31)
        }
        return s
    }

    // MARK: DaemonSets

    /// Creates a DaemonSet and its pods on every node that should run one.
    @discardableResult
    public mutating func createDaemonSet(name: String, namespace: String = "kube-system",
                                         template: PodTemplate) throws -> Int {
        if daemonSets.contains(where: { $0.name == name && $0.namespace == namespace }) {
            throw ClusterError("DaemonSet \"\(namespace)/\(name)\" already exists")
        }
        var template = template
        if template.labels.isEmpty { template.labels = ["name": name] }
        template.spec.tolerations += DaemonSet.defaultTolerations
        daemonSets.append(DaemonSet(index: daemonSets.count, name: name, namespace: namespace,
                                    template: template, requests: PodRequests(template.spec)))
        reconcileDaemonSets()
        return daemonSets.count - 1
    }

    /// Whether the DaemonSet controller would run a daemon pod on the node
    /// (`nodeShouldRunDaemonPod`: node affinity/selector and NoSchedule/NoExecute taints).
    public func shouldRunDaemonPod(_ ds: DaemonSet, on node: Node) -> Bool {
        if node.isRemoved { return false }
        if !ds.template.spec.matchesRequiredNodeAffinity(name: node.name, labels: node.labels) {
            return false
        }
        for taint in node.taints where taint.effect == "NoSchedule" || taint.effect == "NoExecute" {
            if !ds.template.spec.tolerations.contains(where: { $0.tolerates(taint) }) { return false }
        }
        return true
    }

    /// Creates the missing daemon pods (one per DaemonSet per eligible node) and deletes
    /// those on nodes that no longer qualify. Each daemon pod is pinned to its node by
    /// required node affinity on `metadata.name`, as the DaemonSet controller does, and goes
    /// through the scheduler (so it uses requests and a pod slot, and may stay Pending).
    public mutating func reconcileDaemonSets() {
        for ds in daemonSets {
            var have: [NodeID: PodID] = [:]
            var unplaced: [String: PodID] = [:]
            if daemonPods.indices.contains(ds.index) {
                daemonPods[ds.index].removeAll { pods[$0.index].isRemoved }
            }
            let mine = daemonPods.indices.contains(ds.index) ? daemonPods[ds.index] : []
            for pod in mine.map({ pods[$0.index] }) where pod.isActive {
                if let n = pod.nodeID { have[n] = pod.id } else if let target = Cluster.pinnedNode(pod) {
                    unplaced[target] = pod.id
                }
            }
            for node in nodes where !node.isRemoved {
                let should = shouldRunDaemonPod(ds, on: node)
                let existing = have[node.id] ?? unplaced[node.name]
                if should && existing == nil {
                    let spec = Cluster.daemonPodSpec(ds, node: node.name)
                    var labels = ds.template.labels
                    labels["pod-template-generation"] = "1"
                    createPod(name: "\(ds.name)-\(nameSuffix())", namespace: ds.namespace,
                              labels: labels, spec: spec, requests: ds.requests, owner: nil,
                              daemonSet: ds.index, nodeID: nil)
                } else if !should, let existing {
                    beginDeletion(existing)
                }
            }
        }
    }

    /// The spec of `ds`'s pod for the node named `node`: the template's, pinned to the node by
    /// required node affinity on `metadata.name`, as the DaemonSet controller pins it.
    static func daemonPodSpec(_ ds: DaemonSet, node: String) -> PodSpec {
        var spec = ds.template.spec
        var affinity = spec.affinity ?? Affinity()
        affinity.requiredNodeAffinity = NodeSelector(nodeSelectorTerms: [
            NodeSelectorTerm(matchFields: [NodeSelectorRequirement(
                key: "metadata.name", operator: "In", values: [node])]),
        ])
        spec.affinity = affinity
        return spec
    }

    /// The node a daemon pod is pinned to by `metadata.name` node affinity.
    static func pinnedNode(_ pod: Pod) -> String? {
        pod.spec.affinity?.requiredNodeAffinity?.nodeSelectorTerms.first?.matchFields.first?.values.first
    }
}
