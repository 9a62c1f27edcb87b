import Foundation

/// A report of one run: a summary table (min, mean, max, last and a sparkline per series),
/// a chart, and the event log. As Markdown (the chart as text in a code block, readable in
/// any viewer) or as a self-contained HTML page (the chart as inline SVG, no external files).
public struct RunReport: Sendable {
    /// The run.
    public var run: RunRecord
    /// The series summarised and charted (all of the timeline when empty).
    public var series: [String]
    /// Start of the reported range.
    public var from: SimTime
    /// End of the reported range.
    public var to: SimTime
    /// The heading.
    public var title: String
    /// Event rows shown at most (the rest is counted).
    public var maxEvents = 500

    /// A report of `run` over `from...to` (the whole run when omitted). Unknown series are
    /// errors.
    public init(
        _ run: RunRecord, series: [String] = [], from: SimTime? = nil, to: SimTime? = nil,
        title: String? = nil
    ) throws {
        self.run = run
        self.series = series.isEmpty ? run.timeline.names : series
        for name in self.series where run.timeline.kind(of: name) == nil {
            throw ReportError.unknownSeries(name, known: run.timeline.names)
        }
        self.from = from ?? .zero
        self.to = to ?? run.end
        guard self.to >= self.from else {
            throw ReportError("report: 'to' (\(self.to)) is before 'from' (\(self.from))")
        }
        self.title = title ?? "Run report: \(run.name)"
    }

    /// The summary rows: header, then one row per series.
    public func summaryRows(sparklineWidth: Int = 24) throws -> [[String]] {
        var rows = [["series", "min", "mean", "max", "last", "trend"]]
        for name in series {
            let s = try SeriesStatistics(run.timeline, series: name, from: from, to: to)
            let trend = try Sparkline.render(run.timeline, series: name, from: from, to: to,
                                             width: sparklineWidth)
            rows.append([name, ReportNumber.text(s.min), ReportNumber.text(s.mean),
                         ReportNumber.text(s.max), ReportNumber.text(s.last), trend])
        }
        return rows
    }

    /// The chart of the report's series.
    public func chart() throws -> Chart {
        try Chart(timeline: run.timeline, events: run.events, series: series, from: from,
                  to: to, end: run.end)
    }

    /// The event rows: header, then records in order of first appearance.
    func eventRows() -> [[String]] {
        var rows = [["first seen", "last seen", "count", "type", "reason", "object", "message"]]
        for r in run.events.records.prefix(maxEvents) {
            rows.append([ChartAxis.timeLabel(r.firstTimestamp),
                         ChartAxis.timeLabel(r.lastTimestamp), String(r.count), r.type.rawValue,
                         r.reason, r.object.description, r.message])
        }
        return rows
    }

    private var omittedEvents: Int { max(0, run.events.records.count - maxEvents) }

    private var subtitle: String {
        "Simulated \(ChartAxis.timeLabel(from)) to \(ChartAxis.timeLabel(to)); "
            + "\(series.count) series, \(run.events.records.count) event records."
    }

    /// The report as Markdown (chart in `style`, 100 columns wide).
    public func markdown(style: TerminalChart.Style = .braille) throws -> String {
        var out = "# \(MarkdownText.escape(title))\n\n\(subtitle)\n\n## Summary\n\n"
        out += MarkdownText.table(try summaryRows(), numericColumns: [1, 2, 3, 4])
        out += "\n## Chart\n\n```text\n"
        out += TerminalChart(width: 100, height: 16, style: style).render(try chart())
        out += "\n```\n\n## Events\n\n"
        out += MarkdownText.table(eventRows(), numericColumns: [2])
        if omittedEvents > 0 { out += "\n… and \(omittedEvents) more records.\n" }
        return out
    }

    /// The report as one self-contained HTML page.
    public func html() throws -> String {
        var body = "<h1>\(SVGChart.escape(title))</h1>\n<p>\(SVGChart.escape(subtitle))</p>\n"
        body += "<h2>Summary</h2>\n" + HTMLText.table(try summaryRows(), numericColumns: [1, 2, 3, 4])
        body += "<h2>Chart</h2>\n<figure>\n" + SVGChart(width: 900).render(try chart())
            + "</figure>\n"
        body += "<h2>Events</h2>\n" + HTMLText.table(eventRows(), numericColumns: [2])
        if omittedEvents > 0 { body += "<p>… and \(omittedEvents) more records.</p>\n" }
        return HTMLText.page(title: title, body: body)
    }
}

/// Markdown tables with escaped cells.
enum MarkdownText {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// A GitHub-flavoured table; `numericColumns` are right-aligned.
    static func table(_ rows: [[String]], numericColumns: Set<Int> = []) -> String {
        guard let header = rows.first else { return "" }
        var out = "| " + header.map(escape).joined(separator: " | ") + " |\n|"
        for i in header.indices { out += numericColumns.contains(i) ? " ---: |" : " --- |" }
        out += "\n"
        for row in rows.dropFirst() {
            out += "| " + row.map(escape).joined(separator: " | ") + " |\n"
        }
        return out
    }
}

/// HTML pieces: a page with inline CSS, and tables.
enum HTMLText {
    static func table(_ rows: [[String]], numericColumns: Set<Int> = []) -> String {
        guard let header = rows.first else { return "" }
        var out = "<table>\n<thead><tr>"
        for cell in header { out += "<th>\(SVGChart.escape(cell))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows.dropFirst() {
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                out += numericColumns.contains(i) ? "<td class=\"n\">" : "<td>"
                out += SVGChart.escape(cell) + "</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="scalelab">
        <title>\(SVGChart.escape(title))</title>
        <style>
        body { font-family: "DejaVu Sans", Verdana, Arial, Helvetica, sans-serif; color: #222;
          max-width: 960px; margin: 2em auto; padding: 0 1em; line-height: 1.4; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
        table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left;
          vertical-align: top; }
        th { background: #f2f2f2; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
        figure { margin: 0.5em 0; } svg { max-width: 100%; height: auto; }
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }
}
