/// Nominated pods: a preemptor waits with `status.nominatedNodeName` while its victims
/// terminate, and the node's freed room is held for it (`pkg/scheduler/framework/runtime`,
/// `RunFilterPluginsWithNominatedPods` / `addGENominatedPods`).
extension Cluster {
    /// Sets or clears a pod's `nominatedNodeName`.
    public mutating func nominate(_ podID: PodID, to node: NodeID?) {
        guard pods.indices.contains(podID.index) else { return }
        if node != nil && pods[podID.index].nominatedNodeID == nil { nominatedPods.append(podID) }
        pods[podID.index].nominatedNodeID = node
        if node == nil { nominatedPods.removeAll { $0 == podID } }
    }

    /// Drops the nominations of pods that were bound or removed since (kube-scheduler's pod
    /// nominator forgets a pod once it is assigned, and clears `nominatedNodeName` on binding).
    mutating func pruneNominations() {
        if nominatedPods.isEmpty { return }
        nominatedPods.removeAll { id in
            let pod = pods[id.index]
            guard pod.nodeID != nil || pod.isRemoved || pod.nominatedNodeID == nil else {
                return false
            }
            pods[id.index].nominatedNodeID = nil
            return true
        }
    }

    /// `addGENominatedPods`: the node's usage plus the pods nominated to it whose priority is
    /// at least `pod`'s (a lower-priority pod must not take the room a preemptor freed).
    func usageWithNominatedPods(for pod: Pod, node: NodeID, base: NodeUsage) -> NodeUsage {
        var usage = base
        for id in nominatedPods where id != pod.id {
            let other = pods[id.index]
            guard other.nominatedNodeID == node, other.nodeID == nil, !other.isRemoved,
                  other.spec.priority >= pod.spec.priority else { continue }
            usage.requested.add(other.requests.requests)
            usage.nonZeroMilliCPU += other.requests.nonZeroMilliCPU
            usage.nonZeroMemory += other.requests.nonZeroMemory
            usage.pods.append(id)
        }
        return usage
    }

    /// The scheduler's preemption of a victim (`Evaluator.PreemptPod`): the
    /// `DisruptionTarget=True` condition with reason `PreemptionByScheduler`; the caller then
    /// deletes the pod and records the `Preempted` event.
    public mutating func markPreempted(_ victim: PodID,
                                       schedulerName: String = "default-scheduler") {
        guard pods.indices.contains(victim.index), pods[victim.index].disruptionTarget == nil
        else { return }
        pods[victim.index].disruptionTarget = PodCondition(
            type: "DisruptionTarget", status: "True", reason: DefaultPreemption.disruptionReason,
            message: "\(schedulerName): preempting to accommodate a higher priority pod",
            lastTransitionTime: now)
    }
}

extension Pod {
    /// `metadata.uid` in the API's UUID form, derived from the seeded `uid`.
    public var uidString: String {
        var mixed = uid &* 0x9E37_79B9_7F4A_7C15
        mixed ^= mixed >> 29
        let hex = String(uid, radix: 16), tail = String(mixed, radix: 16)
        let a = String(repeating: "0", count: 16 - hex.count) + hex
        let b = String(repeating: "0", count: 16 - tail.count) + tail
        let s = Array(a + b)
        return String(s[0..<8]) + "-" + String(s[8..<12]) + "-" + String(s[12..<16]) + "-"
            + String(s[16..<20]) + "-" + String(s[20..<32])
    }
}

extension SchedulingFramework {
    /// `RunFilterPluginsWithNominatedPods`: the filters with the higher-or-equal priority pods
    /// nominated to the node counted as if bound. Only NodeResourcesFit and NodePorts see
    /// them here (kube-scheduler also re-runs the affinity and spread PreFilter extensions).
    func filterWithNominatedPods(_ cycle: Cycle, node: NodeID, in cluster: Cluster) -> Status {
        let usage = cluster.usageWithNominatedPods(for: cycle.pod, node: node,
                                                   base: cluster.usage[node.index])
        return filter(cycle, node: node, usage: usage, in: cluster)
    }
}

/// The filters of one preemption dry run on one node, with a set of pods taken off it.
struct PreemptionProbe {
    let cycle: SchedulingFramework.Cycle
    let node: NodeID
    let framework: SchedulingFramework
    let cluster: Cluster
    /// True when only NodePorts and NodeResourcesFit depend on the node's pods: no hard spread
    /// constraint and no pod affinity anywhere. Then removing pods is usage arithmetic;
    /// otherwise the PreFilter state is recomputed without them (kube-scheduler's
    /// `RunPreFilterExtensionRemovePod`/`AddPod`).
    var usageOnly: Bool {
        cycle.spreadFilter == nil && !cycle.pod.hasPodAffinityTerms && cluster.podsWithAffinity == 0
    }

    /// The node's filter status with `removed` gone.
    func filter(removing removed: Set<PodID>) -> Status {
        if usageOnly {
            var usage = cluster.usage[node.index]
            for id in removed {
                let req = cluster.pods[id.index].requests
                usage.requested.subtract(req.requests)
                usage.nonZeroMilliCPU -= req.nonZeroMilliCPU
                usage.nonZeroMemory -= req.nonZeroMemory
            }
            usage.pods.removeAll { removed.contains($0) }
            usage = cluster.usageWithNominatedPods(for: cycle.pod, node: node, base: usage)
            return framework.filter(cycle, node: node, usage: usage, in: cluster)
        }
        var scratch = cluster
        for id in removed { scratch.removePod(id) }
        let fresh = framework.preFilter(cycle.pod, in: scratch)
        if let failure = fresh.preFilterFailure { return failure }
        return framework.filterWithNominatedPods(fresh, node: node, in: scratch)
    }
}
