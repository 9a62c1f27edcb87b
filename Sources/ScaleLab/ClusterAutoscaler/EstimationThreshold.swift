// Limits on one binpacking estimation: how many nodes it may add and how long it may run.
// Upstream: cluster-autoscaler/estimator/threshold.go (Threshold), static_threshold.go,
// cluster_capacity_threshold.go, sng_capacity_threshold.go, estimation_context.go.

/// A node group's size bounds as the estimator sees them (`cloudprovider.NodeGroup`:
/// MinSize, MaxSize, TargetSize).
public struct NodeGroupSize: Sendable, Equatable {
    /// The node group id.
    public var id: String
    /// The smallest size the group may have.
    public var minSize: Int
    /// The largest size the group may have.
    public var maxSize: Int
    /// The size the group is asked to have now.
    public var targetSize: Int

    /// Creates a size description.
    public init(id: String, minSize: Int = 0, maxSize: Int, targetSize: Int) {
        self.id = id
        self.minSize = minSize
        self.maxSize = maxSize
        self.targetSize = targetSize
    }
}

/// What an estimation knows of the cluster (`estimator.EstimationContext`).
public struct EstimationContext: Sendable, Equatable {
    /// Node groups similar to the one being estimated (balance-similar-node-groups).
    public var similarNodeGroups: [NodeGroupSize]
    /// Nodes in the cluster now.
    public var currentNodeCount: Int
    /// `--max-nodes-total` (0 = no limit).
    public var clusterMaxNodeLimit: Int

    /// Creates a context.
    public init(
        similarNodeGroups: [NodeGroupSize] = [], currentNodeCount: Int = 0,
        clusterMaxNodeLimit: Int = 0
    ) {
        self.similarNodeGroups = similarNodeGroups
        self.currentNodeCount = currentNodeCount
        self.clusterMaxNodeLimit = clusterMaxNodeLimit
    }
}

/// One limit on an estimation. For both limits 0 means "no limit" and a negative value means
/// "add nothing" (`estimator.Threshold`). Durations are in nanoseconds, as Go's
/// `time.Duration`.
public protocol EstimationThreshold {
    /// The most nodes the estimation may add.
    func nodeLimit(nodeGroup: NodeGroupSize?, context: EstimationContext?) -> Int
    /// The longest the estimation may run, in nanoseconds.
    func durationLimit(nodeGroup: NodeGroupSize?, context: EstimationContext?) -> Int64
}

/// Fixed limits: `--max-nodes-per-scaleup` (default 1000) and
/// `--max-nodegroup-binpacking-duration` (default 10s) (static_threshold.go).
public struct StaticThreshold: EstimationThreshold, Sendable {
    /// The node limit.
    public var maxNodes: Int
    /// The duration limit in nanoseconds.
    public var maxDurationNanoseconds: Int64

    /// Creates the threshold.
    public init(maxNodes: Int, maxDurationNanoseconds: Int64) {
        self.maxNodes = maxNodes
        self.maxDurationNanoseconds = maxDurationNanoseconds
    }

    /// The autoscaler's defaults: 1000 nodes per scale-up, 10 s of binpacking per node group.
    public static let defaults = StaticThreshold(
        maxNodes: 1000, maxDurationNanoseconds: 10_000_000_000)

    /// `maxNodes`.
    public func nodeLimit(nodeGroup: NodeGroupSize?, context: EstimationContext?) -> Int {
        maxNodes
    }

    /// `maxDuration`.
    public func durationLimit(nodeGroup: NodeGroupSize?, context: EstimationContext?) -> Int64 {
        maxDurationNanoseconds
    }
}

/// `--max-nodes-total`: an estimation may add only what the cluster has left
/// (cluster_capacity_threshold.go).
public struct ClusterCapacityThreshold: EstimationThreshold, Sendable {
    /// Creates the threshold.
    public init() {}

    /// 0 without a context or without a cluster limit; -1 when the cluster is full (or the limit
    /// is negative); otherwise the nodes left.
    public func nodeLimit(nodeGroup: NodeGroupSize?, context: EstimationContext?) -> Int {
        guard let context, context.clusterMaxNodeLimit != 0 else { return 0 }
        if context.clusterMaxNodeLimit < 0
            || context.clusterMaxNodeLimit <= context.currentNodeCount
        {
            return -1
        }
        return context.clusterMaxNodeLimit - context.currentNodeCount
    }

    /// No duration limit.
    public func durationLimit(nodeGroup: NodeGroupSize?, context: EstimationContext?) -> Int64 {
        0
    }
}

/// The room left in this node group and its similar groups, `Σ max(0, MaxSize − TargetSize)`
/// (sng_capacity_threshold.go).
public struct SimilarNodeGroupCapacityThreshold: EstimationThreshold, Sendable {
    /// Creates the threshold.
    public init() {}

    /// 0 without a context; -1 when no group has room; otherwise the total room.
    public func nodeLimit(nodeGroup: NodeGroupSize?, context: EstimationContext?) -> Int {
        guard let context else { return 0 }
        var groups = context.similarNodeGroups
        if let nodeGroup { groups.append(nodeGroup) }
        var total = 0
        for group in groups {
            total += max(0, group.maxSize - group.targetSize)
        }
        return total <= 0 ? -1 : total
    }

    /// No duration limit.
    public func durationLimit(nodeGroup: NodeGroupSize?, context: EstimationContext?) -> Int64 {
        0
    }
}
