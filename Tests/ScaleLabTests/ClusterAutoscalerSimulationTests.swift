import Foundation
import Testing

@testable import ScaleLab

/// The loop of docs/CLUSTER_AUTOSCALER.md over the cluster lifecycle simulation: pods that do
/// not fit trigger a scale-up, the new nodes take them once provisioned, and after the load goes
/// away the unneeded nodes are removed again.
@Test func autoscalerDrivesTheClusterSimulation() throws {
    var sim = ClusterSimulation(seed: 11)
    let shape = ResourceList(milliCPU: 2000, memory: 4 << 30, pods: 110)
    let pool = try sim.addPool(NodePool(
        name: "general", instanceType: "m5.large", count: 1, min: 1, max: 5, zones: ["a"],
        allocatable: shape))
    var spec = PodSpec()
    spec.containers = [Container(requests: ["cpu": 500, "memory": 256 << 20])]
    let app = try sim.deploy(
        name: "app", replicas: 10, template: PodTemplate(labels: ["app": "app"], spec: spec))
    _ = sim.run(for: .seconds(10))
    var ca = ClusterAutoscaler(random: SeededRandom(seed: 11).stream(named: "ca"))
    let up = try #require(ca.runOnce(in: sim.cluster).scaleUp)
    #expect(up.pool == pool && up.delta == 2)
    // Provisioning: the nodes join after 3 minutes and become Ready 30 s later.
    _ = sim.run(for: .minutes(3))
    try sim.resizePool(pool, to: up.newSize, startup: .seconds(30))
    for _ in 0..<up.delta { ca.nodeRegistered(pool: pool) }
    _ = sim.run(for: .minutes(1))
    #expect(sim.cluster.pendingPods.filter { sim.cluster.pods[$0.index].nodeID == nil }.isEmpty)
    #expect(ca.upcoming(pool: pool) == 0)
    // The load goes away; after the cooldown and the unneeded time, nodes are removed.
    try sim.scale(app, replicas: 1)
    var removed = 0
    for _ in 0..<(20 * 6) {
        _ = sim.run(for: .seconds(10))
        let actions = ca.runOnce(in: sim.cluster)
        guard let down = actions.scaleDown else { continue }
        for node in down.emptyNodes + down.drainedNodes {
            sim.mutate { cluster in
                cluster.removeNode(node.node)
                cluster.pools[pool].count -= 1
            }
            removed += 1
        }
    }
    #expect(removed == 2)
    #expect(sim.cluster.pools[pool].count == 1)
    #expect(sim.cluster.liveNodes.count == 1)
}
