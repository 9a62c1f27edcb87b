import Foundation

/// The binpacking harness of ca_vectors.json: `BinpackingNodeEstimator.Estimate` over a cluster
/// holding the vector's existing nodes, with a static-threshold limiter, the decreasing pod
/// orderer and the scheduler's filters.
enum CABinpackingHarness {
    static func check(_ inputs: [String: Any], _ expected: [String: Any]) throws -> [String]? {
        var cluster = Cluster()
        for spec in try CAJSON.array(inputs["existing_nodes"], "existing_nodes") {
            let node = try cluster.addNode(
                name: try CAJSON.string(spec["name"], "name"),
                labels: spec["labels"] as? [String: String] ?? [:],
                allocatable: try resources(spec))
            for pod in try CAJSON.array(spec["scheduled_pods"], "scheduled_pods") {
                try createPod(pod, on: node, in: &cluster)
            }
        }
        let templateSpec = try CAJSON.object(inputs["node_template"], "node_template")
        let template = NodeTemplate(
            name: try CAJSON.string(templateSpec["name"], "name"),
            labels: templateSpec["labels"] as? [String: String] ?? [:],
            allocatable: try resources(templateSpec))
        var groups: [PodEquivalenceGroup<PodID>] = []
        for group in try CAJSON.array(inputs["pod_groups"], "pod_groups") {
            let count = try CAJSON.int(group["count"], "count")
            let pod = try CAJSON.object(group["pod"], "pod")
            var ids: [PodID] = []
            for _ in 0..<count { ids.append(try createPod(pod, on: nil, in: &cluster)) }
            groups.append(PodEquivalenceGroups.group(ids, in: cluster))
        }
        let limiterSpec = try CAJSON.object(inputs["limiter"], "limiter")
        let thresholds: [any EstimationThreshold] = try CAJSON.array(
            limiterSpec["thresholds"], "thresholds"
        ).map { threshold in
            let seconds = (threshold["max_duration_s"] as? NSNumber)?.doubleValue ?? 0
            return StaticThreshold(
                maxNodes: try CAJSON.int(threshold["max_nodes"], "max_nodes"),
                maxDurationNanoseconds: Int64((seconds * 1e9).rounded()))
        }
        var estimator = BinpackingEstimator(
            limiter: ThresholdBasedLimiter(thresholds: thresholds),
            fastpathEnabled: inputs["fastpath_binpacking"] as? Bool ?? false)
        let estimate = estimator.estimate(groups, template: template, in: cluster)
        var problems: [String] = []
        let nodes = try CAJSON.int(expected["node_count"], "node_count")
        if nodes != estimate.nodeCount {
            problems.append("node_count: expected \(nodes), got \(estimate.nodeCount)")
        }
        let pods = try CAJSON.int(expected["scheduled_pod_count"], "scheduled_pod_count")
        if pods != estimate.scheduledPods.count {
            problems.append(
                "scheduled_pod_count: expected \(pods), got \(estimate.scheduledPods.count)")
        }
        return problems
    }

    /// `makeNode(cpu, mem, pods, ...)`: allocatable = capacity.
    static func resources(_ spec: [String: Any]) throws -> ResourceList {
        ResourceList(
            milliCPU: try CAJSON.int64(spec["cpu_milli"], "cpu_milli"),
            memory: try CAJSON.int64(spec["memory_bytes"], "memory_bytes"),
            pods: try CAJSON.int64(spec["pods"], "pods"))
    }

    /// `BuildTestPod` with the vector's namespace, labels, host ports and spread constraints.
    @discardableResult
    static func createPod(_ pod: [String: Any], on node: NodeID?, in cluster: inout Cluster)
        throws -> PodID
    {
        var spec = PodSpec()
        spec.containers = CAJSON.containerRequests(pod).map { Container(requests: $0) }
        let ports = (pod["host_ports"] as? [NSNumber] ?? []).map(\.int32Value)
        if !ports.isEmpty {
            guard !spec.containers.isEmpty else {
                throw ConformanceError("host_ports on a pod without containers")
            }
            spec.containers[0].ports = ports.map { ContainerPort(hostPort: $0) }
        }
        for constraint in try CAJSON.array(
            pod["topology_spread_constraints"], "topology_spread_constraints")
        {
            let selector = constraint["label_selector"] as? [String: Any]
            var c = TopologySpreadConstraint(
                maxSkew: try CAJSON.int64(constraint["max_skew"], "max_skew"),
                topologyKey: try CAJSON.string(constraint["topology_key"], "topology_key"),
                whenUnsatisfiable: try CAJSON.string(
                    constraint["when_unsatisfiable"], "when_unsatisfiable"),
                labelSelector: selector.map {
                    LabelSelector(matchLabels: $0["match_labels"] as? [String: String] ?? [:])
                })
            c.minDomains = CAJSON.optionalInt64(constraint["min_domains"]) ?? 1
            spec.topologySpreadConstraints.append(c)
        }
        return cluster.createPod(
            name: try CAJSON.string(pod["name"], "name"),
            namespace: pod["namespace"] as? String ?? "default",
            labels: pod["labels"] as? [String: String] ?? [:], spec: spec, nodeID: node)
    }
}
