import Foundation
import HeapModule

/// What decides a pod's placement apart from the cluster: replicas of one workload share it,
/// other pods are keyed by their namespace, labels and spec.
struct PlacementKey: Hashable, Sendable {
    var owner: Int
    var namespace: String
    var labels: [String: String]
    var spec: PodSpec?

    init(_ pod: Pod) {
        if let owner = pod.owner {
            self.owner = owner.index
            namespace = ""
            labels = [:]
            spec = nil
        } else {
            owner = -1
            namespace = pod.namespace
            labels = pod.labels
            spec = pod.spec
        }
    }
}

/// An index that places a run of pods with the same `PlacementKey` without scanning every
/// node per pod, while choosing exactly the node the full framework would.
///
/// Eligible pods have no pod (anti-)affinity terms, no topology spread constraints of their
/// own and no node-name restriction, and no bound pod carries affinity terms (so
/// InterPodAffinity skips and PodTopologySpread only applies the system defaults). For such a
/// pod a node's total score is R + 3·Taint + 2·NodeAffinity + 2·Spread, where R (the
/// NodeResourcesFit and BalancedAllocation scores) depends only on the node's usage, and the
/// other three depend on the node only through its raw taint count, raw node-affinity weight,
/// the pods on the node matching the default spread selector (hostname spread) and its zone.
/// Feasible nodes are grouped by those four values, each group a max-heap by R (ties: lowest
/// node index); the normalizations are recomputed per pod over the groups (min/max over
/// feasible nodes), and a placement changes only the chosen node: pop it, re-score it, push it
/// into its new group, O(log n).
///
/// The index stays valid across other keys' placements: each node's `NodeUsage.stamp` says
/// when its pods last changed, and `sync` re-evaluates only the nodes stamped since the index
/// last looked (their old heap entries become stale through a per-node version and are
/// dropped when they reach a heap's top). A change of a node itself (labels, taints, cordon,
/// readiness, added or removed) is found the same way through `NodeUsage.specStamp` and
/// re-evaluates that node. A change of the workloads (which decide the default spread
/// selector) or a renumbering of the zones rebuilds it, O(nodes + matching pods).
struct PlacementIndex: Sendable {
    struct Entry: Comparable, Sendable {
        var r: Int64
        var node: Int32
        var version: UInt32
        static func < (a: Entry, b: Entry) -> Bool { a.r != b.r ? a.r < b.r : a.node > b.node }
        static func == (a: Entry, b: Entry) -> Bool { a.r == b.r && a.node == b.node }
    }

    struct GroupKey: Hashable, Sendable {
        var h: Int32
        var zone: Int32
        var taint: Int32
        var affinity: Int64

        /// Two words instead of four fields: a rebuild hashes one key per node, and the
        /// hasher's cost grows with the bytes fed (equality still compares every field).
        func hash(into hasher: inout Hasher) {
            hasher.combine(UInt64(UInt32(bitPattern: h)) << 32 | UInt64(UInt32(bitPattern: zone)))
            hasher.combine(affinity ^ Int64(taint) << 40)
        }
    }

    var key: PlacementKey?
    /// The cluster's `nodeRevision` up to which node changes are reflected.
    var revision: UInt64 = 0
    /// The cluster's `nodeSpecRevision` up to which node changes are reflected (`.max`:
    /// never built), and the workload and DaemonSet counts at the last rebuild.
    var specRevision: UInt64 = .max
    var workloadCount = -1
    var daemonSetCount = -1
    /// A representative pod of the key (its spec, requests, labels and namespace).
    var pod: Pod?
    var groups: [GroupKey: Heap<Entry>] = [:]
    /// Per node: matching pods (hostname spread count), zone index, taint raw, affinity raw,
    /// entry version, whether it has a live heap entry, whether it counts in its zone.
    var h: [Int32] = []
    var zoneOf: [Int32] = []
    var taintRaw: [Int32] = []
    var affinityRaw: [Int64] = []
    var version: [UInt32] = []
    var inGroup: [Bool] = []
    var countsInZone: [Bool] = []
    var zoneCount: [Int64] = []
    var zoneFeasible: [Int] = []
    var zoneHasLabel: [Bool] = []
    var zoneDomains = 0
    var feasibleCount = 0
    var staleEntries = 0
    var spread = false
    var balanced = false
    var preferred = false
    /// The pod's preferred node-affinity terms (with the profile's added ones) and whether it
    /// has required node affinity (nodes it excludes do not count in their zone's spread).
    var preferredTerms: [PreferredSchedulingTerm] = []
    var constrained = false
    var selector: LabelSelector?
    /// Whether each workload's / DaemonSet's pods match `selector` (-1: not yet known).
    var ownerMatch: [Int8] = []
    var daemonMatch: [Int8] = []
    var fitScorer: ResourceAllocationScorer?
    var balancedScorer: ResourceAllocationScorer?
    var fitRequest: [Int64] = []
    var balancedRequest: [Int64] = []

    /// Whether the index can place `pod` exactly.
    static func eligible(_ pod: Pod, cluster: Cluster, framework: SchedulingFramework) -> Bool {
        if cluster.podsWithAffinity > 0 || pod.hasPodAffinityTerms { return false }
        if !pod.spec.topologySpreadConstraints.isEmpty { return false }
        if framework.profile.fit.scoringStrategy.resources == nil { return false }
        if let terms = pod.spec.affinity?.requiredNodeAffinity?.nodeSelectorTerms,
           terms.contains(where: { !$0.matchFields.isEmpty }) { return false }
        if framework.profile.nodeAffinity.addedRequired != nil { return false }
        return true
    }

    /// R: the weighted NodeResourcesFit and BalancedAllocation scores of a node.
    func resourceScore(_ node: Int, _ cluster: Cluster, _ profile: SchedulerProfile) -> Int64 {
        cluster.nodes.withUnsafeBufferPointer { nodes in
            cluster.usage.withUnsafeBufferPointer { usage in
                resourceScore(nodes.pointer(at: node), usage.pointer(at: node), profile)
            }
        }
    }

    /// R of `node` with `usage`, read in place in the cluster's tables (passing a Node or
    /// its usage on would copy it, retaining every reference in it).
    func resourceScore(_ node: UnsafePointer<Node>, _ usage: UnsafePointer<NodeUsage>,
                       _ profile: SchedulerProfile) -> Int64 {
        var r: Int64 = 0
        if let fitScorer {
            r += profile.weightFit * fitScorer.score(podRequest: fitRequest, node: node, usage: usage)
        }
        if balanced, let balancedScorer {
            r += profile.weightBalanced * balancedScorer.score(
                podRequest: balancedRequest, node: node, usage: usage)
        }
        return r
    }

    /// Whether node `i` passes every filter for `pod` (none of them depends on other pods
    /// here, except NodeResourcesFit).
    static func feasible(_ i: Int, _ pod: Pod, _ cluster: Cluster,
                         _ framework: SchedulingFramework) -> Bool {
        cluster.nodes.withUnsafeBufferPointer { nodes in
            cluster.usage.withUnsafeBufferPointer { usage in
                feasible(nodes.pointer(at: i), usage.pointer(at: i), pod, framework)
            }
        }
    }

    /// `feasible` on a node and its usage read in place: the node is passed on whole only to
    /// the filters it needs (cordoned, tainted or not ready, required affinity).
    static func feasible(_ node: UnsafePointer<Node>, _ usage: UnsafePointer<NodeUsage>,
                         _ pod: Pod, _ framework: SchedulingFramework) -> Bool {
        if node.pointee.isRemoved { return false }
        if node.pointee.unschedulable
            && !NodeUnschedulable.filter(pod.spec, node: node.pointee).isSuccess {
            return false
        }
        if !node.pointee.taints.isEmpty || node.pointee.readiness != .ready,
           !TaintToleration.filter(pod.spec, node: node.pointee).isSuccess { return false }
        if pod.spec.hasRequiredNodeAffinity || framework.profile.nodeAffinity.addedRequired != nil,
           !NodeAffinityPlugin.filter(pod.spec, node: node.pointee,
                                      args: framework.profile.nodeAffinity).isSuccess {
            return false
        }
        return NodeResourcesFit.fitsRequest(
            pod.requests.requests, podCount: usage.pointee.pods.count,
            allocatable: node.pointee.allocatable, requested: usage.pointee.requested,
            args: framework.profile.fit).isEmpty
    }

    /// Gives node `i` a live heap entry with resource score `r`.
    mutating func insert(_ i: Int, r: Int64) {
        let gk = GroupKey(h: spread ? h[i] : 0, zone: spread ? zoneOf[i] : 0, taint: taintRaw[i],
                          affinity: affinityRaw[i])
        // Mutated in place through the dictionary (one lookup; the heap stays uniquely
        // referenced).
        groups[gk, default: Heap()].insert(Entry(r: r, node: Int32(i), version: version[i]))
        if !inGroup[i] {
            inGroup[i] = true
            feasibleCount += 1
            let z = Int(zoneOf[i])
            zoneFeasible[z] += 1
            if zoneFeasible[z] == 1 { zoneDomains += 1 }
        }
    }

    /// Makes node `i`'s heap entry stale (it is dropped when it reaches its heap's top).
    mutating func withdraw(_ i: Int) {
        guard inGroup[i] else { return }
        inGroup[i] = false
        version[i] &+= 1
        staleEntries += 1
        feasibleCount -= 1
        let z = Int(zoneOf[i])
        zoneFeasible[z] -= 1
        if zoneFeasible[z] == 0 { zoneDomains -= 1 }
    }

    /// Places `pod` if eligible: returns the bound node, or nil when the pod is not eligible
    /// or fits no node (the caller then runs the full framework for the FitError).
    mutating func place(_ pod: Pod, key: PlacementKey, framework: SchedulingFramework,
                        zones: NodeZones, cluster: inout Cluster) -> NodeID? {
        guard PlacementIndex.eligible(pod, cluster: cluster, framework: framework) else { return nil }
        sync(pod, key: key, framework: framework, zones: zones, cluster: cluster)
        guard let gk = selectGroup(framework.profile) else { return nil }
        guard var heap = groups.removeValue(forKey: gk), let entry = heap.popMax() else { return nil }
        if !heap.isEmpty { groups[gk] = heap }
        let i = Int(entry.node)
        // The popped entry was live: the node leaves the index until it is re-scored.
        inGroup[i] = false
        feasibleCount -= 1
        let z = Int(zoneOf[i])
        zoneFeasible[z] -= 1
        if zoneFeasible[z] == 0 { zoneDomains -= 1 }
        cluster.bind(pod.id, to: NodeID(i))
        if spread {
            h[i] += 1
            if countsInZone[i] { zoneCount[z] += 1 }
        }
        if PlacementIndex.feasible(i, pod, cluster, framework) {
            insert(i, r: resourceScore(i, cluster, framework.profile))
        }
        revision = cluster.nodeRevision
        return NodeID(i)
    }

    /// The raw spread score of a group (system defaults: hostname maxSkew 3, zone maxSkew 5).
    func spreadRaw(_ gk: GroupKey, wH: Double, wZ: Double) -> Int64 {
        var total = PodTopologySpread.scoreForCount(Int64(gk.h), maxSkew: 3, weight: wH)
        if zoneHasLabel[Int(gk.zone)] {
            total += PodTopologySpread.scoreForCount(zoneCount[Int(gk.zone)], maxSkew: 5, weight: wZ)
        }
        return Int64(total.rounded(.toNearestOrAwayFromZero))
    }

    /// Drops stale entries from the top of every heap (and empty heaps), so each remaining
    /// group's top is its best live node.
    mutating func dropStaleTops() {
        guard staleEntries > 0 else { return }
        // Usually no top is stale: then this allocates nothing and looks nothing up.
        let staleTops = groups.compactMap { gk, heap in
            heap.max.flatMap { $0.version != version[Int($0.node)] ? gk : nil }
        }
        for gk in staleTops {
            guard var heap = groups.removeValue(forKey: gk) else { continue }
            while let t = heap.max, t.version != version[Int(t.node)] {
                _ = heap.popMax()
                staleEntries -= 1
            }
            if !heap.isEmpty { groups[gk] = heap }
        }
    }

    /// Picks the group holding the best node: highest total score, ties to the lowest index.
    mutating func selectGroup(_ profile: SchedulerProfile) -> GroupKey? {
        dropStaleTops()
        if groups.isEmpty { return nil }
        if feasibleCount == 1 { return groups.keys.first }
        var maxTaint: Int64 = 0, maxAffinity: Int64 = 0
        var minSpread = Int64.max, maxSpread: Int64 = 0
        let wH = log(Double(feasibleCount + 2)), wZ = log(Double(zoneDomains + 2))
        for gk in groups.keys {
            maxTaint = max(maxTaint, Int64(gk.taint))
            maxAffinity = max(maxAffinity, gk.affinity)
            if spread {
                let s = spreadRaw(gk, wH: wH, wZ: wZ)
                minSpread = min(minSpread, s)
                maxSpread = max(maxSpread, s)
            }
        }
        var best: GroupKey?
        var bestTotal = Int64.min
        var bestNode = Int32.max
        for (gk, heap) in groups {
            guard let top = heap.max else { continue }
            var total = top.r
            let taint = maxTaint == 0 ? maxNodeScore : maxNodeScore - maxNodeScore * Int64(gk.taint) / maxTaint
            total += profile.weightTaintToleration * taint
            if preferred {
                let na = maxAffinity == 0 ? 0 : maxNodeScore * gk.affinity / maxAffinity
                total += profile.weightNodeAffinity * na
            }
            if spread {
                let s = spreadRaw(gk, wH: wH, wZ: wZ)
                let norm = maxSpread == 0 ? maxNodeScore : maxNodeScore * (maxSpread + minSpread - s) / maxSpread
                total += profile.weightTopologySpread * norm
            }
            if total > bestTotal || (total == bestTotal && top.node < bestNode) {
                best = gk
                bestTotal = total
                bestNode = top.node
            }
        }
        return best
    }
}
