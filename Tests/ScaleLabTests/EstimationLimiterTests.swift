import Foundation
import Testing

@testable import ScaleLab

@Test func limiterFoldsThresholdsAndCountsNodes() {
    let context = EstimationContext(
        similarNodeGroups: [NodeGroupSize(id: "b", maxSize: 10, targetSize: 8)],
        currentNodeCount: 95, clusterMaxNodeLimit: 100)
    var limiter = ThresholdBasedLimiter(thresholds: [
        StaticThreshold.defaults, ClusterCapacityThreshold(),
        SimilarNodeGroupCapacityThreshold(),
    ])
    limiter.startEstimation(
        nodeGroup: NodeGroupSize(id: "a", maxSize: 5, targetSize: 4), context: context)
    // min(1000, 100-95, (10-8)+(5-4)) = 3
    #expect(limiter.maxNodes == 3)
    var answers: [Bool] = []
    for _ in 0..<4 { answers.append(limiter.permissionToAddNode()) }
    #expect(answers == [true, true, true, false])
    #expect(limiter.nodes == 3)
}

@Test func limiterStopsWhenTheDurationRunsOut() {
    final class Clock: @unchecked Sendable { var now: Int64 = 0 }
    let clock = Clock()
    var limiter = ThresholdBasedLimiter(
        thresholds: [StaticThreshold(maxNodes: 0, maxDurationNanoseconds: 1_000)],
        now: { clock.now })
    limiter.startEstimation(nodeGroup: nil, context: nil)
    let before = limiter.permissionToAddNode()
    clock.now = 1_001
    let after = limiter.permissionToAddNode()
    #expect(before && !after)
}

@Test func minLimitTable() {
    let table: [(Int, Int, Int)] = [(-1, 5, -1), (5, -1, -1), (0, 0, 0), (0, 7, 7), (7, 0, 7),
        (3, 7, 3), (7, 3, 3)]
    for (base, target, want) in table {
        #expect(minEstimationLimit(base, target) == want, "\(base), \(target)")
    }
}

@Test func orderAndFastpathChoice() {
    let big = ExemplarTraits(milliCPU: 900, memoryBytes: 10, firstContainerMilliCPU: 900,
        firstContainerMemoryBytes: 10)
    let small = ExemplarTraits(milliCPU: 100, memoryBytes: 10, firstContainerMilliCPU: 100,
        firstContainerMemoryBytes: 10)
    var spread = small
    spread.hasTopologySpreadConstraints = true
    let groups = [
        PodEquivalenceGroup(pods: ["s1", "s2"], exemplar: small),
        PodEquivalenceGroup(pods: ["b1"], exemplar: big),
        PodEquivalenceGroup(pods: Array(repeating: "t", count: 50), exemplar: spread),
    ]
    let ordered = DecreasingPodOrderer.order(
        groups, allocatableMilliCPU: 1000, allocatableMemoryBytes: 1000)
    #expect(ordered.map { $0.pods[0] } == ["b1", "s1", "t"])
    // The spread group would save the most but may not use the fast path.
    #expect(FastpathSelection.bestGroup(groups, capacityMilliCPU: 1000,
        capacityMemoryBytes: 1000) == 1)
}
