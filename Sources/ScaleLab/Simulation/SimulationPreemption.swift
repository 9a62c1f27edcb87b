/// Carrying out kube-scheduler's preemptions in the simulation.
extension ClusterSimulation {
    /// `Evaluator.PreemptPod` for each victim of the last scheduling pass: the scheduler has
    /// set `DisruptionTarget` (reason `PreemptionByScheduler`); here the victim gets the
    /// `Preempted` event ("Preempted by pod <preemptor uid> on node <node>", from
    /// `pkg/scheduler/framework/preemption/preemption.go`) and a graceful deletion, which its
    /// controller answers with a replacement. The preemptor stays Pending with
    /// `nominatedNodeName` until the victims are gone.
    mutating func carryOutPreemptions() {
        let decided = scheduler.preemptions
        if decided.isEmpty { return }
        for preemption in decided {
            let uid = cluster.pods[preemption.preemptor.index].uidString
            let node = cluster.nodes[preemption.node.index].name
            for victim in preemption.victims where cluster.pods[victim.index].isActive {
                let pod = cluster.pods[victim.index]
                kernel.events.record(
                    .normal, reason: "Preempted",
                    object: EventObject(kind: "Pod", namespace: pod.namespace, name: pod.name),
                    message: "Preempted by pod \(uid) on node \(node)",
                    source: "default-scheduler", at: now)
                deletePod(victim)
            }
        }
    }
}
