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
        // Each candidate's sort key is read once (the pod table is large and a comparison
        // would otherwise read two pods' conditions, with a String compare for readiness).
        let keys = candidates.map { id in
            deletionKey(id, rank: perNode[pods[id.index].nodeID?.index ?? -1] ?? 0)
        }
        return keys.sorted(by: DeletionKey.less).prefix(count).map(\.id)
    }

    /// What `ActivePodsWithRanks.Less` compares of one pod, with the logarithmic ranks of its
    /// ready and creation times computed once.
    struct DeletionKey {
        var id: PodID
        var unassigned: Bool
        var phase: Int
        var ready: Bool
        var rank: Int
        var readyTime: Int64
        var readyTimeRank: Int64
        var restarts: Int
        var creationTime: Int64
        var creationRank: Int64
        var uid: UInt64

        /// `ActivePodsWithRanks.Less` on the keys: whether `a` should be deleted before `b`.
        static func less(_ a: DeletionKey, _ b: DeletionKey) -> Bool {
            if a.unassigned != b.unassigned { return a.unassigned }
            if a.phase != b.phase { return a.phase < b.phase }
            if a.ready != b.ready { return !a.ready }
            if a.rank != b.rank { return a.rank > b.rank }
            if a.ready && b.ready && a.readyTime != b.readyTime {
                if a.readyTimeRank != b.readyTimeRank { return a.readyTimeRank < b.readyTimeRank }
                return a.uid < b.uid
            }
            if a.restarts != b.restarts { return a.restarts > b.restarts }
            if a.creationTime != b.creationTime {
                if a.creationRank != b.creationRank { return a.creationRank < b.creationRank }
                return a.uid < b.uid
            }
            return false
        }
    }

    /// The deletion sort key of pod `id`, read in place.
    func deletionKey(_ id: PodID, rank: Int) -> DeletionKey {
        let ready = pods[id.index].isReady
        let readyTime = ready ? pods[id.index].readyCondition?.lastTransitionTime ?? 0 : 0
        let created = pods[id.index].creationTime
        return DeletionKey(
            id: id, unassigned: pods[id.index].nodeID == nil,
            phase: Self.phaseOrdinal(pods[id.index].phase), ready: ready, rank: rank,
            readyTime: readyTime, readyTimeRank: logarithmicRank(readyTime),
            restarts: pods[id.index].restartCount, creationTime: created,
            creationRank: logarithmicRank(created), uid: pods[id.index].uid)
    }

    /// The phase order of `ActivePodsWithRanks.Less`: Pending < Unknown < Running.
    static func phaseOrdinal(_ p: PodPhase) -> Int {
        switch p {
        case .pending: return 0
        case .unknown: return 1
        case .running: return 2
        default: return 0  // Go map lookup of an absent phase yields 0
        }
    }

    /// `logarithmicRankDiff`'s rank of a time: floor(log2(now - t)) with the age in
    /// nanoseconds as Go's `time.Duration`; a non-positive age ranks -1. Two times compare by
    /// the difference of their ranks.
    func logarithmicRank(_ t: Int64) -> Int64 {
        let ns = Double(now - t) * 1_000_000
        return ns > 0 ? Int64(log2(ns)) : -1
    }
}
