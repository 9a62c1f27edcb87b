import Foundation
import Testing

@testable import ScaleLab

/// Writes the report artefacts to $SCALELAB_REPORT_OUT for a person to look at (skipped
/// otherwise).
@Test func writesReportArtifactsForInspection() throws {
    guard let dir = ProcessInfo.processInfo.environment["SCALELAB_REPORT_OUT"] else { return }
    let sim = try ReportFixtures.scenario()
    let run = RunRecord(name: "scenario", simulation: sim)
    let chart = try Chart(timeline: run.timeline, events: run.events,
                          series: ["web.replicas", "web.ready", "pods.pending", "nodes.ready"],
                          end: run.end, title: "web: scale to 12, lose a node, scale to 4")
    let synthetic = ReportFixtures.syntheticRun()
    let chart2 = try Chart(timeline: synthetic.timeline, events: synthetic.events,
                           series: ["myapp.replicas", "myapp.rps"], end: synthetic.end)
    var out = ""
    for style in TerminalChart.Style.allCases {
        out += TerminalChart(width: 80, height: 12, style: style).render(chart) + "\n\n"
        out += TerminalChart(width: 72, height: 10, style: style).render(chart2) + "\n\n"
    }
    try out.write(toFile: dir + "/charts.txt", atomically: true, encoding: .utf8)
    try SVGChart().render(chart).write(toFile: dir + "/scenario.svg", atomically: true,
                                       encoding: .utf8)
    try SVGChart(width: 600, plotHeight: 200).render(chart2)
        .write(toFile: dir + "/synthetic.svg", atomically: true, encoding: .utf8)
    let report = try RunReport(run, series: ["web.replicas", "web.ready", "pods.pending"])
    try report.html().write(toFile: dir + "/report.html", atomically: true, encoding: .utf8)
    try report.markdown().write(toFile: dir + "/report.md", atomically: true, encoding: .utf8)
    let other = RunRecord(name: "seed 8", simulation: try ReportFixtures.scenario(seed: 8))
    let cmp = try ComparisonReport([run, other], series: ["web.ready", "pods.pending"])
    try cmp.text().write(toFile: dir + "/compare.txt", atomically: true, encoding: .utf8)
    try cmp.html().write(toFile: dir + "/compare.html", atomically: true, encoding: .utf8)
}
