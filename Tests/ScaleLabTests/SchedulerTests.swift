import Testing
@testable import ScaleLab

/// A pod spec with one container requesting `cpu` millicores and `memory` bytes.
func podSpec(cpu: Int64, memory: Int64) -> PodSpec {
    var spec = PodSpec()
    spec.containers = [Container(name: "app", requests: ["cpu": cpu, "memory": memory])]
    return spec
}

func resources(cpu: Int64, memory: Int64, pods: Int64 = 110) -> ResourceList {
    ResourceList(milliCPU: cpu, memory: memory, pods: pods)
}

private let gib: Int64 = 1 << 30
private let mib: Int64 = 1 << 20

@Test func eksT2MediumHolds17PodsAndLeavesThreePendingWithTooManyPods() throws {
    let shape = try NodeShape.compute(InstanceCatalog.builtIn.find("t2.medium"),
                                      profile: NodeProfile(provider: .eks))
    #expect(shape.allocatable.pods == 17)
    var cluster = Cluster(seed: 1)
    try cluster.addPool(NodePool(name: "small", shape: shape, count: 1))
    try cluster.createWorkload(kind: .deployment, name: "web", replicas: 20,
                               template: PodTemplate(labels: ["app": "web"],
                                                     spec: podSpec(cpu: 10, memory: 10 * mib)))
    var scheduler = Scheduler()
    let pass = scheduler.schedulePending(&cluster)
    #expect(pass == Scheduler.PassResult(scheduled: 17, unschedulable: 3))
    let pending = cluster.pods.filter { $0.nodeID == nil && !$0.isRemoved }
    #expect(pending.count == 3)
    for pod in pending {
        #expect(pod.phase == .pending)
        #expect(pod.scheduledCondition?.reason == "Unschedulable")
        #expect(pod.scheduledCondition?.message == "0/1 nodes are available: 1 Too many pods. "
            + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.")
    }
}

@Test func fitErrorCountsReasonsAcrossNodes() throws {
    var cluster = Cluster()
    for i in 0..<3 {
        try cluster.addNode(name: "cpu-\(i)", allocatable: resources(cpu: 100, memory: 8 * gib))
    }
    for i in 0..<2 {
        try cluster.addNode(name: "slots-\(i)", allocatable: resources(cpu: 4000, memory: 8 * gib, pods: 0))
    }
    let pod = cluster.createPod(name: "big", spec: podSpec(cpu: 500, memory: gib))
    var scheduler = Scheduler()
    #expect(scheduler.scheduleOne(pod, in: &cluster) == nil)
    let message = cluster.pods[pod.index].scheduledCondition?.message ?? ""
    #expect(message.hasPrefix("0/5 nodes are available: 2 Too many pods, 3 Insufficient cpu."))
}

/// One row per filter: a node set-up that rejects the pod, and the reason in the message.
struct FilterCase: Sendable, CustomStringConvertible {
    var name: String
    var reason: String
    var description: String { name }
}

@Test(arguments: [
    FilterCase(name: "cordoned", reason: "1 node(s) were unschedulable"),
    FilterCase(name: "tainted", reason: "1 node(s) had untolerated taint(s)"),
    FilterCase(name: "selector", reason: "1 node(s) didn't match Pod's node affinity/selector"),
    FilterCase(name: "memory", reason: "1 Insufficient memory"),
    FilterCase(name: "notready", reason: "1 node(s) had untolerated taint(s)"),
])
func eachFilterRejectsWithItsReason(_ row: FilterCase) throws {
    var cluster = Cluster()
    let node = try cluster.addNode(name: "n1", labels: ["disk": "hdd"],
                                   allocatable: resources(cpu: 4000, memory: 4 * gib))
    var spec = podSpec(cpu: 100, memory: gib)
    switch row.name {
    case "cordoned": cluster.setUnschedulable(node, true)
    case "tainted": cluster.setTaints(node, [Taint(key: "dedicated", value: "gpu", effect: "NoSchedule")])
    case "selector": spec.nodeSelector = ["disk": "ssd"]
    case "memory": spec = podSpec(cpu: 100, memory: 5 * gib)
    default: cluster.setReadiness(node, .notReady)
    }
    let pod = cluster.createPod(name: "p", spec: spec)
    var scheduler = Scheduler()
    #expect(scheduler.scheduleOne(pod, in: &cluster) == nil)
    let message = cluster.pods[pod.index].scheduledCondition?.message ?? ""
    #expect(message.hasPrefix("0/1 nodes are available: \(row.reason)."))
}

@Test func tolerationsAndMatchingSelectorAdmitThePod() throws {
    var cluster = Cluster()
    let node = try cluster.addNode(name: "n1", labels: ["disk": "ssd"],
                                   taints: [Taint(key: "dedicated", value: "db", effect: "NoSchedule")],
                                   allocatable: resources(cpu: 4000, memory: 4 * gib))
    var spec = podSpec(cpu: 100, memory: gib)
    spec.nodeSelector = ["disk": "ssd"]
    spec.tolerations = [Toleration(key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule")]
    let pod = cluster.createPod(name: "db", spec: spec)
    var scheduler = Scheduler()
    #expect(scheduler.scheduleOne(pod, in: &cluster) == node)
}

@Test func requiredAntiAffinityByHostnamePutsOnePodPerNode() throws {
    var cluster = Cluster()
    for i in 0..<3 { try cluster.addNode(name: "n\(i)", allocatable: resources(cpu: 8000, memory: 8 * gib)) }
    var spec = podSpec(cpu: 100, memory: mib)
    var affinity = Affinity()
    affinity.hasPodAntiAffinity = true
    affinity.requiredPodAntiAffinity = [PodAffinityTerm(
        labelSelector: LabelSelector(matchLabels: ["app": "db"]), topologyKey: WellKnownLabels.hostname)]
    spec.affinity = affinity
    try cluster.createWorkload(kind: .statefulSet, name: "db", replicas: 4,
                               template: PodTemplate(labels: ["app": "db"], spec: spec))
    cluster.workloads[0].podManagementPolicy = "Parallel"
    cluster.reconcile(WorkloadID(0))
    var scheduler = Scheduler()
    let pass = scheduler.schedulePending(&cluster)
    #expect(pass.scheduled == 3 && pass.unschedulable == 1)
    let nodes = Set(cluster.pods.compactMap(\.nodeID))
    #expect(nodes.count == 3)
    let pending = cluster.pods.first { $0.nodeID == nil }
    #expect(pending?.scheduledCondition?.message.hasPrefix(
        "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.") ?? false)
}

@Test func zoneTopologySpreadDoNotScheduleKeepsSkewWithinOne() throws {
    var cluster = Cluster()
    try cluster.addPool(NodePool(name: "a", instanceType: "m5.large", count: 4, zones: ["z1"],
                                 allocatable: resources(cpu: 8000, memory: 16 * gib)))
    try cluster.addPool(NodePool(name: "b", instanceType: "m5.large", count: 1, zones: ["z2"],
                                 allocatable: resources(cpu: 8000, memory: 16 * gib)))
    var spec = podSpec(cpu: 100, memory: mib)
    spec.topologySpreadConstraints = [TopologySpreadConstraint(
        maxSkew: 1, topologyKey: WellKnownLabels.zone, whenUnsatisfiable: "DoNotSchedule",
        labelSelector: LabelSelector(matchLabels: ["app": "web"]))]
    try cluster.createWorkload(kind: .deployment, name: "web", replicas: 10,
                               template: PodTemplate(labels: ["app": "web"], spec: spec))
    var scheduler = Scheduler()
    scheduler.schedulePending(&cluster)
    var perZone: [String: Int] = [:]
    for pod in cluster.pods { if let n = pod.nodeID { perZone[cluster.nodes[n.index].zone ?? "", default: 0] += 1 } }
    #expect(perZone == ["z1": 5, "z2": 5])
}

@Test func mostAllocatedPacksWhileLeastAllocatedSpreads() throws {
    func run(_ profile: SchedulerProfile) throws -> Int {
        var cluster = Cluster()
        for i in 0..<4 { try cluster.addNode(name: "n\(i)", allocatable: resources(cpu: 4000, memory: 8 * gib)) }
        try cluster.createWorkload(kind: .replicaSet, name: "w", replicas: 8,
                                   template: PodTemplate(labels: ["app": "w"], spec: podSpec(cpu: 500, memory: gib)))
        var scheduler = Scheduler(profile: profile)
        scheduler.schedulePending(&cluster)
        return Set(cluster.pods.compactMap(\.nodeID)).count
    }
    #expect(try run(SchedulerProfile()) == 4)
    // With the system-default spreading of ReplicaSet pods (PodTopologySpread, weight 2),
    // MostAllocated alone does not pack; without default constraints it fills one node.
    #expect(try run(SchedulerProfile.binPacking) > 1)
    var packing = SchedulerProfile.binPacking
    packing.spreadDefaultingType = "List"
    #expect(try run(packing) == 1)
}

/// The placement index must choose exactly the node the full framework chooses.
@Test(arguments: [SchedulerProfile(), SchedulerProfile.binPacking, listDefaulting()])
func placementIndexAgreesWithTheFullFramework(_ profile: SchedulerProfile) throws {
    var cluster = Cluster(seed: 7)
    try cluster.addPool(NodePool(name: "small", instanceType: "s", count: 7, zones: ["a", "b", "c"],
                                 allocatable: resources(cpu: 2000, memory: 4 * gib, pods: 20)))
    try cluster.addPool(NodePool(name: "big", instanceType: "b", count: 5, zones: ["a", "b"],
                                 taints: [Taint(key: "spot", value: "true", effect: "PreferNoSchedule")],
                                 allocatable: resources(cpu: 8000, memory: 32 * gib, pods: 58)))
    try cluster.addNode(name: "solo", allocatable: resources(cpu: 4000, memory: 8 * gib, pods: 30))
    let sizes: [(Int64, Int64, Int)] = [(100, 128 * mib, 40), (250, gib, 25), (1000, 512 * mib, 12),
                                        (50, 64 * mib, 60), (2000, 3 * gib, 6)]
    for (i, s) in sizes.enumerated() {
        var spec = podSpec(cpu: s.0, memory: s.1)
        if i == 2 {
            spec.affinity = Affinity()
            spec.affinity?.preferredNodeAffinity = [PreferredSchedulingTerm(
                weight: 5, preference: NodeSelectorTerm(matchExpressions: [NodeSelectorRequirement(
                    key: WellKnownLabels.zone, operator: "In", values: ["b"])]))]
        }
        try cluster.createWorkload(kind: i % 2 == 0 ? .deployment : .statefulSet, name: "w\(i)",
                                   replicas: s.2, template: PodTemplate(labels: ["app": "w\(i)"], spec: spec))
        if i % 2 == 1 { cluster.workloads[i].podManagementPolicy = "Parallel"; cluster.reconcile(WorkloadID(i)) }
    }
    var scheduler = Scheduler(profile: profile)
    let framework = SchedulingFramework(profile: profile)
    var placed = 0
    for podID in cluster.pendingPods {
        let expected = framework.schedule(cluster.pods[podID.index], in: cluster)
        let got = scheduler.scheduleOne(podID, in: &cluster)
        switch expected {
        case .node(let n): #expect(got == n, "pod \(cluster.pods[podID.index].name)"); placed += 1
        case .unschedulable: #expect(got == nil)
        }
    }
    #expect(placed > 100)
    #expect(scheduler.indexedPlacements == placed)
}

func listDefaulting() -> SchedulerProfile {
    var p = SchedulerProfile.binPacking
    p.spreadDefaultingType = "List"
    return p
}

@Test func placementBenchmarkRunsAtSmallScale() throws {
    let r = try Benchmarks.placement(nodes: 60, pods: 1_800, replicasPerWorkload: 300)
    #expect(r.scheduled == 1_800 && r.pending == 0)
    #expect(r.indexed == 1_800)
}
