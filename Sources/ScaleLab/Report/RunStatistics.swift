/// A finished (or paused) run as the reports see it: its name, timeline, event log and end.
public struct RunRecord: Sendable {
    /// A label (`baseline`, `window=60s`, ...).
    public var name: String
    /// The recorded series.
    public var timeline: Timeline
    /// The event log.
    public var events: EventLog
    /// The simulated time the run reached.
    public var end: SimTime

    /// A record.
    public init(name: String, timeline: Timeline, events: EventLog, end: SimTime) {
        self.name = name
        self.timeline = timeline
        self.events = events
        self.end = end
    }

    /// The record of a cluster simulation at its current time.
    public init(name: String, simulation: ClusterSimulation) {
        self.init(name: name, timeline: simulation.kernel.timeline,
                  events: simulation.kernel.events, end: simulation.now)
    }

    /// How many times events with `reason` happened (aggregated records count each
    /// occurrence).
    public func occurrences(of reason: String) -> Int {
        events.records.reduce(0) { $0 + ($1.reason == reason ? $1.count : 0) }
    }
}

/// Figures of one series over a time range, with the series held between samples (the value
/// in effect, as a step series means it).
public struct SeriesStatistics: Equatable, Sendable {
    /// The series name.
    public var name: String
    /// Smallest value in the range (nil when the series has no value in it).
    public var min: Double?
    /// Largest value.
    public var max: Double?
    /// Time-weighted mean over the part of the range where the series has a value.
    public var mean: Double?
    /// The value in effect at the end.
    public var last: Double?
    /// ∫ value dt in value·seconds (pods.pending → pod-seconds, nodes.ready → node-seconds).
    public var integralSeconds: Double
    /// Number of changes of direction (up then down, or down then up): flapping.
    public var reversals: Int
    /// Number of changes of value.
    public var changes: Int

    /// Statistics of `name` in `timeline` over `from...to`.
    public init(_ timeline: Timeline, series name: String, from: SimTime, to: SimTime) throws {
        let s = try ChartSeries(timeline: timeline, name: name, from: from, to: to)
        self.name = name
        var lo = Double.infinity, hi = -Double.infinity
        var integral = 0.0, covered: Int64 = 0
        var direction = 0, reversals = 0, changes = 0
        var previous: ChartPoint?
        for p in s.points where p.value.isFinite {
            lo = Swift.min(lo, p.value)
            hi = Swift.max(hi, p.value)
            if let q = previous {
                let dt = (p.time - q.time).milliseconds
                integral += q.value * Double(dt) / 1000
                covered += dt
                if p.value != q.value {
                    changes += 1
                    let d = p.value > q.value ? 1 : -1
                    if direction != 0 && d != direction { reversals += 1 }
                    direction = d
                }
            }
            previous = p
        }
        if let q = previous, q.time < to {
            let dt = (to - q.time).milliseconds
            integral += q.value * Double(dt) / 1000
            covered += dt
        }
        self.min = lo <= hi ? lo : nil
        self.max = lo <= hi ? hi : nil
        self.last = previous?.value
        self.integralSeconds = integral
        self.mean = covered > 0 ? integral * 1000 / Double(covered) : previous?.value
        self.reversals = reversals
        self.changes = changes
    }
}

/// Number formatting for report tables: integers plain, others with up to two decimals.
enum ReportNumber {
    static func text(_ v: Double?) -> String {
        guard let v else { return "-" }
        if !v.isFinite { return TimelineExport.number(v) }
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        var s = String(format2: v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

extension String {
    /// `v` with two decimals, without Foundation's locale (deterministic).
    fileprivate init(format2 v: Double) {
        let scaled = (v * 100).rounded()
        let negative = scaled < 0
        let magnitude = Swift.abs(scaled)
        guard magnitude < 9e15 else {
            self = "\(v)"
            return
        }
        let whole = Int64(magnitude) / 100, cents = Int64(magnitude) % 100
        self = (negative ? "-" : "") + "\(whole)." + (cents < 10 ? "0" : "") + "\(cents)"
    }
}
