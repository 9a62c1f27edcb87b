/// The DefaultPreemption PostFilter cases of `fit_error_message` (kind
/// `preemption_post_filter_status`). The vector file describes their inputs only in prose, so
/// the inputs are transcribed here from the Go test table they cite
/// (`pkg/scheduler/framework/plugins/defaultpreemption/default_preemption_test.go`,
/// `TestPostFilter`), in the vectors' own input schema; the expected status comes from the
/// vector file. The test registers NodeResourcesFit as the only filter; for these nodes (no
/// labels, taints or ports) the default profile's other filters accept every node.
enum PreemptionConformance {
    typealias Object = [String: Any]

    /// The test's priorities (`lowPriority`, `highPriority`).
    static let low = 0, high = 1000
    /// `st.MakeNode().Capacity(onePodRes)`: 1 pod, no cpu or memory.
    static var onePodRes: Object { ["pods": "1"] }
    /// `st.MakeNode().Capacity(nodeRes)`: 32 pods (the wrapper's default), 200m cpu, 400 bytes.
    static var nodeRes: Object { ["pods": "32", "cpu": "200m", "memory": "400"] }
    /// `largeRes`: 300m cpu, 300 bytes of memory.
    static var largeRes: Object { ["cpu": "300m", "memory": "300"] }

    static func pod(_ name: String, priority: Int, requests: Object? = nil) -> Object {
        var p: Object = ["name": name, "namespace": "default", "priority": priority]
        if let requests { p["containers"] = [["name": "c", "requests": requests]] }
        return p
    }

    static func node(_ name: String, _ allocatable: Object, pods: [Object] = []) -> Object {
        ["name": name, "allocatable": allocatable, "pods": pods]
    }

    /// One test case: the snapshot inputs and the filter statuses handed to PostFilter
    /// (`filteredNodesStatuses`; nodes absent from it count as UnschedulableAndUnresolvable).
    struct Fixture {
        var inputs: Object
        var statuses: [String: StatusCode]
    }

    /// The fixtures, with their test case names.
    static var fixtures: [(name: String, fixture: Fixture)] {
        let oneLowPod = [node("node1", onePodRes, pods: [pod("p1", priority: low)])]
        return [
            ("pod with tied priority is still unschedulable", Fixture(
                inputs: ["pod": pod("p", priority: low), "nodes": oneLowPod],
                statuses: ["node1": .unschedulable])),
            ("preemption should respect filteredNodesStatuses", Fixture(
                inputs: ["pod": pod("p", priority: high), "nodes": oneLowPod],
                statuses: ["node1": .unschedulableAndUnresolvable])),
            ("preemption should respect absent NodeToStatusReader entry meaning "
                + "UnschedulableAndUnresolvable", Fixture(
                inputs: ["pod": pod("p", priority: high), "nodes": oneLowPod], statuses: [:])),
            ("no candidate nodes found, no enough resource after removing low priority pods",
             Fixture(inputs: ["pod": pod("p", priority: high, requests: largeRes),
                              "nodes": [node("node1", nodeRes, pods: [pod("p1", priority: low)]),
                                        node("node2", nodeRes, pods: [pod("p2", priority: low)])]],
                     statuses: ["node1": .unschedulable, "node2": .unschedulable])),
            ("no candidate nodes found with mixed reasons, no lower priority pod and no enough "
                + "CPU resource", Fixture(
                inputs: ["pod": pod("p", priority: high, requests: largeRes),
                         "nodes": [node("node1", onePodRes, pods: [pod("p1", priority: high)]),
                                   node("node2", nodeRes, pods: [pod("p2", priority: low)]),
                                   node("node3", onePodRes, pods: [pod("p3", priority: high)])]],
                statuses: ["node1": .unschedulable, "node2": .unschedulable,
                           "node3": .unschedulable])),
            ("no candidate nodes found with mixed reason, 2 UnschedulableAndUnresolvable nodes "
                + "and 2 nodes don't have enough CPU resource", Fixture(
                inputs: ["pod": pod("p", priority: high, requests: largeRes),
                         "nodes": [node("node1", nodeRes, pods: [pod("p1", priority: low)]),
                                   node("node2", nodeRes, pods: [pod("p2", priority: low)]),
                                   node("node3", nodeRes), node("node4", nodeRes)]],
                statuses: ["node1": .unschedulable, "node2": .unschedulable,
                           "node4": .unschedulableAndUnresolvable])),
        ]
    }

    /// Runs one case: nil when it passes, else the failure.
    static func run(_ c: Object) throws -> String? {
        let source = c["source"] as? String ?? ""
        let name = source.components(separatedBy: "TestPostFilter/").last ?? ""
        guard let fixture = fixtures.first(where: { $0.name == name })?.fixture else {
            throw ConformanceError("no transcribed TestPostFilter inputs for \"\(name)\"")
        }
        let (cluster, incoming) = try SchedulerJSON.snapshot(fixture.inputs)
        let statuses = fixture.statuses.mapValues { Status($0) }
        let result = DefaultPreemption.postFilter(incoming, statuses: statuses,
                                                  framework: SchedulingFramework(), in: cluster)
        let want = (c["expected_status"] as? Object) ?? [:]
        let wantCode = want["code"] as? String ?? "", wantMessage = want["message"] as? String ?? ""
        if result.code.rawValue == wantCode && result.message == wantMessage { return nil }
        return "expected \(wantCode) \"\(wantMessage)\", got \(result.code.rawValue) "
            + "\"\(result.message)\""
    }
}
