import HeapModule

/// Building and refreshing a `PlacementIndex`: a full rebuild when the workloads or the key
/// changed (or the zones were renumbered), otherwise a re-evaluation of just the nodes that
/// changed themselves or whose pods changed.
extension PlacementIndex {
    /// Brings the index up to date for `pod` (of `key`) against `cluster`.
    mutating func sync(_ pod: Pod, key: PlacementKey, framework: SchedulingFramework,
                       zones: NodeZones, cluster: Cluster) {
        if key != self.key || workloadCount != cluster.workloads.count
            || daemonSetCount != cluster.daemonSets.count
            || (specRevision != cluster.nodeSpecRevision
                && !zonesExtend(zones, nodes: cluster.nodes.count)) {
            rebuild(pod, key: key, framework: framework, zones: zones, cluster: cluster)
            return
        }
        guard revision != cluster.nodeRevision else { return }
        if specRevision != cluster.nodeSpecRevision {
            syncNodes(zones: zones, framework: framework, cluster: cluster)
        }
        let since = revision
        let dirty = cluster.usage.withUnsafeBufferPointer { usage in
            usage.indices.filter { usage[at: $0].stamp > since }
        }
        // A refresh re-files one node's heap entry, its spread count read from the node's
        // per-owner counts (`NodeUsage.activeByOwner`), not its pods; past a quarter of the
        // nodes a rebuild (a sequential pass over the nodes plus the matching workloads' pods)
        // costs less. (Measured on the churn bench, 5,000 nodes: a sixteenth, an eighth, a
        // quarter, a half of the nodes gave hours of 2.8, 2.1-2.8, 1.7-2.1 and 2.2 s.)
        if dirty.count > max(64, h.count / 4) {
            rebuild(pod, key: key, framework: framework, zones: zones, cluster: cluster)
            return
        }
        for i in dirty { refresh(i, framework: framework, cluster: cluster) }
        revision = cluster.nodeRevision
        // Stale entries only cost memory and the pops that drop them; start afresh once they
        // outnumber the live ones.
        if staleEntries > 4 * max(feasibleCount, 1024) {
            rebuild(pod, key: key, framework: framework, zones: zones, cluster: cluster)
        }
    }

    /// Whether `zones` numbers the nodes the index knows as the index does (only new nodes,
    /// and possibly new zones, added), so node changes can be applied node by node.
    func zonesExtend(_ zones: NodeZones, nodes: Int) -> Bool {
        let known = zoneOf.count
        return specRevision != .max && known <= nodes && zones.zoneOf.count == nodes
            && zones.hasLabel.count >= zoneHasLabel.count
            && zones.zoneOf.prefix(known).elementsEqual(zoneOf)
            && zones.hasLabel.prefix(zoneHasLabel.count).elementsEqual(zoneHasLabel)
    }

    /// Applies the changes of the nodes themselves since the index last looked (added,
    /// removed, labels, taints, cordon, readiness) to just the nodes stamped since then.
    mutating func syncNodes(zones: NodeZones, framework: SchedulingFramework, cluster: Cluster) {
        let known = h.count, n = cluster.nodes.count
        if n > known {
            h += repeatElement(0, count: n - known)
            taintRaw += repeatElement(0, count: n - known)
            affinityRaw += repeatElement(0, count: n - known)
            version += repeatElement(0, count: n - known)
            inGroup += repeatElement(false, count: n - known)
            countsInZone += repeatElement(false, count: n - known)
            zoneOf = zones.zoneOf
        }
        let newZones = zones.hasLabel.count - zoneHasLabel.count
        if newZones > 0 {
            zoneHasLabel = zones.hasLabel
            zoneCount += repeatElement(0, count: newZones)
            zoneFeasible += repeatElement(0, count: newZones)
        }
        let since = specRevision
        let changed = cluster.usage.withUnsafeBufferPointer { usage in
            usage.indices.filter { usage[at: $0].specStamp > since }
        }
        for i in changed { refreshNode(i, framework: framework, cluster: cluster) }
        specRevision = cluster.nodeSpecRevision
    }

    /// Re-evaluates node `i` after the node itself changed: its zone count, taint and
    /// affinity terms, hostname count, feasibility and resource score.
    mutating func refreshNode(_ i: Int, framework: SchedulingFramework, cluster: Cluster) {
        guard let pod else { return }
        withdraw(i)
        if countsInZone[i] {
            zoneCount[Int(zoneOf[i])] -= Int64(h[i])
            countsInZone[i] = false
        }
        if spread { h[i] = matchingPods(on: i, cluster: cluster) }
        taintRaw[i] = 0
        affinityRaw[i] = 0
        let live = cluster.nodes.withUnsafeBufferPointer { nodes in
            if nodes[at: i].isRemoved { return false }
            nodeTerms(i, nodes.pointer(at: i), pod)
            return true
        }
        if live && PlacementIndex.feasible(i, pod, cluster, framework) {
            insert(i, r: resourceScore(i, cluster, framework.profile))
        }
    }

    /// Sets the per-node terms of a live node that depend on the node itself: whether it
    /// counts in its zone's spread count, its raw taint count and preferred-affinity weight.
    /// The node is read in place and passed on whole only where a term needs it.
    mutating func nodeTerms(_ i: Int, _ node: UnsafePointer<Node>, _ pod: Pod) {
        if spread && (!constrained || pod.spec.matchesRequiredNodeAffinity(
            name: node.pointee.name, labels: node.pointee.labels)) {
            countsInZone[i] = true
            zoneCount[Int(zoneOf[i])] += Int64(h[i])
        }
        if !node.pointee.taints.isEmpty || node.pointee.readiness != .ready {
            taintRaw[i] = Int32(TaintToleration.score(pod.spec, node: node.pointee))
        }
        if preferred {
            affinityRaw[i] = NodeAffinityPlugin.score(preferredTerms, node: node.pointee)
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
        guard let selector, let namespace = pod?.namespace else { return 0 }
        if let n = countedMatchingPods(on: node, cluster: cluster) {
            return n
        }
        var n: Int32 = 0
        // Only the fields needed are read, in place: passing a Pod on copies it (retaining
        // every reference in it), which cost more than the count itself.
        cluster.pods.withUnsafeBufferPointer { pods in
            for id in cluster.usage[node].pods
            where pods[at: id.index].deletionTimestamp == nil
                && pods[at: id.index].namespace == namespace
                && matches(id.index, pods, selector, cluster) {
                n += 1
            }
        }
        return n
    }

    /// `matchingPods` from the node's per-owner counts of active pods
    /// (`NodeUsage.activeByOwner`), without reading its pods; nil when a pod must be read (a
    /// bare pod or StatefulSet replica on the node, or an owner whose match is not known yet).
    /// Owners of another namespace are 0 in `ownerMatch` / `daemonMatch` (see `rebuild`).
    func countedMatchingPods(on node: Int, cluster: Cluster) -> Int32? {
        if cluster.usage[node].activeOthers > 0 { return nil }
        var n: Int32 = 0
        for entry in cluster.usage[node].activeByOwner {
            let match: Int8
            if entry.key >= 0 {
                let o = Int(entry.key)
                guard o < ownerMatch.count else { return nil }
                match = ownerMatch[o]
            } else {
                let d = Int(-1 - entry.key)
                guard d < daemonMatch.count else { return nil }
                match = daemonMatch[d]
            }
            if match < 0 { return nil }
            if match == 1 { n += entry.count }
        }
        return n
    }

    /// Whether pod `id` matches `selector`, through the per-owner cache where labels are shared.
    mutating func matches(_ id: PodID, _ selector: LabelSelector, _ cluster: Cluster) -> Bool {
        cluster.pods.withUnsafeBufferPointer { matches(id.index, $0, selector, cluster) }
    }

    /// `matches` for pod `i` of the pod table `pods`, reading its fields in place.
    mutating func matches(_ i: Int, _ pods: UnsafeBufferPointer<Pod>, _ selector: LabelSelector,
                          _ cluster: Cluster) -> Bool {
        if let o = pods[at: i].owner, cluster.workloads[o.index].kind != .statefulSet {
            if ownerMatch[o.index] < 0 {
                ownerMatch[o.index] = selector.matches(pods[at: i].labels) ? 1 : 0
            }
            return ownerMatch[o.index] == 1
        }
        if let d = pods[at: i].daemonSet, d < daemonMatch.count {
            if daemonMatch[d] < 0 { daemonMatch[d] = selector.matches(pods[at: i].labels) ? 1 : 0 }
            return daemonMatch[d] == 1
        }
        return selector.matches(pods[at: i].labels)
    }

    /// Counts the matching bound pods per node, visiting only the pods of workloads and
    /// DaemonSets whose labels match (and every bare pod).
    mutating func countMatchingPods(cluster: Cluster) {
        guard let selector, let pod else { return }
        func add(_ id: PodID) {
            // Fields are read in place: copying the Pod would retain all its references.
            guard let node = cluster.pods[id.index].nodeID, !cluster.pods[id.index].isRemoved,
                  cluster.pods[id.index].deletionTimestamp == nil,
                  cluster.pods[id.index].namespace == pod.namespace,
                  !cluster.nodes[node.index].isRemoved else { return }
            h[node.index] += 1
        }
        for (w, owned) in cluster.ownedPods.enumerated()
        where w < cluster.workloads.count && cluster.workloads[w].namespace == pod.namespace {
            if cluster.workloads[w].kind == .statefulSet {
                for id in owned where selector.matches(cluster.pods[id.index].labels) { add(id) }
            } else if let first = owned.first(where: { !cluster.pods[$0.index].isRemoved }),
                      matches(first, selector, cluster) {
                for id in owned { add(id) }
            }
        }
        for (d, owned) in cluster.daemonPods.enumerated()
        where d < cluster.daemonSets.count && cluster.daemonSets[d].namespace == pod.namespace {
            if let first = owned.first(where: { !cluster.pods[$0.index].isRemoved }),
               matches(first, selector, cluster) {
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
        preferredTerms = NodeAffinityPlugin.preferredTerms(pod.spec, args: profile.nodeAffinity)
        preferred = !preferredTerms.isEmpty
        constrained = pod.spec.hasRequiredNodeAffinity
        selector = profile.spreadDefaultingType == "System"
            ? PodTopologySpread.defaultSelector(for: pod, in: cluster) : nil
        spread = selector != nil
        // Owners of another namespace never match (their pods are of that namespace), which
        // `countedMatchingPods` relies on instead of comparing namespaces per count.
        ownerMatch = cluster.workloads.map { $0.namespace == pod.namespace ? -1 : 0 }
        daemonMatch = cluster.daemonSets.map { $0.namespace == pod.namespace ? -1 : 0 }
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
        byGroup.reserveCapacity(max(groups.capacity, 64))
        // Nodes and their usage are read in place (borrowed), not copied per node.
        cluster.nodes.withUnsafeBufferPointer { nodes in
            cluster.usage.withUnsafeBufferPointer { usage in
                for i in 0..<n where !nodes[at: i].isRemoved {
                    let z = zoneOf[i]
                    nodeTerms(i, nodes.pointer(at: i), pod)
                    guard PlacementIndex.feasible(nodes.pointer(at: i), usage.pointer(at: i), pod,
                                                  framework)
                    else { continue }
                    inGroup[i] = true
                    feasibleCount += 1
                    zoneFeasible[Int(z)] += 1
                    if zoneFeasible[Int(z)] == 1 { zoneDomains += 1 }
                    let gk = GroupKey(h: spread ? h[i] : 0, zone: spread ? z : 0, taint: taintRaw[i],
                                      affinity: affinityRaw[i])
                    let r = resourceScore(nodes.pointer(at: i), usage.pointer(at: i), profile)
                    byGroup[gk, default: []].append(Entry(r: r, node: Int32(i), version: 0))
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
