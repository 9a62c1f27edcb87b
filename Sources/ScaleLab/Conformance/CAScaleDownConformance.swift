import Foundation

/// The scale-down harnesses of ca_vectors.json: `utilization.Calculate` and
/// `eligibility.Checker.FilterOutUnremovable`.
enum CAScaleDownHarness {
    /// The vectors' "now"; only ages relative to it matter.
    static let nowMillis: Int64 = 1_608_310_800_000

    /// A vector pod as utilization sees it.
    static func pod(_ pod: [String: Any]) throws -> UtilizationPod {
        let annotations = pod["annotations"] as? [String: String] ?? [:]
        let devices = try CAJSON.array(pod["allocated_devices"], "allocated_devices").map {
            DRADeviceID(
                driver: try CAJSON.string($0["driver"], "driver"),
                pool: try CAJSON.string($0["pool"], "pool"),
                device: try CAJSON.string($0["device"], "device"))
        }
        let deletion = (pod["deletion_age_s"] as? NSNumber).map {
            nowMillis - Int64(($0.doubleValue * 1000).rounded())
        }
        return UtilizationPod(
            requests: try effectiveRequests(pod),
            isDaemonSet: pod["owner_kind"] as? String == "DaemonSet"
                || annotations[UtilizationPod.daemonSetPodAnnotation] == "true",
            isMirror: annotations[UtilizationPod.mirrorPodAnnotation] != nil,
            deletionTimestampMillis: deletion, allocatedDevices: devices)
    }

    /// The pod's effective requests (k8s `resourcehelper.PodRequests`), through the cluster
    /// model's `PodRequests`.
    static func effectiveRequests(_ pod: [String: Any]) throws -> [String: Int64] {
        var spec = PodSpec()
        spec.containers = CAJSON.containerRequests(pod).map { Container(requests: $0) }
        for initContainer in try CAJSON.array(pod["init_containers"], "init_containers") {
            spec.initContainers.append(Container(
                requests: CAJSON.containerRequests(initContainer).first ?? [:],
                restartPolicy: initContainer["restart_policy"] as? String))
        }
        let requests = PodRequests(spec).requests
        var result = requests.scalar
        result[ResourceName.cpu] = requests.milliCPU
        result[ResourceName.memory] = requests.memory
        return result
    }

    /// The node's allocatable; a null memory means no memory resource at all.
    static func allocatable(_ node: [String: Any], cpu: String, memory: String) -> [String: Int64] {
        var allocatable: [String: Int64] = [:]
        if let value = CAJSON.optionalInt64(node[cpu]) { allocatable["cpu"] = value }
        if let value = CAJSON.optionalInt64(node[memory]) { allocatable["memory"] = value }
        if let pods = CAJSON.optionalInt64(node["pods"]) { allocatable["pods"] = pods }
        if let gpu = CAJSON.optionalInt64(node["allocatable_gpu"]) {
            allocatable["nvidia.com/gpu"] = gpu
        }
        return allocatable
    }

    static func slices(_ value: Any?) throws -> [DRAResourceSlice] {
        try CAJSON.array(value, "resource_slices").map { slice in
            DRAResourceSlice(
                driver: try CAJSON.string(slice["driver"], "driver"),
                pool: try CAJSON.string(slice["pool"], "pool"),
                generation: CAJSON.optionalInt64(slice["generation"]) ?? 0,
                resourceSliceCount: Int(CAJSON.optionalInt64(slice["resource_slice_count"]) ?? 1),
                devices: try CAJSON.strings(slice["devices"], "devices"))
        }
    }

    static func gpuConfig(_ value: Any?) -> GPUConfig? {
        guard let config = value as? [String: Any] else { return nil }
        if config["exposed_via_dra"] as? Bool == true {
            return GPUConfig(draDriverName: config["dra_driver_name"] as? String ?? "")
        }
        return GPUConfig(
            extendedResourceName: config["extended_resource_name"] as? String ?? "nvidia.com/gpu")
    }

    static func checkUtilization(_ inputs: [String: Any], _ expected: [String: Any]) throws
        -> [String]
    {
        let node = try CAJSON.object(inputs["node"], "node")
        let pods = try CAJSON.array(inputs["pods"], "pods").map(pod)
        let result: Result<UtilizationInfo, Error>
        do {
            result = .success(try NodeUtilization.calculate(
                nodeName: try CAJSON.string(node["name"], "name"),
                allocatable: allocatable(
                    node, cpu: "allocatable_cpu_milli", memory: "allocatable_memory_bytes"),
                pods: pods, resourceSlices: try slices(inputs["resource_slices"]),
                skipDaemonSetPods: inputs["skip_daemonset_pods"] as? Bool ?? false,
                skipMirrorPods: inputs["skip_mirror_pods"] as? Bool ?? false,
                draEnabled: inputs["dra_enabled"] as? Bool ?? false,
                gpuConfig: gpuConfig(inputs["gpu_config"]), nowMillis: nowMillis))
        } catch {
            result = .failure(error)
        }
        var problems: [String] = []
        let wantError = expected["error"] as? Bool ?? false
        switch result {
        case .failure(let error):
            if !wantError { problems.append("expected no error, got \(error)") }
            return problems
        case .success(let info):
            if wantError { return ["expected an error, got \(info)"] }
            func close(_ key: String, _ got: Double) throws {
                guard expected[key] != nil else { return }
                let want = try CAJSON.double(expected[key], key)
                if let eps = (expected["\(key)_rel_epsilon"] as? NSNumber)?.doubleValue {
                    // testify InEpsilon: relative error within eps.
                    if abs(want - got) / abs(want) > eps {
                        problems.append("\(key): expected \(want) ± \(eps), got \(got)")
                    }
                } else if want != got {
                    problems.append("\(key): expected \(want), got \(got)")
                }
            }
            try close("utilization", info.utilization)
            try close("cpu_util", info.cpuUtil)
            if let want = expected["info"] as? [String: Any] {
                let fields: [(String, Double)] = [
                    ("cpu_util", info.cpuUtil), ("mem_util", info.memUtil),
                    ("gpu_util", info.gpuUtil), ("dynamic_resource_util", info.dynamicResourceUtil),
                    ("utilization", info.utilization),
                ]
                for (key, got) in fields where (want[key] as? NSNumber)?.doubleValue != got {
                    problems.append("info.\(key): expected \(want[key] ?? "nil"), got \(got)")
                }
                if let name = want["resource_name"] as? String, name != info.resourceName {
                    problems.append("info.resource_name: expected \(name), got \(info.resourceName)")
                }
            }
            return problems
        }
    }

    static func checkEligibility(_ inputs: [String: Any], _ expected: [String: Any]) throws
        -> [String]
    {
        let o = try CAJSON.object(inputs["options"], "options")
        var options = ScaleDownEligibilityOptions()
        options.utilizationThreshold = try CAJSON.double(
            o["scale_down_utilization_threshold"], "scale_down_utilization_threshold")
        options.gpuUtilizationThreshold = try CAJSON.double(
            o["scale_down_gpu_utilization_threshold"], "scale_down_gpu_utilization_threshold")
        options.ignoreDaemonSetsUtilization = o["ignore_daemonsets_utilization"] as? Bool ?? false
        options.ignoreMirrorPodsUtilization = o["ignore_mirror_pods_utilization"] as? Bool ?? false
        options.scaleDownUnreadyEnabled = o["scale_down_unready_enabled"] as? Bool ?? true
        options.draEnabled = o["dra_enabled"] as? Bool ?? false
        let group = try CAJSON.object(inputs["node_group"], "node_group")
        let groupID = try CAJSON.string(group["id"], "id")
        var podsByNode: [String: [UtilizationPod]] = [:]
        for spec in try CAJSON.array(inputs["pods"], "pods") {
            podsByNode[try CAJSON.string(spec["node"], "node"), default: []].append(try pod(spec))
        }
        let allSlices = try CAJSON.array(inputs["resource_slices"], "resource_slices")
        var nodes: [String: EligibilityNode] = [:]
        for spec in try CAJSON.array(inputs["nodes"], "nodes") {
            let name = try CAJSON.string(spec["name"], "name")
            let taintAge = (spec["to_be_deleted_taint_age_s"] as? NSNumber)?.int64Value
            nodes[name] = EligibilityNode(
                name: name, nodeGroupID: groupID, isReady: spec["ready"] as? Bool ?? false,
                annotations: spec["annotations"] as? [String: String] ?? [:],
                toBeDeletedTaintMillis: taintAge.map { nowMillis - $0 * 1000 },
                allocatable: allocatable(spec, cpu: "cpu_milli", memory: "memory_bytes"),
                pods: podsByNode[name] ?? [],
                resourceSlices: try slices(allSlices.filter { $0["node"] as? String == name }))
        }
        let candidates = try CAJSON.strings(inputs["candidates"], "candidates").compactMap {
            nodes[$0]
        }
        let result = ScaleDownEligibility.filterOutUnremovable(
            candidates, defaults: options, nowMillis: nowMillis)
        var problems: [String] = []
        let wantUnneeded = try CAJSON.strings(expected["unneeded"], "unneeded")
        if wantUnneeded != result.unneeded {
            problems.append("unneeded: expected \(wantUnneeded), got \(result.unneeded)")
        }
        let wantUnremovable = try CAJSON.array(expected["unremovable"], "unremovable").map {
            "\($0["node"] ?? "")=\($0["reason"] ?? "")"
        }
        let gotUnremovable = result.unremovable.map { "\($0.node)=\($0.reason.rawValue)" }
        if wantUnremovable != gotUnremovable {
            problems.append("unremovable: expected \(wantUnremovable), got \(gotUnremovable)")
        }
        return problems
    }
}
