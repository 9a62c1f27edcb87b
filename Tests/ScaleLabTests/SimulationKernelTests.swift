import Testing

@testable import ScaleLab

@Test func splitMixAndXoshiroAreTheReferenceAlgorithms() {
    // SplitMix64 from state 0: first output 0xE220A8397B1DCDAF (reference implementation).
    var state: UInt64 = 0
    #expect(SeededRandom.splitMix64(&state) == 0xE220_A839_7B1D_CDAF)
    var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
    let xs = (0..<8).map { _ in a.next() }
    #expect(xs == (0..<8).map { _ in b.next() })
    #expect(xs != (0..<8).map { _ in c.next() })
    var copy = a
    #expect(copy.next() == a.next())  // a copy replays the same stream
}

@Test func boundedAndDerivedValues() {
    var r = SeededRandom(seed: 7)
    for _ in 0..<1000 {
        let v = r.int(in: -3...3)
        #expect((-3...3).contains(v))
        let u = r.uniform()
        #expect(u >= 0 && u < 1)
        let j = r.jitter(.seconds(10), maxFactor: 0.5)
        #expect(j >= .seconds(10) && j < .seconds(15))
    }
    let root = SeededRandom(seed: 1)
    var s1 = root.stream(named: "web"), s2 = root.stream(named: "web")
    var s3 = root.stream(named: "api")
    #expect(s1.next() == s2.next())
    #expect(s1.next() != s3.next())
}

@Test func sameInstantEventsFireInSchedulingOrder() {
    var k = SimulationKernel<String>(seed: 1)
    k.schedule("b", at: SimTime(milliseconds: 500))
    k.schedule("a1", at: SimTime(milliseconds: 100))
    let cancelled = k.schedule("x", at: SimTime(milliseconds: 100))
    k.schedule("a2", at: SimTime(milliseconds: 100))
    k.cancel(cancelled)
    var fired: [String] = []
    while case .event(let e)? = k.next(until: SimTime(milliseconds: 1000)) {
        fired.append("\(e)@\(k.now.milliseconds)")
    }
    #expect(fired == ["a1@100", "a2@100", "b@500"])
    k.advance(to: SimTime(milliseconds: 1000))
    #expect(k.now.milliseconds == 1000)
}

@Test func periodicControllersRunOnTheirGrid() {
    var k = SimulationKernel<Int>(seed: 1)
    let hpa = k.addController(name: "hpa", period: .seconds(15))
    let ca = k.addController(name: "cluster-autoscaler", period: .seconds(10), phase: .seconds(5))
    k.schedule(99, at: SimTime(milliseconds: 15_000))
    var log: [String] = []
    let end = SimTime(milliseconds: 40_000)
    while let o = k.next(until: end) {
        switch o {
        case .event(let e): log.append("e\(e)@\(k.now.milliseconds / 1000)")
        case .controller(let id):
            log.append("\(k.controllers[id.index].name)@\(k.now.milliseconds / 1000)")
        }
        if k.now.milliseconds == 15_000 && log.last == "hpa@15" { k.setEnabled(ca, false) }
        if k.now.milliseconds == 30_000 { k.setEnabled(ca, true) }
    }
    // At 15s: the event (scheduled first), then hpa; cluster-autoscaler was paused by then.
    #expect(log == [
        "hpa@0", "cluster-autoscaler@5", "e99@15", "hpa@15", "hpa@30", "cluster-autoscaler@35",
    ])
    _ = hpa
}

@Test func timelineStoresChangesAndReadsByTime() {
    var t = Timeline()
    for (ms, v) in [(0, 2.0), (15_000, 2), (30_000, 3), (30_000, 4), (45_000, 4), (60_000, 2)] {
        t.record("web.replicas", v, at: SimTime(milliseconds: Int64(ms)))
    }
    #expect(t.samples(of: "web.replicas").map(\.value) == [2, 4, 2])
    #expect(t.value(of: "web.replicas", at: SimTime(milliseconds: 44_999)) == 4)
    #expect(t.value(of: "web.replicas", at: SimTime(milliseconds: 60_000)) == 2)
    t.record("rps", 1, at: .zero, kind: .sample)
    t.record("rps", 1, at: SimTime(milliseconds: 15_000), kind: .sample)
    #expect(t.samples(of: "rps").count == 2)
    #expect(t.names == ["web.replicas", "rps"])
}

@Test func eventLogCountsAndAggregatesLikeTheRecorder() {
    var log = EventLog()
    let pod = EventObject(kind: "Pod", name: "web-1")
    let message = "0/3 nodes are available: 3 Insufficient cpu."
    for s in [0, 10, 20] {
        log.record(.warning, reason: "FailedScheduling", object: pod, message: message,
                   source: "default-scheduler", at: SimTime(milliseconds: Int64(s) * 1000))
    }
    #expect(log.records.count == 1)
    #expect(log.records[0].count == 3 && log.records[0].lastTimestamp.milliseconds == 20_000)
    let node = EventObject(kind: "Node", namespace: "", name: "n1")
    for i in 0..<12 {
        log.record(.normal, reason: "Test", object: node, message: "message \(i)",
                   source: "kubelet", at: SimTime(milliseconds: 30_000 + Int64(i)))
    }
    // 9 distinct records, then one aggregated record seen 3 times.
    let nodeRecords = log.records(for: node)
    #expect(nodeRecords.count == 10)
    #expect(nodeRecords.last?.message == "(combined from similar events): message 11")
    #expect(nodeRecords.last?.count == 3)
    let table = log.table(now: SimTime(milliseconds: 5 * 60_000))
    #expect(table.hasPrefix("LAST SEEN"))
    let lines = table.split(separator: "\n")
    #expect(lines[1].hasPrefix("4m40s (x3 over 5m)"))
    #expect(lines[1].contains("   Warning   FailedScheduling   pod/web-1   0/3 nodes"))
}

@Test func spamFilterDropsPastTheBurst() {
    var log = EventLog()
    log.spamFilter = true
    let pod = EventObject(kind: "Pod", name: "p")
    for i in 0..<30 {
        log.record(.normal, reason: "R\(i)", object: pod, message: "m", source: "kubelet",
                   at: .zero)
    }
    #expect(log.records.count == 25 && log.dropped == 5)
}

/// Same scenario and seed → identical timeline and events; a different seed differs.
@Test func kernelRunsAreDeterministic() {
    func run(seed: UInt64) -> (Timeline, EventLog) {
        var k = SimulationKernel<Int>(seed: seed)
        _ = k.addController(name: "sync", period: .seconds(15))
        k.schedule(0, after: .seconds(1))
        var load = 0.0
        while let o = k.next(until: SimTime(milliseconds: 3_600_000)) {
            switch o {
            case .event(let n):
                load += k.random.exponential(mean: 1)
                k.schedule(n + 1, after: .ms(k.random.int(in: 500...5_000)))
            case .controller:
                k.timeline.record("load", load.rounded(), at: k.now)
                if load > 100 {
                    k.events.record(
                        .normal, reason: "Reset", object: .init(kind: "Job", name: "j"),
                        message: "load \(Int(load))", source: "test", at: k.now)
                    load = 0
                }
            }
        }
        return (k.timeline, k.events)
    }
    let (t1, e1) = run(seed: 5), (t2, e2) = run(seed: 5), (t3, _) = run(seed: 6)
    #expect(t1 == t2 && e1 == e2)
    #expect(t1 != t3)
    #expect(t1.sampleCount > 100)
}

@Test func aForkedKernelContinuesIndependently() {
    var k = SimulationKernel<Int>(seed: 9)
    k.schedule(1, at: SimTime(milliseconds: 10))
    k.schedule(2, at: SimTime(milliseconds: 20))
    var fork = k
    if case .event(let e)? = k.next(until: SimTime(milliseconds: 100)) { #expect(e == 1) }
    if case .event(let e)? = fork.next(until: SimTime(milliseconds: 100)) { #expect(e == 1) }
    fork.schedule(3, at: SimTime(milliseconds: 15))
    if case .event(let e)? = fork.next(until: SimTime(milliseconds: 100)) { #expect(e == 3) }
    if case .event(let e)? = k.next(until: SimTime(milliseconds: 100)) { #expect(e == 2) }
    #expect(k.random.next() == fork.random.next())
}

@Test func lruCacheForgetsTheLeastRecentlyUsedKey() {
    var cache = LRUCache<String, Int>(capacity: 2)
    cache.set("a", 1)
    cache.set("b", 2)
    #expect(cache.get("a") == 1)
    cache.set("c", 3)  // evicts b, the least recently used
    #expect(cache.get("b") == nil && cache.get("a") == 1 && cache.get("c") == 3)
    for i in 0..<100 { _ = cache.get(i % 2 == 0 ? "a" : "c") }
    #expect(cache.count == 2)
}

@Test func eventLogForgetsKeysBeyondTheRecorderCache() {
    var log = EventLog()
    let pod = EventObject(kind: "Pod", name: "first")
    log.record(.normal, reason: "R", object: pod, message: "m", source: "s", at: .zero)
    for i in 0..<EventLog.maxLruCacheEntries {
        log.record(.normal, reason: "R", object: .init(kind: "Pod", name: "p\(i)"), message: "m",
                   source: "s", at: .zero)
    }
    log.record(.normal, reason: "R", object: pod, message: "m", source: "s", at: .zero)
    #expect(log.records(for: pod).count == 2)
}
