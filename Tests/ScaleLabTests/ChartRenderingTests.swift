import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import ScaleLab

/// Golden terminal charts of the synthetic run in every style (regenerate with
/// SCALELAB_UPDATE_GOLDEN=1 and look at the diff).
@Test(arguments: TerminalChart.Style.allCases)
func terminalChartMatchesGolden(style: TerminalChart.Style) throws {
    let run = ReportFixtures.syntheticRun()
    let chart = try Chart(timeline: run.timeline, events: run.events,
                          series: ["myapp.replicas", "myapp.rps"], end: run.end,
                          title: "myapp under a sine load")
    let text = TerminalChart(width: 72, height: 10, style: style).render(chart)
    #expect(try ReportFixtures.matchesGolden(text + "\n", "chart-\(style.rawValue).txt"))
    // Same input, same bytes.
    #expect(TerminalChart(width: 72, height: 10, style: style).render(chart) == text)
    for line in text.split(separator: "\n") { #expect(line.count <= 72) }
}

@Test func terminalChartParts() throws {
    let run = ReportFixtures.syntheticRun()
    let chart = try Chart(timeline: run.timeline, events: run.events,
                          series: ["myapp.replicas"], end: run.end)
    let text = TerminalChart(width: 60, height: 8, style: .ascii).render(chart)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Value labels on the y axis, time labels below, the event key last.
    #expect(lines[0].hasPrefix("10 +"))
    #expect(lines.contains { $0.hasPrefix(" 0 +") })
    #expect(lines.contains { $0.contains("0s") && $0.contains("10m") })
    #expect(lines.last == "events: S SuccessfulRescale x4   F NodeNotReady x1")
    #expect(!text.contains("\u{1B}"))
    let coloured = TerminalChart(width: 60, height: 8, style: .braille, color: true)
        .render(chart)
    #expect(coloured.contains("\u{1B}[34m"))
}

@Test func unknownSeriesSuggestsTheClosestName() {
    let run = ReportFixtures.syntheticRun()
    #expect(throws: ReportError("unknown series \"myapp.replica\" (did you mean "
        + "\"myapp.replicas\"?)")) {
        try Chart(timeline: run.timeline, series: ["myapp.replica"], end: run.end)
    }
}

@Test func valueAndTimeTicksAreRound() {
    let s = ChartAxis.valueScale(min: 2, max: 40, count: 5)
    #expect(s.ticks == [0, 10, 20, 30, 40])
    #expect(ChartAxis.valueScale(min: 0.1, max: 0.73, count: 5).labels
        == ["0.0", "0.2", "0.4", "0.6", "0.8"])
    #expect(ChartAxis.valueScale(min: 0, max: 25_000, count: 6).labels
        == ["0", "5k", "10k", "15k", "20k", "25k"])
    #expect(ChartAxis.valueScale(min: 0, max: 0, count: 4).high > 0)
    #expect(ChartAxis.valueScale(min: -3, max: -3, count: 4).low < -3)
    let ticks = ChartAxis.timeTicks(from: .zero, to: SimTime(milliseconds: 3_600_000), count: 7)
    #expect(ticks.map(ChartAxis.timeLabel) == ["0s", "10m", "20m", "30m", "40m", "50m", "1h"])
    #expect(ChartAxis.timeLabel(SimTime(milliseconds: 90_000)) == "1m30s")
    #expect(ChartAxis.timeLabel(SimTime(milliseconds: 5_400_000)) == "1h30m")
}

@Test func sparklineShowsEachBucketsPeak() throws {
    #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
    #expect(Sparkline.render([nil, 5, 5]) == " ██")
    #expect(Sparkline.render([1, 8], ascii: true) == ".#")
    let run = ReportFixtures.syntheticRun()
    let line = try Sparkline.render(run.timeline, series: "myapp.replicas", from: .zero,
                                    to: run.end, width: 10)
    #expect(line == "▃▅█████▅▅▄")
}

/// Parses SVG with Foundation's XML parser and counts elements by name.
final class SVGProbe: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var texts: [String] = []
    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) { counts[name, default: 0] += 1 }
    func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }

    static func parse(_ text: String) -> (ok: Bool, probe: SVGProbe) {
        let parser = XMLParser(data: Data(text.utf8))
        let probe = SVGProbe()
        parser.delegate = probe
        return (parser.parse(), probe)
    }
}

@Test func svgIsWellFormedAndHasEveryPart() throws {
    let run = ReportFixtures.syntheticRun()
    var chart = try Chart(timeline: run.timeline, events: run.events,
                          series: ["myapp.replicas", "myapp.rps"], end: run.end,
                          title: "a <title> & \"quotes\"")
    chart.series[1].label = "rps & more"
    let svg = SVGChart(width: 600, plotHeight: 200).render(chart)
    let (ok, probe) = SVGProbe.parse(svg)
    #expect(ok)
    #expect(probe.counts["svg"] == 1)
    #expect(probe.counts["path", default: 0] == 3)  // two series and the axes
    let text = probe.texts.joined()
    #expect(text.contains("a <title> & \"quotes\""))
    #expect(text.contains("rps & more") && text.contains("SuccessfulRescale ×4"))
    #expect(text.contains("simulated time") && text.contains("10m"))
    #expect(try ReportFixtures.matchesGolden(svg, "chart.svg"))
}

@Test func svgOfTheSimulatedScenarioParses() throws {
    let sim = try ReportFixtures.scenario()
    let run = RunRecord(name: "scenario", simulation: sim)
    let chart = try Chart(timeline: run.timeline, events: run.events,
                          series: ["web.replicas", "pods.pending", "nodes.ready"], end: run.end)
    #expect(SVGProbe.parse(SVGChart().render(chart)).ok)
    #expect(chart.markers.contains { $0.reason == "NodeNotReady" })
}
