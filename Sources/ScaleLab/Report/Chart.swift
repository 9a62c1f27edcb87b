/// One line of a chart: a timeline series clipped to the chart's time range.
public struct ChartSeries: Equatable, Sendable {
    /// The label shown in the legend (the series name, or `run: series` in a comparison).
    public var label: String
    /// Step series hold their value until the next change and are drawn as steps; sample
    /// series are measurements and are drawn as straight segments between samples.
    public var kind: Timeline.Kind
    /// The points, in time order: for a step series the value in effect at `from` comes first.
    public var points: [ChartPoint]

    /// A series from explicit points.
    public init(label: String, kind: Timeline.Kind, points: [ChartPoint]) {
        self.label = label
        self.kind = kind
        self.points = points
    }
}

/// One sample of a chart series.
public struct ChartPoint: Equatable, Sendable {
    /// When.
    public var time: SimTime
    /// The value.
    public var value: Double

    /// A point.
    public init(time: SimTime, value: Double) {
        self.time = time
        self.value = value
    }
}

/// An event drawn on a chart's time axis (a rescale, a node failure, ...).
public struct ChartMarker: Equatable, Sendable {
    /// When it happened.
    public var time: SimTime
    /// The event reason (`SuccessfulRescale`, `NodeNotReady`, ...).
    public var reason: String
    /// The one-letter symbol drawn on the axis (see ``ChartMarker/symbol(for:)``).
    public var symbol: Character
    /// True for Warning events (drawn in the warning colour).
    public var isWarning: Bool

    /// A marker; the symbol defaults to the reason's category letter.
    public init(time: SimTime, reason: String, isWarning: Bool = false) {
        self.time = time
        self.reason = reason
        self.symbol = ChartMarker.symbol(for: reason)
        self.isWarning = isWarning
    }

    /// The reasons charts mark by default: what changes capacity. Per-pod events
    /// (`Scheduled`, `Started`) would cover the axis.
    public static let defaultReasons: Set<String> = [
        "SuccessfulRescale", "TriggeredScaleUp", "ScaledUpGroup", "ScaleDown", "ScaleDownEmpty",
        "RemovingNode", "NodeNotReady", "NodeReady", "TaintManagerEviction",
        "FailedToScaleUpGroup",
    ]

    /// `S` HPA rescale, `U` node scale-up, `D` node scale-down, `F` node failure or eviction,
    /// `R` node ready, `E` any other event.
    public static func symbol(for reason: String) -> Character {
        switch reason {
        case "SuccessfulRescale": return "S"
        case "TriggeredScaleUp", "ScaledUpGroup": return "U"
        case "ScaleDown", "ScaleDownEmpty", "RemovingNode": return "D"
        case "NodeNotReady", "TaintManagerEviction", "FailedToScaleUpGroup": return "F"
        case "NodeReady": return "R"
        default: return "E"
        }
    }
}

/// What a chart shows, independent of how it is drawn: series over a time range and event
/// markers. Terminal text (``TerminalChart``) and SVG (``SVGChart``) render the same model.
public struct Chart: Equatable, Sendable {
    /// An optional title.
    public var title: String?
    /// The lines.
    public var series: [ChartSeries]
    /// Events to mark on the time axis.
    public var markers: [ChartMarker]
    /// Start of the time axis.
    public var from: SimTime
    /// End of the time axis (after `from`; a zero range is widened to one second).
    public var to: SimTime

    /// A chart from explicit parts.
    public init(
        title: String? = nil, series: [ChartSeries], markers: [ChartMarker] = [],
        from: SimTime, to: SimTime
    ) {
        self.title = title
        self.series = series
        self.markers = markers
        self.from = from
        self.to = to > from ? to : from + .seconds(1)
    }

    /// A chart of `names` from a run's timeline over `from...to` (the whole run when
    /// omitted: time zero to `end`), with markers for the events whose reason is in
    /// `markerReasons`. An unknown series name is an error that suggests the closest one.
    public init(
        timeline: Timeline, events: EventLog? = nil, series names: [String],
        from: SimTime? = nil, to: SimTime? = nil, end: SimTime, title: String? = nil,
        markerReasons: Set<String> = ChartMarker.defaultReasons, labelPrefix: String = ""
    ) throws {
        let start = from ?? .zero
        let stop = to ?? end
        guard stop >= start else {
            throw ReportError("chart: 'to' (\(stop)) is before 'from' (\(start))")
        }
        let lines = try names.map { name in
            try ChartSeries(timeline: timeline, name: name, from: start, to: stop,
                            label: labelPrefix + name)
        }
        let markers = events.map {
            ChartMarker.from($0, reasons: markerReasons, from: start, to: stop)
        } ?? []
        self.init(title: title, series: lines, markers: markers, from: start, to: stop)
    }

    /// The smallest and largest value drawn (nil when no series has a point).
    public var valueRange: (min: Double, max: Double)? {
        var lo = Double.infinity, hi = -Double.infinity
        for s in series {
            for p in s.points where p.value.isFinite {
                lo = Swift.min(lo, p.value)
                hi = Swift.max(hi, p.value)
            }
        }
        return lo <= hi ? (lo, hi) : nil
    }

    /// The polyline a series is drawn as, in (time, value) space: steps become a horizontal
    /// then a vertical segment; a step series continues to the end of the chart.
    func path(of s: ChartSeries) -> [ChartPoint] {
        var out: [ChartPoint] = []
        out.reserveCapacity(s.points.count * 2 + 1)
        for p in s.points {
            if s.kind == .step, let last = out.last, last.value != p.value {
                out.append(ChartPoint(time: p.time, value: last.value))
            }
            out.append(p)
        }
        if s.kind == .step, let last = out.last, last.time < to {
            out.append(ChartPoint(time: to, value: last.value))
        }
        return out
    }
}

extension ChartSeries {
    /// The series `name` of `timeline` over `from...to`. A step series starts with the value
    /// in effect at `from`.
    public init(
        timeline: Timeline, name: String, from: SimTime, to: SimTime, label: String? = nil
    ) throws {
        guard let kind = timeline.kind(of: name) else {
            throw ReportError.unknownSeries(name, known: timeline.names)
        }
        var points = timeline.samples(of: name, from: from, to: to).map {
            ChartPoint(time: $0.time, value: $0.value)
        }
        if kind == .step, points.first?.time != from,
            let initial = timeline.value(of: name, at: from)
        {
            points.insert(ChartPoint(time: from, value: initial), at: 0)
        }
        self.init(label: label ?? name, kind: kind, points: points)
    }
}

extension ChartMarker {
    /// Markers for the records of `log` whose reason is in `reasons`, at their first
    /// timestamp and (for repeated records) their last one: the event recorder keeps only
    /// those two instants of an aggregated event.
    public static func from(
        _ log: EventLog, reasons: Set<String>, from: SimTime, to: SimTime
    ) -> [ChartMarker] {
        var out: [ChartMarker] = []
        for r in log.records where reasons.contains(r.reason) {
            var times = [r.firstTimestamp]
            if r.count > 1 && r.lastTimestamp != r.firstTimestamp { times.append(r.lastTimestamp) }
            for t in times where t >= from && t <= to {
                out.append(ChartMarker(time: t, reason: r.reason, isWarning: r.type == .warning))
            }
        }
        return out.enumerated().sorted {
            ($0.element.time, $0.offset) < ($1.element.time, $1.offset)
        }.map(\.element)
    }
}

/// An error building a chart, export or report (an unknown series, a bad range).
public struct ReportError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String
    /// An error with `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }

    /// `unknown series "x" (did you mean "y"?)`.
    static func unknownSeries(_ name: String, known: [String]) -> ReportError {
        var text = "unknown series \"\(name)\""
        if let near = closest(name, in: known) { text += " (did you mean \"\(near)\"?)" }
        else if known.isEmpty { text += " (the timeline has no series yet)" }
        return ReportError(text)
    }

    /// The candidate with the smallest edit distance, if it is close enough to be a typo.
    static func closest(_ word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = editDistance(Array(word.lowercased()), Array(c.lowercased()))
            if d <= max(2, word.count / 3), best.map({ d < $0.1 }) ?? true { best = (c, d) }
        }
        return best?.0
    }
}
