// The least-waste expander, the default since cluster-autoscaler 1.33.
// Upstream: cluster-autoscaler/expander/waste/waste.go (BestOptions, resourcesForPods,
// resourcesForNode).

/// `least-waste`: keeps the options that leave the least CPU and memory unused on the new nodes.
public struct LeastWasteFilter: ExpanderFilter {
    /// Creates the filter.
    public init() {}

    /// The waste score of one option: unused share of CPU plus unused share of memory over all
    /// the new nodes, using the template node's **capacity**, not allocatable (waste.go).
    public static func wasteScore(_ option: ExpansionOption, node: ExpanderNodeInfo) -> Double {
        var requestedCPU: Int64 = 0
        var requestedMemory: Int64 = 0
        for pod in option.pods {
            requestedCPU += pod.milliCPU
            requestedMemory += pod.memoryBytes
        }
        let availCPU = node.capacityMilliCPU * Int64(option.nodeCount)
        let availMemory = node.capacityMemoryBytes * Int64(option.nodeCount)
        let wastedCPU = Double(availCPU - requestedCPU) / Double(availCPU)
        let wastedMemory = Double(availMemory - requestedMemory) / Double(availMemory)
        return wastedCPU + wastedMemory
    }

    /// The options tied (exactly) at the lowest waste score, in input order.
    public func bestOptions(_ options: [ExpansionOption], context: inout ExpanderContext)
        -> [ExpansionOption]
    {
        var leastWaste = 0.0
        var best: [ExpansionOption]? = nil
        for option in options {
            // waste.go: "No node info for node group" is logged and the option skipped.
            guard let node = context.nodeInfos[option.nodeGroupID] else { continue }
            let score = Self.wasteScore(option, node: node)
            if let current = best, score == leastWaste {
                best = current + [option]
            } else if best == nil || score < leastWaste {
                leastWaste = score
                best = [option]
            }
        }
        return best ?? []
    }
}
