// The inputs of the Cluster Autoscaler's expanders: one expansion option per node group that could
// take the pending pods, plus what the expanders know of each group's template node.
// Upstream: cluster-autoscaler/expander/expander.go (type Option, Filter, Strategy).

/// A pod as the expanders see it: the name (pricing models may look pods up by it) and its
/// effective requests (k8s `resourcehelper.PodRequests`), CPU in millicores and memory in bytes.
public struct ExpanderPod: Sendable, Equatable {
    /// The pod's name.
    public var name: String
    /// The pod's effective CPU request in millicores.
    public var milliCPU: Int64
    /// The pod's effective memory request in bytes.
    public var memoryBytes: Int64

    /// Creates a pod description.
    public init(name: String = "", milliCPU: Int64 = 0, memoryBytes: Int64 = 0) {
        self.name = name
        self.milliCPU = milliCPU
        self.memoryBytes = memoryBytes
    }
}

/// One way to scale up: add `nodeCount` nodes to node group `nodeGroupID`, which would let the
/// listed pods schedule. Mirrors `expander.Option` (NodeGroup, NodeCount, Debug, Pods,
/// SimilarNodeGroups).
public struct ExpansionOption: Sendable, Equatable {
    /// The id of the node group to grow.
    public var nodeGroupID: String
    /// How many nodes the estimator says the group needs.
    public var nodeCount: Int
    /// The pending pods that would schedule on the new nodes.
    public var pods: [ExpanderPod]
    /// A human-readable description; the price expander appends its score to it.
    public var debug: String
    /// Whether the node group exists already (`NodeGroup.Exist()`); a group the autoscaler would
    /// have to create (node auto-provisioning) costs double in the price expander.
    public var nodeGroupExists: Bool
    /// Ids of node groups similar to this one (balance-similar-node-groups).
    public var similarNodeGroupIDs: [String]

    /// Creates an option; `debug` defaults to the node group id.
    public init(
        nodeGroupID: String, nodeCount: Int, pods: [ExpanderPod] = [], debug: String? = nil,
        nodeGroupExists: Bool = true, similarNodeGroupIDs: [String] = []
    ) {
        self.nodeGroupID = nodeGroupID
        self.nodeCount = nodeCount
        self.pods = pods
        self.debug = debug ?? nodeGroupID
        self.nodeGroupExists = nodeGroupExists
        self.similarNodeGroupIDs = similarNodeGroupIDs
    }
}

/// What the expanders know of a node group's template node (the `nodeInfos` map of
/// `BestOptions`, keyed by node group id).
public struct ExpanderNodeInfo: Sendable, Equatable {
    /// The template node's name (pricing models may look nodes up by it).
    public var nodeName: String
    /// The template node's CPU capacity in millicores.
    public var capacityMilliCPU: Int64
    /// The template node's memory capacity in bytes.
    public var capacityMemoryBytes: Int64
    /// Whether the node has a GPU (the provider's GPU label, or a nonzero GPU allocatable):
    /// `gpu.NodeHasGpu`.
    public var hasGPU: Bool

    /// Creates a template-node description.
    public init(
        nodeName: String, capacityMilliCPU: Int64, capacityMemoryBytes: Int64,
        hasGPU: Bool = false
    ) {
        self.nodeName = nodeName
        self.capacityMilliCPU = capacityMilliCPU
        self.capacityMemoryBytes = capacityMemoryBytes
        self.hasGPU = hasGPU
    }
}

/// What every expander filter is given besides the options: the template nodes and the source
/// of randomness for `random` (seeded, so a run is reproducible).
public struct ExpanderContext {
    /// Template node of each node group, keyed by node group id.
    public var nodeInfos: [String: ExpanderNodeInfo]
    /// The seeded random source the `random` expander draws from.
    public var random: any RandomNumberGenerator

    /// Creates a context.
    public init(nodeInfos: [String: ExpanderNodeInfo], random: any RandomNumberGenerator) {
        self.nodeInfos = nodeInfos
        self.random = random
    }

    /// A uniform index in `0..<count` (Go: `rand.Int31n(int32(len(options)))`).
    mutating func randomIndex(below count: Int) -> Int {
        Int.random(in: 0..<count, using: &random)
    }
}
