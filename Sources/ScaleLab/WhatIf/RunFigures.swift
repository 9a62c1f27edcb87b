/// What a what-if run is measured on: the workload under study, the price of each pool's
/// instance type, and the flap window.
public struct WhatIfSubject: Sendable, Equatable {
    /// The workload whose replicas, HPA and traffic are measured.
    public var workload: WorkloadID
    /// On-demand USD per node-hour, by pool index (nil: unknown, so no cost).
    public var pricePerHour: [Double?]
    /// A reversal of replicas sooner than this after the change it reverses is a flap.
    public var flapWindow: SimDuration

    /// A subject; the flap window defaults to 5 minutes, the default
    /// `--horizontal-pod-autoscaler-downscale-stabilization` (a calm HPA never reverses sooner).
    public init(workload: WorkloadID, pricePerHour: [Double?] = [],
                flapWindow: SimDuration = .minutes(5)) {
        self.workload = workload
        self.pricePerHour = pricePerHour
        self.flapWindow = flapWindow
    }
}

/// The counters a run's figures are differences of, read when the run starts.
public struct WhatIfStart: Sendable, Equatable {
    /// When the run started.
    public var time: SimTime
    /// Requests offered and dropped so far.
    public var offered: Double
    /// Requests dropped so far.
    public var dropped: Double
    /// Event occurrences so far, by reason.
    public var events: [String: Int]

    /// The counters of `sim` now.
    public init(_ sim: ClusterSimulation, subject: WhatIfSubject) {
        time = sim.now
        let app = sim.metrics.app(of: subject.workload)
        offered = app?.offeredRequests ?? 0
        dropped = app?.droppedRequests ?? 0
        events = RunFigures.eventCounts(sim.kernel.events)
    }
}

/// The figures of one run (see ``WhatIfMetric`` for their definitions); an absent value means
/// "does not apply" (no HPA, no traffic, no price).
public struct RunFigures: Sendable, Equatable {
    /// The values by metric.
    public var values: [WhatIfMetric: Double]

    /// Figures with `values`.
    public init(values: [WhatIfMetric: Double] = [:]) { self.values = values }

    /// The value of `metric`.
    public subscript(_ metric: WhatIfMetric) -> Double? {
        get { values[metric] }
        set { values[metric] = newValue }
    }

    /// The reasons counted as scale events: the HPA's, and the Cluster Autoscaler's node group
    /// scale-up and node removal (cluster-autoscaler core/scaleup and scaledown event reasons).
    static let scaleReasons: Set<String> = ["SuccessfulRescale", "ScaledUpGroup", "ScaleDown"]

    static func eventCounts(_ log: EventLog) -> [String: Int] {
        var counts: [String: Int] = [:]
        for r in log.records where scaleReasons.contains(r.reason) {
            counts[r.reason, default: 0] += r.count
        }
        return counts
    }

    /// Measures `sim` (run from `start` to its current time) on `subject`.
    public init(_ sim: ClusterSimulation, since start: WhatIfStart, subject: WhatIfSubject) {
        values = [:]
        let end = sim.now
        let timeline = sim.kernel.timeline
        let cluster = sim.cluster
        guard subject.workload.index < cluster.workloads.count else { return }
        let workload = cluster.workloads[subject.workload.index]

        func stats(_ name: String) -> SeriesStatistics? {
            guard timeline.kind(of: name) != nil else { return nil }
            return try? SeriesStatistics(timeline, series: name, from: start.time, to: end)
        }
        let replicas = "\(workload.name).replicas"
        if let s = stats(replicas) {
            values[.peakReplicas] = s.max
            values[.meanReplicas] = s.mean
        }
        if let points = Self.points(timeline, replicas, start.time, end) {
            values[.flaps] = Double(Self.flaps(points, window: subject.flapWindow))
        }
        if let s = stats("pods.pending") { values[.pendingPodMinutes] = s.integralSeconds / 60 }
        if let s = stats("nodes.ready") { values[.nodeHours] = s.integralSeconds / 3600 }
        if let cost = Self.cost(sim, start.time, subject) { values[.cost] = cost }
        if let app = sim.metrics.app(of: subject.workload) {
            let offered = app.offeredRequests - start.offered
            let dropped = app.droppedRequests - start.dropped
            values[.dropped] = dropped
            values[.droppedPercent] = offered > 0 ? dropped / offered * 100 : 0
        }
        let counts = Self.eventCounts(sim.kernel.events)
        values[.scaleEvents] = Double(counts.reduce(0) {
            $0 + $1.value - start.events[$1.key, default: 0]
        })
        measureTarget(sim, workload, start.time)
    }

    /// `time_to_target` and `above_target_min` from the first HPA on the workload.
    private mutating func measureTarget(_ sim: ClusterSimulation, _ workload: Workload,
                                        _ start: SimTime) {
        guard let id = sim.liveHPAs.first(where: {
            let hpa = sim.hpas[$0.index].object
            return hpa.spec.scaleTargetRef.name == workload.name
                && hpa.namespace == workload.namespace
        }) else { return }
        let hpa = sim.hpas[id.index].object
        guard let (metric, target) = Self.firstTarget(hpa.spec) else { return }
        // The controller's tolerance (--horizontal-pod-autoscaler-tolerance): within it the
        // HPA does not act, so "at target" means at most target × (1 + tolerance).
        let limit = target * (1 + sim.hpaController.config.tolerance)
        guard let points = Self.points(sim.kernel.timeline, "\(hpa.name).\(metric)", start,
                                       sim.now) else { return }
        var above = 0.0
        var exceededAt: SimTime?
        var reached: Double?
        for (i, p) in points.enumerated() where p.value.isFinite {
            let next = i + 1 < points.count ? points[i + 1].time : sim.now
            if p.value > limit {
                above += Double((next - p.time).milliseconds) / 1000
                if exceededAt == nil { exceededAt = p.time }
            } else if let e = exceededAt, reached == nil {
                reached = Double((p.time - e).milliseconds) / 1000
            }
        }
        values[.aboveTargetMinutes] = above / 60
        if exceededAt != nil { values[.timeToTarget] = reached ?? .infinity }
    }

    /// The first metric's name (as the HPA's status names it) and target value (utilization
    /// in percent, or the average value or value as a number).
    static func firstTarget(_ spec: HPASpec) -> (String, Double)? {
        guard let m = spec.metrics.first else { return nil }
        let pair: (String, MetricTarget)? =
            if let r = m.resource { (r.name, r.target) }
            else if let r = m.containerResource { (r.name, r.target) }
            else if let p = m.pods { (p.metric.name, p.target) }
            else if let o = m.object { (o.metric.name, o.target) }
            else if let e = m.external { (e.metric.name, e.target) }
            else { nil }
        guard let (name, target) = pair else { return nil }
        if let u = target.averageUtilization { return (name, Double(u)) }
        if let v = target.averageValueMilli ?? target.valueMilli { return (name, Double(v) / 1000) }
        return nil
    }

    static func points(_ timeline: Timeline, _ name: String, _ from: SimTime, _ to: SimTime)
        -> [ChartPoint]? {
        guard timeline.kind(of: name) != nil else { return nil }
        return (try? ChartSeries(timeline: timeline, name: name, from: from, to: to))?.points
    }

    /// Direction reversals sooner than `window` after the change they reverse.
    static func flaps(_ points: [ChartPoint], window: SimDuration) -> Int {
        var flaps = 0
        var direction = 0
        var lastChange: SimTime?
        var previous: Double?
        for p in points where p.value.isFinite {
            defer { previous = p.value }
            guard let q = previous, p.value != q else { continue }
            let d = p.value > q ? 1 : -1
            if direction != 0, d != direction, let t = lastChange, p.time - t < window {
                flaps += 1
            }
            direction = d
            lastChange = p.time
        }
        return flaps
    }

    /// Σ over pools of node-hours × price: from the `nodes.<pool>` series the Cluster
    /// Autoscaler records, else from the pool's live nodes since they were created. Nil when a
    /// pool with nodes has no price.
    static func cost(_ sim: ClusterSimulation, _ start: SimTime, _ subject: WhatIfSubject)
        -> Double? {
        let end = sim.now
        var total = 0.0
        for (index, pool) in sim.cluster.pools.enumerated() {
            var hours = 0.0
            let name = "nodes.\(pool.name)"
            if sim.kernel.timeline.kind(of: name) != nil,
               let s = try? SeriesStatistics(sim.kernel.timeline, series: name, from: start,
                                             to: end) {
                hours = s.integralSeconds / 3600
            } else {
                for node in sim.cluster.nodes where node.pool == index && !node.isRemoved {
                    let from = max(node.creationTime, start.milliseconds)
                    hours += Double(max(0, end.milliseconds - from)) / 3_600_000
                }
            }
            if hours == 0 { continue }
            guard index < subject.pricePerHour.count, let price = subject.pricePerHour[index]
            else { return nil }
            total += hours * price
        }
        return total
    }
}
