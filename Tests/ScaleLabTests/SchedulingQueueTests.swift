import Testing

@testable import ScaleLab

/// kube-scheduler's scheduling queue in the simulation: an unschedulable pod is retried only
/// after a cluster event that may make it fit (a node added, a bound pod deleted), after
/// podMaxInUnschedulablePodsDuration, and never before its backoff is over; each attempt
/// records one FailedScheduling.
@Suite struct SchedulingQueueTests {
    /// One 2-CPU node with three 500m pods bound, and a 1-CPU pod that does not fit.
    struct Setup {
        var sim: ClusterSimulation
        var filler: WorkloadID
        var other: WorkloadID
        var waiter: PodID
    }

    static func setup() throws -> Setup {
        var sim = ClusterSimulation(seed: 1)
        try sim.addPool(node("a"))
        let filler = try sim.deploy(name: "filler", replicas: 3, template: template("filler", 500))
        let other = try sim.deploy(name: "other", replicas: 0, template: template("other", 100))
        try sim.deploy(name: "waiter", replicas: 1, template: template("waiter", 1000))
        let waiter = try #require(sim.cluster.pods.first { $0.name.hasPrefix("waiter") }?.id)
        return Setup(sim: sim, filler: filler, other: other, waiter: waiter)
    }

    static func node(_ name: String) -> NodePool {
        NodePool(name: name, instanceType: "m5.large", count: 1,
                 allocatable: ResourceList(milliCPU: 2000, memory: 8 << 30, pods: 110))
    }

    static func template(_ app: String, _ milliCPU: Int64) -> PodTemplate {
        var spec = PodSpec()
        spec.containers = [Container(name: app, requests: ["cpu": milliCPU, "memory": 64 << 20])]
        return PodTemplate(labels: ["app": app], spec: spec)
    }

    /// Scheduling attempts that failed for `pod` (FailedScheduling events, counting repeats).
    static func failures(_ sim: ClusterSimulation, _ pod: PodID) -> Int {
        let name = sim.cluster.pods[pod.index].name
        return sim.kernel.events.records
            .filter { $0.reason == "FailedScheduling" && $0.object.name == name }
            .reduce(0) { $0 + $1.count }
    }

    enum Event: String, CaseIterable {
        /// An unrelated deployment binds a pod: resources only shrink, no retry.
        case unrelatedPodBound
        /// A new node: NodeAdd.
        case nodeAdded
        /// Scaling the filler down: its bound pods terminate (AssignedPodDelete).
        case boundPodDeleted
    }

    @Test(arguments: Event.allCases)
    func aPendingPodIsRetriedOnlyAfterARelevantEvent(_ event: Event) throws {
        var s = try Self.setup()
        s.sim.run(until: SimTime(milliseconds: 60_000))
        #expect(Self.failures(s.sim, s.waiter) == 1)
        switch event {
        case .unrelatedPodBound: try s.sim.scale(s.other, replicas: 1)
        case .nodeAdded: try s.sim.addPool(Self.node("b"))
        case .boundPodDeleted: try s.sim.scale(s.filler, replicas: 1)
        }
        s.sim.run(until: SimTime(milliseconds: 120_000))
        let bound = s.sim.cluster.pods[s.waiter.index].nodeID != nil
        #expect(bound == (event != .unrelatedPodBound), "\(event)")
        #expect(Self.failures(s.sim, s.waiter) == 1, "\(event)")
    }

    /// Without any event the pod is retried once it has been unschedulable for more than 5
    /// minutes, at the next 30s flush (`flushUnschedulablePodsLeftover`): not at 300s (not
    /// more than 5 minutes yet), at 330s.
    @Test func anUnschedulablePodIsRetriedAfterFiveMinutes() throws {
        var s = try Self.setup()
        s.sim.run(until: SimTime(milliseconds: 329_999))
        #expect(Self.failures(s.sim, s.waiter) == 1)
        s.sim.run(until: SimTime(milliseconds: 330_000))
        #expect(Self.failures(s.sim, s.waiter) == 2)
        // Stamped again at 330s: the next retry is at the first flush after 630s.
        s.sim.run(until: SimTime(milliseconds: 659_999))
        #expect(Self.failures(s.sim, s.waiter) == 2)
        s.sim.run(until: SimTime(milliseconds: 660_000))
        #expect(Self.failures(s.sim, s.waiter) == 3)
    }

    /// A node added 0.5s after the failure finds the pod backing off (1s after its first
    /// attempt): it waits in backoffQ and is placed at the 1s flush tick.
    @Test func aMovedPodWaitsOutItsBackoff() throws {
        var s = try Self.setup()
        s.sim.run(until: SimTime(milliseconds: 500))
        #expect(Self.failures(s.sim, s.waiter) == 1)
        try s.sim.addPool(Self.node("b"))
        s.sim.run(until: SimTime(milliseconds: 999))
        #expect(s.sim.cluster.pods[s.waiter.index].nodeID == nil)
        s.sim.run(until: SimTime(milliseconds: 1000))
        #expect(s.sim.cluster.pods[s.waiter.index].nodeID != nil)
        #expect(Self.failures(s.sim, s.waiter) == 1)
    }

    /// A pod whose required pod affinity no bound pod satisfies yet waits in the
    /// unschedulable pods that cluster events about pods may help (`AssignedPodAdd`): once
    /// the pod it follows binds, it is retried in the same instant, not at the 330s flush.
    @Test func aPodWithPodAffinityIsRetriedWhenTheMatchingPodBinds() throws {
        var s = try Self.setup()
        var template = Self.template("follower", 100)
        var affinity = Affinity()
        affinity.hasPodAffinity = true
        affinity.requiredPodAffinity = [PodAffinityTerm(
            labelSelector: LabelSelector(matchLabels: ["app": "other"]),
            topologyKey: WellKnownLabels.hostname)]
        template.spec.affinity = affinity
        try s.sim.deploy(name: "follower", replicas: 1, template: template)
        let follower = try #require(
            s.sim.cluster.pods.first { $0.name.hasPrefix("follower") }?.id)
        s.sim.run(until: SimTime(milliseconds: 60_000))
        #expect(s.sim.cluster.pods[follower.index].nodeID == nil)
        // (The fillers bound in the first pass moved it once already: that retry failed too.)
        let failed = Self.failures(s.sim, follower)
        try s.sim.scale(s.other, replicas: 1)
        s.sim.run(until: SimTime(milliseconds: 60_000))
        #expect(s.sim.cluster.pods[follower.index].nodeID != nil)
        #expect(Self.failures(s.sim, follower) == failed)
    }

    /// The backoff doubles per attempt from 1s up to 10s (`calculateBackoffDuration`).
    @Test(arguments: [(1, 1000), (2, 2000), (3, 4000), (4, 8000), (5, 10_000), (9, 10_000)])
    func backoffDoublesUpToTenSeconds(_ attempts: Int32, _ expected: Int64) {
        #expect(SchedulingQueue().backoffDuration(attempts: attempts) == expected)
    }

    /// A pass tries only activeQ: with many pods unschedulable, a new pod's pass attempts
    /// just the new pod.
    @Test func aPassTriesOnlyActivePods() throws {
        var s = try Self.setup()
        let more = try s.sim.deploy(name: "more", replicas: 50, template: Self.template("more", 1000))
        s.sim.run(until: SimTime(milliseconds: 10_000))
        let before = s.sim.kernel.events.records.filter { $0.reason == "FailedScheduling" }
            .reduce(0) { $0 + $1.count }
        #expect(before == 51)
        try s.sim.scale(more, replicas: 51)
        s.sim.run(until: SimTime(milliseconds: 20_000))
        let after = s.sim.kernel.events.records.filter { $0.reason == "FailedScheduling" }
            .reduce(0) { $0 + $1.count }
        #expect(after == 52)
        #expect(s.sim.queue.unschedulableEntries == 52)
    }
}
