import Testing

@testable import scalelab

/// `--max-memory` takes Kubernetes quantities, `--timeout` Go durations.
@Suite struct LimitParsingTests {
    @Test(arguments: [
        ("64Mi", 67_108_864), ("1Gi", 1_073_741_824), ("1.5Ki", 1536), ("500M", 500_000_000),
        ("1k", 1000), ("1e6", 1_000_000), ("1048576", 1_048_576), ("0.5", 1),
    ])
    func memorySizes(text: String, bytes: Int) throws {
        #expect(try LimitParsing.memorySize(text) == bytes)
    }

    @Test(arguments: ["", "Mi", "64MB", "1..2Mi", "-1Mi", "0", "x"])
    func badMemorySizes(text: String) {
        #expect(throws: LimitParsing.Failure.self) { try LimitParsing.memorySize(text) }
    }

    @Test(arguments: [
        ("30s", 30_000), ("1m30s", 90_000), ("500ms", 500), ("1.5h", 5_400_000),
        ("1500ms", 1500),
    ])
    func durations(text: String, milliseconds: Int) throws {
        #expect(try LimitParsing.timeoutMilliseconds(text) == milliseconds)
    }

    @Test(arguments: [
        ("30", "time: missing unit in duration \"30\""),
        ("1d", "time: unknown unit \"d\" in duration \"1d\""),
        ("", "time: invalid duration \"\""),
        ("s", "time: invalid duration \"s\""),
        ("0s", "must be positive"),
        ("1ns", "duration \"1ns\" has a part finer than a millisecond; the simulation clock"
            + " counts whole milliseconds"),
    ])
    func badDurations(text: String, message: String) {
        #expect(throws: LimitParsing.Failure(description: message)) {
            try LimitParsing.timeoutMilliseconds(text)
        }
    }
}
