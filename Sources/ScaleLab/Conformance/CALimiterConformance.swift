import Foundation

/// The limiter harness of ca_vectors.json: the threshold-based limiter, `getMinLimit`, and the
/// cluster-capacity and similar-node-group thresholds.
enum CALimiterHarness {
    /// The Go test's `dynamicThreshold`: each NodeLimit() call adds one to a counter and returns
    /// it, so every estimation sees a limit one higher.
    final class DynamicThreshold: EstimationThreshold {
        var limit: Int
        init(limit: Int) { self.limit = limit }
        func nodeLimit(nodeGroup: NodeGroupSize?, context: EstimationContext?) -> Int {
            limit += 1
            return limit
        }
        func durationLimit(nodeGroup: NodeGroupSize?, context: EstimationContext?) -> Int64 { 0 }
    }

    static func check(_ inputs: [String: Any], _ expected: [String: Any]) throws -> [String] {
        switch inputs["function"] as? String {
        case nil: return try checkLimiter(inputs, expected)
        case "getMinLimit":
            let base = try CAJSON.int64(inputs["base_limit"], "base_limit")
            let target = try CAJSON.int64(inputs["target_limit"], "target_limit")
            let got = minEstimationLimit(base, target)
            let want = try CAJSON.int64(expected["result"], "result")
            return want == got ? [] : ["result: expected \(want), got \(got)"]
        case "ClusterCapacityThreshold.NodeLimit":
            let context = EstimationContext(
                currentNodeCount: try CAJSON.int(inputs["current_node_count"], "current"),
                clusterMaxNodeLimit: try CAJSON.int(inputs["cluster_max_node_limit"], "max"))
            let threshold = ClusterCapacityThreshold()
            var problems: [String] = []
            let nodes = threshold.nodeLimit(nodeGroup: nil, context: context)
            let duration = threshold.durationLimit(nodeGroup: nil, context: context)
            let wantNodes = try CAJSON.int(expected["node_limit"], "node_limit")
            if nodes != wantNodes {
                problems.append("node_limit: expected \(wantNodes), got \(nodes)")
            }
            if let want = CAJSON.optionalInt64(expected["duration_limit"]), want != duration {
                problems.append("duration_limit: expected \(want), got \(duration)")
            }
            return problems
        case "SngCapacityThreshold.NodeLimit":
            // The test cloud provider keeps groups in a map by id: a repeated id replaces the
            // earlier group.
            var byID: [String: NodeGroupSize] = [:]
            var order: [String] = []
            for group in try CAJSON.array(inputs["similar_node_groups"], "similar_node_groups") {
                let size = try nodeGroup(group)
                if byID[size.id] == nil { order.append(size.id) }
                byID[size.id] = size
            }
            let main = try nodeGroup(try CAJSON.object(inputs["node_group"], "node_group"))
            let context = EstimationContext(similarNodeGroups: order.compactMap { byID[$0] })
            let got = SimilarNodeGroupCapacityThreshold().nodeLimit(
                nodeGroup: main, context: context)
            let want = try CAJSON.int(expected["node_limit"], "node_limit")
            return want == got ? [] : ["node_limit: expected \(want), got \(got)"]
        case let other?:
            throw ConformanceError("unknown limiter function '\(other)'")
        }
    }

    static func nodeGroup(_ group: [String: Any]) throws -> NodeGroupSize {
        NodeGroupSize(
            id: try CAJSON.string(group["id"], "id"),
            maxSize: try CAJSON.int(group["max_size"], "max_size"),
            targetSize: try CAJSON.int(group["target_size"], "target_size"))
    }

    /// StartEstimation, then allow/deny/reset operations.
    static func checkLimiter(_ inputs: [String: Any], _ expected: [String: Any]) throws
        -> [String]
    {
        var thresholds: [any EstimationThreshold] = []
        for threshold in try CAJSON.array(inputs["thresholds"], "thresholds") {
            switch try CAJSON.string(threshold["kind"], "kind") {
            case "static":
                let seconds = try CAJSON.double(threshold["max_duration_s"], "max_duration_s")
                thresholds.append(StaticThreshold(
                    maxNodes: try CAJSON.int(threshold["max_nodes"], "max_nodes"),
                    maxDurationNanoseconds: Int64((seconds * 1e9).rounded())))
            case "dynamic":
                thresholds.append(DynamicThreshold(
                    limit: try CAJSON.int(threshold["initial_node_limit"], "initial_node_limit")))
            case let other:
                throw ConformanceError("unknown threshold kind '\(other)'")
            }
        }
        var limiter = ThresholdBasedLimiter(thresholds: thresholds)
        limiter.startEstimation(nodeGroup: nil, context: nil)
        let offset = (inputs["start_offset_s"] as? NSNumber)?.doubleValue ?? 0
        limiter.shiftStart(byNanoseconds: Int64((offset * 1e9).rounded()))
        var got: [String] = []
        for operation in try CAJSON.strings(inputs["operations"], "operations") {
            if operation == "reset" {
                limiter.endEstimation()
                limiter.startEstimation(nodeGroup: nil, context: nil)
                got.append("reset")
            } else {
                got.append(limiter.permissionToAddNode() ? "allow" : "deny")
            }
        }
        var problems: [String] = []
        let want = try CAJSON.strings(expected["operation_results"], "operation_results")
        if want != got { problems.append("operation_results: expected \(want), got \(got)") }
        let counter = try CAJSON.int(expected["final_nodes_counter"], "final_nodes_counter")
        if counter != limiter.nodes {
            problems.append("final_nodes_counter: expected \(counter), got \(limiter.nodes)")
        }
        return problems
    }
}
