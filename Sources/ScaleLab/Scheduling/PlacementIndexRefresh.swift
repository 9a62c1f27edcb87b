import HeapModule

/// Building and refreshing a `PlacementIndex`: a full rebuild when the nodes, the workloads or
/// the key changed, otherwise a re-evaluation of just the nodes whose pods changed.
extension PlacementIndex {
    /// Brings the index up to date for `pod` (of `key`) against `cluster`.
    mutating func sync(_ pod: Pod, key: PlacementKey, framework: SchedulingFramework,
                       zones: NodeZones, cluster: Cluster) {
        if key != self.key || specRevision != cluster.nodeSpecRevision
            || workloadCount != cluster.workloads.count
            || daemonSetCount != cluster.daemonSets.count
            || h.count != cluster.nodes.count {
            rebuild(pod, key: key, framework: framework, zones: zones, cluster: cluster)
            return
        }
        guard revision != cluster.nodeRevision else { return }
        let since = revision
        let dirty = cluster.usage.withUnsafeBufferPointer { usage in
            usage.indices.filter { usage[$0].stamp > since }
        }
        for i in dirty { refresh(i, framework: framework, cluster: cluster) }
        revision = cluster.nodeRevision
        // Stale entries only cost memory and the pops that drop them; start afresh once they
        // outnumber the live ones.
        if staleEntries > 4 * max(feasibleCount, 1024) {
            rebuild(pod, key: key, framework: framework, zones: zones, cluster: cluster)
        }
    }

    /// Re-evaluates node `i` after its pods changed: hostname count, zone count, feasibility
    /// and resource score.
    mutating func refresh(_ i: Int, framework: SchedulingFramework, cluster: Cluster) {
        guard let pod else { return }
        withdraw(i)
        if spread {
            let now = matchingPods(on: i, cluster: cluster)
            if countsInZone[i] { zoneCount[Int(zoneOf[i])] += Int64(now - h[i]) }
            h[i] = now
        }
        if PlacementIndex.feasible(i, pod, cluster, framework) {
            insert(i, r: resourceScore(i, cluster, framework.profile))
        }
    }

    /// countPodsMatchSelector on one node: same-namespace, non-terminating bound pods the
    /// default selector matches. Replicas of a Deployment, ReplicaSet or ReplicationController
    /// (and the pods of one DaemonSet) share their labels, so the match is decided once per
    /// owner.
    mutating func matchingPods(on node: Int, cluster: Cluster) -> Int32 {
        guard let selector, let pod else { return 0 }
        var n: Int32 = 0
        for id in cluster.usage[node].pods {
            let other = cluster.pods[id.index]
            if other.deletionTimestamp != nil || other.namespace != pod.namespace { continue }
            if matches(other, selector, cluster) { n += 1 }
        }
        return n
    }

    /// Whether `other` matches `selector`, through the per-owner cache where labels are shared.
    mutating func matches(_ other: Pod, _ selector: LabelSelector, _ cluster: Cluster) -> Bool {
        if let o = other.owner, cluster.workloads[o.index].kind != .statefulSet {
            if ownerMatch[o.index] < 0 { ownerMatch[o.index] = selector.matches(other.labels) ? 1 : 0 }
            return ownerMatch[o.index] == 1
        }
        if let d = other.daemonSet, d < daemonMatch.count {
            if daemonMatch[d] < 0 { daemonMatch[d] = selector.matches(other.labels) ? 1 : 0 }
            return daemonMatch[d] == 1
        }
        return selector.matches(other.labels)
    }

    /// Counts the matching bound pods per node, visiting only the pods of workloads and
    /// DaemonSets whose labels match (and every bare pod).
    mutating func countMatchingPods(cluster: Cluster) {
        guard let selector, let pod else { return }
        func add(_ id: PodID) {
            let p = cluster.pods[id.index]
            guard let node = p.nodeID, !p.isRemoved, p.deletionTimestamp == nil,
                  p.namespace == pod.namespace, !cluster.nodes[node.index].isRemoved else { return }
            h[node.index] += 1
        }
        for (w, owned) in cluster.ownedPods.enumerated()
        where w < cluster.workloads.count && cluster.workloads[w].namespace == pod.namespace {
            if cluster.workloads[w].kind == .statefulSet {
                for id in owned where selector.matches(cluster.pods[id.index].labels) { add(id) }
            } else if let first = owned.first(where: { !cluster.pods[$0.index].isRemoved }),
                      matches(cluster.pods[first.index], selector, cluster) {
                for id in owned { add(id) }
            }
        }
        for (d, owned) in cluster.daemonPods.enumerated()
        where d < cluster.daemonSets.count && cluster.daemonSets[d].namespace == pod.namespace {
            if let first = owned.first(where: { !cluster.pods[$0.index].isRemoved }),
               matches(cluster.pods[first.index], selector, cluster) {
                for id in owned { add(id) }
            }
        }
        for id in cluster.barePods where selector.matches(cluster.pods[id.index].labels) { add(id) }
    }

    /// Rebuilds the index for `pod`'s key.
    mutating func rebuild(_ pod: Pod, key: PlacementKey, framework: SchedulingFramework,
                          zones: NodeZones, cluster: Cluster) {
        let profile = framework.profile
        self.key = key
        self.pod = pod
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
        selector = profile.spreadDefaultingType == "System"
            ? PodTopologySpread.defaultSelector(for: pod, in: cluster) : nil
        spread = selector != nil
        ownerMatch = [Int8](repeating: -1, count: cluster.workloads.count)
        daemonMatch = [Int8](repeating: -1, count: cluster.daemonSets.count)
        h = [Int32](repeating: 0, count: n)
        taintRaw = [Int32](repeating: 0, count: n)
        affinityRaw = [Int64](repeating: 0, count: n)
        version = [UInt32](repeating: 0, count: n)
        inGroup = [Bool](repeating: false, count: n)
        countsInZone = [Bool](repeating: false, count: n)
        zoneOf = zones.zoneOf
        zoneHasLabel = zones.hasLabel
        zoneCount = [Int64](repeating: 0, count: zones.hasLabel.count)
        zoneFeasible = [Int](repeating: 0, count: zones.hasLabel.count)
        zoneDomains = 0
        feasibleCount = 0
        staleEntries = 0
        if spread { countMatchingPods(cluster: cluster) }
        var byGroup: [GroupKey: [Entry]] = [:]
        let constrained = pod.spec.hasRequiredNodeAffinity
        // Nodes and their usage are read in place (borrowed), not copied per node.
        cluster.nodes.withUnsafeBufferPointer { nodes in
            cluster.usage.withUnsafeBufferPointer { usage in
                for i in 0..<n where !nodes[i].isRemoved {
                    let z = zoneOf[i]
                    if spread && (!constrained || pod.spec.matchesRequiredNodeAffinity(
                        name: nodes[i].name, labels: nodes[i].labels)) {
                        countsInZone[i] = true
                        zoneCount[Int(z)] += Int64(h[i])
                    }
                    if !nodes[i].taints.isEmpty || nodes[i].readiness != .ready {
                        taintRaw[i] = Int32(TaintToleration.score(pod.spec, node: nodes[i]))
                    }
                    if preferred {
                        affinityRaw[i] = NodeAffinityPlugin.score(preferredTerms, node: nodes[i])
                    }
                    guard PlacementIndex.feasible(nodes[i], usage[i], pod, framework) else { continue }
                    inGroup[i] = true
                    feasibleCount += 1
                    zoneFeasible[Int(z)] += 1
                    if zoneFeasible[Int(z)] == 1 { zoneDomains += 1 }
                    let gk = GroupKey(h: spread ? h[i] : 0, zone: spread ? z : 0, taint: taintRaw[i],
                                      affinity: affinityRaw[i])
                    byGroup[gk, default: []].append(Entry(
                        r: resourceScore(nodes[i], usage[i], profile), node: Int32(i), version: 0))
                }
            }
        }
        for (gk, entries) in byGroup { groups[gk] = Heap(entries) }
        revision = cluster.nodeRevision
        specRevision = cluster.nodeSpecRevision
        workloadCount = cluster.workloads.count
        daemonSetCount = cluster.daemonSets.count
    }
}
