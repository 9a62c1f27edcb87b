/// The scheduler bound to a cluster: takes pending pods in arrival order, places each on the
/// node kube-scheduler's default profile would choose, or leaves it Pending with a
/// `PodScheduled=False` condition (reason `Unschedulable`) carrying the FitError message.
public struct Scheduler: Sendable {
    /// The framework (profile and plugins).
    public var framework: SchedulingFramework
    /// Placement indexes for pods whose placement can be computed without a node scan, one
    /// per recently used `PlacementKey` (each stays valid across the others' placements).
    var indexes: [PlacementKey: PlacementIndex] = [:]
    /// When each cached index was last used (for evicting the least recently used).
    var indexUse: [PlacementKey: UInt64] = [:]
    /// The index used last and its key, kept out of `indexes` (see `placeIndexed`).
    var current = PlacementIndex()
    var currentKey: PlacementKey?
    var useClock: UInt64 = 0
    /// Node zones as integers, shared by the indexes.
    var zones = NodeZones()
    /// How many node slots the cached indexes may hold in all: an index keeps about 40 bytes
    /// per node (a few per-node arrays and its heaps), so this bounds the cache near 80 MB.
    /// Within it every workload of a large cluster keeps its index: a pod of a workload
    /// placed a while ago then costs a refresh of the nodes changed since, not a rebuild
    /// over every node.
    static let indexCacheNodeBudget = 2_000_000
    /// How many indexes are kept for a cluster of `nodes` nodes (at least 32).
    static func indexCacheSize(nodes: Int) -> Int {
        max(32, indexCacheNodeBudget / max(nodes, 1))
    }
    /// Failure messages cached per pod template while the cluster's nodes are unchanged.
    var failureCache: [PlacementKey: String] = [:]
    var failureCacheRevision: UInt64 = .max
    /// `Cluster.lowestPriority` when the failure cache was filled.
    var failureCacheFloor: Int32 = 0
    /// Pods placed through the placement index (the rest went through a full node scan).
    public internal(set) var indexedPlacements = 0
    /// The preemptions decided by the last `schedulePending` pass, for the caller to carry
    /// out (delete the victims; see `DefaultPreemption`).
    public internal(set) var preemptions: [Preemption] = []

    /// Creates a scheduler with `profile`.
    public init(profile: SchedulerProfile = SchedulerProfile()) {
        framework = SchedulingFramework(profile: profile)
    }

    /// Statistics of the last `schedulePending` call.
    public struct PassResult: Sendable, Equatable {
        /// Pods bound.
        public var scheduled = 0
        /// Pods left Pending.
        public var unschedulable = 0
    }

    /// Tries to place one pending pod. Returns the node it was bound to, or nil.
    @discardableResult
    public mutating func scheduleOne(_ podID: PodID, in cluster: inout Cluster) -> NodeID? {
        let pod = cluster.pods[podID.index]
        guard pod.nodeID == nil, !pod.isRemoved, pod.deletionTimestamp == nil else { return nil }
        if failureCacheRevision != cluster.nodeRevision
            || failureCacheFloor != cluster.lowestPriority {
            failureCache.removeAll(keepingCapacity: true)
            failureCacheRevision = cluster.nodeRevision
            failureCacheFloor = cluster.lowestPriority
        }
        let key = PlacementKey(pod)
        // A pod that may preempt gets no cached verdict: binding pods can create victims.
        let needsPostFilter = DefaultPreemption.needsPostFilter(pod, in: cluster)
        if !needsPostFilter, let message = failureCache[key] {
            cluster.markUnschedulable(podID, message: message)
            return nil
        }
        if cluster.nominatedPods.isEmpty,
           let chosen = placeIndexed(pod, key: key, cluster: &cluster) {
            indexedPlacements += 1
            failureCacheRevision = cluster.nodeRevision
            return chosen
        }
        if let pinned = framework.pinnedNode(pod, in: cluster) {
            cluster.bind(podID, to: pinned)
            failureCacheRevision = cluster.nodeRevision
            return pinned
        }
        switch framework.schedule(pod, in: cluster) {
        case .node(let nodeID):
            cluster.bind(podID, to: nodeID)
            failureCacheRevision = cluster.nodeRevision
            return nodeID
        case .unschedulable(var fit):
            if needsPostFilter {
                postFilter(podID, fit: &fit, in: &cluster)
                cluster.markUnschedulable(podID, message: fit.message)
                return nil
            }
            let message = fit.message
            cluster.markUnschedulable(podID, message: message)
            // Binding more pods cannot make a resource-only pod fit, so its verdict stands
            // until a node changes otherwise; pods with affinity or spread constraints are
            // re-evaluated every time.
            if PlacementIndex.eligible(pod, cluster: cluster, framework: framework) {
                failureCache[key] = message
            }
            return nil
        }
    }

    /// Places `pod` through its key's cached placement index (nil: not eligible, or no node
    /// fits).
    mutating func placeIndexed(_ pod: Pod, key: PlacementKey, cluster: inout Cluster) -> NodeID? {
        guard PlacementIndex.eligible(pod, cluster: cluster, framework: framework) else { return nil }
        zones.update(cluster)
        // Replicas of one workload usually come one after another: the index of the key used
        // last stays out of the dictionary, so a run of them hashes no key.
        if currentKey != key { switchIndex(to: key, nodes: cluster.nodes.count) }
        return current.place(pod, key: key, framework: framework, zones: zones,
                             cluster: &cluster)
    }

    /// Puts the current index back into the cache (stamped as used now) and takes out the one
    /// for `key` (a fresh one if none is cached), evicting the least recently used beyond the
    /// cache size.
    mutating func switchIndex(to key: PlacementKey, nodes: Int) {
        useClock &+= 1
        if let previous = currentKey {
            indexes[previous] = current
            indexUse[previous] = useClock
        }
        current = indexes.removeValue(forKey: key) ?? PlacementIndex()
        indexUse[key] = nil
        currentKey = key
        if indexes.count >= Scheduler.indexCacheSize(nodes: nodes),
           let oldest = indexUse.min(by: { $0.value < $1.value })?.key {
            indexes[oldest] = nil
            indexUse[oldest] = nil
        }
    }

    /// Schedules every pending pod once, in arrival order.
    @discardableResult
    public mutating func schedulePending(_ cluster: inout Cluster) -> PassResult {
        let result = schedule(queueOrder(cluster), in: &cluster)
        cluster.compactPending()
        return result
    }

    /// Schedules the pods `order` lists (popped from a `SchedulingQueue`), one after another;
    /// those bound or removed meanwhile are skipped.
    @discardableResult
    public mutating func schedule(_ order: [PodID], in cluster: inout Cluster) -> PassResult {
        var result = PassResult()
        preemptions.removeAll(keepingCapacity: true)
        cluster.pruneNominations()
        for podID in order {
            if cluster.pods[podID.index].nodeID != nil || cluster.pods[podID.index].isRemoved { continue }
            if scheduleOne(podID, in: &cluster) != nil {
                result.scheduled += 1
            } else {
                result.unschedulable += 1
            }
        }
        cluster.pruneNominations()
        return result
    }
}
