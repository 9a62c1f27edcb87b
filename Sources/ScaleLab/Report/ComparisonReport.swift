/// Several runs of the same scenario side by side (a baseline and its what-if variants): one
/// row per run with each series' peak and mean, pending pod-minutes, node-hours, HPA rescales
/// and replica reversals (flapping); then one chart per series with every run overlaid.
public struct ComparisonReport: Sendable {
    /// The runs, baseline first.
    public var runs: [RunRecord]
    /// The series compared (each must exist in at least one run).
    public var series: [String]
    /// Start of the compared range.
    public var from: SimTime
    /// End of the compared range (the shortest run's end by default).
    public var to: SimTime
    /// The heading.
    public var title: String
    /// Extra columns the caller computed (cost, ...), one value per run.
    public var extraColumns: [(header: String, values: [String])] = []
    /// A table that replaces ``rows()`` (sim.compare's what-if table), header first.
    public var table: [[String]]?
    /// Right-aligned columns of ``table``.
    public var numericColumns: Set<Int> = []
    /// Lines printed under the table (definitions of its columns).
    public var notes: [String] = []

    /// A comparison of `runs` on `series` over `0...to`.
    public init(
        _ runs: [RunRecord], series: [String], from: SimTime = .zero, to: SimTime? = nil,
        title: String = "Comparison"
    ) throws {
        guard !runs.isEmpty else { throw ReportError("compare: no runs given") }
        for name in series where !runs.contains(where: { $0.timeline.kind(of: name) != nil }) {
            throw ReportError.unknownSeries(name, known: runs[0].timeline.names)
        }
        self.runs = runs
        self.series = series
        self.from = from
        self.to = to ?? runs.map(\.end).min() ?? .zero
        self.title = title
    }

    /// The table: header, then one row per run.
    public func rows() -> [[String]] {
        var header = ["run"]
        for name in series { header += ["peak \(name)", "mean \(name)"] }
        let hasPending = runs.contains { $0.timeline.kind(of: "pods.pending") != nil }
        let hasNodes = runs.contains { $0.timeline.kind(of: "nodes.ready") != nil }
        if hasPending { header.append("pending pod-min") }
        if hasNodes { header.append("node-hours") }
        header += ["rescales", "reversals"]
        header += extraColumns.map(\.header)
        var rows = [header]
        for (i, run) in runs.enumerated() {
            var row = [run.name]
            for name in series {
                let s = stats(run, name)
                row += [ReportNumber.text(s?.max), ReportNumber.text(s?.mean)]
            }
            if hasPending {
                row.append(ReportNumber.text(stats(run, "pods.pending").map {
                    $0.integralSeconds / 60 }))
            }
            if hasNodes {
                row.append(ReportNumber.text(stats(run, "nodes.ready").map {
                    $0.integralSeconds / 3600 }))
            }
            row.append(String(run.occurrences(of: "SuccessfulRescale")))
            let reversals = run.timeline.names.filter { $0.hasSuffix(".replicas") }
                .compactMap { stats(run, $0)?.reversals }.reduce(0, +)
            row.append(String(reversals))
            for column in extraColumns { row.append(i < column.values.count ? column.values[i] : "") }
            rows.append(row)
        }
        return rows
    }

    private func stats(_ run: RunRecord, _ name: String) -> SeriesStatistics? {
        guard run.timeline.kind(of: name) != nil else { return nil }
        return try? SeriesStatistics(run.timeline, series: name, from: from, to: to)
    }

    /// One chart per series, each run a line labelled with the run's name.
    public func charts() -> [Chart] {
        series.map { name in
            let lines = runs.compactMap { run -> ChartSeries? in
                guard run.timeline.kind(of: name) != nil else { return nil }
                return try? ChartSeries(timeline: run.timeline, name: name, from: from, to: to,
                                        label: run.name)
            }
            return Chart(title: name, series: lines, from: from, to: to)
        }
    }

    /// The table as aligned text, followed by the charts (for `print`).
    public func text(chart: TerminalChart? = TerminalChart()) -> String {
        var out = title + "\n" + TextTable.render(table ?? rows())
        if let chart {
            for c in charts() { out += "\n\n" + chart.render(c) }
        }
        return out
    }

    private var resultRows: [[String]] { table ?? rows() }

    private var resultNumericColumns: Set<Int> {
        table != nil ? numericColumns : Set(1..<(rows().first?.count ?? 1))
    }

    private var subtitle: String {
        "\(runs.count) runs over \(ChartAxis.timeLabel(from)) to \(ChartAxis.timeLabel(to))."
    }

    /// The comparison as Markdown (charts as text blocks).
    public func markdown(style: TerminalChart.Style = .braille) -> String {
        var out = "# \(MarkdownText.escape(title))\n\n\(subtitle)\n\n## Results\n\n"
        out += MarkdownText.table(resultRows, numericColumns: resultNumericColumns)
        if !notes.isEmpty {
            out += "\n" + notes.map { "- " + MarkdownText.escape($0) }.joined(separator: "\n")
                + "\n"
        }
        for c in charts() {
            out += "\n## \(MarkdownText.escape(c.title ?? ""))\n\n```text\n"
            var untitled = c
            untitled.title = nil
            out += TerminalChart(width: 100, height: 14, style: style).render(untitled)
                + "\n```\n"
        }
        return out
    }

    /// The comparison as one self-contained HTML page (charts as inline SVG).
    public func html() -> String {
        var body = "<h1>\(SVGChart.escape(title))</h1>\n<p>\(SVGChart.escape(subtitle))</p>\n"
        body += "<h2>Results</h2>\n"
            + HTMLText.table(resultRows, numericColumns: resultNumericColumns)
        if !notes.isEmpty {
            body += "<ul class=\"notes\">\n"
                + notes.map { "<li>\(SVGChart.escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        for c in charts() {
            body += "<figure>\n" + SVGChart(width: 900, plotHeight: 260).render(c) + "</figure>\n"
        }
        return HTMLText.page(title: title, body: body)
    }
}
