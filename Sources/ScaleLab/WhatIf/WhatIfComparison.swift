/// A baseline and its variants, run on identical traffic and seed: the side-by-side table
/// (one row per run, a replicas sparkline on a shared scale, the figures), charts of any
/// series with every run overlaid, and reports.
public struct WhatIfComparison: Sendable {
    /// The runs, baseline first (each with its final simulation).
    public var outcomes: [WhatIfOutcome]
    /// The figures shown, in column order.
    public var metrics: [WhatIfMetric]
    /// How long each run was.
    public var duration: SimDuration
    /// The workload measured.
    public var workload: String
    /// The heading.
    public var title: String

    /// A comparison of `outcomes` (each must have kept its simulation).
    public init(outcomes: [WhatIfOutcome], metrics: [WhatIfMetric], duration: SimDuration,
                workload: String, title: String? = nil) {
        self.outcomes = outcomes
        self.metrics = metrics
        self.duration = duration
        self.workload = workload
        self.title = title ?? "What-if: \(workload) over \(duration)"
    }

    /// Whether every run reached the end (a stop request cuts runs short).
    public var completed: Bool { outcomes.allSatisfy(\.completed) }

    /// The table: header, then one row per run.
    public func tableRows(ascii: Bool = false) -> [[String]] {
        var rows = [["NAME", "REPLICAS"] + metrics.map(\.header)]
        let scale = outcomes.flatMap(\.trend)
        for o in outcomes {
            var row = [o.name, Sparkline.render(o.trend, scale: scale, ascii: ascii)]
            for m in metrics { row.append(m.text(o.figures[m])) }
            rows.append(row)
        }
        return rows
    }

    /// The table as text, with a note when runs were stopped early.
    public func text() -> String {
        var out = title + "\n" + TextTable.render(tableRows())
        let stopped = outcomes.filter { !$0.completed }.map(\.name)
        if !stopped.isEmpty { out += "\n(stopped early: \(stopped.joined(separator: ", ")))" }
        return out
    }

    /// The runs as report records (each over its own run, from its start).
    public var records: [RunRecord] {
        outcomes.compactMap { o in
            o.simulation.map { RunRecord(name: o.name, simulation: $0) }
        }
    }

    /// The series to chart when none are named: the workload's replicas and ready pods, the
    /// HPA metric series, pending pods and Ready nodes (those that exist).
    public var defaultSeries: [String] {
        guard let sim = outcomes.first?.simulation else { return [] }
        let names = sim.kernel.timeline.names
        let wanted = ["\(workload).replicas", "\(workload).ready", "pods.pending", "nodes.ready"]
        let hpaSeries = names.filter { n in
            sim.liveHPAs.contains { id in
                let hpa = sim.hpas[id.index].object
                return hpa.spec.scaleTargetRef.name == workload
                    && n.hasPrefix(hpa.name + ".") && !n.hasSuffix(".desired")
                    && !n.hasSuffix(".current")
            }
        }
        return wanted.prefix(1).filter(names.contains) + hpaSeries
            + wanted.dropFirst().filter(names.contains)
    }

    /// The comparison report over `series` (default: ``defaultSeries``): the what-if table
    /// replaces the generic one.
    public func report(series: [String] = []) throws -> ComparisonReport {
        guard let start = outcomes.first?.start else { throw ReportError("compare: no runs") }
        var report = try ComparisonReport(
            records, series: series.isEmpty ? defaultSeries : series,
            from: start, to: start + duration, title: title)
        report.table = tableRows()
        report.numericColumns = Set(2..<(2 + metrics.count))
        report.notes = metrics.map { "\($0.header): \($0.summary)." }
        return report
    }

    /// One chart of `series` with every run overlaid.
    public func chart(_ series: String) throws -> Chart {
        guard let c = try report(series: [series]).charts().first else {
            throw ReportError("compare: nothing to chart")
        }
        return c
    }
}
