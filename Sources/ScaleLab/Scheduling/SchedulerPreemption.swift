/// A preemption decided by a scheduling pass (`Evaluator.prepareCandidate`): the preemptor is
/// nominated to `node` and `victims` carry `DisruptionTarget`; deleting them is the caller's
/// part (the simulation deletes them gracefully and records the `Preempted` events).
public struct Preemption: Sendable, Equatable {
    /// The pending pod that preempts.
    public var preemptor: PodID
    /// The nominated node.
    public var node: NodeID
    /// The pods to evict, most important first (those already being deleted are left out).
    public var victims: [PodID]
}

extension Scheduler {
    /// The scheduling queue's order (`PrioritySort`: higher priority first, then the earlier
    /// queued). While no pod has a priority this is `pendingPods` unchanged.
    func queueOrder(_ cluster: Cluster) -> [PodID] {
        guard cluster.hasPrioritizedPods else { return cluster.pendingPods }
        let pods = cluster.pendingPods
        let order = pods.indices.sorted { a, b in
            PrioritySort.less(cluster, pods[a], pods[b], byPriority: true) { a < b }
        }
        return order.map { pods[$0] }
    }

    /// Runs DefaultPreemption for a pod no node fits: stores its message as the FitError's
    /// PostFilter message, and on success nominates the node, marks the victims and queues
    /// the preemption (`schedule_one.go`, `handleSchedulingFailure` / `prepareCandidate`).
    mutating func postFilter(_ podID: PodID, fit: inout FitError, in cluster: inout Cluster) {
        let pod = cluster.pods[podID.index]
        var statuses: [String: Status] = [:]
        for (name, status) in fit.nodeStatuses { statuses[name] = status }
        let result = DefaultPreemption.postFilter(pod, statuses: statuses, framework: framework,
                                                  in: cluster)
        fit.postFilterMessage = result.message
        guard let candidate = result.candidate else {
            if result.clearsNomination { cluster.nominate(podID, to: nil) }
            return
        }
        // Lower-priority pods nominated to the same node may no longer fit there: their
        // nomination is cleared so they look elsewhere (`getLowerPriorityNominatedPods`).
        for other in cluster.nominatedPods where other != podID {
            let o = cluster.pods[other.index]
            if o.nominatedNodeID == candidate.node && o.spec.priority < pod.spec.priority {
                cluster.nominate(other, to: nil)
            }
        }
        cluster.nominate(podID, to: nil)
        cluster.nominate(podID, to: candidate.node)
        let victims = candidate.victims.filter { cluster.pods[$0.index].deletionTimestamp == nil }
        for victim in victims { cluster.markPreempted(victim) }
        preemptions.append(Preemption(preemptor: podID, node: candidate.node, victims: victims))
    }
}
