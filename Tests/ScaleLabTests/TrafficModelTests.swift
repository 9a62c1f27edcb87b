import Testing

@testable import ScaleLab

@Suite struct TrafficModelTests {
    struct Case: Sendable {
        let model: TrafficModel
        let a: Int64
        let b: Int64
        let expected: Double
    }

    static let cases: [Case] = [
        Case(model: .constant(10), a: 0, b: 60_000, expected: 600),
        Case(model: .step(before: 1, after: 5, atMs: 30_000), a: 0, b: 60_000, expected: 180),
        Case(model: .ramp(from: 0, to: 10, startMs: 0, durationMs: 10_000), a: 0, b: 20_000,
             expected: 150),
        Case(model: .spike(base: 1, peak: 11, atMs: 5_000, durationMs: 2_000), a: 0, b: 10_000,
             expected: 30),
        Case(model: .sine(mean: 10, amplitude: 5, periodMs: 60_000, phaseMs: 0), a: 0,
             b: 60_000, expected: 600),
        Case(model: .constant(2) + .constant(3), a: 0, b: 1_000, expected: 5),
        Case(model: .constant(2) * .constant(3), a: 0, b: 10_000, expected: 60),
        Case(model: TrafficModel.constant(50).clamped(max: 20), a: 0, b: 1_000, expected: 20),
    ]

    @Test(arguments: cases)
    func integrals(c: Case) {
        #expect(abs(c.model.integral(from: c.a, to: c.b) - c.expected) < 1e-6)
    }

    @Test func sineClosedFormMatchesNumeric() {
        let m = TrafficModel.diurnal(mean: 100, amplitude: 40, peakHour: 14)
        let exact = m.integral(from: 1_000, to: 7_200_000)
        #expect(abs(exact - m.numeric(1_000, 7_200_000)) < 1e-3)
        #expect(abs(m.rate(at: 14 * 3_600_000) - 140) < 1e-9)
    }

    @Test func noiseIsSeededAndOrderIndependent() {
        let p = TrafficModel.poisson(mean: .constant(5), seed: 7, bucketMs: 1_000)
        let forward = (0..<100).map { p.rate(at: Int64($0) * 1_000) }
        let backward = (0..<100).reversed().map { p.rate(at: Int64($0) * 1_000) }
        #expect(forward == Array(backward.reversed()))
        let mean = forward.reduce(0, +) / 100
        #expect(abs(mean - 5) < 1)
        let other = TrafficModel.poisson(mean: .constant(5), seed: 8, bucketMs: 1_000)
        #expect(forward != (0..<100).map { other.rate(at: Int64($0) * 1_000) })
        let g = TrafficModel.gaussian(base: .constant(10), stddev: 0.1, seed: 1, bucketMs: 500)
        let total = g.integral(from: 0, to: 100_000)
        #expect(abs(total - 1_000) < 50)
        // The integral equals the sum over buckets of the held rates.
        let summed = (0..<200).reduce(0.0) { $0 + g.rate(at: Int64($1) * 500) * 0.5 }
        #expect(abs(total - summed) < 1e-9)
    }

    @Test func csvReplay() throws {
        let trace = try TrafficTrace.parseCSV("time,rate\n0,10\n# comment\n60,20\n2m,20\n")
        #expect(trace.points.count == 3)
        #expect(trace.rate(at: 30_000) == 15)
        #expect(abs(trace.integral(from: 0, to: 120_000) - (900 + 1_200)) < 1e-9)
    }

    @Test(arguments: [
        ("0,1\n5,x\n", "line 2: invalid rate \"x\""),
        ("0,1\n5\n", "line 2: expected 2 fields \"time,rate\", got 1 in \"5\""),
        ("0,1\nsoon,2\n", "line 2: invalid time \"soon\""),
        ("0,-1\n", "line 1: negative rate \"-1\""),
        ("", "trace has no samples"),
    ])
    func csvErrors(text: String, message: String) {
        #expect(throws: TraceParseError(message)) { try TrafficTrace.parseCSV(text) }
    }

    @Test func expositionCounterBecomesRate() throws {
        let text = """
            # TYPE http_requests counter
            http_requests{pod="a",path="/x,y"} 0 1000
            http_requests{pod="a",path="/x,y"} 150 16000
            http_requests{pod="b"} 100 1000
            http_requests{pod="b"} 10 16000
            other 5 1000
            """
        let trace = try TrafficTrace.parseExposition(text, metric: "http_requests")
        // pod a: 10/s; pod b resets: 10 over 15 s.
        #expect(trace.points.count == 1)
        #expect(abs(trace.rate(at: 16_000) - (10 + 10.0 / 15)) < 1e-9)
        let gauge = try TrafficTrace.parseExposition("rps 3 0\nrps 5 10000\n")
        #expect(gauge.rate(at: 5_000) == 4)
    }

    @Test(arguments: [
        ("x 1\n", "line 1: sample without timestamp in \"x 1\" (replay needs one)"),
        ("x 1 0\nx{a=\"1\" 2 3\n", "line 2: unterminated label set in \"x{a=\"1\" 2 3\""),
        ("x abc 5\n", "line 1: invalid value \"abc\""),
    ])
    func expositionErrors(text: String, message: String) {
        #expect(throws: TraceParseError(message)) { try TrafficTrace.parseExposition(text) }
    }

    @Test func queryRangeReplay() throws {
        let json = """
            {"status":"success","data":{"resultType":"matrix","result":[
             {"metric":{"pod":"a"},"values":[[1700000000,"4"],[1700000015,"6"]]},
             {"metric":{"pod":"b"},"values":[[1700000000,"1"],[1700000015,"1"]]}]}}
            """
        let trace = try TrafficTrace.parseQueryRange(json).startingAtZero()
        #expect(trace.points.map(\.time) == [0, 15_000])
        #expect(trace.rate(at: 0) == 5 && trace.rate(at: 15_000) == 7)
        #expect(throws: TraceParseError(
            "query_range: data.result[0].values[0] has invalid value \"x\"")) {
            try TrafficTrace.parseQueryRange(
                #"{"status":"success","data":{"resultType":"matrix","result":["#
                    + #"{"metric":{},"values":[[1,"x"]]}]}}"#)
        }
        #expect(throws: TraceParseError(
            "query_range: data.resultType is \"vector\", expected \"matrix\"")) {
            try TrafficTrace.parseQueryRange(
                #"{"status":"success","data":{"resultType":"vector","result":[]}}"#)
        }
    }
}
