import Foundation
import LuaKit
import ScaleLab

/// The cluster's picture methods: `c:timeline()`, `c:chart{...}`, `c:export{...}`
/// (engine: Sources/ScaleLab/Report, docs/REPORTS.md).
extension ClusterMethods {
    static let chartKeys = ["series", "width", "height", "from", "to", "style", "color",
                            "title", "markers"]
    static let exportKeys = chartKeys + ["path", "step", "format"]
    static let exportFormats = ["csv", "json", "html", "md", "svg", "txt"]

    /// Adds the picture methods to the cluster type.
    static func reportMethods(_ t: LuaUserdataType<LuaCluster>) -> LuaUserdataType<LuaCluster> {
        t.method("timeline", "(name?: string): table?, string?",
                 "every series ({ names, series = { [name] = { kind, times, values } } }), "
                     + "or one series' table") { c, call in try timeline(c, call) }
            .method("chart", "(opts?: table): string",
                    "the timeline as a text chart: series, width, height, from, to, style, "
                        + "color, title, markers") { c, call in
                let o = try OptionTable(call, 2, context: "cluster:chart", allowed: chartKeys,
                                        required: false)
                let chart = try chartModel(c.sim, o, context: "cluster:chart")
                return call.push(try terminalChart(o).render(chart))
            }
            .method("export", "(opts: table): boolean?, string?",
                    "writes csv, json, html, md, svg or txt atomically: path, series, from, "
                        + "to, step, format, title") { c, call in try export(c, call) }
    }

    /// `c:timeline()` → every series; `c:timeline(name)` → one (nil, message if unknown).
    static func timeline(_ c: LuaCluster, _ call: LuaCall) throws -> Int32 {
        let timeline = c.sim.kernel.timeline
        if !call.isNil(2) {
            let name = try call.string(2)
            guard timeline.kind(of: name) != nil else {
                return call.push([.nil, .string(ReportErrorText.unknown(name, timeline))])
            }
            return call.push(seriesTable(timeline, name))
        }
        let names = timeline.names
        return call.push(.table(LuaTable(fields: [
            ("names", .table(LuaTable(array: names.map { .string($0) }))),
            ("series", .table(LuaTable(fields: names.map {
                (key: LuaValue.string($0), value: seriesTable(timeline, $0))
            }))),
        ])))
    }

    /// `{ kind = "step", times = { seconds... }, values = {...} }`.
    static func seriesTable(_ timeline: Timeline, _ name: String) -> LuaValue {
        let samples = timeline.samples(of: name)
        return .table(LuaTable(fields: [
            ("name", .string(name)),
            ("kind", .string(timeline.kind(of: name)?.rawValue ?? "step")),
            ("times", .table(LuaTable(array: samples.map { LuaUnits.seconds($0.time.sinceStart) }))),
            ("values", .table(LuaTable(array: samples.map { .number($0.value) }))),
        ]))
    }

    /// The series option: a name or a list of names (default: every series).
    static func seriesOption(_ o: OptionTable, _ timeline: Timeline) throws -> [String] {
        let list = try o.stringList("series")
        return list.isEmpty ? timeline.names : list
    }

    /// The chart a `chart`/`export` option table describes.
    static func chartModel(_ sim: ClusterSimulation, _ o: OptionTable, context: String) throws
        -> Chart
    {
        let timeline = sim.kernel.timeline
        let names = try seriesOption(o, timeline)
        var reasons = ChartMarker.defaultReasons
        switch o.fields["markers"] {
        case .boolean(false)?: reasons = []
        case .table?: reasons = Set(try o.stringList("markers"))
        case nil, .boolean(true)?: break
        default: throw o.bad("markers", "true, false or a list of event reasons expected")
        }
        do {
            return try Chart(
                timeline: timeline, events: sim.kernel.events, series: names,
                from: try o.duration("from").map { SimTime.zero + $0 },
                to: try o.duration("to").map { SimTime.zero + $0 }, end: sim.now,
                title: try o.string("title"), markerReasons: reasons)
        } catch let e as ReportError {
            throw LuaCallError.message("\(context): \(e.message)")
        }
    }

    /// Terminal chart options: width (default 80), height (15), style, color (default: on
    /// when stdout is a terminal and NO_COLOR is unset).
    static func terminalChart(_ o: OptionTable) throws -> TerminalChart {
        let styles = TerminalChart.Style.allCases.map(\.rawValue)
        let style = try o.choice("style", styles).flatMap(TerminalChart.Style.init) ?? .braille
        let color = try o.boolean("color") ?? stdoutWantsColour
        return TerminalChart(width: try o.integer("width", atLeast: 30) ?? 80,
                             height: try o.integer("height", atLeast: 3) ?? 15,
                             style: style, color: color)
    }

    /// Colours by default only on a terminal, and never with NO_COLOR (no-color.org) or
    /// TERM=dumb.
    static var stdoutWantsColour: Bool {
        let env = ProcessInfo.processInfo.environment
        return isatty(STDOUT_FILENO) == 1 && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
    }

    /// `c:export{ path = "run.csv", series, from, to, step, format }`.
    static func export(_ c: LuaCluster, _ call: LuaCall) throws -> Int32 {
        let o = try OptionTable(call, 2, context: "cluster:export", allowed: exportKeys)
        let path = try o.requiredString("path")
        let format = try o.choice("format", exportFormats) ?? fileFormat(path)
        guard let format else {
            throw o.bad("path", "cannot tell the format from \"\(path)\": use a .csv, .json, "
                + ".html, .md, .svg or .txt name, or format =")
        }
        let text = try exportText(c.sim, o, format: format, name: "seed \(c.seed)")
        do {
            try AtomicFileWriter.write(text, to: path)
        } catch let e as AtomicFileWriter.WriteError {
            return call.push([.nil, .string(e.description)])
        }
        return call.push(true)
    }

    /// The format a file name implies.
    static func fileFormat(_ path: String) -> String? {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        switch ext {
        case "htm", "html": return "html"
        case "markdown", "md": return "md"
        default: return exportFormats.contains(ext) ? ext : nil
        }
    }

    /// The exported document.
    static func exportText(
        _ sim: ClusterSimulation, _ o: OptionTable, format: String, name: String
    ) throws -> String {
        let timeline = sim.kernel.timeline
        let from = try o.duration("from").map { SimTime.zero + $0 } ?? .zero
        let to = try o.duration("to").map { SimTime.zero + $0 } ?? sim.now
        do {
            switch format {
            case "csv", "json":
                let names = try seriesOption(o, timeline)
                let export = try TimelineExport(timeline, series: names, from: from, to: to,
                                                step: try o.duration("step"))
                return format == "csv" ? export.csv() : export.json(events: sim.kernel.events)
            case "svg":
                let chart = try chartModel(sim, o, context: "cluster:export")
                return SVGChart(width: try o.integer("width", atLeast: 320) ?? 800,
                                plotHeight: try o.integer("height", atLeast: 120) ?? 320)
                    .render(chart)
            case "txt":
                return try terminalChart(o).render(
                    try chartModel(sim, o, context: "cluster:export")) + "\n"
            default:
                let report = try RunReport(
                    RunRecord(name: name, simulation: sim),
                    series: try seriesOption(o, timeline), from: from, to: to,
                    title: try o.string("title"))
                return format == "md" ? try report.markdown() : try report.html()
            }
        } catch let e as ReportError {
            throw LuaCallError.message("cluster:export: \(e.message)")
        }
    }
}

/// Error texts shared by the report bindings.
enum ReportErrorText {
    /// `unknown series "x" (did you mean "y"?)`.
    static func unknown(_ name: String, _ timeline: Timeline) -> String {
        do {
            _ = try ChartSeries(timeline: timeline, name: name, from: .zero, to: .zero)
            return "unknown series \"\(name)\""
        } catch {
            return String(describing: error)
        }
    }
}
