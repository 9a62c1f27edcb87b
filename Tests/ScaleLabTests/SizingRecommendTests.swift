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
