import Foundation
import Testing

@testable import ScaleLab

/// The scale-down planner keeps each node's request sums between loops (ScaleDownState); they
/// must follow the node's pods: a pod bound, a deletion begun, a pod long terminating.
@Test func scaleDownUtilizationFollowsTheNodesPodsAcrossLoops() throws {
    var c = Cluster(seed: 3)
    let shape = ResourceList(milliCPU: 2000, memory: 8 << 30, pods: 110)
    try c.addPool(NodePool(
        name: "general", instanceType: "m5.large", count: 3, min: 1, max: 3,
        zones: ["zone-a"], allocatable: shape))
    var small = PodSpec()
    small.containers = [Container(requests: ["cpu": 100, "memory": 128 << 20])]
    var big = PodSpec()
    big.containers = [Container(requests: ["cpu": 1500, "memory": 128 << 20])]
    let app = try c.createWorkload(
        kind: .deployment, name: "app", replicas: 0,
        template: PodTemplate(labels: ["app": "app"], spec: small))
    for node in c.liveNodes {
        c.createPod(name: "app-\(node.index)", labels: ["app": "app"], spec: small, owner: app,
                    nodeID: node)
    }
    let planner = ScaleDownPlanner(options: AutoscalingOptions())
    var state = ScaleDownState()
    let name = c.nodes[0].name
    // Node 0's utilization from the sums the last update kept, checked against a sum of its
    // pods read afresh.
    func utilization() throws -> Double {
        let view = planner.eligibilityNode(c.nodes[0], in: c, withPods: false)
        let options = ScaleDownEligibilityOptions()
        let kept = try planner.utilization(
            of: view, options: options, totals: state.requestTotals, in: c)
        let fresh = try planner.utilization(of: view, options: options, in: c)
        #expect(kept == fresh)
        return kept.utilization
    }
    planner.update(&state, in: c)
    #expect(try utilization() == 0.05)

    // A pod bound to the node: 1600m of 2000m, no longer underutilized.
    let heavy = c.createPod(name: "heavy", labels: ["app": "app"], spec: big, owner: app,
                            nodeID: NodeID(0))
    c.now += 10_000
    planner.update(&state, in: c)
    #expect(try utilization() == 0.8)
    #expect(state.unremovable[name] == .notUnderutilized)
    #expect(state.requestTotals[0].stamp == c.usage[0].stamp)

    // Its deletion begun: a terminating pod still counts for its first 60 s...
    c.beginDeletion(heavy)
    c.now += 10_000
    planner.update(&state, in: c)
    #expect(state.unremovable[name] == .notUnderutilized)
    #expect(try utilization() == 0.8)
    // ...and not once it is long terminating (UtilizationPod.isLongTerminating), with no
    // other change to the node's pods.
    c.now += 60_001
    planner.update(&state, in: c)
    #expect(try utilization() == 0.05)
}

/// A node removed in a what-if fork (`simulateNodeRemoval`) is gone for a scheduler whose
/// placement index was built before the fork: the removal stamps the node like `removeNode`.
@Test func simulatedNodeRemovalReachesCachedPlacementIndexes() throws {
    var c = Cluster(seed: 4)
    try c.addPool(NodePool(
        name: "general", instanceType: "m5.large", count: 2, min: 1, max: 2,
        zones: ["zone-a"], allocatable: ResourceList(milliCPU: 2000, memory: 8 << 30, pods: 110)))
    var spec = PodSpec()
    spec.containers = [Container(requests: ["cpu": 100, "memory": 128 << 20])]
    let app = try c.createWorkload(
        kind: .deployment, name: "app", replicas: 1,
        template: PodTemplate(labels: ["app": "app"], spec: spec))
    var scheduler = Scheduler()
    _ = scheduler.schedulePending(&c)
    #expect(scheduler.indexedPlacements == 1)
    // Fork: every node but the one the index would choose next is removed.
    var fork = c
    var forkScheduler = scheduler
    try fork.scale(app, replicas: 2)
    let onNode0 = fork.usage[0].pods.count, onNode1 = fork.usage[1].pods.count
    let removed = NodeID(onNode0 <= onNode1 ? 0 : 1)
    fork.simulateNodeRemoval(removed)
    _ = forkScheduler.schedulePending(&fork)
    let placed = fork.pods.last { !$0.isRemoved }
    #expect(placed?.nodeID != nil && placed?.nodeID != removed)
}
