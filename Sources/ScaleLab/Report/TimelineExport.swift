import Foundation

/// A timeline written as CSV or JSON for spreadsheets, notebooks and other tools.
///
/// CSV: a `time_s` column (simulated seconds) and one column per series; each row is an
/// instant where some chosen series changed (or, with `step`, every `step`), and each cell is
/// the value in effect then (empty before the series' first sample). JSON: every chosen
/// series with its kind and `[time_s, value]` points (raw samples, or the value in effect at
/// each `step`), and optionally the event log. Output is deterministic: same run, same bytes.
public struct TimelineExport: Sendable {
    /// The chosen series, in output order.
    public let names: [String]
    /// Start of the exported range.
    public let from: SimTime
    /// End of the exported range.
    public let to: SimTime
    /// Resampling step (nil: the instants the series changed or were sampled).
    public let step: SimDuration?
    private let timeline: Timeline

    /// Rows with more instants than this are refused (a step far smaller than the run).
    public static let maxRows = 2_000_000

    /// An export of `series` (all, in creation order, when nil) over `from...to`. Unknown
    /// series names, a non-positive step or a step giving too many rows are errors.
    public init(
        _ timeline: Timeline, series: [String]? = nil, from: SimTime = .zero, to: SimTime,
        step: SimDuration? = nil
    ) throws {
        let names = series ?? timeline.names
        for name in names where timeline.kind(of: name) == nil {
            throw ReportError.unknownSeries(name, known: timeline.names)
        }
        guard to >= from else {
            throw ReportError("export: 'to' (\(to)) is before 'from' (\(from))")
        }
        if let step {
            guard step.milliseconds > 0 else {
                throw ReportError("export: step must be positive, got \(step)")
            }
            let rows = (to - from).milliseconds / step.milliseconds + 1
            guard rows <= Int64(TimelineExport.maxRows) else {
                throw ReportError("export: step \(step) gives \(rows) rows over \(to - from) "
                    + "(at most \(TimelineExport.maxRows))")
            }
        }
        self.timeline = timeline
        self.names = names
        self.from = from
        self.to = to
        self.step = step
    }

    /// The instants of the rows.
    public var instants: [SimTime] {
        if let step {
            return stride(from: from.milliseconds, through: to.milliseconds,
                          by: Int(step.milliseconds)).map { SimTime(milliseconds: $0) }
        }
        var times = Set<Int64>([from.milliseconds])
        for name in names {
            for s in timeline.samples(of: name, from: from, to: to) {
                times.insert(s.time.milliseconds)
            }
        }
        return times.sorted().map { SimTime(milliseconds: $0) }
    }

    /// RFC 4180 CSV with a header row, `\n` line ends.
    public func csv() -> String {
        var out = (["time_s"] + names).map(TimelineExport.csvField).joined(separator: ",") + "\n"
        for t in instants {
            var row = [TimelineExport.seconds(t)]
            for name in names {
                row.append(timeline.value(of: name, at: t).map(TimelineExport.number) ?? "")
            }
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The JSON document: `{"from_s", "to_s", "step_s", "series": [{"name", "kind",
    /// "points": [[t, v], ...]}], "events": [...]}` (events only when `events` is given).
    public func json(events: EventLog? = nil) -> String {
        var out = "{\n  \"from_s\": \(TimelineExport.seconds(from)),\n"
        out += "  \"to_s\": \(TimelineExport.seconds(to)),\n"
        out += "  \"step_s\": \(step.map { TimelineExport.seconds(SimTime.zero + $0) } ?? "null"),\n"
        out += "  \"series\": ["
        for (i, name) in names.enumerated() {
            let kind = timeline.kind(of: name) ?? .step
            var points: [(SimTime, Double)] = []
            if step != nil {
                for t in instants { if let v = timeline.value(of: name, at: t) { points.append((t, v)) } }
            } else {
                points = timeline.samples(of: name, from: from, to: to).map { ($0.time, $0.value) }
            }
            out += (i == 0 ? "\n" : ",\n") + "    {\"name\": \(JSONText.string(name)), "
                + "\"kind\": \"\(kind.rawValue)\", \"points\": ["
            out += points.map { "[\(TimelineExport.seconds($0.0)), \(JSONText.number($0.1))]" }
                .joined(separator: ", ")
            out += "]}"
        }
        out += names.isEmpty ? "]" : "\n  ]"
        if let events {
            out += ",\n  \"events\": ["
            for (i, r) in events.records.enumerated() {
                out += (i == 0 ? "\n" : ",\n") + "    {"
                    + "\"first_s\": \(TimelineExport.seconds(r.firstTimestamp)), "
                    + "\"last_s\": \(TimelineExport.seconds(r.lastTimestamp)), "
                    + "\"count\": \(r.count), \"type\": \"\(r.type.rawValue)\", "
                    + "\"reason\": \(JSONText.string(r.reason)), "
                    + "\"object\": \(JSONText.string(r.object.description)), "
                    + "\"source\": \(JSONText.string(r.source)), "
                    + "\"message\": \(JSONText.string(r.message))}"
            }
            out += events.records.isEmpty ? "]" : "\n  ]"
        }
        return out + "\n}\n"
    }

    /// Simulated seconds with up to three decimals (`15`, `1.5`, `0.001`).
    public static func seconds(_ t: SimTime) -> String {
        let ms = t.milliseconds
        let sign = ms < 0 ? "-" : ""
        let whole = ms.magnitude / 1_000, fraction = ms.magnitude % 1_000
        guard fraction > 0 else { return sign + "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.last == "0" { digits.removeLast() }
        return sign + "\(whole).\(digits)"
    }

    /// A CSV number: integers without `.0`, others in the shortest text that reads back to
    /// the same Double; `NaN`, `+Inf`, `-Inf` as Prometheus writes them.
    public static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// Quotes a CSV field that holds a comma, quote or line break (RFC 4180).
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// JSON text for strings and numbers (RFC 8259 escaping; non-finite numbers are `null`).
enum JSONText {
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func number(_ v: Double) -> String {
        v.isFinite ? TimelineExport.number(v) : "null"
    }
}
