import Foundation

/// The expander harnesses of ca_vectors.json: most-pods, least-nodes, least-waste, price and the
/// price expander's preferred node and unfitness.
enum CAExpanderHarness {
    static func check(harness: String, _ inputs: [String: Any], _ expected: [String: Any])
        throws -> [String]
    {
        var context = ExpanderContext(nodeInfos: [:], random: SystemRandomNumberGenerator())
        let options: [ExpansionOption]
        let filter: any ExpanderFilter
        switch harness {
        case "most-pods":
            options = try CAJSON.array(inputs["options"], "options").map { option in
                let count = try CAJSON.int(option["pod_count"], "pod_count")
                return ExpansionOption(
                    nodeGroupID: try CAJSON.string(option["id"], "id"), nodeCount: 0,
                    pods: Array(repeating: ExpanderPod(), count: count))
            }
            filter = MostPodsFilter()
        case "least-nodes":
            options = try CAJSON.array(inputs["options"], "options").map { option in
                ExpansionOption(
                    nodeGroupID: try CAJSON.string(option["id"], "id"),
                    nodeCount: try CAJSON.int(option["node_count"], "node_count"))
            }
            filter = LeastNodesFilter()
        case "least-waste":
            let infos = inputs["node_infos"] as? [String: Any] ?? [:]
            for (group, value) in infos {
                let node = try CAJSON.object(value, "node_infos.\(group)")
                context.nodeInfos[group] = ExpanderNodeInfo(
                    nodeName: group,
                    capacityMilliCPU: try CAJSON.int64(node["capacity_cpu_milli"], "cpu"),
                    capacityMemoryBytes: try CAJSON.int64(node["capacity_memory_bytes"], "mem"))
            }
            options = try CAJSON.array(inputs["options"], "options").map { option in
                let pods = try CAJSON.array(option["pods"], "pods").map { pod in
                    ExpanderPod(
                        milliCPU: try CAJSON.int64(pod["cpu_milli"], "cpu_milli"),
                        memoryBytes: try CAJSON.int64(pod["memory_bytes"], "memory_bytes"))
                }
                return ExpansionOption(
                    nodeGroupID: try CAJSON.string(option["node_group"], "node_group"),
                    nodeCount: try CAJSON.int(option["node_count"], "node_count"), pods: pods,
                    debug: try CAJSON.string(option["id"], "id"))
            }
            filter = LeastWasteFilter()
        case "price":
            (options, filter) = try priceSetUp(inputs, context: &context)
        default:
            throw ConformanceError("unknown expander harness '\(harness)'")
        }
        let best = filter.bestOptions(options, context: &context)
        // Options are named by the first word of their Debug string, as the Go tests compare.
        let got = best.map { String($0.debug.split(separator: " ").first ?? "") }
        if let notEqual = expected["not_equal"] as? [String] {
            return got == notEqual ? ["best_options: expected not \(notEqual), got \(got)"] : []
        }
        let want = try CAJSON.strings(expected["best_options"], "best_options")
        return want == got ? [] : ["best_options: expected \(want), got \(got)"]
    }

    /// The price test set-up: prices looked up by name, node groups with template nodes.
    static func priceSetUp(_ inputs: [String: Any], context: inout ExpanderContext) throws
        -> ([ExpansionOption], any ExpanderFilter)
    {
        var exists: [String: Bool] = [:]
        let groups = inputs["node_groups"] as? [String: Any] ?? [:]
        let gpuNodes = Set(try CAJSON.strings(inputs["gpu_nodes"], "gpu_nodes"))
        for (id, value) in groups {
            let group = try CAJSON.object(value, "node_groups.\(id)")
            let name = try CAJSON.string(group["node"], "node")
            context.nodeInfos[id] = ExpanderNodeInfo(
                nodeName: name,
                capacityMilliCPU: try CAJSON.int64(group["capacity_cpu_milli"], "cpu"),
                capacityMemoryBytes: try CAJSON.int64(group["capacity_memory_bytes"], "mem"),
                hasGPU: gpuNodes.contains(name))
            exists[id] = group["exists"] as? Bool ?? true
        }
        let podSpecs = inputs["pods"] as? [String: Any] ?? [:]
        var pods: [String: ExpanderPod] = [:]
        for (name, value) in podSpecs {
            let pod = try CAJSON.object(value, "pods.\(name)")
            pods[name] = ExpanderPod(
                name: name, milliCPU: try CAJSON.int64(pod["cpu_milli"], "cpu_milli"),
                memoryBytes: try CAJSON.int64(pod["memory_bytes"], "memory_bytes"))
        }
        let options = try CAJSON.array(inputs["options"], "options").map { option in
            let group = try CAJSON.string(option["node_group"], "node_group")
            return ExpansionOption(
                nodeGroupID: group, nodeCount: try CAJSON.int(option["node_count"], "node_count"),
                pods: try CAJSON.strings(option["pods"], "pods").map {
                    pods[$0] ?? ExpanderPod(name: $0)
                },
                debug: try CAJSON.string(option["id"], "id"), nodeGroupExists: exists[group] ?? true)
        }
        let nodePrices = (inputs["node_prices"] as? [String: NSNumber] ?? [:]).mapValues(\.doubleValue)
        let podPrices = (inputs["pod_prices"] as? [String: NSNumber] ?? [:]).mapValues(\.doubleValue)
        let preferred = try CAJSON.object(inputs["preferred_node"], "preferred_node")
        let provider = FixedPreferredNode(node: ExpanderNodeInfo(
            nodeName: "preferred",
            capacityMilliCPU: try CAJSON.int64(preferred["capacity_cpu_milli"], "cpu"),
            capacityMemoryBytes: try CAJSON.int64(preferred["capacity_memory_bytes"], "mem")))
        let filter = PriceFilter(
            pricing: PriceTablePricingModel(nodePrices: nodePrices, podPrices: podPrices),
            preferredNodeProvider: provider)
        return (options, filter)
    }

    /// `SimplePreferredNodeProvider.Node` and `SimpleNodeUnfitness`.
    static func checkPreferredNode(_ inputs: [String: Any], _ expected: [String: Any]) throws
        -> [String]
    {
        switch try CAJSON.string(inputs["function"], "function") {
        case "SimplePreferredNodeProvider.Node":
            let count = try CAJSON.int(inputs["cluster_node_count"], "cluster_node_count")
            let node = try SimplePreferredNodeProvider(clusterNodeCount: count).preferredNode()
            // cpu.Value() rounds up to whole cores.
            let cores = (node.capacityMilliCPU + 999) / 1000
            let want = try CAJSON.int64(expected["preferred_cpu_cores"], "preferred_cpu_cores")
            return want == cores ? [] : ["preferred_cpu_cores: expected \(want), got \(cores)"]
        case "SimpleNodeUnfitness":
            func node(_ key: String) throws -> ExpanderNodeInfo {
                let n = try CAJSON.object(inputs[key], key)
                return ExpanderNodeInfo(
                    nodeName: key, capacityMilliCPU: try CAJSON.int64(n["capacity_cpu_milli"], "cpu"),
                    capacityMemoryBytes: try CAJSON.int64(n["capacity_memory_bytes"], "mem"))
            }
            let got = simpleNodeUnfitness(try node("preferred_node"), try node("evaluated_node"))
            let want = try CAJSON.double(expected["unfitness"], "unfitness")
            return want == got ? [] : ["unfitness: expected \(want), got \(got)"]
        case let other:
            throw ConformanceError("unknown preferred-node function '\(other)'")
        }
    }
}

/// A preferred-node provider that returns one fixed node (the price tests' set-up).
struct FixedPreferredNode: PreferredNodeProvider {
    var node: ExpanderNodeInfo
    func preferredNode() throws -> ExpanderNodeInfo { node }
}
