import Foundation
import Testing

@testable import ScaleLab

/// A cluster with one autoscaled pool of 2-core / 4 GiB / 110-pod nodes and a Deployment.
private func cluster(nodes: Int, replicas: Int, cpu: Int64 = 500, max: Int = 5) throws
    -> (Cluster, WorkloadID)
{
    var c = Cluster(seed: 7)
    let shape = ResourceList(milliCPU: 2000, memory: 4 << 30, pods: 110)
    try c.addPool(NodePool(
        name: "general", instanceType: "m5.large", count: nodes, min: 1, max: max,
        zones: ["zone-a"], allocatable: shape))
    var spec = PodSpec()
    spec.containers = [Container(requests: ["cpu": cpu, "memory": 256 << 20])]
    let app = try c.createWorkload(
        kind: .deployment, name: "app", replicas: replicas,
        template: PodTemplate(labels: ["app": "app"], spec: spec))
    var scheduler = Scheduler()
    _ = scheduler.schedulePending(&c)
    return (c, app)
}

@Test func unschedulablePodsTriggerAScaleUpOfTheRightSize() throws {
    // 10 pods of 500m: 4 fit on the one 2000m node, 6 remain -> 2 more nodes.
    let (c, _) = try cluster(nodes: 1, replicas: 10)
    var ca = ClusterAutoscaler(random: SeededRandom(seed: 1))
    let actions = ca.runOnce(in: c)
    let up = try #require(actions.scaleUp)
    #expect(up.pool == 0 && up.currentSize == 1 && up.newSize == 3)
    #expect(up.triggeringPods.count == 6)
    #expect(ca.upcoming(pool: 0) == 2)
    #expect(actions.events.contains {
        $0.reason == "TriggeredScaleUp" && $0.message == "pod triggered scale-up: [{general 1->3 (max: 5)}]"
    })
    #expect(actions.events.contains {
        $0.reason == "ScaledUpGroup"
            && $0.message == "Scale-up: setting group general size to 3 instead of 1 (max: 5)"
    })
    // The next loop sees the pods fit the upcoming nodes: no second scale-up.
    let again = ca.runOnce(in: c)
    #expect(again.scaleUp?.pool == nil)
    #expect(again.scaleUp?.waitingForUpcoming.count == 6)
}

@Test func podsThatFitNoTemplateGetNotTriggerScaleUp() throws {
    let (c, _) = try cluster(nodes: 1, replicas: 2, cpu: 3000)
    var ca = ClusterAutoscaler(random: SeededRandom(seed: 1))
    let actions = ca.runOnce(in: c)
    #expect(actions.scaleUp?.pool == nil)
    let events = actions.events.filter { $0.reason == "NotTriggerScaleUp" }
    #expect(events.count == 2)
    #expect(events.first?.message == "pod didn't trigger scale-up: 1 Insufficient cpu")
}

@Test func maxSizeAndMaxNodesTotalCapTheScaleUp() throws {
    let (c, _) = try cluster(nodes: 1, replicas: 40, max: 4)
    var ca = ClusterAutoscaler(random: SeededRandom(seed: 1))
    #expect(ca.runOnce(in: c).scaleUp?.newSize == 4)
    var options = AutoscalingOptions()
    options.maxNodesTotal = 2
    var capped = ClusterAutoscaler(options: options, random: SeededRandom(seed: 1))
    #expect(capped.runOnce(in: c).scaleUp?.newSize == 2)
}

@Test func provisioningTimeoutBacksTheGroupOff() throws {
    var (c, _) = try cluster(nodes: 1, replicas: 10)
    var ca = ClusterAutoscaler(random: SeededRandom(seed: 1))
    _ = ca.runOnce(in: c)
    c.now += SimDuration.minutes(16).milliseconds
    let actions = ca.runOnce(in: c)
    #expect(actions.timedOut.count == 1 && actions.timedOut[0].count == 2)
    #expect(actions.events.contains { $0.reason == "ScaleUpTimedOut"
        && $0.message == "Nodes added to group general failed to register within 16m0s" })
    #expect(actions.scaleUp?.pool == nil)
}

@Test func underutilizedNodesAreRemovedAfterTheUnneededTime() throws {
    // 4 nodes, 4 pods of 500m: after scheduling they spread; all fit on fewer nodes.
    var (c, _) = try cluster(nodes: 4, replicas: 4)
    var ca = ClusterAutoscaler(random: SeededRandom(seed: 1))
    let first = ca.runOnce(in: c)
    #expect(first.scaleDown?.emptyNodes.isEmpty == true)
    #expect(first.scaleDown?.drainedNodes.isEmpty == true)
    #expect(!ca.scaleDown.unneeded.isEmpty)
    c.now += SimDuration.minutes(10).milliseconds
    let later = ca.runOnce(in: c)
    let down = try #require(later.scaleDown)
    // One non-empty node at a time (--max-drain-parallelism 1), and the pool keeps min 1.
    #expect(down.drainedNodes.count + down.emptyNodes.count >= 1)
    #expect(down.drainedNodes.count <= 1)
    #expect(later.events.contains { $0.reason == "ScaleDown" && $0.kind == "Node" })
}

@Test func scaleDownWaitsAfterAScaleUp() throws {
    var (c, _) = try cluster(nodes: 3, replicas: 1)
    var ca = ClusterAutoscaler(random: SeededRandom(seed: 1))
    ca.scaleDown.lastScaleUp = c.now
    c.now += SimDuration.minutes(11).milliseconds
    _ = ca.runOnce(in: c)
    c.now += SimDuration.minutes(10).milliseconds
    ca.scaleDown.lastScaleUp = c.now - SimDuration.minutes(5).milliseconds
    let result = ca.runOnce(in: c)
    #expect(result.scaleDown?.blockedBy == "scale-down in cooldown after scale-up")
}

@Test func nodePortsKeepsHostPortPodsApart() throws {
    var c = Cluster()
    let a = try c.addNode(name: "a", allocatable: ResourceList(milliCPU: 4000, memory: 1 << 30,
        pods: 10))
    var spec = PodSpec()
    var container = Container(requests: ["cpu": 100])
    container.ports = [ContainerPort(containerPort: 80, hostPort: 8080)]
    spec.containers = [container]
    c.createPod(name: "first", spec: spec, nodeID: a)
    #expect(!NodePorts.filter(spec, node: a, in: c).isSuccess)
    spec.containers[0].ports[0].protocol = "UDP"
    #expect(NodePorts.filter(spec, node: a, in: c).isSuccess)
}

@Test func priorityExpanderPicksTheConfiguredPool() throws {
    var c = Cluster(seed: 7)
    let shape = ResourceList(milliCPU: 2000, memory: 4 << 30, pods: 110)
    for name in ["on-demand", "spot"] {
        try c.addPool(NodePool(
            name: name, instanceType: "m5.large", count: name == "spot" ? 0 : 1, min: 0, max: 5,
            allocatable: shape))
    }
    var spec = PodSpec()
    spec.containers = [Container(requests: ["cpu": 1500])]
    try c.createWorkload(kind: .deployment, name: "app", replicas: 3,
        template: PodTemplate(labels: ["app": "app"], spec: spec))
    var scheduler = Scheduler()
    _ = scheduler.schedulePending(&c)
    var options = AutoscalingOptions()
    options.expanders = ["priority", "least-waste"]
    options.expanderPriorities = [10: ["on-demand"], 50: ["^spot$"]]
    var ca = ClusterAutoscaler(options: options, random: SeededRandom(seed: 3))
    let up = try #require(ca.runOnce(in: c).scaleUp)
    #expect(up.pool == 1 && up.delta == 2)
}
