/// `kubectl get pods` and `kubectl get nodes` for a simulated cluster, with kubectl's column
/// rules (k8s.io/kubernetes pkg/printers/internalversion/printers.go `printPod`, `printNode`).
extension ClusterSimulation {
    /// kubectl's STATUS column for a pod: `Terminating` once deletion started, `Pending` while
    /// unscheduled, `ContainerCreating` between binding and the containers' start (the
    /// container's waiting reason), otherwise the phase.
    public func statusText(of id: PodID) -> String {
        let pod = cluster.pods[id.index]
        if pod.deletionTimestamp != nil { return "Terminating" }
        if pod.phase == .pending && pod.nodeID != nil { return "ContainerCreating" }
        return pod.phase.rawValue
    }

    /// kubectl's READY column: ready containers / containers (`1/1`).
    public func readyText(of id: PodID) -> String {
        let pod = cluster.pods[id.index]
        let total = max(pod.spec.containers.count, 1)
        return "\(pod.isReady && pod.phase == .running ? total : 0)/\(total)"
    }

    /// `kubectl get pods` (`-o wide` adds NODE, NOMINATED NODE and READINESS GATES, as
    /// printPod; its IP column is left out, pod IPs are not modelled): live pods in creation
    /// order, optionally of one namespace.
    public func podsTable(namespace: String? = nil, wide: Bool = false) -> String {
        var header = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
        if namespace == nil { header.insert("NAMESPACE", at: 0) }
        if wide { header += ["NODE", "NOMINATED NODE", "READINESS GATES"] }
        var rows = [header]
        for pod in cluster.pods where !pod.isRemoved {
            if let namespace, pod.namespace != namespace { continue }
            var row = [
                pod.name, readyText(of: pod.id), statusText(of: pod.id), String(pod.restartCount),
                age(since: pod.creationTime),
            ]
            if namespace == nil { row.insert(pod.namespace, at: 0) }
            if wide {
                // printPod: "<none>" for an unset node or nomination; readiness gates are not
                // modelled, so none are listed.
                row.append(pod.nodeID.map { cluster.nodes[$0.index].name } ?? "<none>")
                row.append(pod.nominatedNodeID.map { cluster.nodes[$0.index].name } ?? "<none>")
                row.append("<none>")
            }
            rows.append(row)
        }
        return TextTable.render(rows)
    }

    /// `kubectl get nodes`: STATUS is `Ready` only for `Ready=True` (`NotReady` for False and
    /// Unknown), with `,SchedulingDisabled` when cordoned; ROLES from `node-role.kubernetes.io/`
    /// labels. (VERSION is not modelled and not printed.)
    public func nodesTable() -> String {
        var rows = [["NAME", "STATUS", "ROLES", "AGE"]]
        for node in cluster.nodes where !node.isRemoved {
            var status = node.readiness == .ready ? "Ready" : "NotReady"
            if node.unschedulable { status += ",SchedulingDisabled" }
            let roles = node.labels.keys
                .filter { $0.hasPrefix("node-role.kubernetes.io/") }
                .map { String($0.dropFirst("node-role.kubernetes.io/".count)) }
                .sorted()
            rows.append([
                node.name, status, roles.isEmpty ? "<none>" : roles.joined(separator: ","),
                age(since: node.creationTime),
            ])
        }
        return TextTable.render(rows)
    }

    /// The AGE column: `HumanDuration(now - creation)`.
    func age(since creation: Int64) -> String {
        SimDuration(milliseconds: now.milliseconds - creation).humanDescription
    }
}
