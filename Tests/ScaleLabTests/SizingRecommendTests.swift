import Testing

@testable import ScaleLab

private let gib: Int64 = 1_073_741_824

private func shape(_ name: String, cpu: Int64, gib memory: Int64, price: Double) throws
    -> NodeShape
{
    try NodeShape.compute(
        InstanceType(provider: .custom, name: name, milliCPU: cpu * 1_000,
                     memoryBytes: memory * gib, pricePerHour: price),
        profile: .none)
}

/// Price linear in size: the blast-radius constraint forces enough nodes that small ones win;
/// a type that cannot hold a pod, and a type over budget, say why.
@Test func recommendPicksTheCheapestPoolMeetingTheConstraints() throws {
    let shapes = [
        try shape("s1", cpu: 1, gib: 1, price: 0.05),
        try shape("s4", cpu: 4, gib: 16, price: 0.20),
        try shape("s16", cpu: 16, gib: 64, price: 0.80),
        try shape("s64", cpu: 64, gib: 256, price: 3.20),
    ]
    let app = [SizingWorkload(name: "app", replicas: 20, milliCPU: 1_500, memory: 4 * gib)]
    var constraints = SizingConstraints()
    constraints.maxBlastRadiusPercent = 25
    constraints.budgetPerMonth = 2_000
    let r = Sizing.recommend(workloads: app, shapes: shapes, constraints: constraints)
    let best = try #require(r.best)
    // s4 holds 2 pods (CPU binds): 10 nodes, $1,460/month; blast radius 10%.
    #expect(best.option.label == "10x s4")
    #expect(abs((best.report.cost?.perMonth ?? 0) - 10 * 0.2 * 730) < 1e-6)
    let verdicts = Dictionary(uniqueKeysWithValues: r.candidates.map { ($0.type, $0.verdict) })
    #expect(verdicts["s1"]?.contains("does not fit a s1 node") == true)
    #expect(verdicts["s4"] == "chosen")
    // s16 holds 10 pods: 2 nodes fit, but a 25% blast radius needs 4 nodes ($2,336 > budget).
    #expect(verdicts["s16"]?.contains("over the budget") == true)
    #expect(verdicts["s64"]?.contains("over the budget") == true)
}

/// Branch and bound: once a pool is found, types whose lower bound costs no less are pruned
/// without scheduling.
@Test func recommendPrunesByLowerBound() throws {
    let shapes = [
        try shape("a", cpu: 4, gib: 16, price: 0.20),
        try shape("b", cpu: 4, gib: 16, price: 0.40),
    ]
    let app = [SizingWorkload(name: "app", replicas: 8, milliCPU: 1_000, memory: gib)]
    var constraints = SizingConstraints()
    constraints.minNodesPerWorkload = 3
    let r = Sizing.recommend(workloads: app, shapes: shapes, constraints: constraints)
    #expect(r.best?.option.label == "3x a")
    #expect(r.best?.report.minEffectiveReplication == 3)
    #expect(r.candidates.last?.type == "b" && r.candidates.last?.count == nil)
    #expect(r.candidates.last?.verdict.hasPrefix("pruned") == true)
}

/// A memory-heavy cache next to a CPU-bound web tier: a general pool for web plus a
/// memory-optimised pool for the cache is cheaper than either pool alone (item 3).
/// general alone: 280 GiB / 16 GiB → ≥ 18 nodes, in practice 20 ($4.00/h); memory alone:
/// 45 CPU / 4 → 12 nodes ($3.60/h); mix: 10 general for web ($2.00/h) + 4 memory nodes of
/// 5 cache pods each ($1.20/h) = $3.20/h.
@Test func recommendFindsACheaperMixOfTwoPools() throws {
    let shapes = [
        try shape("gen-4x16", cpu: 4, gib: 16, price: 0.20),
        try shape("mem-4x64", cpu: 4, gib: 64, price: 0.30),
    ]
    let workloads = [
        SizingWorkload(name: "web", replicas: 40, milliCPU: 1_000, memory: gib),
        SizingWorkload(name: "cache", replicas: 20, milliCPU: 250, memory: 12 * gib),
    ]
    let r = Sizing.recommend(workloads: workloads, shapes: shapes,
                             constraints: SizingConstraints())
    let best = try #require(r.best)
    #expect(best.option.label == "10x gen-4x16 + 4x mem-4x64")
    #expect(abs((best.report.cost?.perMonth ?? 0) - 3.2 * 730) < 1e-6)
    #expect(r.assignment == "web on gen-4x16; cache on mem-4x64")
    #expect(best.report.podsPending == 0)
    // The web pods stay on the general pool, the cache pods on the memory pool.
    for pod in best.cluster.pods where pod.isActive {
        let node = try #require(pod.nodeID.map { best.cluster.nodes[$0.index] })
        let owner = try #require(pod.owner.map { best.cluster.workloads[$0.index].name })
        #expect(node.labels[WellKnownLabels.instanceType]
                == (owner == "web" ? "gen-4x16" : "mem-4x64"))
    }
    let verdicts = Dictionary(uniqueKeysWithValues: r.candidates.map { ($0.type, $0.verdict) })
    #expect(verdicts["gen-4x16 + mem-4x64"] == "chosen")
    // Each single pool lost on price, and says to what.
    #expect(verdicts["mem-4x64"]?.contains("more than 10x gen-4x16 + 4x mem-4x64") == true)
    #expect(verdicts["gen-4x16"]?.hasPrefix("pruned") == true
            || verdicts["gen-4x16"]?.contains("more than") == true)
}

/// A workload pinned by node selector to one type rules out pools of the other type alone,
/// and the mix keeps it there.
@Test func recommendRespectsNodeSelectors() throws {
    let shapes = [
        try shape("gen-4x16", cpu: 4, gib: 16, price: 0.20),
        try shape("mem-4x64", cpu: 4, gib: 64, price: 0.30),
    ]
    var cache = SizingWorkload(name: "cache", replicas: 2, milliCPU: 250, memory: gib)
    cache.template.spec.nodeSelector[WellKnownLabels.instanceType] = "mem-4x64"
    let web = SizingWorkload(name: "web", replicas: 8, milliCPU: 1_000, memory: gib)
    let r = Sizing.recommend(workloads: [web, cache], shapes: shapes,
                             constraints: SizingConstraints())
    let verdicts = Dictionary(uniqueKeysWithValues: r.candidates.map { ($0.type, $0.verdict) })
    #expect(verdicts["gen-4x16"] == "cache's node selector/affinity does not match "
            + "gen-4x16 nodes")
    // mem alone: 8.5 CPU → 3 nodes ($0.90/h); mix: 2 gen for web + 1 mem ($0.70/h).
    #expect(r.best?.option.label == "2x gen-4x16 + 1x mem-4x64")
    #expect(r.assignment == "web on gen-4x16; cache on mem-4x64")
}
