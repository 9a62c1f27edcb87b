import Testing
@testable import ScaleLab

private let gib: Int64 = 1 << 30

private func smallSpec() -> PodSpec {
    var spec = PodSpec()
    spec.containers = [Container(name: "app", requests: ["cpu": 100, "memory": 1 << 26])]
    return spec
}

private func twoNodeCluster() throws -> Cluster {
    var cluster = Cluster(seed: 3)
    try cluster.addNode(name: "n0", allocatable: ResourceList(milliCPU: 4000, memory: 8 * gib, pods: 110))
    try cluster.addNode(name: "n1", allocatable: ResourceList(milliCPU: 4000, memory: 8 * gib, pods: 110))
    return cluster
}

/// Scale-down victims by the ReplicaSet controller's ranking; each row sets up the pods of a
/// 4-replica Deployment and names the pod that must go first.
struct ScaleDownCase: Sendable, CustomStringConvertible {
    var description: String
    var expectedVictim: Int
}

@Test(arguments: [
    ScaleDownCase(description: "unscheduled before scheduled", expectedVictim: 3),
    ScaleDownCase(description: "Pending before Running", expectedVictim: 1),
    ScaleDownCase(description: "not ready before ready", expectedVictim: 2),
    ScaleDownCase(description: "doubled-up node first", expectedVictim: 0),
    ScaleDownCase(description: "newer before older", expectedVictim: 3),
])
func scaleDownFollowsActivePodsOrder(_ row: ScaleDownCase) throws {
    var cluster = try twoNodeCluster()
    cluster.now = 1_000_000
    let w = try cluster.createWorkload(kind: .deployment, name: "web", replicas: 0,
                                       template: PodTemplate(labels: ["app": "web"], spec: smallSpec()))
    var ids: [PodID] = []
    for i in 0..<4 {
        cluster.now += (i == 3 && row.description.hasPrefix("newer")) ? 100_000_000 : 10
        try cluster.scale(w, replicas: i + 1)
        ids.append(cluster.activePods(of: w).last ?? PodID(0))
    }
    // Default state: all bound (two per node), Running and Ready.
    let layout = [0, 1, 0, 1]
    for (i, id) in ids.enumerated() where !(row.description.hasPrefix("unscheduled") && i == 3) {
        cluster.bind(id, to: NodeID(layout[i]))
    }
    for id in ids where cluster.pods[id.index].nodeID != nil {
        cluster.setPhase(id, .running)
        cluster.setReady(id, true)
    }
    switch row.description {
    case "Pending before Running": cluster.setPhase(ids[1], .pending); cluster.setReady(ids[1], false)
    case "not ready before ready": cluster.setReady(ids[2], false)
    case "doubled-up node first":
        // Move pod 1 from n1 to n0: n0 holds three of the workload's pods, n1 one.
        cluster.removePod(ids[1])
        ids[1] = cluster.createPod(name: "moved", labels: ["app": "web"], spec: smallSpec(), owner: w,
                                   nodeID: NodeID(0))
        cluster.setPhase(ids[1], .running)
        cluster.setReady(ids[1], true)
    default: break
    }
    let active = cluster.activePods(of: w)
    let victims = cluster.podsToDelete(active, related: active, count: 1)
    if row.description == "doubled-up node first" {
        // Rank 3 (n0) beats rank 1 (n1); among n0's pods the newest ("moved") goes first.
        #expect(victims == [ids[1]])
        #expect(cluster.pods[victims[0].index].nodeID == NodeID(0))
    } else {
        #expect(victims == [ids[row.expectedVictim]])
    }
}

@Test func scaleDownDeletesAndStatusReplicasFollows() throws {
    var cluster = try twoNodeCluster()
    let w = try cluster.createWorkload(kind: .replicaSet, name: "rs", replicas: 5,
                                       template: PodTemplate(labels: ["app": "rs"], spec: smallSpec()))
    var scheduler = Scheduler()
    scheduler.schedulePending(&cluster)
    #expect(cluster.statusReplicas(w) == 5)
    try cluster.scale(w, replicas: 2)
    #expect(cluster.statusReplicas(w) == 2)
    #expect(cluster.workloads[w.index].replicas == 2)
    #expect(throws: ClusterError.self) { try cluster.scale(w, replicas: -1) }
}

@Test func statefulSetCreatesOrdinalsInOrderAndRemovesTheHighestFirst() throws {
    var cluster = try twoNodeCluster()
    let s = try cluster.createWorkload(kind: .statefulSet, name: "db", replicas: 3,
                                       template: PodTemplate(labels: ["app": "db"], spec: smallSpec()))
    // OrderedReady: only db-0 until it is Running and Ready.
    #expect(cluster.activePods(of: s).map { cluster.pods[$0.index].name } == ["db-0"])
    var scheduler = Scheduler()
    for _ in 0..<3 {
        scheduler.schedulePending(&cluster)
        for id in cluster.activePods(of: s) { cluster.setPhase(id, .running); cluster.setReady(id, true) }
        cluster.reconcile(s)
    }
    let names = cluster.activePods(of: s).map { cluster.pods[$0.index].name }
    #expect(names == ["db-0", "db-1", "db-2"])
    #expect(cluster.pods[cluster.activePods(of: s)[1].index].labels["statefulset.kubernetes.io/pod-name"] == "db-1")
    try cluster.scale(s, replicas: 1)
    // One at a time, highest ordinal first: db-2 is terminating, db-1 still there.
    let terminating = cluster.pods.filter { $0.owner == s && $0.deletionTimestamp != nil }.map(\.name)
    #expect(terminating == ["db-2"])
    for pod in cluster.pods where pod.deletionTimestamp != nil { cluster.removePod(pod.id) }
    cluster.reconcile(s)
    let left = cluster.pods.filter { $0.owner == s && $0.isActive }.map(\.name)
    #expect(left == ["db-0"])
}

@Test func daemonSetRunsOnePodPerMatchingNodeUsingASlot() throws {
    var cluster = Cluster()
    try cluster.addPool(NodePool(name: "gp", instanceType: "m5.large", count: 3, zones: ["a", "b"],
                                 allocatable: ResourceList(milliCPU: 2000, memory: 8 * gib, pods: 3)))
    try cluster.addNode(name: "gpu-0", taints: [Taint(key: "nvidia.com/gpu", effect: "NoSchedule")],
                        allocatable: ResourceList(milliCPU: 2000, memory: 8 * gib, pods: 3))
    try cluster.createDaemonSet(name: "node-exporter",
                                template: PodTemplate(labels: ["app": "ne"], spec: smallSpec()))
    var scheduler = Scheduler()
    scheduler.schedulePending(&cluster)
    let daemonPods = cluster.pods.filter { $0.daemonSet == 0 && !$0.isRemoved }
    #expect(daemonPods.count == 3)  // the tainted GPU node is skipped
    #expect(Set(daemonPods.compactMap(\.nodeID)).count == 3)
    #expect(cluster.nodes[0].labels[WellKnownLabels.zone] == "a")
    #expect(cluster.nodes[1].labels[WellKnownLabels.zone] == "b")
    #expect(cluster.nodes[0].labels[WellKnownLabels.instanceType] == "m5.large")
    // Each daemon pod takes one of a node's 3 slots, leaving 2 per gp node; the GPU node's
    // taint keeps web pods off it.
    try cluster.createWorkload(kind: .deployment, name: "web", replicas: 7,
                               template: PodTemplate(labels: ["app": "web"], spec: smallSpec()))
    let pass = scheduler.schedulePending(&cluster)
    #expect(pass == Scheduler.PassResult(scheduled: 6, unschedulable: 1))
    let pending = cluster.pods.first { $0.nodeID == nil && !$0.isRemoved }
    #expect(pending?.scheduledCondition?.message.hasPrefix(
        "0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Too many pods.") ?? false)
    // A new node gets its daemon pod.
    try cluster.resizePool(0, to: 4)
    cluster.reconcileDaemonSets()
    #expect(cluster.pods.filter { $0.daemonSet == 0 && !$0.isRemoved }.count == 4)
}

@Test func clusterIsAValueForWhatIfForks() throws {
    var a = try twoNodeCluster()
    try a.createWorkload(kind: .deployment, name: "w", replicas: 3,
                         template: PodTemplate(labels: ["app": "w"], spec: smallSpec()))
    var b = a
    var scheduler = Scheduler()
    scheduler.schedulePending(&b)
    #expect(a.pods.allSatisfy { $0.nodeID == nil })
    #expect(b.pods.allSatisfy { $0.nodeID != nil })
}
