import Foundation

/// Runs the Cluster Autoscaler vectors (ca_vectors.json; each harness is described in its
/// `harnesses` field) through the engine's autoscaler code: the binpacking estimator with its
/// limiter, orderer and fast path; the expanders; node utilization; scale-down eligibility.
enum CAConformance {
    static func run(data: Data) throws -> ConformanceReport {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let vectors = root["vectors"] as? [[String: Any]]
        else { throw ConformanceError("ca vectors: expected an object with 'vectors'") }
        var report = ConformanceReport()
        for vector in vectors {
            let id = vector["id"] as? String ?? "?"
            let harness = vector["harness"] as? String ?? ""
            let inputs = vector["inputs"] as? [String: Any] ?? [:]
            let expected = vector["expected"] as? [String: Any] ?? [:]
            do {
                guard let problems = try check(harness: harness, inputs, expected) else {
                    report.skipped += 1
                    continue
                }
                if problems.isEmpty {
                    report.passed += 1
                } else {
                    report.failures.append("\(id) (\(harness)): "
                        + problems.joined(separator: "; "))
                }
            } catch {
                report.failures.append("\(id) (\(harness)): \(error)")
            }
        }
        return report
    }

    /// One vector: the mismatches ("what: expected X, got Y"), or nil when it is skipped.
    static func check(harness: String, _ inputs: [String: Any], _ expected: [String: Any])
        throws -> [String]?
    {
        switch harness {
        case "binpacking": return try CABinpackingHarness.check(inputs, expected)
        case "fastpath-peg": return try checkFastpath(inputs, expected)
        case "pod-order": return try checkPodOrder(inputs, expected)
        case "limiter": return try CALimiterHarness.check(inputs, expected)
        case "most-pods", "least-nodes", "least-waste", "price":
            return try CAExpanderHarness.check(harness: harness, inputs, expected)
        case "preferred-node": return try CAExpanderHarness.checkPreferredNode(inputs, expected)
        case "utilization": return try CAScaleDownHarness.checkUtilization(inputs, expected)
        case "scale-down-eligibility":
            return try CAScaleDownHarness.checkEligibility(inputs, expected)
        default: throw ConformanceError("unknown harness '\(harness)'")
        }
    }

    /// `determineBestPEGToFastpath` over the groups.
    static func checkFastpath(_ inputs: [String: Any], _ expected: [String: Any]) throws
        -> [String]
    {
        let template = try CAJSON.object(inputs["node_template"], "node_template")
        let groups = try CAJSON.array(inputs["pod_groups"], "pod_groups").map { group in
            let count = try CAJSON.int(group["count"], "count")
            let pod = try CAJSON.object(group["pod"], "pod")
            return PodEquivalenceGroup(
                pods: Array(repeating: 0, count: count), exemplar: CAJSON.exemplar(pod))
        }
        let best = FastpathSelection.bestGroup(
            groups, capacityMilliCPU: try CAJSON.int64(template["cpu_milli"], "cpu_milli"),
            capacityMemoryBytes: try CAJSON.int64(template["memory_bytes"], "memory_bytes"))
        let want = try CAJSON.int(expected["best_group_index"], "best_group_index")
        return want == best ? [] : ["best_group_index: expected \(want), got \(best)"]
    }

    /// `DecreasingPodOrderer.Order` over single-pod groups.
    static func checkPodOrder(_ inputs: [String: Any], _ expected: [String: Any]) throws
        -> [String]
    {
        let template = try CAJSON.object(inputs["node_template"], "node_template")
        let groups = try CAJSON.array(inputs["pod_groups"], "pod_groups").map { group in
            let id = try CAJSON.string(group["id"], "id")
            let count = try CAJSON.int(group["count"], "count")
            let pod = try CAJSON.object(group["pod"], "pod")
            return PodEquivalenceGroup(
                pods: Array(repeating: id, count: count), exemplar: CAJSON.exemplar(pod))
        }
        let ordered = DecreasingPodOrderer.order(
            groups, allocatableMilliCPU: try CAJSON.int64(template["cpu_milli"], "cpu_milli"),
            allocatableMemoryBytes: try CAJSON.int64(template["memory_bytes"], "memory_bytes"))
        let got = ordered.compactMap(\.pods.first)
        let want = try CAJSON.strings(expected["order"], "order")
        return want == got ? [] : ["order: expected \(want), got \(got)"]
    }
}

/// Reading the vector JSON, with errors that name the field.
enum CAJSON {
    static func object(_ value: Any?, _ what: String) throws -> [String: Any] {
        guard let object = value as? [String: Any] else {
            throw ConformanceError("'\(what)' is not an object")
        }
        return object
    }

    static func array(_ value: Any?, _ what: String) throws -> [[String: Any]] {
        if value == nil || value is NSNull { return [] }
        guard let array = value as? [[String: Any]] else {
            throw ConformanceError("'\(what)' is not an array of objects")
        }
        return array
    }

    static func string(_ value: Any?, _ what: String) throws -> String {
        guard let string = value as? String else {
            throw ConformanceError("'\(what)' is not a string")
        }
        return string
    }

    static func strings(_ value: Any?, _ what: String) throws -> [String] {
        if value == nil || value is NSNull { return [] }
        guard let strings = value as? [String] else {
            throw ConformanceError("'\(what)' is not an array of strings")
        }
        return strings
    }

    static func double(_ value: Any?, _ what: String) throws -> Double {
        guard let number = value as? NSNumber else {
            throw ConformanceError("'\(what)' is not a number")
        }
        return number.doubleValue
    }

    static func int64(_ value: Any?, _ what: String) throws -> Int64 {
        guard let number = value as? NSNumber else {
            throw ConformanceError("'\(what)' is not a number")
        }
        return number.int64Value
    }

    static func int(_ value: Any?, _ what: String) throws -> Int {
        Int(try int64(value, what))
    }

    /// A field that is a number when present: nil when absent or null.
    static func optionalInt64(_ value: Any?) -> Int64? {
        (value as? NSNumber)?.int64Value
    }

    /// `BuildTestPod(name, cpu, mem)`: one container with the given requests (a missing field
    /// is no request); `containers: []` is a pod with no containers.
    static func containerRequests(_ pod: [String: Any]) -> [[String: Int64]] {
        if let containers = pod["containers"] as? [Any], containers.isEmpty { return [] }
        var requests: [String: Int64] = [:]
        if let cpu = optionalInt64(pod["cpu_milli"]) { requests["cpu"] = cpu }
        if let memory = optionalInt64(pod["memory_bytes"]) { requests["memory"] = memory }
        if let gpu = optionalInt64(pod["gpu"]) { requests["nvidia.com/gpu"] = gpu }
        return [requests]
    }

    /// The estimator's view of a vector pod.
    static func exemplar(_ pod: [String: Any]) -> ExemplarTraits {
        let containers = containerRequests(pod)
        let first = containers.first
        let spread = (pod["topology_spread_constraints"] as? [Any])?.isEmpty == false
        return ExemplarTraits(
            milliCPU: containers.reduce(0) { $0 + ($1["cpu"] ?? 0) },
            memoryBytes: containers.reduce(0) { $0 + ($1["memory"] ?? 0) },
            firstContainerMilliCPU: first.map { $0["cpu"] ?? 0 },
            firstContainerMemoryBytes: first.map { $0["memory"] ?? 0 },
            hasTopologySpreadConstraints: spread)
    }
}
