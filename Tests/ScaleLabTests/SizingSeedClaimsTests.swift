import Testing

@testable import ScaleLab

/// Seed claims 10–14 (seed-notes.md, learnk8s "choosing a worker node size"), each reproduced
/// by scheduling the pods with the engine's scheduler and reading the analysis.

private let mib: Int64 = 1_048_576
private let gib: Int64 = 1_073_741_824

/// A user-defined machine under the "none" profile (allocatable = capacity).
private func idealShape(_ name: String, cpu: Int64, memory: Int64, price: Double? = nil)
    throws -> NodeShape
{
    try NodeShape.compute(
        InstanceType(provider: .custom, name: name, milliCPU: cpu, memoryBytes: memory,
                     pricePerHour: price),
        profile: .none)
}

private func report(_ shape: NodeShape, count: Int?, _ workloads: [SizingWorkload],
                    daemonSets: [SizingDaemonSet] = []) throws -> SizingReport {
    try Sizing.evaluate(SizingOption(shape: shape, count: count), workloads: workloads,
                        daemonSets: daemonSets, settings: SizingSettings()).report
}

/// Claim 10: 8 CPU / 32 GB as 4 smaller nodes or 2 larger ones: the same capacity.
@Test func claim10SameCapacityFourOrTwoNodes() throws {
    let small = try idealShape("s-2x8", cpu: 2_000, memory: 8 * gib)
    let large = try idealShape("l-4x16", cpu: 4_000, memory: 16 * gib)
    let four = try report(small, count: 4, [])
    let two = try report(large, count: 2, [])
    #expect(four.cpu.capacity == 8_000 && two.cpu.capacity == 8_000)
    #expect(four.memory.capacity == 32 * gib && two.memory.capacity == 32 * gib)
    #expect(four.nodes == 4 && two.nodes == 2)
}

/// Claim 12: "5 replicas, but only 2 nodes → effective degree of replication is reduced to
/// 2"; with 5 nodes each replica gets its own node.
@Test(arguments: [(2, 2), (5, 5), (10, 5)])
func claim12EffectiveReplication(nodes: Int, replication: Int) throws {
    let big = try idealShape("big-10g", cpu: 10_000, memory: 10 * gib)
    let r = try report(big, count: nodes,
                       [SizingWorkload(name: "ha", replicas: 5, milliCPU: 100, memory: 100 * mib)])
    #expect(r.effectiveReplication.first?.nodes == replication)
    #expect(r.effectiveReplication.first?.maxPerNode == (5 + nodes - 1) / nodes)
}

/// Claim 12: with 2 nodes, adding one increases capacity by 50%.
@Test func claim12ScalingIncrement() throws {
    let big = try idealShape("big-10g", cpu: 10_000, memory: 10 * gib)
    #expect(try report(big, count: 2, []).scalingIncrementPercent == 50)
    #expect(try report(big, count: 10, []).scalingIncrementPercent == 10)
}

/// Claim 12: with 2 nodes, losing one loses about half the pods and the other may have no
/// room; with 10 nodes the rest absorb them.
@Test func claim12BlastRadius() throws {
    let big = try idealShape("big-10g", cpu: 10_000, memory: 10 * gib)
    let app = [SizingWorkload(name: "app", replicas: 12, milliCPU: 1_000, memory: gib)]
    let two = try report(big, count: 2, app)
    let b2 = try #require(two.blastRadius)
    #expect(b2.podsLost == 6 && b2.percent == 50)
    #expect(b2.pendingAfter == 2 && !b2.absorbed)  // the survivor had room for 4 of 6
    let ten = try report(big, count: 10, app)
    let b10 = try #require(ten.blastRadius)
    #expect(b10.podsLost == 2 && b10.absorbed)
}

/// Claim 14: daemons of 0.1 CPU and 0.1 GB on every node are 1% of one 10-CPU/10-GB node
/// but 10% of ten 1-CPU/1-GB nodes.
@Test func claim14SystemOverhead() throws {
    let one = try idealShape("x10", cpu: 10_000, memory: 10_000_000_000)
    let ten = try idealShape("x1", cpu: 1_000, memory: 1_000_000_000)
    let daemons = [SizingDaemonSet(name: "agents", milliCPU: 100, memory: 100_000_000)]
    let r1 = try report(one, count: 1, [], daemonSets: daemons)
    let r10 = try report(ten, count: 10, [], daemonSets: daemons)
    #expect(abs(r1.overheadCPUPercent - 1) < 1e-9 && abs(r1.overheadMemoryPercent - 1) < 1e-9)
    #expect(abs(r10.overheadCPUPercent - 10) < 1e-9 && abs(r10.overheadMemoryPercent - 10) < 1e-9)
}

/// Claim 14: 0.75 GB pods: 10 fit on ten 1 GB nodes with 25% of memory wasted; 13 fit on one
/// 10 GB node with 2.5% wasted.
@Test func claim14Fragmentation() throws {
    let app = [SizingWorkload(name: "app", replicas: 13, milliCPU: 10, memory: 768 * mib)]
    let small = try report(try idealShape("tiny-1g", cpu: 1_000, memory: gib), count: 10, app)
    #expect(small.podsScheduled == 10 && small.podsPending == 3)
    #expect(abs(small.wasteMemoryPercent - 25) < 1e-9)
    #expect(small.binding == "memory")
    let big = try report(try idealShape("big-10g", cpu: 10_000, memory: 10 * gib), count: 1, app)
    #expect(big.podsScheduled == 13 && big.podsPending == 0)
    #expect(abs(big.wasteMemoryPercent - 2.5) < 1e-9)
}

/// Claim 11: 64 n1-standard-1 cost exactly what one n1-standard-64 costs, both 64 cores and
/// 240 GB (GCP catalog prices).
@Test func claim11LinearCloudPrices() throws {
    let catalog = InstanceCatalog.builtIn
    let small = try NodeShape.compute(catalog.find("n1-standard-1"), profile: .gke)
    let large = try NodeShape.compute(catalog.find("n1-standard-64"), profile: .gke)
    let many = try report(small, count: 64, [])
    let one = try report(large, count: 1, [])
    let a = try #require(many.cost), b = try #require(one.cost)
    #expect(abs(a.perHour - b.perHour) < 1e-9 && abs(a.perHour - 3.04) < 1e-9)
    #expect(many.cpu.machine == 64_000 && one.cpu.machine == 64_000)
    #expect(many.memory.machine == 240 * gib && one.memory.machine == 240 * gib)
    // The same list price buys less allocatable on small nodes (kube-reserved tiers).
    #expect(a.perVCPUMonth > b.perVCPUMonth && a.perGiBMonth > b.perGiBMonth)
}

/// Claim 14: EKS pod limits on small instances (t2.medium 17, t2.small 11, t2.micro 4); the
/// pods over the limit stay Pending and pod slots bind.
@Test(arguments: [("t2.medium", 17), ("t2.small", 11), ("t2.micro", 4)])
func claim14EKSPodLimits(type: String, pods: Int) throws {
    let shape = try NodeShape.compute(InstanceCatalog.builtIn.find(type), profile: .eks)
    let r = try report(shape, count: 1,
                       [SizingWorkload(name: "web", replicas: 20, milliCPU: 10, memory: 10 * mib)])
    #expect(r.maxPodsPerNode == pods)
    #expect(r.podsScheduled == pods && r.podsPending == 20 - pods)
    #expect(r.binding == "pods")
    #expect(r.podsPerNodeHeadroom == 0)
}

/// Claim 12: Kubernetes recommends at most 110 pods per node, the kubelet default: a large
/// node still takes only 110.
@Test func claim12At110PodsPerNode() throws {
    let shape = try NodeShape.compute(InstanceCatalog.builtIn.find("n1-standard-96"),
                                      profile: .gke)
    let r = try report(shape, count: 1,
                       [SizingWorkload(name: "web", replicas: 150, milliCPU: 10, memory: 10 * mib)])
    #expect(r.maxPodsPerNode == 110 && r.podsScheduled == 110 && r.binding == "pods")
    #expect(r.recommendedPodsPerNode == 110)
    #expect(ControlPlaneSizing.maxPodsPerNode == 110)
}

/// Claim 14: kube-up's masters: 5 workers → n1-standard-1 (AWS m3.medium); "500 workers" →
/// n1-standard-32 (AWS c4.8xlarge). get-master-size tests `-gt 500`, so the docs' row is
/// "more than 500" and exactly 500 nodes still get n1-standard-16.
@Test func claim14KubeUpMasterSizes() {
    #expect(ControlPlaneSizing(nodes: 5, pods: 0, mostPodsOnANode: 0).gceMaster == "n1-standard-1")
    #expect(ControlPlaneSizing(nodes: 5, pods: 0, mostPodsOnANode: 0).awsMaster == "m3.medium")
    let over500 = ControlPlaneSizing(nodes: 501, pods: 0, mostPodsOnANode: 0)
    #expect(over500.gceMaster == "n1-standard-32" && over500.awsMaster == "c4.8xlarge")
    #expect(ControlPlaneSizing(nodes: 500, pods: 0, mostPodsOnANode: 0).gceMaster
        == "n1-standard-16")
    #expect(ControlPlaneSizing(nodes: 6, pods: 0, mostPodsOnANode: 0).gceMaster == "n1-standard-2")
    #expect(ControlPlaneSizing(nodes: 3001, pods: 0, mostPodsOnANode: 0).gceMaster
        == "n1-standard-64")
}

/// Claim 14: the official limit is 5,000 nodes and 500 is already hard in practice.
@Test func claim14NodeLimits() {
    #expect(ControlPlaneSizing(nodes: 500, pods: 0, mostPodsOnANode: 0).warnings.isEmpty)
    let hard = ControlPlaneSizing(nodes: 501, pods: 0, mostPodsOnANode: 0).warnings
    #expect(hard.count == 1 && hard[0].contains("500 nodes may already pose"))
    let over = ControlPlaneSizing(nodes: 5_001, pods: 160_000, mostPodsOnANode: 120).warnings
    #expect(over.count == 3 && over[0].contains("5,000 nodes"))
    #expect(over[1].contains("150,000") && over[2].contains("110 pods per node"))
}
