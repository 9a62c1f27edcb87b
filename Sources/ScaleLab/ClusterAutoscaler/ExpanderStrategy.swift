// Expander filters and their chain (`--expander=priority,least-waste`).
// Upstream: cluster-autoscaler/expander/expander.go (names), expander/factory/chain.go
// (chainStrategy.BestOption), expander/factory/expander_factory.go (ExpanderStrategyFromStrings)
// and expander/random/random.go.

/// An expander that narrows the options to the best ones (`expander.Filter.BestOptions`).
public protocol ExpanderFilter {
    /// The best options among `options`, in their input order; empty when none qualifies.
    func bestOptions(_ options: [ExpansionOption], context: inout ExpanderContext)
        -> [ExpansionOption]
}

/// The expander names `--expander` accepts (`expander/expander.go`).
public enum ExpanderName: String, Sendable, CaseIterable {
    /// Picks uniformly at random.
    case random
    /// Picks the options that schedule the most pods.
    case mostPods = "most-pods"
    /// Picks the options that waste the least CPU and memory (the default since CA 1.33).
    case leastWaste = "least-waste"
    /// Picks the options that add the fewest nodes.
    case leastNodes = "least-nodes"
    /// Picks the cheapest options, weighed by how far the node is from the preferred size.
    case price
    /// Picks the options whose node group matches the highest user-given priority.
    case priority
    /// Asks an external gRPC server (not available in a simulation).
    case grpc
}

/// An error building an expander chain, worded as the autoscaler words it.
public struct ExpanderConfigError: Error, CustomStringConvertible, Sendable {
    /// The message.
    public var description: String
}

/// `random` as a filter: one option picked uniformly (`random.BestOptions`).
public struct RandomFilter: ExpanderFilter {
    /// Creates the filter.
    public init() {}

    /// One uniformly chosen option, or none when there are no options.
    public func bestOptions(_ options: [ExpansionOption], context: inout ExpanderContext)
        -> [ExpansionOption]
    {
        guard !options.isEmpty else { return [] }
        return [options[context.randomIndex(below: options.count)]]
    }
}

/// The chain of expanders: each filter narrows the options in turn; as soon as one leaves exactly
/// one option it is chosen; whatever is left at the end is picked at random (`chainStrategy`).
public struct ExpanderStrategy {
    /// The filters, in `--expander` order.
    public var filters: [any ExpanderFilter]

    /// Creates a chain from filters (the fallback is always `random`).
    public init(filters: [any ExpanderFilter]) {
        self.filters = filters
    }

    /// Builds the chain from `--expander` names, with the autoscaler's own checks
    /// (`ExpanderStrategyFromStrings`): no name twice, nothing after `random` (a strategy that
    /// always returns one option), and `price` only when a pricing model exists.
    /// - Parameters:
    ///   - names: the expander names in order, e.g. `["priority", "least-waste"]`.
    ///   - price: the price expander to use when `price` is named (nil: the cloud provider has
    ///     no pricing model, which is an error as in CA).
    ///   - priority: the priority expander to use when `priority` is named.
    public init(
        names: [String], price: PriceFilter? = nil, priority: PriorityFilter? = nil
    ) throws {
        var filters: [any ExpanderFilter] = []
        var seen = Set<String>()
        var strategySeen = false
        for (i, name) in names.enumerated() {
            if seen.contains(name) {
                throw ExpanderConfigError(description: "Expander \(name) was specified multiple "
                    + "times, each expander must not be specified more than once")
            }
            if strategySeen {
                let previous = names[i - 1]
                throw ExpanderConfigError(description: "Expander \(name) came after an expander "
                    + "\(previous) that will always return only one result, this is not allowed "
                    + "since \(name) will never be used")
            }
            seen.insert(name)
            switch ExpanderName(rawValue: name) {
            case .random:
                filters.append(RandomFilter())
                strategySeen = true
            case .mostPods: filters.append(MostPodsFilter())
            case .leastWaste: filters.append(LeastWasteFilter())
            case .leastNodes: filters.append(LeastNodesFilter())
            case .price:
                guard let price else {
                    throw ExpanderConfigError(description: "Expander price needs a pricing model "
                        + "and this cloud provider has none (Pricing(): not implemented)")
                }
                filters.append(price)
            case .priority:
                filters.append(try priority ?? PriorityFilter(priorities: [:]))
            case .grpc:
                throw ExpanderConfigError(description:
                    "Expander grpc not supported in a simulation (it calls an external server)")
            case nil:
                throw ExpanderConfigError(description: "Expander \(name) not supported")
            }
        }
        self.filters = filters
    }

    /// The chosen option, or nil when there is none (`chainStrategy.BestOption`).
    public func bestOption(_ options: [ExpansionOption], context: inout ExpanderContext)
        -> ExpansionOption?
    {
        var filtered = options
        for filter in filters {
            filtered = filter.bestOptions(filtered, context: &context)
            if filtered.count == 1 { return filtered[0] }
        }
        return RandomFilter().bestOptions(filtered, context: &context).first
    }
}
