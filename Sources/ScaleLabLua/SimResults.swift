import Foundation
import LuaKit
import ScaleLab

/// The result of `sim.compare` (`scalelab.Comparison`).
final class LuaComparison {
    let comparison: WhatIfComparison
    /// Each run's final cluster, for `r:cluster(name)`.
    let clusters: [LuaCluster]

    init(_ comparison: WhatIfComparison, baseline: LuaCluster) {
        self.comparison = comparison
        clusters = comparison.outcomes.compactMap { o in
            o.simulation.map {
                LuaCluster(sim: $0, profile: baseline.profile, seed: baseline.seed,
                           session: baseline.session)
            }
        }
    }
}

/// The result of `sim.sweep` (`scalelab.Sweep`).
final class LuaSweep {
    let result: SweepResult
    init(_ result: SweepResult) { self.result = result }
}

/// The methods of the two result types.
enum SimResults {
    static let chartKeys = ["width", "height", "style", "color"]

    static func registerTypes(_ runtime: LuaRuntime) throws {
        try runtime.register(comparisonType())
        try runtime.register(sweepType())
    }

    static func comparisonType() -> LuaUserdataType<LuaComparison> {
        LuaUserdataType<LuaComparison>(
            name: "scalelab.Comparison",
            summary: "the result of sim.compare: tostring is the side-by-side table")
            .method("chart", "(series?: string|string[], opts?: table): string",
                    "every run of the series overlaid as a text chart: width, height, style, "
                        + "color") { r, call in
                let series: [String]
                switch call.value(2) {
                case .string(let s): series = [s]
                case .table(let t): series = try t.array.map {
                    guard case .string(let s) = $0 else {
                        throw LuaCallError.argument(index: 2, message: "series names expected")
                    }
                    return s
                }
                case .nil: series = r.comparison.defaultSeries
                default:
                    throw LuaCallError.argument(index: 2, message: "a series name or a list "
                        + "expected, got \(call.typeName(2))")
                }
                let o = try OptionTable(call, 3, context: "comparison:chart",
                                        allowed: chartKeys, required: false)
                let chart = try ClusterMethods.terminalChart(o)
                return call.push(try reporting("comparison:chart") {
                    try series.map { chart.render(try r.comparison.chart($0)) }
                        .joined(separator: "\n\n")
                })
            }
            .method("report", "(path: string, opts?: table): boolean?, string?",
                    "writes the comparison as a self-contained .html or .md report: series")
            { r, call in try write(r, call, formats: ["html", "md"]) }
            .method("export", "(path: string, opts?: table): boolean?, string?",
                    "writes .csv/.json figures, an .svg chart or an .html/.md report: series")
            { r, call in
                try write(r, call, formats: ["html", "md", "csv", "json", "svg"])
            }
            .method("figures", "(): table[]",
                    "one table per run: name and each figure as a number") { r, call in
                call.push(.table(LuaTable(array: r.comparison.outcomes.map { o in
                    .table(LuaTable(fields: [("name", .string(o.name))]
                        + WhatIfMetric.allCases.compactMap { m in
                            o.figures[m].map { (key: .string(m.rawValue), value: .number($0)) }
                        }))
                })))
            }
            .method("cluster", "(name: string): Cluster?, string?",
                    "the run's cluster at its end (describe, explain, chart it)") { r, call in
                let name = try call.string(2)
                guard let i = r.comparison.outcomes.firstIndex(where: { $0.name == name }),
                      i < r.clusters.count else {
                    return call.push([.nil, .string("no run named \"\(name)\" (runs: "
                        + r.comparison.outcomes.map(\.name).joined(separator: ", ") + ")")])
                }
                return call.push(.object(r.clusters[i]))
            }
            .tostring { $0.comparison.text() }
    }

    /// Runs report code, turning a ReportError into a Lua error with the context.
    static func reporting<R>(_ context: String, _ body: () throws -> R) throws -> R {
        do { return try body() } catch let e as ReportError {
            throw LuaCallError.message("\(context): \(e.message)")
        }
    }

    /// `r:report(path [, { series }])` / `r:export(...)`.
    static func write(_ r: LuaComparison, _ call: LuaCall, formats: [String]) throws -> Int32 {
        let path = try call.string(2)
        let o = try OptionTable(call, 3, context: "comparison:export",
                                allowed: ["series", "format"], required: false)
        let format = try o.choice("format", formats) ?? ClusterMethods.fileFormat(path)
        guard let format, formats.contains(format) else {
            throw LuaCallError.argument(index: 2, message: "cannot tell the format from "
                + "\"\(path)\": use a name ending in "
                + formats.map { "." + $0 }.joined(separator: ", "))
        }
        let series = try o.stringList("series")
        let text = try reporting("comparison:export") { () throws -> String in
            let c = r.comparison
            switch format {
            case "md": return try c.report(series: series).markdown()
            case "html": return try c.report(series: series).html()
            case "svg":
                let name = series.first ?? c.defaultSeries.first ?? ""
                return SVGChart(width: 900, plotHeight: 300).render(try c.chart(name))
            case "csv":
                var rows = [["name"] + c.metrics.map(\.rawValue)]
                for o in c.outcomes {
                    rows.append([o.name] + c.metrics.map {
                        o.figures[$0].map(TimelineExport.number) ?? "" })
                }
                return CSVText.render(rows)
            default:
                return try FiguresJSON.comparison(c)
            }
        }
        do {
            try AtomicFileWriter.write(text, to: path)
        } catch let e as AtomicFileWriter.WriteError {
            return call.push([.nil, .string(e.description)])
        }
        return call.push(true)
    }

    static func sweepType() -> LuaUserdataType<LuaSweep> {
        LuaUserdataType<LuaSweep>(
            name: "scalelab.Sweep", summary: "the result of sim.sweep: tostring is the table")
            .method("rows", "(): table[]",
                    "every finished point: index, point, and each figure") { s, call in
                call.push(.table(LuaTable(array: s.result.rows.map { rowTable(s.result, $0) })))
            }
            .method("best", "(metric: string, order?: string): table?",
                    "the row with the lowest (\"min\", default) or highest (\"max\") value")
            { s, call in
                let name = try call.string(2)
                let metric: WhatIfMetric
                do { metric = try WhatIfMetric.named(name) } catch let e as ReportError {
                    throw LuaCallError.argument(index: 2, message: e.message)
                }
                guard let column = s.result.metrics.firstIndex(of: metric) else {
                    throw LuaCallError.argument(index: 2, message: "\"\(name)\" was not "
                        + "measured (metrics: "
                        + s.result.metrics.map(\.rawValue).joined(separator: ", ") + ")")
                }
                let order = try call.optionalString(3) ?? "min"
                guard order == "min" || order == "max" else {
                    throw LuaCallError.argument(index: 3, message: "\"min\" or \"max\" expected")
                }
                let candidates = s.result.rows.filter { $0.values[column] != nil }
                let best = order == "min"
                    ? candidates.min { ($0.values[column] ?? 0) < ($1.values[column] ?? 0) }
                    : candidates.max { ($0.values[column] ?? 0) < ($1.values[column] ?? 0) }
                guard let best else { return call.push(LuaValue.nil) }
                return call.push(rowTable(s.result, best))
            }
            .method("export", "(path: string): boolean?, string?",
                    "writes a .csv table or the .json/.jsonl lines scalelab merge reads")
            { s, call in
                let path = try call.string(2)
                let text: String
                let format = path.hasSuffix(".jsonl") ? "json" : ClusterMethods.fileFormat(path)
                switch format {
                case "csv"?:
                    let rows = s.result.rows.map { row in
                        [String(row.index + 1)]
                            + s.result.grid.point(row.index).map(\.description)
                            + row.values.map { $0.map(TimelineExport.number) ?? "" }
                    }
                    text = CSVText.render([["point"] + s.result.grid.keys
                        + s.result.metrics.map(\.rawValue)] + rows)
                case "json"?:
                    text = try s.result.jsonLines()
                default:
                    throw LuaCallError.argument(index: 2, message: "use a .csv or .json/.jsonl "
                        + "name, got \"\(path)\"")
                }
                do { try AtomicFileWriter.write(text, to: path) } catch let e
                    as AtomicFileWriter.WriteError
                {
                    return call.push([.nil, .string(e.description)])
                }
                return call.push(true)
            }
            .property("count", "integer", "points finished",
                      get: { .integer($0.result.rows.count) })
            .property("points", "integer", "points in the grid",
                      get: { .integer($0.result.grid.count) })
            .tostring { $0.result.text() }
    }

    /// `{ index = 3, point = { window = "60s" }, peak_replicas = 8, ... }`.
    static func rowTable(_ result: SweepResult, _ row: SweepRow) -> LuaValue {
        var fields: [(key: LuaValue, value: LuaValue)] = [
            ("index", .integer(row.index + 1)),
            ("point", SimSweep.pointTable(result.grid, row.index)),
        ]
        for (m, v) in zip(result.metrics, row.values) {
            if let v { fields.append((key: .string(m.rawValue), value: .number(v))) }
        }
        return .table(LuaTable(fields: fields))
    }
}

/// RFC 4180 CSV.
enum CSVText {
    static func render(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { cell in
                cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                    ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
            }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
    }
}

/// The figures of a comparison as JSON: `{ "duration_s": ..., "runs": [ { "name": ...,
/// "figures": { ... } } ] }`.
enum FiguresJSON {
    struct Run: Encodable {
        var name: String
        var figures: [String: Double]
    }

    struct Document: Encodable {
        var title: String
        var workload: String
        var duration_s: Double
        var runs: [Run]
    }

    static func comparison(_ c: WhatIfComparison) throws -> String {
        let doc = Document(
            title: c.title, workload: c.workload,
            duration_s: Double(c.duration.milliseconds) / 1000,
            runs: c.outcomes.map { o in
                Run(name: o.name, figures: Dictionary(uniqueKeysWithValues: c.metrics.compactMap {
                    m in o.figures[m].map { (m.rawValue, $0) }
                }))
            })
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return String(decoding: try e.encode(doc), as: UTF8.self) + "\n"
    }
}
