import Foundation
import Testing

@testable import ScaleLab

/// 40 nodes of 2 cores, each running one 100m pod of a Deployment: every node is
/// underutilized and could be drained onto the others.
private func lightlyLoaded() throws -> Cluster {
    var c = Cluster(seed: 5)
    let shape = ResourceList(milliCPU: 2000, memory: 4 << 30, pods: 110)
    try c.addPool(NodePool(
        name: "general", instanceType: "m5.large", count: 40, min: 1, max: 40,
        zones: ["zone-a"], allocatable: shape))
    var spec = PodSpec()
    spec.containers = [Container(requests: ["cpu": 100, "memory": 128 << 20])]
    let app = try c.createWorkload(
        kind: .deployment, name: "app", replicas: 0,
        template: PodTemplate(labels: ["app": "app"], spec: spec))
    for node in c.liveNodes {
        c.createPod(name: "app-\(node.index)", labels: ["app": "app"], spec: spec, owner: app,
                    nodeID: node)
    }
    return c
}

/// legacy.go chooseCandidates / UpdateUnneededNodes: the nodes unneeded last loop are all
/// re-checked; the others form a pool of max(ceil(ratio x nodes), min count) simulated only
/// until `--scale-down-non-empty-candidates-count` non-empty nodes are unneeded.
@Test func drainSimulationHonoursTheNonEmptyCandidateLimits() throws {
    var c = try lightlyLoaded()
    var options = AutoscalingOptions()
    options.scaleDownNonEmptyCandidatesCount = 5
    options.scaleDownCandidatesPoolMinCount = 8
    var ca = ClusterAutoscaler(options: options, random: SeededRandom(seed: 1))
    _ = ca.runOnce(in: c)
    let first = ca.scaleDown.unneeded.map(\.node)
    #expect(first.count == 5)
    // A later loop on a changed cluster re-checks those five and looks for no more: the
    // timers keep running from the first loop.
    let since = ca.scaleDown.unneededSince
    c.now += 60_000
    c.createPod(name: "extra", labels: ["app": "other"], spec: PodSpec(), nodeID: NodeID(39))
    _ = ca.runOnce(in: c)
    #expect(ca.scaleDown.unneeded.map(\.node) == first)
    #expect(ca.scaleDown.unneededSince == since)
    // A non-positive count turns the limit off: the drain simulation goes on until the
    // remaining nodes are full (20 pods each) or the extra bare pod blocks a node.
    var unlimited = options
    unlimited.scaleDownNonEmptyCandidatesCount = 0
    var all = ClusterAutoscaler(options: unlimited, random: SeededRandom(seed: 1))
    _ = all.runOnce(in: c)
    #expect(all.scaleDown.unneeded.count > 30)
    #expect(all.scaleDown.unremovable.values.contains(.blockedByPod))
}
