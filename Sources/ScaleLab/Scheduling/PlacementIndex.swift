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
/// the pods on the node matching the default spread selector (hostname spread) and its zone. Feasible nodes are grouped by those
/// four values, each group a max-heap by R (ties: lowest node index); the normalizations
/// are recomputed per pod over the groups (min/max over feasible nodes), and a placement
/// changes only the chosen node: pop it, re-score it, push it into its new group, O(log n).
/// Any change to the cluster's nodes not made through the index rebuilds it (O(nodes + pods)).
struct PlacementIndex: Sendable {
    struct Entry: Comparable, Sendable {
        var r: Int64
        var node: Int32
        static func < (a: Entry, b: Entry) -> Bool { a.r != b.r ? a.r < b.r : a.node > b.node }
    }

    struct GroupKey: Hashable, Sendable {
        var h: Int32
        var zone: Int32
        var taint: Int32
        var affinity: Int64
    }

    var key: PlacementKey?
    var revision: UInt64 = .max
    var groups: [GroupKey: Heap<Entry>] = [:]
    /// Per node: owner pods (hostname spread count), zone index, taint raw, affinity raw.
    var h: [Int32] = []
    var zoneOf: [Int32] = []
    var taintRaw: [Int32] = []
    var affinityRaw: [Int64] = []
    var zoneCount: [Int64] = []
    var zoneFeasible: [Int] = []
    var zoneHasLabel: [Bool] = []
    var zoneDomains = 0
    var feasibleCount = 0
    var spread = false
    var balanced = false
    var preferred = false
    var fitScorer: ResourceAllocationScorer?
    var balancedScorer: ResourceAllocationScorer?
    var fitRequest: [Int64] = []
    var balancedRequest: [Int64] = []

    /// Called when the framework bound a pod outside the index.
    mutating func noteExternalBind() { revision = .max }

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
        var r: Int64 = 0
        if let fitScorer {
            r += profile.weightFit * fitScorer.score(podRequest: fitRequest, node: cluster.nodes[node],
                                                     usage: cluster.usage[node])
        }
        if balanced, let balancedScorer {
            r += profile.weightBalanced * balancedScorer.score(
                podRequest: balancedRequest, node: cluster.nodes[node], usage: cluster.usage[node])
        }
        return r
    }

    /// Whether node `i` passes every filter for `pod` (none of them depends on other pods
    /// here, except NodeResourcesFit).
    func feasible(_ i: Int, _ pod: Pod, _ cluster: Cluster, _ framework: SchedulingFramework) -> Bool {
        let node = cluster.nodes[i]
        if node.isRemoved { return false }
        let spec = pod.spec
        if !NodeUnschedulable.filter(spec, node: node).isSuccess { return false }
        if !TaintToleration.filter(spec, node: node).isSuccess { return false }
        if !NodeAffinityPlugin.filter(spec, node: node, args: framework.profile.nodeAffinity).isSuccess {
            return false
        }
        let u = cluster.usage[i]
        return NodeResourcesFit.fitsRequest(pod.requests.requests, podCount: u.pods.count, node: node,
                                            usage: u, args: framework.profile.fit).isEmpty
    }

    mutating func insert(_ i: Int, r: Int64) {
        let gk = GroupKey(h: spread ? h[i] : 0, zone: spread ? zoneOf[i] : 0, taint: taintRaw[i],
                          affinity: affinityRaw[i])
        // Move the heap out of the dictionary so it is uniquely referenced while it changes.
        var heap = groups.removeValue(forKey: gk) ?? Heap()
        heap.insert(Entry(r: r, node: Int32(i)))
        groups[gk] = heap
    }

    /// Rebuilds the index for `pod`'s key.
    mutating func rebuild(_ pod: Pod, key: PlacementKey, framework: SchedulingFramework,
                          cluster: Cluster) {
        let profile = framework.profile
        self.key = key
        groups.removeAll(keepingCapacity: true)
        let n = cluster.nodes.count
        fitScorer = ResourceAllocationScorer(fit: profile.fit.scoringStrategy)
        fitRequest = fitScorer?.podRequestVector(pod.requests) ?? []
        let bs = ResourceAllocationScorer(balanced: profile.balancedResources)
        balancedScorer = bs
        balancedRequest = bs.podRequestVector(pod.requests)
        balanced = balancedRequest.contains { $0 != 0 }
        let preferredTerms = NodeAffinityPlugin.preferredTerms(pod.spec, args: profile.nodeAffinity)
        preferred = !preferredTerms.isEmpty
        let selector = profile.spreadDefaultingType == "System"
            ? PodTopologySpread.defaultSelector(for: pod, in: cluster) : nil
        spread = selector != nil
        h = [Int32](repeating: 0, count: n)
        zoneOf = [Int32](repeating: 0, count: n)
        taintRaw = [Int32](repeating: 0, count: n)
        affinityRaw = [Int64](repeating: 0, count: n)
        var zoneIndex: [String: Int32] = [:]
        zoneCount = []
        zoneFeasible = []
        zoneHasLabel = []
        if let selector {
            // countPodsMatchSelector: same-namespace, non-terminating bound pods the default
            // selector matches. Replicas of a Deployment, ReplicaSet or ReplicationController
            // share their labels, so the match is computed once per owner.
            var ownerMatch = [Int8](repeating: -1, count: cluster.workloads.count)
            for node in 0..<n where !cluster.nodes[node].isRemoved {
                for id in cluster.usage[node].pods {
                    let j = id.index
                    if cluster.pods[j].deletionTimestamp != nil { continue }
                    if cluster.pods[j].namespace != pod.namespace { continue }
                    let matched: Bool
                    if let o = cluster.pods[j].owner, cluster.workloads[o.index].kind != .statefulSet {
                        if ownerMatch[o.index] < 0 {
                            ownerMatch[o.index] = selector.matches(cluster.pods[j].labels) ? 1 : 0
                        }
                        matched = ownerMatch[o.index] == 1
                    } else {
                        matched = selector.matches(cluster.pods[j].labels)
                    }
                    if matched { h[node] += 1 }
                }
            }
        }
        var feasibleNodes: [Int] = []
        for i in 0..<n where !cluster.nodes[i].isRemoved {
            let node = cluster.nodes[i]
            let zoneValue = node.labels[WellKnownLabels.zone] ?? ""
            let z: Int32
            if let known = zoneIndex[zoneValue] {
                z = known
            } else {
                z = Int32(zoneCount.count)
                zoneIndex[zoneValue] = z
                zoneCount.append(0)
                zoneFeasible.append(0)
                zoneHasLabel.append(node.labels[WellKnownLabels.zone] != nil)
            }
            zoneOf[i] = z
            if spread && pod.spec.matchesRequiredNodeAffinity(name: node.name, labels: node.labels) {
                zoneCount[Int(z)] += Int64(h[i])
            }
            taintRaw[i] = Int32(TaintToleration.score(pod.spec, node: node))
            if preferred { affinityRaw[i] = NodeAffinityPlugin.score(preferredTerms, node: node) }
            if feasible(i, pod, cluster, framework) {
                feasibleNodes.append(i)
                zoneFeasible[Int(z)] += 1
            }
        }
        feasibleCount = feasibleNodes.count
        zoneDomains = zoneFeasible.filter { $0 > 0 }.count
        for i in feasibleNodes { insert(i, r: resourceScore(i, cluster, profile)) }
        revision = cluster.nodeRevision
    }

    /// Places `pod` if eligible: returns the bound node, or nil when the pod is not eligible
    /// or fits no node (the caller then runs the full framework for the FitError).
    mutating func place(_ pod: Pod, key: PlacementKey, framework: SchedulingFramework,
                        cluster: inout Cluster) -> NodeID? {
        guard PlacementIndex.eligible(pod, cluster: cluster, framework: framework) else { return nil }
        if key != self.key || revision != cluster.nodeRevision {
            rebuild(pod, key: key, framework: framework, cluster: cluster)
        }
        guard let gk = selectGroup(framework.profile) else { return nil }
        guard var heap = groups.removeValue(forKey: gk), let entry = heap.popMax() else { return nil }
        if !heap.isEmpty { groups[gk] = heap }
        let i = Int(entry.node)
        cluster.bind(pod.id, to: NodeID(i))
        if spread {
            h[i] += 1
            let node = cluster.nodes[i]
            if pod.spec.matchesRequiredNodeAffinity(name: node.name, labels: node.labels) {
                zoneCount[Int(zoneOf[i])] += 1
            }
        }
        if feasible(i, pod, cluster, framework) {
            insert(i, r: resourceScore(i, cluster, framework.profile))
        } else {
            feasibleCount -= 1
            let z = Int(zoneOf[i])
            zoneFeasible[z] -= 1
            if zoneFeasible[z] == 0 { zoneDomains -= 1 }
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

    /// Picks the group holding the best node: highest total score, ties to the lowest index.
    func selectGroup(_ profile: SchedulerProfile) -> GroupKey? {
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
