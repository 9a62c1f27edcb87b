import Foundation
import Testing

@testable import ScaleLab

@Test func csvRoundTripsTheStepValues() throws {
    let run = ReportFixtures.syntheticRun()
    let export = try TimelineExport(run.timeline, series: ["myapp.replicas"], to: run.end)
    let csv = export.csv()
    #expect(csv.hasPrefix("time_s,myapp.replicas\n0,2\n60,4\n120,8\n420,5\n540,3\n"))
    let back = try Timeline(csv: csv)
    #expect(back.samples(of: "myapp.replicas").map(\.value)
        == run.timeline.samples(of: "myapp.replicas").map(\.value))
}

@Test func csvResamplesOnAStepAndQuotesNames() throws {
    var timeline = Timeline()
    timeline.record("a,b", 1.5, at: SimTime(milliseconds: 1_500))
    timeline.record("x", 7, at: .zero)
    let export = try TimelineExport(timeline, to: SimTime(milliseconds: 3_000),
                                    step: .seconds(1))
    #expect(export.csv() == "time_s,\"a,b\",x\n0,,7\n1,,7\n2,1.5,7\n3,1.5,7\n")
    let back = try Timeline(csv: export.csv())
    #expect(back.names == ["a,b", "x"])
    #expect(back.value(of: "a,b", at: SimTime(milliseconds: 2_000)) == 1.5)
}

@Test func jsonRoundTripsSeriesKindsAndEvents() throws {
    let run = ReportFixtures.syntheticRun()
    let export = try TimelineExport(run.timeline, to: run.end)
    let json = export.json(events: run.events)
    let back = try Timeline(json: json)
    #expect(back == run.timeline)
    let root = try #require(
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let events = try #require(root["events"] as? [[String: Any]])
    #expect(events.count == run.events.records.count)
    #expect(events.first?["reason"] as? String == "SuccessfulRescale")
    #expect(json == export.json(events: run.events))
}

@Test func exportErrorsSayWhatIsWrong() {
    let run = ReportFixtures.syntheticRun()
    #expect(throws: ReportError("export: step must be positive, got 0s")) {
        try TimelineExport(run.timeline, to: run.end, step: .zero)
    }
    #expect(throws: ReportError.self) {
        try TimelineExport(run.timeline, series: ["nope"], to: run.end)
    }
    #expect(throws: ReportError("csv line 2: not a number: \"x\"")) {
        try Timeline(csv: "time_s,a\n0,x\n")
    }
}

@Test func statisticsAreTimeWeighted() throws {
    let run = ReportFixtures.syntheticRun()
    let s = try SeriesStatistics(run.timeline, series: "myapp.replicas", from: .zero,
                                 to: run.end)
    // 2×60 + 4×60 + 8×300 + 5×120 + 3×60 = 3540 replica-seconds over 600 s.
    #expect(s.integralSeconds == 3540)
    #expect(s.mean == 5.9)
    #expect(s.min == 2 && s.max == 8 && s.last == 3)
    #expect(s.changes == 4 && s.reversals == 1)
}

@Test func reportsAreDeterministicAndComplete() throws {
    let run = ReportFixtures.syntheticRun()
    let report = try RunReport(run, series: ["myapp.replicas", "myapp.rps"])
    let md = try report.markdown(style: .ascii)
    #expect(md.contains("| myapp.replicas | 2 | 5.9 | 8 | 3 |"))
    #expect(md.contains("| 1m | 1m | 1 | Normal | SuccessfulRescale | horizontalpodautoscaler/"
        + "myapp | New size: 4; reason: pods metric above target |"))
    #expect(try ReportFixtures.matchesGolden(md, "report.md"))
    let html = try report.html()
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg"))
    #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(try report.html() == html)
}

@Test func comparisonTableHasOneRowPerRun() throws {
    let a = RunRecord(name: "baseline", simulation: try ReportFixtures.scenario())
    var bSim = try ReportFixtures.scenario()
    bSim.run(for: .minutes(1))
    let b = RunRecord(name: "longer", simulation: bSim)
    var report = try ComparisonReport([a, b], series: ["web.replicas"])
    report.extraColumns = [("cost $", ["1.00", "2.00"])]
    let rows = report.rows()
    #expect(rows[0] == ["run", "peak web.replicas", "mean web.replicas", "pending pod-min",
                        "node-hours", "rescales", "reversals", "cost $"])
    #expect(rows.count == 3 && rows[1][1] == "12" && rows[2][7] == "2.00")
    #expect(report.to == a.end)
    #expect(report.charts().first?.series.map(\.label) == ["baseline", "longer"])
    #expect(SVGProbe.parse(report.html().components(separatedBy: "<figure>\n")[1]
        .components(separatedBy: "</figure>")[0]).ok)
}
