/// The pod lifecycle after scheduling (see `SimulationScheduling.swift`): the kubelet starting
/// containers, the readiness probe passing, and graceful termination after deletion.
extension ClusterSimulation {
    /// The kubelet admits a bound pod: its first status report carries `Ready=False` (the
    /// containers are waiting in ContainerCreating, so not ready), and the containers start
    /// after the pod's start-up delay.
    mutating func scheduleStart(_ id: PodID) {
        let pod = cluster.pods[id.index]
        if pod.readyCondition == nil, kubeletAlive(pod) {
            // GeneratePodReadyCondition (pkg/kubelet/status/generate.go) copies the
            // ContainersReady condition while it is not True: reason ContainersNotReady,
            // message "containers with unready status: %s" of the container names (Go prints
            // a []string as "[a b]").
            let names = pod.spec.containers.map(\.name).joined(separator: " ")
            cluster.setReady(id, false, reason: "ContainersNotReady",
                             message: "containers with unready status: [\(names)]")
        }
        let timing = timing(of: pod)
        let delay = jittered(timing.startup, timing)
        tracks[id.index].startTicket = kernel.schedule(.containersStarted(id), after: delay)
    }

    /// Whether the kubelet on the pod's node is alive (a lost node's kubelet does nothing).
    func kubeletAlive(_ pod: Pod) -> Bool {
        guard let node = pod.nodeID else { return false }
        return nodeLostAt[node.index] == nil && !cluster.nodes[node.index].isRemoved
    }

    /// The kubelet started the containers: phase Running, then Ready after the readiness delay.
    mutating func containersStarted(_ id: PodID) {
        tracks[id.index].startTicket = nil
        let pod = cluster.pods[id.index]
        guard !pod.isRemoved, pod.deletionTimestamp == nil, pod.phase == .pending,
            kubeletAlive(pod)
        else { return }
        cluster.setPhase(id, .running)
        if tracks[id.index].countedPending {
            tracks[id.index].countedPending = false
            pendingCount -= 1
        }
        tracks[id.index].countedRunning = true
        runningCount += 1
        if settings.recordPodEvents {
            let container = pod.spec.containers.first?.name ?? pod.name
            kernel.events.record(
                .normal, reason: "Started",
                object: EventObject(kind: "Pod", namespace: pod.namespace, name: pod.name),
                message: "Started container \(container)", source: "kubelet", at: now)
        }
        scheduleReadiness(id)
    }

    /// Schedules the readiness probe's first success (immediately without a delay).
    mutating func scheduleReadiness(_ id: PodID) {
        let timing = timing(of: cluster.pods[id.index])
        if timing.readiness.milliseconds <= 0 {
            podBecameReady(id)
        } else {
            let delay = jittered(timing.readiness, timing)
            tracks[id.index].readyTicket = kernel.schedule(.podReady(id), after: delay)
        }
    }

    /// The readiness probe passed: `Ready=True`. An OrderedReady StatefulSet may now create its
    /// next ordinal.
    mutating func podBecameReady(_ id: PodID) {
        tracks[id.index].readyTicket = nil
        let pod = cluster.pods[id.index]
        guard !pod.isRemoved, pod.deletionTimestamp == nil, pod.phase == .running,
            !pod.isReady, kubeletAlive(pod)
        else { return }
        cluster.setReady(id, true)
        trafficServingMayChange(id.index)
        tracks[id.index].countedReady = true
        readyCount += 1
        adjustWorkloadReady(pod.owner, 1)
        if let owner = pod.owner, cluster.workloads[owner.index].kind == .statefulSet {
            cluster.reconcile(owner)
            syncNewPods()
        }
    }

    /// Marks a pod not Ready (its node stopped reporting).
    mutating func podNotReady(_ id: PodID) {
        guard cluster.pods[id.index].isReady else { return }
        cluster.setReady(id, false)
        trafficServingMayChange(id.index)
        if tracks[id.index].countedReady {
            tracks[id.index].countedReady = false
            readyCount -= 1
            adjustWorkloadReady(cluster.pods[id.index].owner, -1)
        }
        if let ticket = tracks[id.index].readyTicket {
            kernel.cancel(ticket)
            tracks[id.index].readyTicket = nil
        }
    }

    /// A pod got `deletionTimestamp`: the kubelet sends SIGTERM and removes the pod when the
    /// containers exit (the shutdown time, at most the grace period). A pod on a lost node
    /// stays Terminating until the node returns or is removed.
    mutating func beginTermination(_ id: PodID) {
        guard !tracks[id.index].terminating else { return }
        tracks[id.index].terminating = true
        trafficServingMayChange(id.index)
        if let ticket = tracks[id.index].startTicket {
            kernel.cancel(ticket)
            tracks[id.index].startTicket = nil
        }
        let pod = cluster.pods[id.index]
        guard kubeletAlive(pod) else { return }
        let timing = timing(of: pod)
        var delay = SimDuration.zero
        if pod.phase == .running {
            delay = min(jittered(timing.shutdown, timing), timing.terminationGracePeriod)
        }
        kernel.schedule(.podTerminated(id), after: delay)
    }

    /// Deletes a pod as `kubectl delete pod` does: graceful termination begins (an unbound pod
    /// goes at once) and its controller, seeing one active pod fewer, creates a replacement
    /// (the ReplicaSet controller at once; a StatefulSet once the ordinal is gone; a
    /// DaemonSet at once, as `podsShouldBeOnNode` ignores terminating daemon pods).
    public mutating func deletePod(_ id: PodID) {
        guard cluster.pods.indices.contains(id.index), cluster.pods[id.index].isActive else { return }
        cluster.beginDeletion(id)
        let pod = cluster.pods[id.index]
        if let owner = pod.owner {
            cluster.reconcile(owner)
        } else if pod.daemonSet != nil {
            cluster.reconcileDaemonSets()
        }
        afterChange(deletions: true)
    }

    /// The containers exited: the pod object is removed and its node resources freed.
    mutating func podTerminated(_ id: PodID) {
        let pod = cluster.pods[id.index]
        guard !pod.isRemoved else { return }
        uncount(id.index)
        cluster.removePod(id)
        trafficServingMayChange(id.index)
        if let owner = pod.owner, cluster.workloads[owner.index].kind == .statefulSet {
            cluster.reconcile(owner)
        }
        syncNewPods()
        // `AssignedPodDelete`: the room a bound pod held is free again.
        if pod.nodeID != nil { clusterEventMayHelp() }
    }
}
