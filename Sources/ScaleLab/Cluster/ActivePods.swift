import Foundation

/// The ReplicaSet controller's choice of pods to delete on scale-down.
///
/// Kubernetes `pkg/controller/controller_utils.go` `ActivePodsWithRanks.Less` and
/// `pkg/controller/replicaset/replica_set.go` `getPodsToDelete` /
/// `getPodsRankedByRelatedPodsOnSameNode`: pods preferred for deletion come first:
/// 1. unassigned before assigned; 2. Pending < Unknown < Running; 3. not ready before ready;
/// 4. lower `controller.kubernetes.io/pod-deletion-cost` first (not modelled: all 0);
/// 5. more active related pods on the same node first ("doubled up");
/// 6. ready for less time first (LogarithmicScaleDown: compared by floor(log2(age in ns)),
///    equal ranks ordered by UID); 7. more container restarts first;
/// 8. newer creation time first (same logarithmic comparison, then UID).
extension Cluster {
    /// Chooses `count` pods of `candidates` to delete; `related` are all active pods of the
    /// workload (their per-node counts form the rank).
    public func podsToDelete(_ candidates: [PodID], related: [PodID], count: Int) -> [PodID] {
        if count >= candidates.count { return candidates }
        var perNode: [Int: Int] = [:]  // node index, -1 for unassigned
        for id in related where pods[id.index].isActive {
            perNode[pods[id.index].nodeID?.index ?? -1, default: 0] += 1
        }
        let ranked = candidates.map { (id: $0, rank: perNode[pods[$0.index].nodeID?.index ?? -1] ?? 0) }
        // Pods are compared in place (borrowed), not copied per comparison.
        let sorted = pods.withUnsafeBufferPointer { table in
            ranked.sorted { a, b in
                deletionLess(table[at: a.id.index], a.rank, table[at: b.id.index], b.rank)
            }
        }
        return sorted.prefix(count).map(\.id)
    }

    /// `ActivePodsWithRanks.Less`: whether `a` should be deleted before `b`.
    func deletionLess(_ a: borrowing Pod, _ rankA: Int, _ b: borrowing Pod, _ rankB: Int) -> Bool {
        if (a.nodeID == nil) != (b.nodeID == nil) { return a.nodeID == nil }
        func phaseOrdinal(_ p: PodPhase) -> Int {
            switch p {
            case .pending: return 0
            case .unknown: return 1
            case .running: return 2
            default: return 0  // Go map lookup of an absent phase yields 0
            }
        }
        if phaseOrdinal(a.phase) != phaseOrdinal(b.phase) {
            return phaseOrdinal(a.phase) < phaseOrdinal(b.phase)
        }
        if a.isReady != b.isReady { return !a.isReady }
        if rankA != rankB { return rankA > rankB }
        if a.isReady && b.isReady {
            let ta = a.readyCondition?.lastTransitionTime ?? 0
            let tb = b.readyCondition?.lastTransitionTime ?? 0
            if ta != tb {
                let diff = logarithmicRankDiff(ta, tb)
                if diff != 0 { return diff < 0 }
                return a.uid < b.uid
            }
        }
        if a.restartCount != b.restartCount { return a.restartCount > b.restartCount }
        if a.creationTime != b.creationTime {
            let diff = logarithmicRankDiff(a.creationTime, b.creationTime)
            if diff != 0 { return diff < 0 }
            return a.uid < b.uid
        }
        return false
    }

    /// `logarithmicRankDiff`: compares floor(log2(now - t)) with durations in nanoseconds as
    /// Go's `time.Duration`; a non-positive age ranks -1.
    func logarithmicRankDiff(_ t1: Int64, _ t2: Int64) -> Int64 {
        func rank(_ t: Int64) -> Int64 {
            let ns = Double(now - t) * 1_000_000
            return ns > 0 ? Int64(log2(ns)) : -1
        }
        return rank(t1) - rank(t2)
    }
}
