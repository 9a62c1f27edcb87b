import Testing
@testable import ScaleLab

/// DefaultPreemption's victim selection and candidate choice, on the cases of
/// `defaultpreemption/default_preemption_test.go` (TestDryRunPreemption, TestSelectBestCandidate):
/// priorities low 0, mid 100, high 1000; small 100m/100, medium 200m/200, large 300m/300; nodes
/// `veryLargeRes` (500m, 500 bytes, 32 pods).
@Suite struct DefaultPreemptionTests {
    static let low: Int32 = 0, mid: Int32 = 100, high: Int32 = 1000
    static let small: Int64 = 100, medium: Int64 = 200, large: Int64 = 300

    /// A cluster of `nodes` veryLargeRes nodes with `pods` (name, node index, priority, size,
    /// start time) bound.
    func cluster(nodes: Int, _ pods: [(String, Int, Int32, Int64, Int64?)]) throws -> Cluster {
        var c = Cluster(seed: 1)
        for i in 1...nodes {
            try c.addNode(name: "node\(i)", allocatable: resources(cpu: 500, memory: 500, pods: 32))
        }
        for (name, node, priority, size, start) in pods {
            var spec = podSpec(cpu: size, memory: size)
            spec.priority = priority
            let id = c.createPod(name: name, spec: spec, nodeID: NodeID(node - 1))
            if let start { c.pods[id.index].startTime = start }
        }
        return c
    }

    func preemptor(_ c: Cluster, priority: Int32, size: Int64) -> Pod {
        var spec = podSpec(cpu: size, memory: size)
        spec.priority = priority
        return Pod(id: PodID(c.pods.count), name: "p", namespace: "default", labels: [:], uid: 9,
                   spec: spec, requests: PodRequests(spec), creationTime: 0)
    }

    func names(_ ids: [PodID], _ c: Cluster) -> [String] { ids.map { c.pods[$0.index].name } }

    /// Every node is Unschedulable to the filters (the dry run's input).
    func statuses(_ c: Cluster) -> [String: Status] {
        Dictionary(uniqueKeysWithValues: c.nodes.map { ($0.name, Status(.unschedulable)) })
    }

    @Test func mediumPriorityPodIsPreemptedButTheSmallLowPriorityOneStays() throws {
        let c = try cluster(nodes: 2, [("p1.1", 1, Self.low, Self.small, nil),
                                       ("p1.2", 1, Self.mid, Self.large, nil),
                                       ("p2", 2, Self.mid, Self.large, nil)])
        let pod = preemptor(c, priority: Self.high, size: Self.large)
        let (candidates, failed) = DefaultPreemption.dryRun(
            pod, potential: c.liveNodes, framework: SchedulingFramework(), in: c)
        #expect(failed.isEmpty)
        #expect(candidates.map { names($0.victims, c) } == [["p1.2"], ["p2"]])
        #expect(candidates.map(\.node) == [NodeID(0), NodeID(1)])
    }

    @Test func mixedPriorityPodsArePreemptedMostImportantFirst() throws {
        let c = try cluster(nodes: 2, [("p1.1", 1, Self.mid, Self.small, nil),
                                       ("p1.2", 1, Self.low, Self.small, nil),
                                       ("p1.3", 1, Self.mid, Self.medium, nil),
                                       ("p1.4", 1, Self.high, Self.small, nil),
                                       ("p2", 2, Self.high, Self.large, nil)])
        let pod = preemptor(c, priority: Self.high, size: Self.large)
        let (candidates, failed) = DefaultPreemption.dryRun(
            pod, potential: c.liveNodes, framework: SchedulingFramework(), in: c)
        #expect(candidates.count == 1)
        #expect(names(candidates[0].victims, c) == ["p1.3", "p1.2"])
        // node2 holds only an equal-priority pod.
        #expect(failed.map(\.status) == [Status(.unschedulableAndUnresolvable,
                                                [DefaultPreemption.noVictimsReason])])
    }

    @Test func equalPrioritiesReprieveTheLongerRunningPodFirst() throws {
        // "mixed priority pods are preempted, pick later StartTime one when priorities are equal"
        let c = try cluster(nodes: 2, [("p1.1", 1, Self.low, Self.small, 5),
                                       ("p1.2", 1, Self.low, Self.small, 4),
                                       ("p1.3", 1, Self.mid, Self.medium, 3),
                                       ("p1.4", 1, Self.high, Self.small, 2),
                                       ("p2", 2, Self.high, Self.large, 1)])
        let pod = preemptor(c, priority: Self.high, size: Self.large)
        let (candidates, _) = DefaultPreemption.dryRun(
            pod, potential: c.liveNodes, framework: SchedulingFramework(), in: c)
        #expect(candidates.map { names($0.victims, c) } == [["p1.3", "p1.1"]])
    }

    @Test func candidateChoiceFollowsPickOneNodeForPreemption() throws {
        let framework = SchedulingFramework()
        // The node whose most important victim has the lowest priority wins.
        var c = try cluster(nodes: 2, [("a", 1, Self.mid, Self.large, nil),
                                       ("b", 2, Self.low, Self.large, nil)])
        var r = DefaultPreemption.postFilter(preemptor(c, priority: Self.high, size: Self.large),
                                             statuses: statuses(c), framework: framework, in: c)
        #expect(r.code == .success && r.candidate?.node == NodeID(1))
        // Equal highest priorities: the smaller sum of priorities (fewer low pods) wins.
        c = try cluster(nodes: 2, [("a1", 1, Self.mid, Self.medium, nil),
                                   ("a2", 1, Self.mid, Self.medium, nil),
                                   ("b1", 2, Self.mid, Self.large, nil)])
        r = DefaultPreemption.postFilter(preemptor(c, priority: Self.high, size: 400),
                                         statuses: statuses(c), framework: framework, in: c)
        #expect(r.candidate?.node == NodeID(1) && names(r.candidate?.victims ?? [], c) == ["b1"])
        // Everything equal but start times: the node whose victims started last wins.
        c = try cluster(nodes: 2, [("a", 1, Self.low, Self.large, 10),
                                   ("b", 2, Self.low, Self.large, 20)])
        r = DefaultPreemption.postFilter(preemptor(c, priority: Self.high, size: Self.large),
                                         statuses: statuses(c), framework: framework, in: c)
        #expect(r.candidate?.node == NodeID(1) && r.message == "")
    }

    @Test func noCandidateGivesTheDryRunFitError() throws {
        let c = try cluster(nodes: 2, [("a", 1, Self.high, Self.large, nil),
                                       ("b", 2, Self.low, Self.small, nil)])
        var s = statuses(c)
        s["node2"] = Status(.unschedulableAndUnresolvable, ["node(s) were unschedulable"])
        let r = DefaultPreemption.postFilter(preemptor(c, priority: Self.high, size: Self.large),
                                             statuses: s, framework: SchedulingFramework(), in: c)
        #expect(r.code == .unschedulable && r.candidate == nil && r.clearsNomination)
        #expect(r.message == "preemption: 0/2 nodes are available: 1 No preemption victims found "
            + "for incoming pod, 1 Preemption is not helpful for scheduling.")
    }

    @Test func preemptionPolicyNeverIsNotEligible() throws {
        let c = try cluster(nodes: 1, [("a", 1, Self.low, Self.large, nil)])
        var pod = preemptor(c, priority: Self.high, size: Self.large)
        pod.spec.preemptionPolicy = "Never"
        let r = DefaultPreemption.postFilter(pod, statuses: statuses(c),
                                             framework: SchedulingFramework(), in: c)
        #expect(r.message == "preemption: not eligible due to preemptionPolicy=Never.")
        #expect(!r.clearsNomination)
    }

    @Test func schedulerNominatesMarksVictimsAndHoldsTheRoom() throws {
        var c = try cluster(nodes: 1, [("a", 1, Self.low, Self.large, nil),
                                       ("b", 1, Self.low, Self.small, nil)])
        var spec = podSpec(cpu: Self.large, memory: Self.large)
        spec.priority = Self.high
        let p = c.createPod(name: "p", spec: spec)
        var scheduler = Scheduler()
        scheduler.schedulePending(&c)
        #expect(scheduler.preemptions == [Preemption(preemptor: p, node: NodeID(0),
                                                     victims: [PodID(0)])])
        #expect(c.pods[p.index].nominatedNodeID == NodeID(0))
        #expect(c.pods[0].disruptionTarget?.reason == "PreemptionByScheduler")
        #expect(c.pods[0].disruptionTarget?.message
            == "default-scheduler: preempting to accommodate a higher priority pod")
        // The victim terminating: the preemptor waits, a low-priority newcomer may not take
        // the room held for it.
        c.beginDeletion(PodID(0))
        c.removePod(PodID(0))
        var lowSpec = podSpec(cpu: Self.medium, memory: Self.medium)
        lowSpec.priority = Self.low
        let late = c.createPod(name: "late", spec: lowSpec)
        let pending = c.pendingPods
        #expect(scheduler.queueOrder(c) == [p, late] && pending == [p, late])
        var skipFirst = scheduler
        skipFirst.scheduleOne(late, in: &c)
        #expect(c.pods[late.index].nodeID == nil)
        scheduler.schedulePending(&c)
        #expect(c.pods[p.index].nodeID == NodeID(0) && c.pods[p.index].nominatedNodeID == nil)
    }

    @Test func postFilterRunsOnlyAboveTheLowestPriority() throws {
        var c = try cluster(nodes: 1, [("a", 1, Self.low, Self.large, nil)])
        #expect(!c.hasPrioritizedPods)
        var pod = preemptor(c, priority: Self.low, size: Self.large)
        #expect(!DefaultPreemption.needsPostFilter(pod, in: c))
        pod.spec.preemptionPolicy = "Never"
        #expect(DefaultPreemption.needsPostFilter(pod, in: c))
        var spec = podSpec(cpu: Self.small, memory: Self.small)
        spec.priority = -100
        c.createPod(name: "neg", spec: spec)
        #expect(c.hasPrioritizedPods && c.lowestPriority == -100)
        #expect(DefaultPreemption.needsPostFilter(preemptor(c, priority: Self.low, size: 1), in: c))
        #expect(!DefaultPreemption.needsPostFilter(preemptor(c, priority: -100, size: 1), in: c))
    }
}
