import Testing

@testable import ScaleLab

/// Every stored property reachable from a simulation is a value, except immutable shared
/// objects (compiled regexes, series-set identity tokens): so copying a simulation forks it.
@Test func aSimulationHoldsOnlyValues() throws {
    var sim = try ReportFixtures.scenario()
    _ = try sim.applyHPAs(yaml: """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: { name: web }
        spec:
          scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
          minReplicas: 1
          maxReplicas: 10
          metrics:
          - type: Resource
            resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } }
        """)
    sim.run(for: .minutes(1))
    let allowed: Set<String> = ["Regexp", "AnchoredRegex", "SeriesSetEpoch"]
    var found: Set<String> = []
    var visited = 0
    func walk(_ value: Any, depth: Int) {
        visited += 1
        guard depth < 40, visited < 400_000 else { return }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .class {
            found.insert(String(describing: type(of: value)))
        }
        // Arrays of plain numbers need no walk.
        if mirror.displayStyle == .collection, let first = mirror.children.first,
            first.value is Int64 || first.value is Double || first.value is Int
        {
            return
        }
        for child in mirror.children { walk(child.value, depth: depth + 1) }
    }
    walk(sim, depth: 0)
    #expect(found.subtracting(allowed).isEmpty, "reference types in a simulation: \(found)")
}

@Test func aCopyDivergesIndependently() throws {
    let base = try ReportFixtures.scenario()
    var a = base
    var b = base
    try b.scale(WorkloadID(0), replicas: 1)
    a.run(for: .minutes(2))
    b.run(for: .minutes(2))
    #expect(base.now == SimTime(milliseconds: 900_000))
    #expect(a.kernel.timeline.value(of: "web.replicas", at: a.now) == 4)
    #expect(b.kernel.timeline.value(of: "web.replicas", at: b.now) == 1)
    #expect(base.kernel.timeline.value(of: "web.replicas", at: base.now) == 4)
}

@Test func sameSeedAndActionsGiveIdenticalTimelines() throws {
    let a = try ReportFixtures.scenario(seed: 42)
    let b = try ReportFixtures.scenario(seed: 42)
    #expect(a.kernel.timeline == b.kernel.timeline)
    #expect(a.kernel.events == b.kernel.events)
    var c = a, d = a
    c.run(for: .minutes(5))
    d.run(for: .minutes(5))
    #expect(c.kernel.timeline == d.kernel.timeline)
}

@Test func instantStepsStopWhereAskedAndJournalEvents() throws {
    var sim = try ReportFixtures.scenario()
    sim.settings.recordPodEvents = true
    sim.setEventJournal(true)
    try sim.scale(WorkloadID(0), replicas: 6)
    var instants = 0
    let end = sim.now + .minutes(1)
    while sim.runNextInstant(notAfter: end) { instants += 1 }
    #expect(instants > 0)
    #expect(sim.now == SimTime(milliseconds: 960_000))
    let events = sim.takeRecordedEvents()
    #expect(events.contains { $0.reason == "Scheduled" || $0.reason == "FailedScheduling" })
    #expect(sim.takeRecordedEvents().isEmpty)
    sim.setEventJournal(false)
}
