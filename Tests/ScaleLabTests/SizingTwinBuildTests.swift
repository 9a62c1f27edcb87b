import Testing

@testable import ScaleLab

/// `Sizing.build(_:twinOf:settings:)`: the cluster of one catalog type derived from the
/// scheduled cluster of another of the same allocatable is the cluster `build` schedules for
/// it, pod for pod, and its analysis (blast radius included) is the same report.

/// Every catalog type that shares a `CountSearchKey` with an earlier one, at the resource
/// lower bound (pods may stay Pending there) and a few nodes above it.
@Test func twinBuildIsTheBuildOfEveryTypeOfTheSameAllocatable() throws {
    let mib: Int64 = 1_048_576
    // (name, replicas, millicores, MiB): a tier of each size, the db's a whole CPU.
    let tiers: [(String, Int, Int64, Int64)] = [
        ("web", 40, 250, 256), ("api", 25, 500, 512), ("db", 5, 1_000, 2_048),
    ]
    let workloads = tiers.map {
        SizingWorkload(name: $0.0, replicas: $0.1, milliCPU: $0.2, memory: $0.3 * mib)
    }
    let daemonSets = [("logging", 100, 128), ("monitoring", 50, 64)].map {
        SizingDaemonSet(name: $0.0, milliCPU: Int64($0.1), memory: Int64($0.2) * mib)
    }
    let settings = SizingSettings()
    var firstOfKey: [CountSearchKey: NodeShape] = [:]
    var pairs = 0
    for type in InstanceCatalog.builtIn.types {
        let profile: NodeProfile = type.provider == .aws ? .eks
            : type.provider == .gcp ? .gke : type.provider == .azure ? .aks : .none
        guard let shape = try? NodeShape.compute(type, profile: profile),
              let plan = try? PackingPlan(shape: shape, workloads: workloads,
                                          daemonSets: daemonSets),
              let key = CountSearchKey(shape, workloads: workloads, daemonSets: daemonSets)
        else { continue }
        guard let leader = firstOfKey[key] else {
            firstOfKey[key] = shape
            continue
        }
        pairs += 1
        for count in [plan.lowerBound, plan.lowerBound + 3] {
            let option = SizingOption(shape: shape, count: count)
            let built = try Sizing.build(option, workloads: workloads, daemonSets: daemonSets,
                                         settings: settings)
            let twin = try Sizing.build(SizingOption(shape: leader, count: count),
                                        workloads: workloads, daemonSets: daemonSets,
                                        settings: settings)
            let derived = try #require(try Sizing.build(option, twinOf: twin, settings: settings))
            let what = "\(type.name) from \(leader.instanceType.name) at \(count)"
            expectSameCluster(derived, built, what)
            let blast = try #require(Sizing.blastRadius(twin, profile: settings.schedulerProfile))
            let outcome = Sizing.analyzed(
                option, cluster: derived, blastRadius: Sizing.blastRadius(blast, of: twin,
                                                                          on: derived),
                settings: settings)
            let direct = Sizing.analyzed(option, cluster: built, settings: settings).report
            #expect(outcome.report.describe == direct.describe, "\(what)")
            #expect(outcome.report.blastRadius == direct.blastRadius, "\(what)")
        }
    }
    #expect(pairs > 20)
}

/// The twin of a cluster with other nodes is refused.
@Test func twinBuildRefusesOtherNodes() throws {
    let workloads = [SizingWorkload(name: "web", replicas: 10, milliCPU: 250, memory: 1 << 28)]
    let catalog = InstanceCatalog.builtIn
    let large = try NodeShape.compute(try catalog.find("m5.large"), profile: .eks)
    let xlarge = try NodeShape.compute(try catalog.find("m5.xlarge"), profile: .eks)
    let twin = try Sizing.build(SizingOption(shape: large, count: 3), workloads: workloads,
                                daemonSets: [], settings: SizingSettings())
    for option in [SizingOption(shape: xlarge, count: 3), SizingOption(shape: large, count: 4)] {
        #expect(try Sizing.build(option, twinOf: twin, settings: SizingSettings()) == nil)
    }
}

/// Node for node and pod for pod, everything the scheduler, the analysis and Lua read.
private func expectSameCluster(_ a: Cluster, _ b: Cluster, _ what: String) {
    #expect(a.nodes.count == b.nodes.count && a.pods.count == b.pods.count, "\(what)")
    for (x, y) in zip(a.nodes, b.nodes) {
        #expect(x.name == y.name && x.labels == y.labels && x.capacity == y.capacity
            && x.allocatable == y.allocatable && x.pool == y.pool, "\(what): \(x.name)")
    }
    for (x, y) in zip(a.usage, b.usage) {
        #expect(x.pods == y.pods && x.requested == y.requested && x.stamp == y.stamp, "\(what)")
    }
    for (x, y) in zip(a.pods, b.pods) {
        #expect(x.name == y.name && x.labels == y.labels && x.spec == y.spec && x.uid == y.uid
            && x.nodeID == y.nodeID && x.scheduledCondition == y.scheduledCondition
            && x.isRemoved == y.isRemoved, "\(what): \(x.name)")
    }
    #expect(a.pools.map(\.name) == b.pools.map(\.name), "\(what)")
    #expect(a.pools.map(\.capacity) == b.pools.map(\.capacity), "\(what)")
    #expect(a.nodeRevision == b.nodeRevision && a.pendingPods == b.pendingPods, "\(what)")
    for node in b.nodes { #expect(a.node(named: node.name) == node.id, "\(what)") }
}
