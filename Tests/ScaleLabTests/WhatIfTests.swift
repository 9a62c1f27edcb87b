import Foundation
import Testing

@testable import ScaleLab

/// The what-if engine: figures, the grid, shards, parallel runs and the JSON lines merge.
@Suite struct WhatIfTests {
    static func point(_ seconds: Int64, _ value: Double) -> ChartPoint {
        ChartPoint(time: .zero + .seconds(seconds), value: value)
    }

    /// Flapping: a reversal sooner than the window after the change it reverses.
    @Test(arguments: [
        // up, down 2 minutes later: one flap in a 5m window
        ([(0, 2.0), (60, 4), (180, 3)], 1),
        // up, down 6 minutes later: calm
        ([(0, 2.0), (60, 4), (420, 3)], 0),
        // steady growth never reverses
        ([(0, 2.0), (60, 4), (120, 6), (180, 8)], 0),
        // up/down/up/down a minute apart: three reversals
        ([(0, 2.0), (60, 4), (120, 2), (180, 4), (240, 2)], 3),
        // equal values are not changes
        ([(0, 2.0), (60, 2), (120, 4), (130, 4), (200, 3)], 1),
    ] as [([(Int64, Double)], Int)])
    func flaps(points: [(Int64, Double)], expected: Int) {
        let p = points.map { Self.point($0.0, $0.1) }
        #expect(RunFigures.flaps(p, window: .minutes(5)) == expected)
    }

    @Test func gridEnumeratesTheCartesianProductLastKeyFastest() throws {
        let grid = try SweepGrid([("window", [.string("30s"), .string("60s")]),
                                  ("scrape", [.integer(15), .integer(30), .integer(60)])])
        #expect(grid.keys == ["scrape", "window"])
        #expect(grid.count == 6)
        #expect(grid.label(0) == "scrape=15 window=30s")
        #expect(grid.label(1) == "scrape=15 window=60s")
        #expect(grid.label(5) == "scrape=60 window=60s")
        #expect(throws: ReportError.self) { try SweepGrid([("x", [])]) }
        let huge = (0..<5).map { ("k\($0)", (0..<1000).map { SweepValue.integer($0) }) }
        #expect(throws: ReportError.self) { try SweepGrid(huge) }
    }

    @Test func shardsPartitionThePoints() throws {
        let shards = try (1...3).map { try SweepShard("\($0)/3") }
        for i in 0..<20 { #expect(shards.filter { $0.contains(i) }.count == 1) }
        #expect(shards[1].first(atOrAfter: 0) == 1)
        #expect(shards[0].first(atOrAfter: 1) == 3)
        for bad in ["0/3", "4/3", "1/0", "x", "1/2/3", ""] {
            #expect(throws: ReportError.self) { try SweepShard(bad) }
        }
    }

    /// The same jobs give the same figures on 1 thread and on 4.
    @Test func parallelRunsDoNotDependOnTheThreadCount() throws {
        var jobs: [WhatIfJob] = []
        for scrape in [15_000, 30_000, 60_000] as [Int64] {
            var options = SeedScenario.Options()
            options.scrapeIntervalMs = scrape
            options.traffic = .ramp(from: 2, to: 20, startMs: 0, durationMs: 600_000)
            let sim = try SeedScenario.build(options)
            let workload = try #require(sim.cluster.workloads.first?.id)
            jobs.append(WhatIfJob(name: "scrape \(scrape)", simulation: sim,
                                  subject: WhatIfSubject(workload: workload,
                                                         pricePerHour: [0.19])))
        }
        func run(_ threads: Int) -> [RunFigures] {
            WhatIfRunner.run(jobs, duration: .minutes(20), threads: threads, stop: StopFlag(),
                             keepSimulations: false).map { $0?.figures ?? RunFigures() }
        }
        let one = run(1)
        #expect(one == run(4))
        #expect(one.allSatisfy { ($0[.peakReplicas] ?? 0) > 1 })
        #expect(one.allSatisfy { $0[.cost] != nil && $0[.dropped] != nil })
        // Slower scraping never makes the HPA react sooner.
        let times = one.map { $0[.timeToTarget] ?? 0 }
        #expect(times[0] <= times[2])
    }

    @Test func aStopSkipsTheJobsNotStarted() {
        let stop = StopFlag()
        stop.set()
        let results = ParallelRuns.run(count: 100, threads: 2, stop: stop) { $0 }
        #expect(results.allSatisfy { $0 == nil })
    }

    static func result(shard: SweepShard?, rows: [Int]) throws -> SweepResult {
        let grid = try SweepGrid([("a", [.integer(1), .integer(2)]),
                                  ("b", [.string("x"), .number(0.5), .boolean(true)])])
        return SweepResult(
            grid: grid, metrics: [.peakReplicas, .timeToTarget], duration: .minutes(10),
            rows: rows.map { SweepRow(index: $0, values: [Double($0), $0 == 3 ? .infinity : nil],
                                      trend: [1, 2, nil, Double($0)]) },
            shard: shard)
    }

    @Test func shardsMergeIntoTheSingleProcessResult() throws {
        let whole = try Self.result(shard: nil, rows: Array(0..<6))
        let a = try Self.result(shard: SweepShard("1/2"), rows: [0, 2, 4])
        let b = try Self.result(shard: SweepShard("2/2"), rows: [1, 3, 5])
        #expect(a.expected == 3 && b.expected == 3)
        let merged = try SweepResult.merge([
            ("b.jsonl", "some print\n" + b.jsonLines()), ("a.jsonl", try a.jsonLines()),
        ])
        #expect(merged == [whole])
        #expect(merged.first?.text() == whole.text())
        #expect(whole.text().contains("never"))
        let onlyA = try a.jsonLines()
        #expect(throws: ReportError.self) { try SweepResult.merge([("a.jsonl", onlyA)]) }
    }
}
