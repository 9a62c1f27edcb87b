import Testing

@testable import ScaleLab

@Test(arguments: [
    ("500ms", Int64(500), "500ms"), ("15s", 15_000, "15s"), ("2m", 120_000, "2m0s"),
    ("1h30m", 5_400_000, "1h30m0s"), ("1.5h", 5_400_000, "1h30m0s"), ("0", 0, "0s"),
    ("-2s", -2_000, "-2s"), ("1.5s", 1_500, "1.5s"), ("300s", 300_000, "5m0s"),
    ("40s", 40_000, "40s"), ("1m0.25s", 60_250, "1m0.25s"), ("+10ms", 10, "10ms"),
])
func goDurations(input: String, ms: Int64, printed: String) throws {
    let d = try SimDuration(parsing: input)
    #expect(d.milliseconds == ms)
    #expect(d.description == printed)
}

@Test func durationErrorsUseGoWording() {
    let cases = [
        ("1", "time: missing unit in duration \"1\""),
        ("1d", "time: unknown unit \"d\" in duration \"1d\""),
        ("abc", "time: invalid duration \"abc\""),
        ("", "time: invalid duration \"\""),
        (".s", "time: invalid duration \".s\""),
    ]
    for (input, message) in cases {
        #expect(throws: DurationError(input: input, message: message)) {
            try SimDuration(parsing: input)
        }
    }
    #expect(throws: DurationError.self) { try SimDuration(parsing: "1500us") }
    #expect(throws: Never.self) { try SimDuration(parsing: "1000us") }
}

@Test func kubectlAgeColumn() {
    let cases: [(Int64, String)] = [
        (90_000, "90s"), (330_000, "5m30s"), (2_700_000, "45m"), (18_600_000, "5h10m"),
        (100 * 3_600_000, "4d4h"),
    ]
    for (ms, want) in cases { #expect(SimDuration(milliseconds: ms).humanDescription == want) }
    #expect(SimTime.zero + .seconds(15) == SimTime(milliseconds: 15_000))
}
