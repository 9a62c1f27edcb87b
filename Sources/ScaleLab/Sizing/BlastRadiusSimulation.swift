/// The blast radius of losing one node, found by simulation rather than by `1/N`
/// (node-sizing.md §9 items 11–12; learnk8s: "if you only have two nodes … the remaining
/// node may not have enough spare capacity to accommodate the workloads of the failed node").
extension Sizing {
    /// The node a failure hurts most: the largest by allocatable (CPU and memory, each as a
    /// share of the largest node's), and among equals the one holding most workload pods,
    /// then the lowest id.
    static func largestNode(_ cluster: Cluster) -> NodeID? {
        let live = cluster.liveNodes
        let maxCPU = live.map { cluster.nodes[$0.index].allocatable.milliCPU }.max() ?? 0
        let maxMemory = live.map { cluster.nodes[$0.index].allocatable.memory }.max() ?? 0
        func size(_ id: NodeID) -> Double {
            let a = cluster.nodes[id.index].allocatable
            return (maxCPU > 0 ? Double(a.milliCPU) / Double(maxCPU) : 0)
                + (maxMemory > 0 ? Double(a.memory) / Double(maxMemory) : 0)
        }
        func workloadPods(_ id: NodeID) -> Int {
            cluster.usage[id.index].pods.reduce(0) {
                $0 + (cluster.pods[$1.index].owner != nil ? 1 : 0)
            }
        }
        var best: (id: NodeID, size: Double, pods: Int)?
        for id in live {
            let s = size(id), p = workloadPods(id)
            guard let b = best else {
                best = (id, s, p)
                continue
            }
            if s > b.size + 1e-12 || (abs(s - b.size) <= 1e-12 && p > b.pods) { best = (id, s, p) }
        }
        return best?.id
    }

    /// Removes the largest node from a copy of `cluster` (its pods are deleted with it, as
    /// after the taint-eviction controller's `NoExecute` eviction), lets each affected
    /// workload's controller recreate its pods (ReplicaSet `manageReplicas`) and schedules them
    /// with `profile`. Pods that were Pending before are not counted as failure casualties.
    static func blastRadius(_ cluster: Cluster, profile: SchedulerProfile) -> BlastRadius? {
        guard let loss = largestNodeLoss(cluster) else { return nil }
        let victim = loss.node, lost = loss.lost, totalLost = loss.total
        let pendingBefore = pendingByWorkload(cluster)
        var after = cluster
        // One copy of the pod table, with room for the replacements.
        after.reservePodCapacity(cluster.pods.count + totalLost)
        after.removeNode(victim)
        for w in cluster.workloads where lost[w.id.index] > 0 { after.reconcile(w.id) }
        var scheduler = Scheduler(profile: profile)
        scheduler.schedulePending(&after)
        let pendingNow = pendingByWorkload(after)
        var losses: [WorkloadLoss] = []
        var pendingAfter = 0
        for w in cluster.workloads {
            let pending = max(0, pendingNow[w.id.index] - pendingBefore[w.id.index])
            pendingAfter += pending
            guard lost[w.id.index] > 0 || pending > 0 else { continue }
            losses.append(WorkloadLoss(
                name: w.name, lost: lost[w.id.index],
                percent: percent(Int64(lost[w.id.index]), of: Int64(max(w.replicas, 1))),
                pendingAfter: pending))
        }
        let totalCPU = cluster.liveNodes.reduce(Int64(0)) {
            $0 + cluster.nodes[$1.index].allocatable.milliCPU
        }
        return BlastRadius(
            node: cluster.nodes[victim.index].name, podsLost: totalLost,
            percent: loss.percent,
            capacityPercent: percent(cluster.nodes[victim.index].allocatable.milliCPU, of: totalCPU),
            workloads: losses, pendingAfter: pendingAfter)
    }

    /// The workload pods `blastRadius` loses with the largest node, per workload and in all,
    /// and their share of the bound workload pods in percent; read from the placement alone.
    static func largestNodeLoss(_ cluster: Cluster)
        -> (node: NodeID, lost: [Int], total: Int, percent: Double)? {
        guard let victim = largestNode(cluster) else { return nil }
        var lost = [Int](repeating: 0, count: cluster.workloads.count)
        var total = 0
        for pod in cluster.usage[victim.index].pods {
            guard cluster.pods[pod.index].isActive, let owner = cluster.pods[pod.index].owner
            else { continue }
            lost[owner.index] += 1
            total += 1
        }
        var workloadPods = 0
        cluster.forEachPod { pod in
            if pod.pointee.isActive && pod.pointee.owner != nil && pod.pointee.nodeID != nil {
                workloadPods += 1
            }
        }
        return (victim, lost, total, percent(Int64(total), of: Int64(workloadPods)))
    }

    /// Active, unbound pods per workload.
    static func pendingByWorkload(_ cluster: Cluster) -> [Int] {
        var pending = [Int](repeating: 0, count: cluster.workloads.count)
        cluster.forEachPod { pod in
            if pod.pointee.isActive && pod.pointee.nodeID == nil, let owner = pod.pointee.owner {
                pending[owner.index] += 1
            }
        }
        return pending
    }
}
