// The two expanders that only count: most-pods and least-nodes.
// Upstream: cluster-autoscaler/expander/mostpods/mostpods.go (BestOptions) and
// expander/leastnodes/leastnodes.go (BestOptions).

/// `most-pods`: keeps the options that schedule the most pods, in input order.
public struct MostPodsFilter: ExpanderFilter {
    /// Creates the filter.
    public init() {}

    /// The options tied at the largest pod count.
    public func bestOptions(_ options: [ExpansionOption], context: inout ExpanderContext)
        -> [ExpansionOption]
    {
        // mostpods.go: maxPods starts at 0 and uses >, then ==, so options with no pods are
        // kept until one with pods appears.
        var maxPods = 0
        var best: [ExpansionOption] = []
        for option in options {
            if option.pods.count > maxPods {
                maxPods = option.pods.count
                best = [option]
            } else if option.pods.count == maxPods {
                best.append(option)
            }
        }
        return best
    }
}

/// `least-nodes`: keeps the options that add the fewest nodes, in input order.
public struct LeastNodesFilter: ExpanderFilter {
    /// Creates the filter.
    public init() {}

    /// The options tied at the smallest positive node count.
    public func bestOptions(_ options: [ExpansionOption], context: inout ExpanderContext)
        -> [ExpansionOption]
    {
        var leastNodes = -1
        var best: [ExpansionOption] = []
        for option in options {
            // leastnodes.go: an option that adds no node is not a scale-up; skip it.
            if option.nodeCount <= 0 { continue }
            if leastNodes == -1 || option.nodeCount < leastNodes {
                leastNodes = option.nodeCount
                best = [option]
            } else if option.nodeCount == leastNodes {
                best.append(option)
            }
        }
        return best
    }
}
