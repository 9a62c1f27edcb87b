import Testing
@testable import ScaleLab

/// Issue 8 regression: a huge count or replica number (a typo such as 99999999) is refused at
/// once with an error saying why, instead of allocating for minutes where Ctrl-C cannot reach.
@Suite struct ClusterLimitsTests {
    static let allocatable = ResourceList(milliCPU: 2000, memory: 8 << 30, pods: 110)

    static func spec() -> PodTemplate {
        var spec = PodSpec()
        spec.containers = [Container(name: "app", requests: ["cpu": 100, "memory": 1 << 26])]
        return PodTemplate(labels: ["app": "web"], spec: spec)
    }

    @Test func aHugePoolIsRefusedAndLeavesNoPoolBehind() throws {
        var cluster = Cluster()
        let huge = NodePool(name: "p", instanceType: "m5.large", count: 99_999_999,
                            allocatable: Self.allocatable)
        #expect(throws: ClusterError("node pool \"p\": count 99999999 is more than scalelab "
            + "simulates (at most 50000 nodes in a pool, 10x Kubernetes' largest tested cluster "
            + "of 5000 nodes)")) { try cluster.addPool(huge) }
        #expect(cluster.pools.isEmpty && cluster.nodes.isEmpty)
        // The same name works afterwards with a sane count; growing it past the limit fails.
        let index = try cluster.addPool(NodePool(name: "p", instanceType: "m5.large", count: 2,
                                                 allocatable: Self.allocatable))
        #expect(throws: ClusterError.self) { try cluster.resizePool(index, to: 50_001) }
        #expect(cluster.nodes.count == 2)
    }

    @Test func hugeReplicasAreRefusedOnCreateAndScale() throws {
        var cluster = Cluster()
        #expect(throws: ClusterError("Deployment \"web\": replicas 99999999 is more than "
            + "scalelab simulates (at most 1500000 pods in a workload, 10x Kubernetes' largest "
            + "tested cluster of 150000 pods)")) {
            try cluster.createWorkload(kind: .deployment, name: "web", replicas: 99_999_999,
                                       template: Self.spec())
        }
        let w = try cluster.createWorkload(kind: .deployment, name: "web", replicas: 1,
                                           template: Self.spec())
        #expect(throws: ClusterError.self) { try cluster.scale(w, replicas: Int(Int32.max)) }
        #expect(cluster.workloads[w.index].replicas == 1)
        #expect(cluster.activePods(of: w).count == 1)
    }
}
