// Prices for the price expander.
// Upstream: cluster-autoscaler/cloudprovider/cloud_provider.go (PricingModel: NodePrice,
// PodPrice over a time range) and cloudprovider/gce/gce_price_model.go (getBasePrice: requests
// times a per-core-hour and per-GiB-hour base price).

/// An error from a pricing model: the node or pod has no known price.
public struct PricingError: Error, CustomStringConvertible, Sendable {
    /// The message.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// Prices nodes and pods for a span of `hours` (CA asks for one hour from now).
public protocol PricingModel {
    /// The price of running `node` for `hours` hours.
    func nodePrice(_ node: ExpanderNodeInfo, hours: Double) throws -> Double
    /// The price of the resources `pod` requests, for `hours` hours.
    func podPrice(_ pod: ExpanderPod, hours: Double) throws -> Double
}

/// A price list by name: each node (template) name and pod name has an hourly price; a name with
/// no price is an error, as in the autoscaler's test pricing model.
public struct PriceTablePricingModel: PricingModel, Sendable {
    /// Hourly price of each node, by node name.
    public var nodePrices: [String: Double]
    /// Hourly price of each pod, by pod name.
    public var podPrices: [String: Double]

    /// Creates a price table.
    public init(nodePrices: [String: Double], podPrices: [String: Double]) {
        self.nodePrices = nodePrices
        self.podPrices = podPrices
    }

    /// The node's listed price times `hours`.
    public func nodePrice(_ node: ExpanderNodeInfo, hours: Double) throws -> Double {
        guard let price = nodePrices[node.nodeName] else {
            throw PricingError("no price for node '\(node.nodeName)'")
        }
        return price * hours
    }

    /// The pod's listed price times `hours`.
    public func podPrice(_ pod: ExpanderPod, hours: Double) throws -> Double {
        guard let price = podPrices[pod.name] else {
            throw PricingError("no price for pod '\(pod.name)'")
        }
        return price * hours
    }
}

/// Nodes priced by their (catalog) hourly price, pods by their requests at a base price per core
/// and per GiB of memory, the way the GCE price model prices pods (`getBasePrice`).
public struct ResourcePricingModel: PricingModel, Sendable {
    /// Hourly price of each node template, by node name.
    public var nodePricesPerHour: [String: Double]
    /// Price of one core for one hour.
    public var cpuPricePerCoreHour: Double
    /// Price of one GiB of memory for one hour.
    public var memoryPricePerGiBHour: Double

    /// Creates the model.
    public init(
        nodePricesPerHour: [String: Double], cpuPricePerCoreHour: Double,
        memoryPricePerGiBHour: Double
    ) {
        self.nodePricesPerHour = nodePricesPerHour
        self.cpuPricePerCoreHour = cpuPricePerCoreHour
        self.memoryPricePerGiBHour = memoryPricePerGiBHour
    }

    /// The template's hourly price times `hours`.
    public func nodePrice(_ node: ExpanderNodeInfo, hours: Double) throws -> Double {
        guard let price = nodePricesPerHour[node.nodeName] else {
            throw PricingError("no price for node '\(node.nodeName)'")
        }
        return price * hours
    }

    /// Requested cores and GiB times their base prices, times `hours`.
    public func podPrice(_ pod: ExpanderPod, hours: Double) throws -> Double {
        let cores = Double(pod.milliCPU) / 1000
        let gib = Double(pod.memoryBytes) / 1_073_741_824
        return (cores * cpuPricePerCoreHour + gib * memoryPricePerGiBHour) * hours
    }
}
