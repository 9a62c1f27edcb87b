import Testing

@testable import ScaleLab

@Test(arguments: [
    ("sum(rate(x[2m])) by (pod", "1:25: parse error: unclosed left parenthesis"),
    ("rate(foo)", "1:6: parse error: expected type range vector in call to function \"rate\", "
        + "got instant vector"),
    ("foo +", "1:6: parse error: unexpected end of input"),
    ("sum(foo) by pod", "1:13: parse error: unexpected identifier \"pod\" in grouping opts, "
        + "expected \"(\""),
    ("1 > 2", "1:3: parse error: comparisons between scalars must use BOOL modifier"),
    ("foo + bool bar", "1:5: parse error: bool modifier can only be used on comparison operators"),
    ("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
    ("{job=~\".*\"}", "1:1: parse error: vector selector must contain at least one non-empty "
        + "matcher"),
    ("nosuchfn(foo)", "1:1: parse error: unknown function with name \"nosuchfn\""),
    ("foo{bar=\"baz\"", "1:14: parse error: unexpected end of input inside braces"),
    ("foo[5m] offset 1m offset 2m", "1:19: parse error: offset may not be set multiple times"),
    ("(foo + bar)[5m]", "1:1: parse error: ranges only allowed for vector selectors"),
    ("rate(foo[5m]", "1:13: parse error: unclosed left parenthesis"),
    ("foo{a=\"b\"} ) ", "1:12: parse error: unexpected right parenthesis ')'"),
    ("", "unknown position: parse error: no expression found in input"),
    ("foo\n  + $", "2:5: parse error: unexpected character: '$'"),
    ("foo{a=~\"(\"}", "1:5: parse error: error parsing regexp: missing closing ): `(`"),
    // parse.go setTimestamp (its parse_test.go cases), and a fuzz finding: seconds whose
    // milliseconds overflow int64 trapped the conversion.
    ("foo @ +Inf", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"),
    ("foo @ -Inf", "1:1: parse error: timestamp out of bounds for @ modifier: -Inf"),
    ("foo @ NaN", "1:1: parse error: timestamp out of bounds for @ modifier: NaN"),
    ("foo @ 1e19", "1:1: parse error: timestamp out of bounds for @ modifier: "
        + "10000000000000000000.000000"),
])
func parseErrorsPointAtThePosition(query: String, message: String) {
    #expect(throws: PromQLError.self) { try PromQLEngine.parse(query) }
    do {
        _ = try PromQLEngine.parse(query)
    } catch {
        #expect(error.description == message)
    }
}

@Test(arguments: [
    ("-2^2", -4.0) as (String, Double), ("2^3^2", 512), ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("10 % 3", 1),
    ("1 == bool 1", 1), ("2 < bool 1", 0), ("5m", 300), ("1h30m", 5400), ("0x1f", 31),
    ("1e3", 1000), (".5", 0.5), ("-inf", -Double.infinity), ("- - 3", 3), ("2 atan2 0", 1.5707963267948966),
])
func scalarExpressions(query: String, want: Double) throws {
    let got = try PromQLEngine.instantQuery(query, at: 0, store: TimeSeriesStore()).scalar
    #expect(got == want)
}

@Test func stringLiteralsUnquoteLikeGo() throws {
    let cases: [(String, String)] = [
        (#""a\"b""#, "a\"b"), (#"'it\'s'"#, "it's"), ("`raw\\n`", "raw\\n"),
        (#""\x41\u00e9\101""#, "AéA"), (#""tab\there""#, "tab\there"),
    ]
    for (query, want) in cases {
        #expect(try PromQLEngine.instantQuery(query, at: 0, store: TimeSeriesStore())
            == .string(want))
    }
}

@Test func keywordsAreCaseInsensitiveAndLabelNamesMayBeKeywords() throws {
    var store = TimeSeriesStore()
    try store.append(Labels(metric: "up", ["on": "a", "by": "x"]), time: 0, value: 1)
    try store.append(Labels(metric: "up", ["on": "b", "by": "x"]), time: 0, value: 2)
    let v = try PromQLEngine.instantQuery("SUM BY (on) (up{by=\"x\"})", at: 1000, store: store)
    #expect(v.vector?.map(\.value).sorted() == [1, 2])
}

@Test func maxLookbackCoversRangesOffsetsAndTheLookbackDelta() throws {
    #expect(try PromQLEngine.parse("sum(rate(x[2m])) by (pod)").maxLookback() == 120_000)
    #expect(try PromQLEngine.parse("rate(x[2m] offset 1m) + y").maxLookback() == 300_000)
    #expect(try PromQLEngine.parse("x offset 10m").maxLookback() == 900_000)
}

@Test func clampFollowsGoMinMaxAndRangeQueriesAssembleSeries() throws {
    var store = TimeSeriesStore()
    for (i, v) in [1.0, .nan, 7].enumerated() {
        try store.append(Labels(metric: "g", ["i": "\(i)"]), time: 0, value: v)
    }
    let clamped = try PromQLEngine.instantQuery("clamp(g, 2, 5)", at: 0, store: store).vector
    let byIndex = Dictionary(uniqueKeysWithValues: (clamped ?? []).map { ($0.labels["i"], $0.value) })
    #expect(byIndex["0"] == 2 && byIndex["2"] == 5 && byIndex["1"]?.isNaN == true)
    let series = try PromQLEngine().rangeQuery(
        PreparedQuery("g{i=\"0\"} * 2"), start: 0, end: 600_000, step: 60_000, store: store)
    #expect(series.count == 1)
    // The sample at 0 is visible for 5 minutes (left-open lookback): steps 0..4m.
    #expect(series.first?.samples.map(\.time) == [0, 60_000, 120_000, 180_000, 240_000])
}

/// An `@` timestamp within int64 seconds whose milliseconds overflow (a fuzz finding that
/// trapped the conversion) parses as Go's does and selects nothing.
@Test func atTimestampsBeyondMillisecondRangeDoNotTrap() throws {
    var store = TimeSeriesStore()
    try store.append(Labels(metric: "x"), time: 0, value: 1)
    let got = try PromQLEngine.instantQuery("x @ 9e17", at: 0, store: store)
    #expect(got.vector?.isEmpty == true)
}

/// Times wrap as Go's int64 arithmetic does instead of trapping (a fuzz finding: an `@`
/// timestamp of int64 milliseconds minus a range overflowed), and a subquery of more steps
/// than Prometheus' --query.max-samples stops with its ErrTooManySamples text.
@Test func absurdTimesSelectNothingAndHugeSubqueriesStop() throws {
    var store = TimeSeriesStore()
    try store.append(Labels(metric: "x"), time: 0, value: 1)
    let wrapped = try PromQLEngine.instantQuery(
        "predict_linear(x[55m] @ 5108082777355335853, 1h)", at: 0, store: store)
    #expect(wrapped.vector?.isEmpty == true)
    let offset = try PromQLEngine.instantQuery("x offset -106751991167d", at: 0, store: store)
    #expect(offset.vector?.isEmpty == true)
    #expect(throws: PromQLError.self) {
        try PromQLEngine.instantQuery("max_over_time(x[1000y:1ms])", at: 0, store: store)
    }
    do {
        _ = try PromQLEngine.instantQuery("max_over_time(x[1000y:1ms])", at: 0, store: store)
    } catch {
        #expect(error.description.contains(
            "query processing would load too many samples into memory in query execution"))
    }
}
