// What-if moves of the drain simulation on a fork of the cluster: the removal simulator moves
// each pod of a candidate node to a destination in its snapshot and then removes the node from
// the snapshot (upstream: cluster-autoscaler/simulator/cluster.go, SimulateNodeRemoval and
// findPlaceFor; clustersnapshot Fork/Revert). The scheduler's filters read a node's aggregates
// and pod list (`Cluster.usage`) and the pods' specs, never where the pod table says a pod is
// bound, so a move only updates the destination's aggregates and a removal only marks the node:
// the fork never copies the pod table (tens of thousands of pods) and no pod is created.
// The scale-up's simulations (filter-out-schedulable, the binpacking estimator) place pending
// pods on their forks the same way.

extension Cluster {
    /// Puts pod `pod` (bound elsewhere or pending) on `node` in a what-if fork: the node's
    /// aggregates and pod list take it (as `bind` would for a copy of the pod); the pod table is
    /// left alone. The estimator and filter-out-schedulable place pending pods the same way.
    mutating func simulateMove(_ pod: PodID, to node: NodeID) {
        let req = pods[pod.index].requests
        usage[node.index].requested.add(req.requests)
        usage[node.index].nonZeroMilliCPU += req.nonZeroMilliCPU
        usage[node.index].nonZeroMemory += req.nonZeroMemory
        usage[node.index].pods.append(pod)
        if pods[pod.index].deletionTimestamp == nil { countActive(pod, on: node.index, 1) }
        if pods[pod.index].hasPodAffinityTerms {
            usage[node.index].podsWithAffinity += 1
            podsWithAffinity += 1
        }
    }

    /// Takes back a `simulateMove` of `pod` to `node`.
    mutating func undoSimulatedMove(_ pod: PodID, from node: NodeID) {
        guard let at = usage[node.index].pods.lastIndex(of: pod) else { return }
        let req = pods[pod.index].requests
        usage[node.index].requested.subtract(req.requests)
        usage[node.index].nonZeroMilliCPU -= req.nonZeroMilliCPU
        usage[node.index].nonZeroMemory -= req.nonZeroMemory
        usage[node.index].pods.remove(at: at)
        if pods[pod.index].deletionTimestamp == nil { countActive(pod, on: node.index, -1) }
        if pods[pod.index].hasPodAffinityTerms {
            usage[node.index].podsWithAffinity -= 1
            podsWithAffinity -= 1
        }
    }

    /// Removes a node from a what-if fork (`RemoveNode` in the snapshot): it is no destination
    /// any more and its pods stop counting for topology spread and pod affinity, which only
    /// visit live nodes.
    mutating func simulateNodeRemoval(_ id: NodeID) {
        podsWithAffinity -= usage[id.index].podsWithAffinity
        nodes[id.index].isRemoved = true
        // As `removeNode`: caches keyed by the revisions (the scheduler's placement indexes,
        // copied into the fork with its scheduler) must see the node gone.
        nodeSpecChanged(id)
    }
}
