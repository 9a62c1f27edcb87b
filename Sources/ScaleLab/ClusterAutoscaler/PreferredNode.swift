// The price expander's idea of a well-sized node, and how far a template is from it.
// Upstream: cluster-autoscaler/expander/price/preferred.go (SimplePreferredNodeProvider.Node,
// SimpleNodeUnfitness) and price.go (defaultPreferredNode).

/// Gives the node size the price expander prefers for the current cluster.
public protocol PreferredNodeProvider {
    /// The preferred node, or an error when it cannot be worked out.
    func preferredNode() throws -> ExpanderNodeInfo
}

/// "Double node size with every time the cluster size increases 3x" (preferred.go): the preferred
/// node for a cluster of `clusterNodeCount` nodes (all nodes from the lister).
public struct SimplePreferredNodeProvider: PreferredNodeProvider, Sendable {
    /// The number of nodes in the cluster now.
    public var clusterNodeCount: Int

    /// Creates the provider for a cluster of `clusterNodeCount` nodes.
    public init(clusterNodeCount: Int) {
        self.clusterNodeCount = clusterNodeCount
    }

    /// The preferred node for this cluster size (preferred.go, the `size` table).
    public func preferredNode() throws -> ExpanderNodeInfo {
        let mib: Int64 = 1_048_576
        let (cores, memoryMiB): (Int64, Int64)
        switch clusterNodeCount {
        case ...2: (cores, memoryMiB) = (1, 3750)
        case ...6: (cores, memoryMiB) = (2, 7500)
        case ...20: (cores, memoryMiB) = (4, 15000)
        case ...60: (cores, memoryMiB) = (8, 30000)
        case ...200: (cores, memoryMiB) = (16, 60000)
        default: (cores, memoryMiB) = (32, 120000)
        }
        return ExpanderNodeInfo(
            nodeName: "preferred", capacityMilliCPU: cores * 1000,
            capacityMemoryBytes: memoryMiB * mib)
    }

    /// The node the price expander falls back to when the provider fails: 4 CPU, 16 GiB
    /// (price.go, `defaultPreferredNode`).
    public static let defaultPreferredNode = ExpanderNodeInfo(
        nodeName: "preferred", capacityMilliCPU: 4000, capacityMemoryBytes: 16 * 1_073_741_824)
}

/// How badly a node fits the preferred size, ≥ 1 (1 = a perfect fit).
public typealias NodeUnfitness = @Sendable (_ preferred: ExpanderNodeInfo,
    _ evaluated: ExpanderNodeInfo) -> Double

/// `SimpleNodeUnfitness`: the ratio of the larger to the smaller CPU capacity.
public let simpleNodeUnfitness: NodeUnfitness = { preferred, evaluated in
    let preferredCPU = Double(preferred.capacityMilliCPU)
    let nodeCPU = Double(evaluated.capacityMilliCPU)
    return max(preferredCPU / nodeCPU, nodeCPU / preferredCPU)
}
