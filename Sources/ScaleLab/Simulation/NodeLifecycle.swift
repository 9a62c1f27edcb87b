/// The node lifecycle: nodes joining (NotReady until their kubelet reports), nodes lost
/// (kube-controller-manager's node lifecycle controller marks them `Ready=Unknown` after the
/// node-monitor grace period, taints them, and the taint-eviction controller evicts their pods
/// when the pods' NoExecute toleration runs out), nodes recovering and nodes removed.
extension ClusterSimulation {
    /// `node.kubernetes.io/unreachable`, NoSchedule and NoExecute: what the node lifecycle
    /// controller puts on a node whose `Ready` condition is Unknown.
    static let unreachableTaints = [
        Taint(key: WellKnownLabels.unreachableTaint, effect: "NoSchedule"),
        Taint(key: WellKnownLabels.unreachableTaint, effect: "NoExecute"),
    ]

    /// The lost node ids, in id order.
    public var lostNodes: [NodeID] { nodeLostAt.keys.sorted().map { NodeID($0) } }

    /// The kubelet on `id` stops (machine failure, network partition). Nothing is visible
    /// until the node lifecycle controller notices the missing heartbeat: at its first
    /// check (every node-monitor period) after the grace period.
    public mutating func failNode(_ id: NodeID) throws {
        guard cluster.nodes.indices.contains(id.index), !cluster.nodes[id.index].isRemoved else {
            throw ClusterError("no node \(id)")
        }
        guard nodeLostAt[id.index] == nil else { return }
        nodeLostAt[id.index] = now
        let period = settings.nodeMonitorPeriod.milliseconds
        let due = now.milliseconds + settings.nodeMonitorGracePeriod.milliseconds
        let check = (due + period - 1) / max(period, 1) * max(period, 1)
        kernel.schedule(.nodeHeartbeatCheck(id), at: SimTime(milliseconds: check))
        for pod in cluster.usage[id.index].pods {
            if let ticket = tracks[pod.index].startTicket {
                kernel.cancel(ticket)
                tracks[pod.index].startTicket = nil
            }
        }
    }

    /// Node lifecycle controller (monitorNodeHealth): the heartbeat is older than the grace
    /// period, so `Ready` becomes Unknown, the node is tainted unreachable, its pods are marked
    /// not Ready (MarkPodsNotReady), and their eviction is due when the default toleration
    /// (300s) runs out.
    mutating func nodeHeartbeatCheck(_ id: NodeID) {
        guard nodeLostAt[id.index] != nil, !cluster.nodes[id.index].isRemoved else { return }
        let node = cluster.nodes[id.index]
        cluster.setReadiness(id, .unknown)
        var taints = node.taints.filter { $0.key != WellKnownLabels.unreachableTaint }
        taints += ClusterSimulation.unreachableTaints
        cluster.setTaints(id, taints)
        recountNodes()
        kernel.events.record(
            .normal, reason: "NodeNotReady",
            object: EventObject(kind: "Node", namespace: "", name: node.name),
            message: "Node \(node.name) status is now: NodeNotReady", source: "node-controller",
            at: now)
        for pod in cluster.usage[id.index].pods {
            let p = cluster.pods[pod.index]
            if p.isReady {
                podNotReady(pod)
                kernel.events.record(
                    .warning, reason: "NodeNotReady",
                    object: EventObject(kind: "Pod", namespace: p.namespace, name: p.name),
                    message: "Node is not ready", source: "node-controller", at: now)
            }
        }
        evictionTickets[id.index] = kernel.schedule(
            .taintEviction(id), after: settings.defaultTolerationSeconds)
    }

    /// Taint-eviction controller: deletes the pods that do not tolerate the NoExecute
    /// `unreachable` taint indefinitely (DaemonSet pods do); their controllers create
    /// replacements, which the scheduler places elsewhere or leaves Pending. The deleted pods
    /// stay Terminating on the lost node.
    mutating func taintEviction(_ id: NodeID) {
        evictionTickets[id.index] = nil
        guard nodeLostAt[id.index] != nil, !cluster.nodes[id.index].isRemoved else { return }
        let noExecute = Taint(key: WellKnownLabels.unreachableTaint, effect: "NoExecute")
        var owners: [WorkloadID] = []
        for pod in cluster.usage[id.index].pods {
            let p = cluster.pods[pod.index]
            guard p.deletionTimestamp == nil,
                !p.spec.tolerations.contains(where: { $0.tolerates(noExecute) })
            else { continue }
            kernel.events.record(
                .normal, reason: "TaintManagerEviction",
                object: EventObject(kind: "Pod", namespace: p.namespace, name: p.name),
                message: "Marking for deletion Pod \(p.namespace)/\(p.name)",
                source: "taint-eviction-controller", at: now)
            cluster.beginDeletion(pod)
            beginTermination(pod)
            if tracks[pod.index].countedPending {
                tracks[pod.index].countedPending = false
                pendingCount -= 1
            }
            if let owner = p.owner, !owners.contains(owner) { owners.append(owner) }
        }
        for owner in owners { cluster.reconcile(owner) }
        syncNewPods()
    }

    /// The kubelet on a lost node reports again: `Ready=True`, the unreachable taints go, its
    /// Terminating pods finish, and its other pods start or become Ready again.
    public mutating func recoverNode(_ id: NodeID) {
        guard nodeLostAt[id.index] != nil, !cluster.nodes[id.index].isRemoved else { return }
        nodeLostAt[id.index] = nil
        if let ticket = evictionTickets[id.index] { kernel.cancel(ticket) }
        evictionTickets[id.index] = nil
        let node = cluster.nodes[id.index]
        let wasReported = node.readiness != .ready
        cluster.setReadiness(id, .ready)
        cluster.setTaints(id, node.taints.filter { $0.key != WellKnownLabels.unreachableTaint })
        recountNodes()
        if wasReported {
            kernel.events.record(
                .normal, reason: "NodeReady",
                object: EventObject(kind: "Node", namespace: "", name: node.name),
                message: "Node \(node.name) status is now: NodeReady", source: "kubelet", at: now)
        }
        for pod in cluster.usage[id.index].pods {
            let p = cluster.pods[pod.index]
            if p.deletionTimestamp != nil {
                kernel.schedule(.podTerminated(pod), at: now)
            } else if p.phase == .running {
                scheduleReadiness(pod)
            } else if tracks[pod.index].startTicket == nil {
                scheduleStart(pod)
            }
        }
        clusterEventMayHelp()  // NodeUpdate: Ready again, the unreachable taints gone
    }

    /// Deletes a node object (the machine is gone): its pods are removed with it and their
    /// controllers create replacements.
    public mutating func removeNode(_ id: NodeID) {
        guard cluster.nodes.indices.contains(id.index), !cluster.nodes[id.index].isRemoved else {
            return
        }
        let pods = cluster.usage[id.index].pods
        let name = cluster.nodes[id.index].name
        cluster.removeNode(id)
        nodeLostAt[id.index] = nil
        if let ticket = evictionTickets[id.index] { kernel.cancel(ticket) }
        evictionTickets[id.index] = nil
        kernel.events.record(
            .normal, reason: "RemovingNode",
            object: EventObject(kind: "Node", namespace: "", name: name),
            message: "Node \(name) event: Removing Node \(name) from Controller",
            source: "node-controller", at: now)
        podsRemovedWithNodes(pods)
    }

    /// Bookkeeping after nodes (and so their pods) were removed: forget the pods and let their
    /// controllers replace them.
    mutating func podsRemovedWithNodes(_ pods: [PodID]) {
        var owners: [WorkloadID] = []
        var removedAny = false
        for pod in pods where cluster.pods[pod.index].isRemoved {
            removedAny = true
            uncount(pod.index)
            if let owner = cluster.pods[pod.index].owner, !owners.contains(owner) {
                owners.append(owner)
            }
        }
        guard removedAny else { return }
        for owner in owners { cluster.reconcile(owner) }
        cluster.reconcileDaemonSets()
        recountNodes()
        syncNewPods()
        clusterEventMayHelp()  // AssignedPodDelete for the pods that went with the nodes
    }

    /// Bookkeeping after nodes were created: with a start-up delay they join NotReady and
    /// tainted `node.kubernetes.io/not-ready:NoSchedule` until their kubelet reports Ready.
    /// DaemonSets get their pods on the new nodes.
    mutating func nodesAdded(from first: Int, startup: SimDuration) {
        guard first < cluster.nodes.count else { return }
        if startup.milliseconds > 0 {
            for index in first..<cluster.nodes.count where !cluster.nodes[index].isRemoved {
                let id = NodeID(index)
                cluster.setReadiness(id, .notReady)
                cluster.setTaints(
                    id,
                    cluster.nodes[index].taints
                        + [Taint(key: WellKnownLabels.notReadyTaint, effect: "NoSchedule")])
                kernel.schedule(.nodeBecameReady(id), after: startup)
            }
        }
        cluster.reconcileDaemonSets()
        recountNodes()
        syncNewPods()
        clusterEventMayHelp()  // NodeAdd
    }

    /// A new node's kubelet reports Ready: the not-ready taint is removed.
    mutating func nodeBecameReady(_ id: NodeID) {
        let node = cluster.nodes[id.index]
        guard !node.isRemoved, node.readiness == .notReady, nodeLostAt[id.index] == nil else {
            return
        }
        cluster.setReadiness(id, .ready)
        cluster.setTaints(id, node.taints.filter { $0.key != WellKnownLabels.notReadyTaint })
        recountNodes()
        kernel.events.record(
            .normal, reason: "NodeReady",
            object: EventObject(kind: "Node", namespace: "", name: node.name),
            message: "Node \(node.name) status is now: NodeReady", source: "kubelet", at: now)
        clusterEventMayHelp()  // NodeUpdate: the not-ready taint is gone
    }
}
