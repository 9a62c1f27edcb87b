/// An error from a cluster operation (unknown name, bad argument), worded for the user.
public struct ClusterError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The message.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// The cluster model: nodes, pools, pods, workloads and DaemonSets, stored as arrays of
/// structs indexed by integer ids. A `Cluster` is a value: copying it is cheap (copy-on-write
/// arrays) and the copy evolves independently (what-if forks).
public struct Cluster: Sendable {
    /// All nodes ever created, indexed by `NodeID` (removed ones have `isRemoved`).
    public internal(set) var nodes: [Node] = []
    /// Per-node scheduler aggregates, parallel to `nodes`.
    public internal(set) var usage: [NodeUsage] = []
    /// All pods ever created, indexed by `PodID` (removed ones have `isRemoved`).
    public internal(set) var pods: [Pod] = []
    /// Node pools.
    public internal(set) var pools: [NodePool] = []
    /// Workloads with the scale subresource.
    public internal(set) var workloads: [Workload] = []
    /// DaemonSets.
    public internal(set) var daemonSets: [DaemonSet] = []
    /// Namespace labels (for pod affinity namespaceSelector).
    public var namespaceLabels: [String: [String: String]] = [:]
    /// The virtual time (ms) stamped on new objects and condition changes.
    public var now: Int64 = 0
    /// Bumped on every change of node state the scheduler reads (binding, node changes).
    public internal(set) var nodeRevision: UInt64 = 0
    /// Number of bound pods that carry pod (anti-)affinity terms.
    public internal(set) var podsWithAffinity = 0
    /// Pods waiting for the scheduler, in arrival order (may still list pods bound or removed
    /// since it was last compacted; check `nodeID` and `isRemoved`, or read `unboundPods`).
    public internal(set) var pendingPods: [PodID] = []
    /// Pods neither bound nor removed (what `pendingPods` lists once compacted).
    var unboundPods = 0
    /// True once any pod with a non-zero priority was created: until then no pod can preempt
    /// another, and the scheduler skips DefaultPreemption's work (see `PodNomination.swift`).
    public internal(set) var hasPrioritizedPods = false
    /// The lowest priority of any pod created (0 when none is lower): a pod at or below it
    /// has no pod to preempt.
    public internal(set) var lowestPriority: Int32 = 0
    /// Pods with a `nominatedNodeName` (pruned as they bind or go away).
    public internal(set) var nominatedPods: [PodID] = []
    /// Bumped on every change of a node's own state (added, removed, labels, taints, cordon,
    /// readiness) but not on bindings: what the placement index's per-node cache depends on.
    public internal(set) var nodeSpecRevision: UInt64 = 0
    /// Bumped when a pod is created, changes phase or is removed: what the scrape pools'
    /// service discovery (each app's Running pods) depends on, so an unchanged revision
    /// answers it without a pass over the pods.
    public internal(set) var podPhaseRevision: UInt64 = 0
    /// By workload index: bumped when one of its pods is created or changes what a reader of
    /// pod status sees (phase, start time, Ready, deletion, removal), so a reader keeping an
    /// answer per workload (an HPA's pod listing) reads the pods again only after a change.
    var ownedPodsRevision: [UInt64] = []
    /// The pods each workload created, in creation order (removed ones are dropped when the
    /// workload is next reconciled), so a workload's pods are found without a scan of all pods.
    var ownedPods: [[PodID]] = []
    /// The pods each DaemonSet created, in creation order (removed ones dropped lazily).
    var daemonPods: [[PodID]] = []
    /// Pods with neither an owning workload nor a DaemonSet (removed ones dropped lazily).
    var barePods: [PodID] = []
    /// Pods whose deletion began or that were removed since the simulation last took them
    /// (`takeDeletions`), so it reacts without scanning every pod; `deletionsOverflowed`
    /// when more piled up than there are pods (then the taker scans everything).
    var deletions: [PodID] = []
    var deletionsOverflowed = false
    var nodeByName: [String: NodeID] = [:]
    var randomState: UInt64

    /// Creates an empty cluster; `seed` drives pod UIDs and name suffixes.
    public init(seed: UInt64 = 1) {
        randomState = seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x2545_F491_4F6C_DD1D
    }

    /// splitmix64: a seeded, deterministic stream.
    mutating func nextRandom() -> UInt64 {
        randomState &+= 0x9E37_79B9_7F4A_7C15
        var z = randomState
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A 5-character suffix from the alphabet of `utilrand.String`.
    mutating func nameSuffix() -> String {
        var r = nextRandom()
        // Five ASCII bytes: a small string, built without a Character array per call (the
        // array and grapheme iteration were 10% of building a 1,000-pod sizing cluster).
        return String(unsafeUninitializedCapacity: 5) { buffer in
            for i in 0..<5 {
                buffer[i] = Cluster.suffixAlphabet[Int(r % UInt64(Cluster.suffixAlphabet.count))]
                r /= UInt64(Cluster.suffixAlphabet.count)
            }
            return 5
        }
    }

    /// The characters of generated name suffixes, as UTF-8 bytes.
    static let suffixAlphabet = Array("bcdfghjklmnpqrstvwxz2456789".utf8)

    // MARK: Nodes

    /// Live (not removed) node ids.
    public var liveNodes: [NodeID] {
        // Indexes in place: filtering `nodes` would copy every Node (labels, taints, ...).
        var ids: [NodeID] = []
        ids.reserveCapacity(nodes.count)
        for i in nodes.indices where !nodes[i].isRemoved { ids.append(NodeID(i)) }
        return ids
    }

    /// Live pod ids.
    public var livePods: [PodID] { pods.filter { !$0.isRemoved }.map(\.id) }

    /// Calls `body` with the address of every pod of the table (removed ones too), valid only
    /// during the call: reading `pointee`'s fields reads the table in place, where a `for pod
    /// in pods` loop (or a closure taking a `Pod`, even `borrowing`) copies each pod — retains
    /// its strings, labels and spec — which was a tenth of analyzing a 1,000-pod sizing option.
    func forEachPod(_ body: (UnsafePointer<Pod>) throws -> Void) rethrows {
        try pods.withUnsafeBufferPointer { table in
            guard let base = table.baseAddress else { return }
            for i in 0..<table.count { try body(base + i) }
        }
    }

    /// Makes room for `count` pods in all, so creating them does not regrow (and copy) the
    /// pod table along the way.
    mutating func reservePodCapacity(_ count: Int) { pods.reserveCapacity(count) }

    /// The node named `name`.
    public func node(named name: String) -> NodeID? { nodeByName[name] }

    /// Adds one node. Its `kubernetes.io/hostname` label defaults to its name (as the kubelet
    /// sets it) unless `hostnameLabel` is false.
    @discardableResult
    public mutating func addNode(name: String, labels: [String: String] = [:], taints: [Taint] = [],
                                 allocatable: ResourceList, capacity: ResourceList? = nil,
                                 unschedulable: Bool = false, pool: Int? = nil,
                                 hostnameLabel: Bool = true) throws -> NodeID {
        if nodeByName[name] != nil { throw ClusterError("node \"\(name)\" already exists") }
        let id = NodeID(nodes.count)
        var node = Node(id: id, name: name, labels: labels, taints: taints,
                        allocatable: allocatable, capacity: capacity)
        if hostnameLabel && node.labels[WellKnownLabels.hostname] == nil && !name.isEmpty {
            node.labels[WellKnownLabels.hostname] = name
        }
        node.unschedulable = unschedulable
        node.pool = pool
        node.creationTime = now
        nodes.append(node)
        usage.append(NodeUsage())
        nodeByName[name] = id
        nodeSpecChanged(id)
        return id
    }

    /// Adds a pool and creates its `count` nodes, zones assigned round-robin; every node gets
    /// the hostname, zone and instance-type labels plus the pool's labels and taints.
    @discardableResult
    public mutating func addPool(_ pool: NodePool) throws -> Int {
        if pools.contains(where: { $0.name == pool.name }) {
            throw ClusterError("node pool \"\(pool.name)\" already exists")
        }
        if pool.count < 0 { throw ClusterError("node pool \"\(pool.name)\": count must be >= 0") }
        try ClusterLimits.checkPool(pool.name, count: pool.count)
        pools.append(pool)
        let index = pools.count - 1
        try resizePool(index, to: pool.count)
        return index
    }

    /// Grows or shrinks pool `index` to `count` nodes (shrinking removes the newest nodes).
    public mutating func resizePool(_ index: Int, to count: Int) throws {
        guard pools.indices.contains(index) else { throw ClusterError("no node pool #\(index)") }
        try ClusterLimits.checkPool(pools[index].name, count: count)
        var members = nodes.filter { $0.pool == index && !$0.isRemoved }.map(\.id)
        while members.count < count {
            let pool = pools[index]
            let ordinal = pool.created
            pools[index].created += 1
            var labels = pool.labels
            labels[WellKnownLabels.instanceType] = pool.instanceType
            labels["node.kubernetes.io/pool"] = pool.name
            if !pool.zones.isEmpty {
                labels[WellKnownLabels.zone] = pool.zones[ordinal % pool.zones.count]
            }
            let id = try addNode(name: "\(pool.name)-\(ordinal)", labels: labels,
                                 taints: pool.taints, allocatable: pool.allocatable,
                                 capacity: pool.capacity, pool: index)
            members.append(id)
        }
        while members.count > count, let last = members.popLast() {
            removeNode(last)
        }
        pools[index].count = count
    }

    /// Removes a node; its pods are deleted at once (their controllers create replacements).
    public mutating func removeNode(_ id: NodeID) {
        guard nodes.indices.contains(id.index), !nodes[id.index].isRemoved else { return }
        for pod in usage[id.index].pods { removePod(pod) }
        nodes[id.index].isRemoved = true
        nodeByName[nodes[id.index].name] = nil
        nodeSpecChanged(id)
    }

    /// Notes a change of node `id`'s own state (added, removed, labels, taints, cordon,
    /// readiness): bumps both revisions and stamps the node, so caches re-evaluate just it.
    mutating func nodeSpecChanged(_ id: NodeID) {
        nodeRevision &+= 1
        nodeSpecRevision &+= 1
        usage[id.index].specStamp = nodeSpecRevision
    }

    /// Cordons (`true`) or uncordons a node (`spec.unschedulable`).
    public mutating func setUnschedulable(_ id: NodeID, _ value: Bool) {
        nodes[id.index].unschedulable = value
        nodeSpecChanged(id)
    }

    /// Sets a node's `Ready` condition.
    public mutating func setReadiness(_ id: NodeID, _ value: NodeReadiness) {
        nodes[id.index].readiness = value
        nodeSpecChanged(id)
    }

    /// Replaces a node's taints.
    public mutating func setTaints(_ id: NodeID, _ taints: [Taint]) {
        nodes[id.index].taints = taints
        nodeSpecChanged(id)
    }

    /// Sets one node label.
    public mutating func setLabel(_ id: NodeID, key: String, value: String?) {
        nodes[id.index].labels[key] = value
        nodeSpecChanged(id)
    }

    // MARK: Pods

    /// Creates a pod (unbound unless `nodeID` is given, in which case it is bound at once,
    /// as for a pod with `spec.nodeName` set).
    @discardableResult
    public mutating func createPod(name: String, namespace: String = "default",
                                   labels: [String: String] = [:], spec: PodSpec,
                                   requests: PodRequests? = nil, owner: WorkloadID? = nil,
                                   nodeID: NodeID? = nil) -> PodID {
        createPod(name: name, namespace: namespace, labels: labels, spec: spec, requests: requests,
                  owner: owner, daemonSet: nil, nodeID: nodeID)
    }

    /// Creates a pod, registered with its workload or DaemonSet.
    @discardableResult
    mutating func createPod(name: String, namespace: String, labels: [String: String],
                            spec: PodSpec, requests: PodRequests?, owner: WorkloadID?,
                            daemonSet: Int?, nodeID: NodeID?) -> PodID {
        let id = PodID(pods.count)
        var pod = Pod(id: id, name: name, namespace: namespace, labels: labels, uid: nextRandom(),
                      spec: spec, requests: requests ?? PodRequests(spec), creationTime: now)
        pod.owner = owner
        pod.daemonSet = daemonSet
        if spec.priority != 0 {
            hasPrioritizedPods = true
            lowestPriority = min(lowestPriority, spec.priority)
        }
        pods.append(pod)
        unboundPods += 1
        podPhaseRevision &+= 1
        ownedPodsChanged(id.index)
        if let owner {
            while ownedPods.count <= owner.index { ownedPods.append([]) }
            ownedPods[owner.index].append(id)
        } else if let daemonSet {
            while daemonPods.count <= daemonSet { daemonPods.append([]) }
            daemonPods[daemonSet].append(id)
        } else {
            barePods.append(id)
        }
        if let nodeID {
            bind(id, to: nodeID)
        } else {
            pendingPods.append(id)
        }
        return id
    }

    /// Binds a pod to a node (`spec.nodeName`, `PodScheduled=True`) and adds its requests to
    /// the node's aggregates.
    public mutating func bind(_ podID: PodID, to nodeID: NodeID) {
        guard pods[podID.index].nodeID == nil else { return }
        unboundPods -= 1
        pods[podID.index].nodeID = nodeID
        pods[podID.index].scheduledCondition = PodCondition(
            type: "PodScheduled", status: "True", lastTransitionTime: now)
        let req = pods[podID.index].requests
        let hasAffinity = pods[podID.index].hasPodAffinityTerms
        usage[nodeID.index].requested.add(req.requests)
        usage[nodeID.index].nonZeroMilliCPU += req.nonZeroMilliCPU
        usage[nodeID.index].nonZeroMemory += req.nonZeroMemory
        usage[nodeID.index].pods.append(podID)
        if pods[podID.index].deletionTimestamp == nil { countActive(podID, on: nodeID.index, 1) }
        if hasAffinity {
            usage[nodeID.index].podsWithAffinity += 1
            podsWithAffinity += 1
        }
        nodeRevision &+= 1
        usage[nodeID.index].stamp = nodeRevision
    }

    /// Records the scheduler's verdict on an unschedulable pod (`PodScheduled=False`).
    public mutating func markUnschedulable(_ podID: PodID, message: String) {
        let previous = pods[podID.index].scheduledCondition
        if previous?.status == "False" && previous?.message == message { return }
        pods[podID.index].scheduledCondition = PodCondition(
            type: "PodScheduled", status: "False", reason: "Unschedulable", message: message,
            lastTransitionTime: previous?.status == "False" ? previous?.lastTransitionTime ?? now : now)
    }

    /// Sets a pod's phase (and `status.startTime` when it first leaves Pending on a node).
    public mutating func setPhase(_ podID: PodID, _ phase: PodPhase) {
        if pods[podID.index].startTime == nil && pods[podID.index].nodeID != nil {
            pods[podID.index].startTime = now
        }
        if pods[podID.index].phase != phase { podPhaseRevision &+= 1 }
        pods[podID.index].phase = phase
        ownedPodsChanged(podID.index)
    }

    /// Sets a pod's `Ready` condition.
    public mutating func setReady(_ podID: PodID, _ ready: Bool, reason: String = "",
                                  message: String = "") {
        let status = ready ? "True" : "False"
        if pods[podID.index].readyCondition?.status == status { return }
        pods[podID.index].readyCondition = PodCondition(
            type: "Ready", status: status, reason: reason, message: message,
            lastTransitionTime: now)
        ownedPodsChanged(podID.index)
    }

    /// Starts a graceful deletion (`metadata.deletionTimestamp`); the pod keeps its node
    /// resources until `removePod`. An unbound pod is removed at once.
    public mutating func beginDeletion(_ podID: PodID) {
        guard !pods[podID.index].isRemoved else { return }
        if pods[podID.index].nodeID == nil {
            removePod(podID)
            return
        }
        if pods[podID.index].deletionTimestamp == nil {
            pods[podID.index].deletionTimestamp = now
            ownedPodsChanged(podID.index)
            if let nodeID = pods[podID.index].nodeID { countActive(podID, on: nodeID.index, -1) }
            noteDeletion(podID)
            nodeRevision &+= 1
            if let nodeID = pods[podID.index].nodeID { usage[nodeID.index].stamp = nodeRevision }
        }
    }

    /// Removes a pod from the cluster, releasing its node resources.
    public mutating func removePod(_ podID: PodID) {
        guard !pods[podID.index].isRemoved else { return }
        if let nodeID = pods[podID.index].nodeID {
            let req = pods[podID.index].requests
            usage[nodeID.index].requested.subtract(req.requests)
            usage[nodeID.index].nonZeroMilliCPU -= req.nonZeroMilliCPU
            usage[nodeID.index].nonZeroMemory -= req.nonZeroMemory
            if let at = usage[nodeID.index].pods.firstIndex(of: podID) {
                usage[nodeID.index].pods.remove(at: at)
                if pods[podID.index].deletionTimestamp == nil {
                    countActive(podID, on: nodeID.index, -1)
                }
            }
            if pods[podID.index].hasPodAffinityTerms {
                usage[nodeID.index].podsWithAffinity -= 1
                podsWithAffinity -= 1
            }
            nodeRevision &+= 1
            usage[nodeID.index].stamp = nodeRevision
        }
        // An unbound pod stays in `pendingPods` until a scheduling pass compacts the list.
        if pods[podID.index].nodeID == nil { unboundPods -= 1 }
        pods[podID.index].isRemoved = true
        podPhaseRevision &+= 1
        ownedPodsChanged(podID.index)
        noteDeletion(podID)
    }

    /// Bumps the revision of the workload owning pod `index`, if any.
    private mutating func ownedPodsChanged(_ index: Int) {
        guard let owner = pods[index].owner?.index else { return }
        if ownedPodsRevision.count <= owner {
            ownedPodsRevision.append(contentsOf: repeatElement(0, count: owner + 1
                - ownedPodsRevision.count))
        }
        ownedPodsRevision[owner] &+= 1
    }

    /// The revision of `owner`'s pods (see `ownedPodsRevision`).
    func ownedPodsRevision(of owner: WorkloadID) -> UInt64 {
        owner.index < ownedPodsRevision.count ? ownedPodsRevision[owner.index] : 0
    }

    /// Journals a deletion for `takeDeletions`.
    mutating func noteDeletion(_ id: PodID) {
        if deletionsOverflowed { return }
        if deletions.count >= max(1_024, pods.count) {
            deletions.removeAll()
            deletionsOverflowed = true
            return
        }
        deletions.append(id)
    }

    /// The pods whose deletion began or that were removed since the last call (pod indices,
    /// possibly repeated), or every index below `all` when the journal overflowed.
    mutating func takeDeletions(all: Int) -> [Int] {
        defer {
            deletions.removeAll(keepingCapacity: true)
            deletionsOverflowed = false
        }
        if deletionsOverflowed { return Array(0..<all) }
        return deletions.map(\.index).filter { $0 < all }
    }

    /// Drops bound and removed pods from the pending queue (after a scheduling pass).
    mutating func compactPending() {
        pendingPods.removeAll { pods[$0.index].nodeID != nil || pods[$0.index].isRemoved }
    }

    /// `compactPending` once at least half of `pendingPods` is bound or removed, so a pass
    /// that tries a few pods does not walk every pending one (amortized O(1) per pod).
    mutating func compactPendingIfSparse() {
        if pendingPods.count >= 64 && unboundPods * 2 < pendingPods.count { compactPending() }
    }
}
