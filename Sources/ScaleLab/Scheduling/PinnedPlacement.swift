/// Pods the NodeAffinity PreFilter restricts to one node by name — a DaemonSet's pods, pinned
/// by required node affinity on `metadata.name` — are checked against that node only, as
/// kube-scheduler does: `findNodesThatFitPod` evaluates just the nodes of the PreFilterResult
/// (`if !preRes.AllNodes()`), and `schedulePod` takes a single feasible node without scoring
/// (`if len(feasibleNodes) == 1`), pkg/scheduler/schedule_one.go. Without this, each daemon
/// pod walked every node (the cycle's node list, InterPodAffinity's PreFilter), O(nodes²)
/// for a DaemonSet.
extension SchedulingFramework {
    /// The node `pod` is bound to when it is pinned by name to exactly one live node that
    /// passes every filter, and no other plugin needs the rest of the cluster (no pod anywhere
    /// has (anti-)affinity terms, no pod is nominated to a node by preemption, the pod has no
    /// hard spread constraint). Nil otherwise: the
    /// full cycle then decides, and words the FitError.
    func pinnedNode(_ pod: Pod, in cluster: Cluster) -> NodeID? {
        guard cluster.podsWithAffinity == 0, cluster.nominatedPods.isEmpty,
              !pod.hasPodAffinityTerms,
              !pod.spec.topologySpreadConstraints.contains(where: {
                  $0.whenUnsatisfiable == "DoNotSchedule"
              }) else { return nil }
        let (status, names) = NodeAffinityPlugin.preFilter(pod.spec, args: profile.nodeAffinity)
        guard status.isSuccess, let names, names.count == 1, let name = names.first,
              let id = cluster.node(named: name), !cluster.nodes[id.index].isRemoved
        else { return nil }
        let cycle = Cycle(pod: pod, nodes: [id], restricted: names)
        return filter(cycle, node: id, in: cluster).isSuccess ? id : nil
    }
}
