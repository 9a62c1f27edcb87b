import Foundation
import Testing

@testable import ScaleLab

/// The Cluster Autoscaler's own scalability case: 1,000 nodes running 30 pods each. One loop
/// must work through it, and an unchanged cluster must not be re-simulated.
@Test func thousandNodesThirtyPodsEach() throws {
    var c = Cluster(seed: 3)
    let shape = ResourceList(milliCPU: 4000, memory: 16 << 30, pods: 110)
    try c.addPool(NodePool(
        name: "general", instanceType: "m5.xlarge", count: 1000, min: 1, max: 1200,
        zones: ["a", "b", "c"], allocatable: shape))
    var spec = PodSpec()
    spec.containers = [Container(requests: ["cpu": 10, "memory": 256 << 20])]
    let nodes = c.liveNodes
    for w in 0..<30 {
        let id = try c.createWorkload(
            kind: .deployment, name: "app-\(w)", replicas: 0,
            template: PodTemplate(labels: ["app": "app-\(w)"], spec: spec))
        for node in nodes {
            c.createPod(name: "app-\(w)-\(node.index)", labels: ["app": "app-\(w)"],
                spec: spec, owner: id, nodeID: node)
        }
    }
    var ca = ClusterAutoscaler(random: SeededRandom(seed: 1))
    let first = ca.runOnce(in: c)
    // 300m of 4000m requested: every node is underutilized, but with no node unneeded in a
    // previous loop only the additional candidate pool (max(50, 10% of 1000) nodes) goes
    // through the drain simulation, and only until 30 non-empty nodes are unneeded
    // (--scale-down-non-empty-candidates-count).
    #expect(first.scaleDown?.emptyNodes.isEmpty == true)
    #expect(ca.scaleDown.unneeded.count == 30)
    #expect(ca.scaleDown.evaluatedRevision == c.nodeRevision)
    // Ten minutes later, unchanged: the timers fire without a new simulation, and one node
    // is drained (--max-drain-parallelism 1).
    c.now += SimDuration.minutes(10).milliseconds
    let later = ca.runOnce(in: c)
    #expect(later.scaleDown?.drainedNodes.count == 1)
    #expect(later.scaleDown?.drainedNodes.first?.podsToReschedule.count == 30)
}
