import Testing

@testable import ScaleLab

/// Regressions of `Sizing.recommend` found by the lesson writers (issue 6): a blast-radius
/// limit no pool can meet used to add nodes one at a time up to 5,000, and a max-pods cap
/// used to hand back kube-reserved memory, so a capped search beat the uncapped one.

private let mib: Int64 = 1_048_576

/// Lesson 09's workload: a web tier and a memory-hungry cache.
private let lesson09 = [
    SizingWorkload(name: "web", replicas: 20, milliCPU: 250, memory: 512 * mib),
    SizingWorkload(name: "cache", replicas: 2, milliCPU: 1_000, memory: 12_288 * mib),
]

/// Every AWS type of the built-in catalog under EKS, as `sizing.recommend{ providers =
/// { "aws" } }` builds them.
private func awsShapes() -> [NodeShape] {
    InstanceCatalog.builtIn.types.filter { $0.provider == .aws }.compactMap {
        try? NodeShape.compute($0, profile: .eks)
    }
}

/// 22 pods: losing any node that holds one loses 4.5%, so a 4% limit is met by nothing; the
/// answer comes without scheduling anything, and says why.
@Test(.timeLimit(.minutes(1)))
func recommendRejectsABlastRadiusNoNodeCountMeets() throws {
    var constraints = SizingConstraints()
    constraints.maxBlastRadiusPercent = 4
    let r = Sizing.recommend(workloads: lesson09, shapes: awsShapes(), constraints: constraints)
    #expect(r.best == nil)
    #expect(!r.candidates.isEmpty)
    #expect(r.candidates.allSatisfy {
        $0.verdict.contains("blast radius of at most 4% cannot be met") && $0.count == nil
    })
}

/// A tight but reachable limit: 10% of 22 pods is 2 per node, so a single pool needs at least
/// 11 nodes; a mix whose largest nodes hold the 2 cache pods can do with fewer.
@Test(.timeLimit(.minutes(1)))
func recommendMeetsATightBlastRadius() throws {
    var constraints = SizingConstraints()
    constraints.maxBlastRadiusPercent = 10
    #expect(try Sizing.blastRadiusMinNodes(pods: 22, constraints) == 11)
    let r = Sizing.recommend(workloads: lesson09, shapes: awsShapes(), constraints: constraints)
    let best = try #require(r.best)
    let radius = try #require(best.report.blastRadius)
    #expect(radius.percent <= 10 + 1e-9)
    #expect(best.report.podsPending == 0)
    for c in r.candidates where !c.type.contains(" + ") {
        if let count = c.count { #expect(count >= 11, "\(c.type): \(count) nodes") }
    }
}

/// A constraint only removes options: with any max-pods cap, the recommendation never costs
/// less than without one.
@Test(arguments: [8, 11, 17])
func recommendWithAMaxPodsCapIsNeverCheaper(cap: Int) throws {
    let shapes = awsShapes()
    let free = Sizing.recommend(workloads: lesson09, shapes: shapes,
                                constraints: SizingConstraints())
    var constraints = SizingConstraints()
    constraints.maxPodsPerNode = cap
    let capped = Sizing.recommend(workloads: lesson09, shapes: shapes, constraints: constraints)
    let freeCost = try #require(free.best?.report.cost?.perMonth)
    let cappedCost = try #require(capped.best?.report.cost?.perMonth)
    #expect(cappedCost >= freeCost - 1e-9)
    #expect((capped.best?.report.mostPodsOnANode ?? .max) <= cap)
}

/// The cap takes pod slots away and nothing else: EKS keeps the kube-reserved memory of the
/// ENI max pods (nodeadm merges the user's maxPods after computing it).
@Test func aMaxPodsCapKeepsTheReservations() throws {
    let type = try InstanceCatalog.builtIn.find("t3a.medium")
    let shape = try NodeShape.compute(type, profile: .eks)
    let capped = try Sizing.capped(shape, maxPods: 8)
    #expect(shape.allocatable.pods == 17 && capped.allocatable.pods == 8)
    #expect(capped.capacity.pods == 8)
    #expect(capped.allocatable.memoryBytes == shape.allocatable.memoryBytes)
    #expect(capped.allocatable.milliCPU == shape.allocatable.milliCPU)
    #expect(capped.reservations == shape.reservations)
}

/// Memory in the describe text reads like kubectl's quantities, never as raw bytes.
@Test func memoryPrintsAsAKubernetesQuantity() {
    #expect(Sizing.memory(5 * 1_073_741_824 - 2) == "5Gi")
    #expect(Sizing.memory(5 * 1_073_741_824) == "5Gi")
    #expect(Sizing.memory(7_934_292 * 1_024) == "7934292Ki")
    // 1932735283 bytes (GKE's 25% + 20% tiers of 8 GiB) → 1887436.8 KiB.
    #expect(Sizing.memory(1_932_735_283) == "1887437Ki")
    #expect(Sizing.memory(1_932_735_283, roundingDown: true) == "1887436Ki")
    #expect(Sizing.memory(512) == "512")
    #expect(Sizing.memory(0) == "0")
}
