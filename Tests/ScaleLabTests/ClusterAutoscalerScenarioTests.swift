import Testing

@testable import ScaleLab

/// One deterministic Cluster Autoscaler scenario over `ClusterSimulation`: a pool of
/// 2-core / 4 GiB nodes, a Deployment of 500m pods, the autoscaler enabled at time 0 with a
/// constant 3 min registration and 30 s readiness, then a run. The expectations are exact.
struct CAScenario: CustomTestStringConvertible, Sendable {
    var name: String
    var nodes = 1
    var min = 1
    var max = 5
    var replicas = 10
    var cpu: Int64 = 500
    var options = AutoscalingOptions()
    var provisioning = NodeProvisioning(registration: .constant(.minutes(3)))
    /// A later scale of the Deployment: (at, replicas).
    var rescale: (SimTime, Int)?
    var runFor = SimDuration.minutes(40)
    /// The exact `nodes.general` series: (time, live nodes).
    var nodeSeries: [(String, Int)]
    /// Events that must be in the log: (first seen, reason, object name, message).
    var events: [(String, String, String, String)]
    /// Unscheduled pods at the end.
    var pendingAtEnd = 0

    var testDescription: String { name }
}

private func t(_ text: String) -> SimTime {
    SimTime(milliseconds: (try? SimDuration(parsing: text).milliseconds) ?? -1)
}

private let scenarios: [CAScenario] = [
    CAScenario(
        name: "scale-up: nodes join after the provisioning delay and take the pods",
        nodeSeries: [("0s", 1), ("3m0s", 3)],
        events: [
            ("0s", "ScaledUpGroup", "cluster-autoscaler-status",
             "Scale-up: setting group general size to 3 instead of 1 (max: 5)"),
            ("3m30s", "NodeReady", "general-1", "Node general-1 status is now: NodeReady"),
        ]),
    {
        var s = CAScenario(
            name: "max-node-provision-time: nodes that never register are given up, backoff",
            nodeSeries: [("0s", 1)],
            events: [
                ("15m10s", "ScaleUpTimedOut", "cluster-autoscaler-status",
                 "Nodes added to group general failed to register within 15m10s"),
                ("15m10s", "NotTriggerScaleUp", "",
                 "pod didn't trigger scale-up: 1 in backoff after failed scale-up"),
            ],
            pendingAtEnd: 6)
        s.provisioning.failureProbability = 1
        return s
    }(),
    CAScenario(
        name: "pool max: the scale-up is capped, then pods say why",
        max: 2, nodeSeries: [("0s", 1), ("3m0s", 2)],
        events: [
            ("0s", "ScaledUpGroup", "cluster-autoscaler-status",
             "Scale-up: setting group general size to 2 instead of 1 (max: 2)"),
            // The upcoming node takes 4 of the 6 pods; the other 2 have no group left.
            ("10s", "NotTriggerScaleUp", "",
             "pod didn't trigger scale-up: 1 max node group size reached"),
        ],
        pendingAtEnd: 2),
    {
        var s = CAScenario(
            name: "max-nodes-total: no scale-up once the ready nodes reach it",
            nodeSeries: [("0s", 1), ("3m0s", 2)],
            events: [
                ("3m30s", "MaxNodesTotalReached", "cluster-autoscaler-status",
                 "Max total nodes in cluster reached: 2"),
                ("3m30s", "NotTriggerScaleUp", "",
                 "pod didn't trigger scale-up: max total nodes in cluster reached"),
            ],
            pendingAtEnd: 2)
        s.options.maxNodesTotal = 2
        return s
    }(),
    CAScenario(
        name: "drain: under-utilized nodes removed one at a time, pods rescheduled",
        nodes: 3, replicas: 3, nodeSeries: [("0s", 3), ("10m5s", 2), ("10m15s", 1)],
        events: [
            ("10m0s", "ScaleDown", "general-0", "marked the node as toBeDeleted/unschedulable"),
            ("10m5s", "RemovingNode", "general-0",
             "Node general-0 event: Removing Node general-0 from Controller"),
            ("10m10s", "ScaleDown", "general-1", "marked the node as toBeDeleted/unschedulable"),
        ]),
    CAScenario(
        name: "empty nodes are deleted in bulk down to the pool's min",
        nodes: 3, replicas: 0, nodeSeries: [("0s", 3), ("10m0s", 1)],
        events: [
            ("10m0s", "ScaleDownEmpty", "cluster-autoscaler-status",
             "Scale-down: removing empty node \"general-0\""),
            ("10m0s", "ScaleDownEmpty", "cluster-autoscaler-status",
             "Scale-down: removing empty node \"general-1\""),
        ]),
    {
        var s = CAScenario(
            name: "scale-down-delay-after-add and unneeded time after the load drops",
            nodeSeries: [("0s", 1), ("3m0s", 3), ("15m10s", 1)],
            events: [
                ("15m10s", "ScaleDownEmpty", "cluster-autoscaler-status",
                 "Scale-down: removing empty node \"general-1\""),
            ])
        s.rescale = (t("5m0s"), 1)
        return s
    }(),
]

@Test(arguments: scenarios)
func clusterAutoscalerScenario(_ s: CAScenario) throws {
    var sim = ClusterSimulation(seed: 5)
    try sim.addPool(NodePool(
        name: "general", instanceType: "m5.large", count: s.nodes, min: s.min, max: s.max,
        allocatable: ResourceList(milliCPU: 2000, memory: 4 << 30, pods: 110)))
    var spec = PodSpec()
    spec.containers = [Container(requests: ["cpu": s.cpu, "memory": 256 << 20])]
    let app = try sim.deploy(
        name: "app", replicas: s.replicas,
        template: PodTemplate(labels: ["app": "app"], spec: spec))
    sim.enableClusterAutoscaler(options: s.options, provisioning: s.provisioning)
    if let (at, replicas) = s.rescale {
        sim.run(until: at)
        try sim.scale(app, replicas: replicas)
    }
    sim.run(until: SimTime.zero + s.runFor)
    let series = sim.kernel.timeline.samples(of: "nodes.general").map {
        ($0.time.description, Int($0.value))
    }
    #expect(series.map(\.0) == s.nodeSeries.map(\.0))
    #expect(series.map(\.1) == s.nodeSeries.map(\.1))
    for (time, reason, object, message) in s.events {
        let found = sim.kernel.events.records.contains {
            $0.reason == reason && $0.firstTimestamp.description == time
                && (object.isEmpty || $0.object.name == object) && $0.message == message
        }
        #expect(found, "\(time) \(reason) \(object): \(message)")
    }
    let pending = sim.cluster.pods.filter { !$0.isRemoved && $0.nodeID == nil }.count
    #expect(pending == s.pendingAtEnd)
    #expect(sim.cluster.pools[0].count == s.nodeSeries.last?.1)
}

@Test func utilizationThresholdDecidesWhetherBusyNodesGo() throws {
    for (threshold, expected) in [(0.25, 2), (0.5, 1)] {
        var sim = ClusterSimulation(seed: 5)
        try sim.addPool(NodePool(
            name: "general", instanceType: "m5.large", count: 2, min: 1, max: 5,
            allocatable: ResourceList(milliCPU: 4000, memory: 8 << 30, pods: 110)))
        var spec = PodSpec()
        spec.containers = [Container(requests: ["cpu": 1200, "memory": 256 << 20])]
        // Two 1200m pods, one per 4-core node (30%): candidates at 0.5, not at 0.25; one
        // node can take both.
        try sim.deploy(name: "app", replicas: 2,
                       template: PodTemplate(labels: ["app": "app"], spec: spec))
        var options = AutoscalingOptions()
        options.eligibility.utilizationThreshold = threshold
        options.scaleDownUnneededTime = .minutes(2)
        sim.enableClusterAutoscaler(options: options)
        sim.run(for: .minutes(5))
        #expect(sim.cluster.pools[0].count == expected, "threshold \(threshold)")
    }
}

@Test func anIdleAutoscalerPausesAndWakesOnChange() throws {
    var sim = ClusterSimulation(seed: 5)
    try sim.addPool(NodePool(
        name: "general", instanceType: "m5.large", count: 1, min: 1, max: 5,
        allocatable: ResourceList(milliCPU: 2000, memory: 4 << 30, pods: 110)))
    var spec = PodSpec()
    spec.containers = [Container(requests: ["cpu": 500, "memory": 256 << 20])]
    let app = try sim.deploy(
        name: "app", replicas: 2, template: PodTemplate(labels: ["app": "app"], spec: spec))
    sim.enableClusterAutoscaler()
    sim.run(for: .minutes(1))
    #expect(sim.autoscalerState?.asleep == true)
    let queued = sim.kernel.pendingCount
    sim.run(for: .hours(1))
    #expect(sim.kernel.pendingCount <= queued)
    try sim.scale(app, replicas: 10)
    sim.run(for: .seconds(10))
    #expect(sim.autoscalerState?.asleep == false)
    #expect(sim.clusterAutoscaler?.upcoming(pool: 0) == 2)
}
