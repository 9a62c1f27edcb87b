import Testing

@testable import ScaleLab

private func template(cpu: Int64, memoryMiB: Int64, name: String = "app") -> PodTemplate {
    var spec = PodSpec()
    spec.containers = [
        Container(name: name, requests: ["cpu": cpu, "memory": memoryMiB * 1_048_576])
    ]
    return PodTemplate(labels: ["app": name], spec: spec)
}

private func pool(_ name: String, type: String, count: Int, profile: NodeProfile = .eks) throws
    -> NodePool
{
    let shape = try NodeShape.compute(InstanceCatalog.builtIn.find(type), profile: profile)
    return NodePool(name: name, shape: shape, count: count)
}

/// The acceptance scenario: EKS t2.medium holds 17 pods, so of 20 small pods some stay
/// Pending with kube-scheduler's "Too many pods".
@Test func eksT2MediumHoldsSeventeenPods() throws {
    var sim = ClusterSimulation(seed: 1)
    try sim.addPool(pool("small", type: "t2.medium", count: 1))
    try sim.deploy(name: "web", replicas: 20, template: template(cpu: 10, memoryMiB: 10))
    sim.run(for: .minutes(5))
    let pods = sim.cluster.pods.filter { !$0.isRemoved }
    let pending = pods.filter { $0.phase == .pending }
    #expect(pods.count == 20)
    #expect(pending.count == 3)
    let message = try #require(pending.first?.scheduledCondition?.message)
    #expect(message.contains("Too many pods"))
    #expect(sim.kernel.timeline.value(of: "pods.running", at: sim.now) == 17)
    let failed = sim.kernel.events.records.filter { $0.reason == "FailedScheduling" }
    #expect(failed.count == 3 && failed.allSatisfy { $0.type == .warning })
}

@Test func podsStartThenBecomeReadyAfterTheirDelays() throws {
    var sim = ClusterSimulation(seed: 1)
    try sim.addPool(pool("general", type: "m5.xlarge", count: 2))
    let web = try sim.deploy(
        name: "web", replicas: 3, template: template(cpu: 250, memoryMiB: 256),
        timing: PodTiming(startup: .seconds(20), readiness: .seconds(10)))
    sim.run(until: SimTime(milliseconds: 19_999))
    #expect(sim.kernel.timeline.value(of: "pods.running", at: sim.now) == 0)
    #expect(sim.kernel.timeline.value(of: "pods.pending", at: sim.now) == 3)
    // Bound and admitted by the kubelet, containers creating: Ready=False from its first
    // status report, as the kubelet's GeneratePodReadyCondition words it.
    let waiting = try #require(sim.cluster.pods.first?.readyCondition)
    #expect(waiting == PodCondition(type: "Ready", status: "False", reason: "ContainersNotReady",
                                    message: "containers with unready status: [app]",
                                    lastTransitionTime: 0))
    #expect(sim.describePod(PodID(0)).split(separator: "\n").contains {
        $0.split(separator: " ") == ["Ready", "False"]
    })
    sim.run(until: SimTime(milliseconds: 20_000))
    #expect(sim.kernel.timeline.value(of: "pods.running", at: sim.now) == 3)
    #expect(sim.kernel.timeline.value(of: "web.ready", at: sim.now) == 0)
    sim.run(until: SimTime(milliseconds: 30_000))
    #expect(sim.kernel.timeline.value(of: "web.ready", at: sim.now) == 3)
    let pod = try #require(sim.cluster.pods.first)
    #expect(pod.startTime == 20_000 && pod.readyCondition?.lastTransitionTime == 30_000)

    // Scale down: surplus pods terminate gracefully (1s shutdown) and are removed.
    try sim.scale(web, replicas: 1)
    #expect(sim.cluster.pods.filter { $0.deletionTimestamp != nil && !$0.isRemoved }.count == 2)
    sim.run(for: .seconds(1))
    #expect(sim.cluster.pods.filter { !$0.isRemoved }.count == 1)
    #expect(sim.kernel.timeline.value(of: "web.replicas", at: sim.now) == 1)
}

@Test func newNodesJoinNotReadyUntilTheirKubeletReports() throws {
    var sim = ClusterSimulation(seed: 1)
    try sim.deploy(name: "web", replicas: 2, template: template(cpu: 100, memoryMiB: 64))
    sim.run(for: .seconds(10))
    #expect(sim.kernel.timeline.value(of: "pods.pending", at: sim.now) == 2)
    try sim.addPool(pool("late", type: "m5.large", count: 1), startup: .seconds(60))
    sim.run(for: .seconds(59))
    #expect(sim.kernel.timeline.value(of: "pods.running", at: sim.now) == 0)
    sim.run(for: .seconds(1))
    #expect(sim.kernel.timeline.value(of: "nodes.ready", at: sim.now) == 1)
    sim.run(for: .seconds(2))
    #expect(sim.kernel.timeline.value(of: "pods.running", at: sim.now) == 2)
    #expect(sim.kernel.events.records.contains { $0.reason == "NodeReady" })
}

/// Node loss: NotReady at the first node-monitor check after the 50s grace period, pods evicted
/// 300s later, replacements placed on the surviving node (or left Pending when it is full).
@Test func lostNodePodsAreEvictedAfterTheDefaultToleration() throws {
    var sim = ClusterSimulation(seed: 3)
    try sim.addPool(pool("p", type: "m5.large", count: 2))
    try sim.deploy(name: "web", replicas: 4, template: template(cpu: 400, memoryMiB: 256))
    sim.run(until: SimTime(milliseconds: 60_000))
    #expect(sim.kernel.timeline.value(of: "web.ready", at: sim.now) == 4)
    let victim = try #require(sim.cluster.pods.first?.nodeID)
    let onVictim = sim.cluster.usage[victim.index].pods.count
    try sim.failNode(victim)
    sim.run(until: SimTime(milliseconds: 109_999))
    #expect(sim.cluster.nodes[victim.index].readiness == .ready)
    sim.run(until: SimTime(milliseconds: 110_000))
    #expect(sim.cluster.nodes[victim.index].readiness == .unknown)
    #expect(sim.kernel.timeline.value(of: "web.ready", at: sim.now) == Double(4 - onVictim))
    sim.run(until: SimTime(milliseconds: 409_999))
    #expect(!sim.kernel.events.records.contains { $0.reason == "TaintManagerEviction" })
    sim.run(until: SimTime(milliseconds: 420_000))
    let evictions = sim.kernel.events.records.filter { $0.reason == "TaintManagerEviction" }
    #expect(evictions.count == onVictim)
    #expect(evictions.allSatisfy { $0.firstTimestamp.milliseconds == 410_000 })
    // Replacements run on the surviving node; the evicted pods stay Terminating on the lost one.
    #expect(sim.kernel.timeline.value(of: "web.ready", at: sim.now) == 4)
    let terminating = sim.cluster.pods.filter { $0.deletionTimestamp != nil && !$0.isRemoved }
    #expect(terminating.count == onVictim)
    #expect(sim.kernel.events.records.contains {
        $0.reason == "NodeNotReady" && $0.object.kind == "Node"
    })
    sim.recoverNode(victim)
    sim.run(for: .seconds(1))
    #expect(sim.cluster.pods.filter { $0.deletionTimestamp != nil && !$0.isRemoved }.isEmpty)
    #expect(sim.cluster.nodes[victim.index].taints.isEmpty)
}

@Test func daemonSetPodsAreNotEvictedFromLostNodes() throws {
    var sim = ClusterSimulation(seed: 1)
    try sim.addPool(pool("p", type: "m5.large", count: 2))
    try sim.addDaemonSet(name: "agent", template: template(cpu: 50, memoryMiB: 50, name: "agent"))
    sim.run(for: .seconds(30))
    #expect(sim.kernel.timeline.value(of: "pods.running", at: sim.now) == 2)
    try sim.failNode(NodeID(0))
    sim.run(for: .minutes(10))
    #expect(!sim.kernel.events.records.contains { $0.reason == "TaintManagerEviction" })
    try sim.addPool(pool("q", type: "m5.large", count: 1))
    sim.run(for: .seconds(30))
    #expect(sim.kernel.timeline.value(of: "pods.running", at: sim.now) == 3)
}

/// Same scenario and seed → identical timeline and event log; another seed differs.
@Test func clusterRunsAreDeterministic() throws {
    func run(seed: UInt64) throws -> (Timeline, EventLog) {
        var sim = ClusterSimulation(seed: seed)
        try sim.addPool(pool("p", type: "m5.xlarge", count: 3))
        let jittery = PodTiming(startup: .seconds(15), readiness: .seconds(5), jitter: 0.5)
        let web = try sim.deploy(
            name: "web", replicas: 10, template: template(cpu: 300, memoryMiB: 512),
            timing: jittery)
        sim.run(for: .minutes(2))
        try sim.scale(web, replicas: 25)
        sim.run(for: .minutes(1))
        try sim.failNode(NodeID(1))
        sim.run(for: .minutes(10))
        try sim.scale(web, replicas: 5)
        sim.run(for: .minutes(5))
        return (sim.kernel.timeline, sim.kernel.events)
    }
    let (t1, e1) = try run(seed: 11)
    let (t2, e2) = try run(seed: 11)
    let (t3, _) = try run(seed: 12)
    #expect(t1 == t2)
    #expect(e1 == e2)
    #expect(t1 != t3)
}

@Test func kubectlTables() throws {
    var sim = ClusterSimulation(seed: 1)
    try sim.addPool(pool("p", type: "t3.medium", count: 1))
    try sim.deploy(name: "web", replicas: 2, template: template(cpu: 1500, memoryMiB: 64),
                   timing: PodTiming(startup: .seconds(30)))
    sim.run(for: .seconds(10))
    let lines = sim.podsTable(namespace: "default").split(separator: "\n")
    #expect(lines[0].hasPrefix("NAME") && lines[0].contains("READY   STATUS"))
    #expect(lines.filter { $0.contains("0/1     ContainerCreating   0          10s") }.count == 1)
    #expect(lines.filter { $0.contains("0/1     Pending") }.count == 1)
    sim.run(for: .seconds(30))
    let wide = sim.podsTable(wide: true).split(separator: "\n")
    #expect(wide[0].contains("AGE   NODE "))
    #expect(wide[0].hasSuffix("   NOMINATED NODE   READINESS GATES"))
    let running = wide.filter { $0.contains("1/1     Running") }
    #expect(running.count == 1 && running[0].hasSuffix("   <none>           <none>"))
    sim.cordon(NodeID(0))
    #expect(sim.nodesTable().contains("p-0    Ready,SchedulingDisabled   <none>   40s"))
}
