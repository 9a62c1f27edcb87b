/// `kubectl get` for workloads and DaemonSets, with the columns and status fields of kubectl's
/// printers (k8s.io/kubernetes pkg/printers/internalversion/printers.go: `printDeployment`,
/// `printStatefulSet`, `printReplicaSet`, `printReplicationController`, `printDaemonSet`).
extension ClusterSimulation {
    /// A workload's status counters as its controller computes them
    /// (`calculateStatus` of the ReplicaSet / StatefulSet controllers): `replicas` counts the
    /// active pods, `ready` those of them with `Ready=True`. Every pod runs the current
    /// template, so updated = replicas, and with `minReadySeconds` 0 available = ready.
    public struct WorkloadStatus: Hashable, Sendable {
        /// `spec.replicas`.
        public var desired: Int
        /// `status.replicas`.
        public var replicas: Int
        /// `status.readyReplicas`.
        public var ready: Int
        /// `status.updatedReplicas` (= replicas: one template revision).
        public var updated: Int { replicas }
        /// `status.availableReplicas` (= ready: minReadySeconds 0).
        public var available: Int { ready }
    }

    /// The status counters of workload `id`.
    public func status(of id: WorkloadID) -> WorkloadStatus {
        var replicas = 0, ready = 0
        for pod in cluster.pods where pod.owner == id && pod.isActive {
            replicas += 1
            if pod.isReady && pod.phase == .running { ready += 1 }
        }
        return WorkloadStatus(
            desired: cluster.workloads[id.index].replicas, replicas: replicas, ready: ready)
    }

    /// The header and row of `kubectl get <kind>` for one workload. Columns by kind:
    /// Deployment `NAME READY UP-TO-DATE AVAILABLE AGE` (READY = ready/desired);
    /// StatefulSet `NAME READY AGE`; ReplicaSet and ReplicationController
    /// `NAME DESIRED CURRENT READY AGE`.
    public func workloadRow(_ id: WorkloadID) -> (header: [String], row: [String]) {
        let w = cluster.workloads[id.index]
        let s = status(of: id)
        let age = self.age(since: w.creationTime)
        switch w.kind {
        case .deployment:
            return (["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
                    [w.name, "\(s.ready)/\(s.desired)", String(s.updated), String(s.available), age])
        case .statefulSet:
            return (["NAME", "READY", "AGE"], [w.name, "\(s.ready)/\(s.desired)", age])
        case .replicaSet, .replicationController:
            return (["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
                    [w.name, String(s.desired), String(s.replicas), String(s.ready), age])
        }
    }

    /// `kubectl get <kind>`: the workloads of `kind` (all namespaces when nil, with a
    /// NAMESPACE column as `-A` prints it), or `No resources found` when there are none.
    public func workloadsTable(kind: WorkloadKind, namespace: String? = "default") -> String {
        var rows: [[String]] = []
        for w in cluster.workloads where w.kind == kind {
            if let namespace, w.namespace != namespace { continue }
            let (header, row) = workloadRow(w.id)
            append(&rows, header, row, namespace: namespace == nil ? w.namespace : nil)
        }
        if rows.isEmpty { return noResources(namespace) }
        return TextTable.render(rows)
    }

    /// `kubectl get daemonsets`: `NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR
    /// AGE`. DESIRED counts the nodes that should run a daemon pod, CURRENT the scheduled daemon
    /// pods, READY the ready ones (DaemonSet controller `updateDaemonSetStatus`).
    public func daemonSetsTable(namespace: String? = nil) -> String {
        var rows: [[String]] = []
        for ds in cluster.daemonSets {
            if let namespace, ds.namespace != namespace { continue }
            let s = daemonSetStatus(ds.index)
            let selector = ds.template.spec.nodeSelector.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            let creation = cluster.pods.first { $0.daemonSet == ds.index }?.creationTime ?? 0
            let row = [ds.name, String(s.desired), String(s.current), String(s.ready),
                       String(s.current), String(s.ready),
                       selector.isEmpty ? "<none>" : selector, age(since: creation)]
            let header = ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE",
                          "NODE SELECTOR", "AGE"]
            append(&rows, header, row, namespace: namespace == nil ? ds.namespace : nil)
        }
        if rows.isEmpty { return noResources(namespace) }
        return TextTable.render(rows)
    }

    /// A DaemonSet's `desiredNumberScheduled`, `currentNumberScheduled` and `numberReady`.
    public func daemonSetStatus(_ index: Int) -> (desired: Int, current: Int, ready: Int) {
        let ds = cluster.daemonSets[index]
        let desired = cluster.nodes.reduce(0) { $0 + (cluster.shouldRunDaemonPod(ds, on: $1) ? 1 : 0) }
        var current = 0, ready = 0
        for pod in cluster.pods where pod.daemonSet == index && pod.isActive && pod.nodeID != nil {
            current += 1
            if pod.isReady && pod.phase == .running { ready += 1 }
        }
        return (desired, current, ready)
    }

    /// Appends a row (and the header before the first), with a leading NAMESPACE column
    /// when listing all namespaces (`kubectl get -A`).
    func append(_ rows: inout [[String]], _ header: [String], _ row: [String],
                namespace: String?) {
        let header = namespace == nil ? header : ["NAMESPACE"] + header
        if rows.isEmpty { rows.append(header) }
        rows.append(namespace.map { [$0] + row } ?? row)
    }

    /// kubectl's message for an empty list.
    func noResources(_ namespace: String?) -> String {
        namespace.map { "No resources found in \($0) namespace." } ?? "No resources found"
    }
}
