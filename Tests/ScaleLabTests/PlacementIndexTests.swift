import Testing
@testable import ScaleLab

private let gib: Int64 = 1 << 30
private let mib: Int64 = 1 << 20

/// splitmix64, so the churn below is the same on every run.
private struct TestRandom {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

/// Schedules every pending pod one at a time, checking that the scheduler (placement indexes
/// cached across keys, refreshed from node stamps) binds exactly where the full filter/score
/// framework says; returns (placed, placed through an index).
private func placeAndCompare(_ cluster: inout Cluster, _ scheduler: inout Scheduler,
                             _ framework: SchedulingFramework) -> (Int, Int) {
    var placed = 0
    let before = scheduler.indexedPlacements
    for podID in cluster.pendingPods
    where cluster.pods[podID.index].nodeID == nil && !cluster.pods[podID.index].isRemoved {
        let expected = framework.schedule(cluster.pods[podID.index], in: cluster)
        let got = scheduler.scheduleOne(podID, in: &cluster)
        switch expected {
        case .node(let n):
            #expect(got == n, "pod \(cluster.pods[podID.index].name)")
            placed += 1
        case .unschedulable:
            #expect(got == nil, "pod \(cluster.pods[podID.index].name)")
        }
    }
    cluster.compactPending()
    return (placed, scheduler.indexedPlacements - before)
}

/// A seeded mixed cluster (zones, a PreferNoSchedule-tainted pool, an unzoned node, two
/// DaemonSets, bare pods matching a Deployment's selector) under interleaved churn: workloads
/// of mixed sizes scaled up and down in random steps, terminating pods removed, a node
/// cordoned and uncordoned, nodes added, tainted, NotReady, relabelled and removed. The fast
/// path must agree with the full framework on every pod.
@Test(arguments: [SchedulerProfile(), SchedulerProfile.binPacking], [UInt64(3), 11])
func placementIndexMatchesTheFrameworkUnderInterleavedChurn(
    _ profile: SchedulerProfile, _ seed: UInt64
) throws {
    var random = TestRandom(state: seed)
    var cluster = Cluster(seed: seed)
    try cluster.addPool(NodePool(name: "a", instanceType: "a", count: 9, zones: ["z1", "z2", "z3"],
                                 allocatable: resources(cpu: 4000, memory: 16 * gib, pods: 30)))
    try cluster.addPool(NodePool(name: "b", instanceType: "b", count: 4, zones: ["z1", "z2"],
                                 taints: [Taint(key: "spot", value: "true", effect: "PreferNoSchedule")],
                                 allocatable: resources(cpu: 8000, memory: 32 * gib, pods: 58)))
    try cluster.addNode(name: "solo", allocatable: resources(cpu: 2000, memory: 8 * gib, pods: 20))
    try cluster.createDaemonSet(name: "logs", template: PodTemplate(
        labels: ["app": "logs"], spec: podSpec(cpu: 100, memory: 128 * mib)))
    let sizes: [(Int64, Int64)] = [(50, 64 * mib), (100, 256 * mib), (250, 512 * mib),
                                   (500, gib), (1000, 2 * gib)]
    var workloads: [WorkloadID] = []
    for i in 0..<8 {
        var spec = podSpec(cpu: sizes[i % sizes.count].0, memory: sizes[i % sizes.count].1)
        if i == 3 {
            spec.affinity = Affinity()
            spec.affinity?.preferredNodeAffinity = [PreferredSchedulingTerm(
                weight: 7, preference: NodeSelectorTerm(matchExpressions: [NodeSelectorRequirement(
                    key: WellKnownLabels.zone, operator: "In", values: ["z2"])]))]
        }
        if i == 5 { spec.tolerations = [Toleration(key: "spot", operator: "Exists")] }
        let kind: WorkloadKind = i == 6 ? .statefulSet : (i == 7 ? .replicaSet : .deployment)
        workloads.append(try cluster.createWorkload(
            kind: kind, name: "w\(i)", replicas: 0,
            template: PodTemplate(labels: ["app": "w\(i)"], spec: spec)))
    }
    cluster.workloads[6].podManagementPolicy = "Parallel"
    var scheduler = Scheduler(profile: profile)
    let framework = SchedulingFramework(profile: profile)
    var placed = 0, indexed = 0
    for round in 0..<60 {
        // Scale a few workloads up (interleaving their pods in the queue) or down.
        for _ in 0..<3 {
            let w = workloads[random.next(workloads.count)]
            let current = cluster.workloads[w.index].replicas
            let target = random.next(4) == 0 ? max(0, current - 1 - random.next(6))
                                             : current + 1 + random.next(8)
            try cluster.scale(w, replicas: target)
        }
        if round % 7 == 2 {
            // A bare pod carrying a Deployment's labels counts in that Deployment's spreading.
            cluster.createPod(name: "bare-\(round)", labels: ["app": "w0"],
                              spec: podSpec(cpu: 100, memory: 64 * mib))
        }
        if round % 5 == 4 {
            // Terminating pods finish: their resources are freed.
            for pod in cluster.pods where pod.deletionTimestamp != nil && !pod.isRemoved {
                cluster.removePod(pod.id)
            }
        }
        if round == 20 { cluster.setUnschedulable(NodeID(random.next(9)), true) }
        if round == 30 {
            for id in cluster.liveNodes { cluster.setUnschedulable(id, false) }
            try cluster.addNode(name: "late", labels: [WellKnownLabels.zone: "z3"],
                                allocatable: resources(cpu: 16000, memory: 64 * gib, pods: 110))
            cluster.reconcileDaemonSets()
        }
        // Node changes the cached indexes apply node by node: a NoSchedule taint, a node going
        // NotReady and back, a node removed, a node in a new zone, a zone label changed (which
        // renumbers the zones: every index rebuilds).
        if round == 36 {
            cluster.setTaints(NodeID(2), [Taint(key: "dedicated", value: "x", effect: "NoSchedule")])
        }
        if round == 38 { cluster.setReadiness(NodeID(4), .notReady) }
        if round == 41 { cluster.setReadiness(NodeID(4), .ready) }
        if round == 43 { cluster.removeNode(NodeID(7)) }
        if round == 46 {
            try cluster.addNode(name: "z4-node", labels: [WellKnownLabels.zone: "z4"],
                                allocatable: resources(cpu: 8000, memory: 32 * gib, pods: 58))
        }
        if round == 50 { cluster.setLabel(NodeID(0), key: WellKnownLabels.zone, value: "z5") }
        if round == 52 { cluster.setLabel(NodeID(1), key: "disk", value: "ssd") }
        let (p, i) = placeAndCompare(&cluster, &scheduler, framework)
        placed += p
        indexed += i
        // The per-owner counts the indexes read instead of the pods stay a recount of them.
        #expect(cluster.activeCountsAreConsistent(), "round \(round)")
    }
    #expect(placed > 300)
    #expect(indexed > placed / 2)
}
