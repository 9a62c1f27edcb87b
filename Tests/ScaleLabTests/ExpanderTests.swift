import Foundation
import Testing

@testable import ScaleLab

private func context(_ infos: [String: ExpanderNodeInfo] = [:], seed: UInt64 = 1)
    -> ExpanderContext
{
    ExpanderContext(nodeInfos: infos, random: SeededRandom(seed: seed))
}

private let infos: [String: ExpanderNodeInfo] = [
    "small": ExpanderNodeInfo(nodeName: "small", capacityMilliCPU: 2000,
        capacityMemoryBytes: 8 << 30),
    "large": ExpanderNodeInfo(nodeName: "large", capacityMilliCPU: 8000,
        capacityMemoryBytes: 32 << 30),
]

private func pods(_ n: Int) -> [ExpanderPod] {
    (0..<n).map { ExpanderPod(name: "p\($0)", milliCPU: 500, memoryBytes: 1 << 30) }
}

@Test func chainStopsAtTheFirstFilterThatLeavesOneOption() throws {
    let options = [
        ExpansionOption(nodeGroupID: "small", nodeCount: 4, pods: pods(14)),
        ExpansionOption(nodeGroupID: "large", nodeCount: 1, pods: pods(14)),
    ]
    // Both schedule 14 pods, so most-pods keeps both; least-nodes then picks "large".
    let chain = try ExpanderStrategy(names: ["most-pods", "least-nodes"])
    var ctx = context(infos)
    #expect(chain.bestOption(options, context: &ctx)?.nodeGroupID == "large")
    // Whatever least-waste leaves, the final pick is reproducible with the same seed.
    let waste = try ExpanderStrategy(names: ["least-waste"])
    var a = context(infos, seed: 7)
    var b = context(infos, seed: 7)
    #expect(waste.bestOption(options, context: &a) == waste.bestOption(options, context: &b))
}

@Test func expanderChainValidationUsesTheAutoscalerWording() {
    #expect(throws: ExpanderConfigError.self) {
        try ExpanderStrategy(names: ["least-waste", "least-waste"])
    }
    do {
        _ = try ExpanderStrategy(names: ["random", "most-pods"])
        Issue.record("random followed by another expander must be refused")
    } catch {
        #expect("\(error)".contains("came after an expander random"))
    }
    #expect(throws: ExpanderConfigError.self) { try ExpanderStrategy(names: ["price"]) }
    #expect(throws: ExpanderConfigError.self) { try ExpanderStrategy(names: ["fastest"]) }
}

@Test func leastWasteSkipsGroupsWithoutTemplatesAndPrefersTheTighterFit() {
    let options = [
        ExpansionOption(nodeGroupID: "unknown", nodeCount: 1, pods: pods(2)),
        ExpansionOption(nodeGroupID: "large", nodeCount: 1, pods: pods(2)),
        ExpansionOption(nodeGroupID: "small", nodeCount: 1, pods: pods(2)),
    ]
    var ctx = context(infos)
    let best = LeastWasteFilter().bestOptions(options, context: &ctx)
    #expect(best.map(\.nodeGroupID) == ["small"])
}

@Test func randomIsReproducibleWithTheSameSeed() {
    let options = (0..<10).map { ExpansionOption(nodeGroupID: "g\($0)", nodeCount: 1) }
    var first = context(seed: 42)
    var second = context(seed: 42)
    let a = (0..<20).map { _ in RandomFilter().bestOptions(options, context: &first)[0] }
    let b = (0..<20).map { _ in RandomFilter().bestOptions(options, context: &second)[0] }
    #expect(a == b)
    #expect(Set(a.map(\.nodeGroupID)).count > 1)
    var empty = context()
    #expect(RandomFilter().bestOptions([], context: &empty).isEmpty)
}

@Test func priorityKeepsTheHighestMatchAndPassesEverythingWhenNothingMatches() throws {
    let filter = try PriorityFilter(yaml: """
        10:
          - .*-ondemand-.*
        50:
          - .*-spot-.*
          - ^gpu$
        """)
    let options = ["pool-ondemand-a", "pool-spot-a", "pool-spot-b", "other"].map {
        ExpansionOption(nodeGroupID: $0, nodeCount: 1)
    }
    var ctx = context()
    #expect(filter.bestOptions(options, context: &ctx).map(\.nodeGroupID)
        == ["pool-spot-a", "pool-spot-b"])
    let unmatched = [ExpansionOption(nodeGroupID: "x", nodeCount: 1)]
    #expect(filter.bestOptions(unmatched, context: &ctx).map(\.nodeGroupID) == ["x"])
    #expect(throws: ExpanderConfigError.self) { try PriorityFilter(yaml: "") }
    #expect(throws: ExpanderConfigError.self) { try PriorityFilter(priorities: [1: ["("]]) }
}

@Test func priceExpanderAvoidsGPUGroupsAndDoublesMissingGroups() throws {
    var gpuInfos = infos
    gpuInfos["gpu"] = ExpanderNodeInfo(nodeName: "gpu", capacityMilliCPU: 2000,
        capacityMemoryBytes: 8 << 30, hasGPU: true)
    let pricing = ResourcePricingModel(
        nodePricesPerHour: ["small": 0.10, "large": 0.40, "gpu": 0.05],
        cpuPricePerCoreHour: 0.033174, memoryPricePerGiBHour: 0.004446)
    let filter = PriceFilter(pricing: pricing,
        preferredNodeProvider: SimplePreferredNodeProvider(clusterNodeCount: 3))
    let options = [
        ExpansionOption(nodeGroupID: "gpu", nodeCount: 1, pods: pods(3)),
        ExpansionOption(nodeGroupID: "small", nodeCount: 1, pods: pods(3)),
    ]
    var ctx = context(gpuInfos)
    let best = filter.bestOptions(options, context: &ctx)
    #expect(best.map(\.nodeGroupID) == ["small"])
    #expect(best.first?.debug.hasPrefix("small | price-expander: ") == true)
    // The same group, once as an existing and once as a group to create: the new one costs 2x.
    let node = try #require(gpuInfos["small"])
    let preferred = try SimplePreferredNodeProvider(clusterNodeCount: 3).preferredNode()
    let existing = try #require(filter.score(options[1], node: node, preferred: preferred,
        stabilizationPrice: 0.02))
    var missing = options[1]
    missing.nodeGroupExists = false
    let created = try #require(filter.score(missing, node: node, preferred: preferred,
        stabilizationPrice: 0.02))
    #expect(created.score == existing.score * 2)
}

@Test func preferredNodeGrowsWithTheCluster() throws {
    let table: [(Int, Int64)] = [(0, 1000), (2, 1000), (3, 2000), (6, 2000), (7, 4000),
        (20, 4000), (21, 8000), (60, 8000), (61, 16000), (200, 16000), (201, 32000)]
    for (count, milli) in table {
        let node = try SimplePreferredNodeProvider(clusterNodeCount: count).preferredNode()
        #expect(node.capacityMilliCPU == milli, "cluster of \(count)")
    }
}
