/// Per-node counts of the active (bound, not terminating) pods by owner, kept in step with
/// `NodeUsage.pods` wherever a pod is bound, starts terminating, is removed or is moved in a
/// what-if fork. The scheduler's default topology spread counts a node's pods matching the
/// spread selector (countPodsMatchSelector); replicas of one owner share their labels, so
/// per-owner counts answer it without reading the pods, which lie scattered through the pod
/// table (`PlacementIndex.matchingPods`).
extension Cluster {
    /// The `NodeUsage.activeByOwner` key of pod `i`, nil when its labels are its own (a bare
    /// pod, a StatefulSet replica).
    func activeOwnerKey(_ i: Int) -> Int32? {
        if let o = pods[i].owner {
            return workloads[o.index].kind == .statefulSet ? nil : Int32(o.index)
        }
        if let d = pods[i].daemonSet { return -1 - Int32(d) }
        return nil
    }

    /// Adds `delta` (+1 or -1) to pod `pod`'s owner count on `node`.
    mutating func countActive(_ pod: PodID, on node: Int, _ delta: Int32) {
        guard let key = activeOwnerKey(pod.index) else {
            usage[node].activeOthers += delta
            return
        }
        if let j = usage[node].activeByOwner.firstIndex(where: { $0.key == key }) {
            usage[node].activeByOwner[j].count += delta
            if usage[node].activeByOwner[j].count == 0 {
                usage[node].activeByOwner.swapAt(j, usage[node].activeByOwner.count - 1)
                usage[node].activeByOwner.removeLast()
            }
        } else {
            usage[node].activeByOwner.append(OwnerCount(key: key, count: delta))
        }
    }

    /// Whether every node's counts equal a recount of its pods (for tests).
    func activeCountsAreConsistent() -> Bool {
        for i in usage.indices {
            var byOwner: [Int32: Int32] = [:]
            var others: Int32 = 0
            for id in usage[i].pods where pods[id.index].deletionTimestamp == nil {
                if let key = activeOwnerKey(id.index) {
                    byOwner[key, default: 0] += 1
                } else {
                    others += 1
                }
            }
            let kept = Dictionary(uniqueKeysWithValues: usage[i].activeByOwner.map {
                ($0.key, $0.count)
            })
            if kept != byOwner || others != usage[i].activeOthers { return false }
        }
        return true
    }
}
