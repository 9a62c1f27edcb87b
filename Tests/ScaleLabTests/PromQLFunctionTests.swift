import Testing

@testable import ScaleLab

/// A store with one sample per series at time 0.
private func store(_ series: [(Labels, Double)]) throws -> TimeSeriesStore {
    var store = TimeSeriesStore()
    for (labels, value) in series { try store.append(labels, time: 0, value: value) }
    return store
}

private func vector(_ query: String, _ store: TimeSeriesStore) throws -> [Labels: Double] {
    let result = try PromQLEngine.instantQuery(query, at: 60_000, store: store)
    return Dictionary(uniqueKeysWithValues: (result.vector ?? []).map { ($0.labels, $0.value) })
}

/// histogram_quantile over classic buckets: rank φ·count interpolated inside its bucket; the
/// +Inf bucket yields the highest finite bound (quantile.go BucketQuantile).
@Test(arguments: zip([0.25, 0.5, 0.9, -1.0], [0.1, 0.5, 0.5, -Double.infinity]))
func histogramQuantileInterpolatesClassicBuckets(q: Double, want: Double) throws {
    let s = try store([
        (Labels(metric: "lat_bucket", ["le": "0.1", "job": "a"]), 10),
        (Labels(metric: "lat_bucket", ["le": "0.5", "job": "a"]), 20),
        (Labels(metric: "lat_bucket", ["le": "+Inf", "job": "a"]), 40),
    ])
    let got = try vector("histogram_quantile(\(q), lat_bucket)", s)
    #expect(got == [Labels(["job": "a"]): want])
}

/// A histogram without a +Inf bucket has no quantile (NaN).
@Test func histogramQuantileNeedsTheInfBucket() throws {
    let s = try store([(Labels(metric: "lat_bucket", ["le": "1"]), 3)])
    let got = try vector("histogram_quantile(0.5, lat_bucket)", s)
    #expect(got.count == 1 && got[Labels()]?.isNaN == true)
}

/// count_values labels each group with the value in Go's shortest 'f' format.
@Test func countValuesGroupsByFormattedValue() throws {
    let s = try store([
        (Labels(metric: "v", ["i": "1"]), 1.5), (Labels(metric: "v", ["i": "2"]), 1.5),
        (Labels(metric: "v", ["i": "3"]), 2),
    ])
    let got = try vector("count_values(\"value\", v)", s)
    #expect(got == [Labels(["value": "1.5"]): 2, Labels(["value": "2"]): 1])
}

@Test(arguments: [
    (1e20, "100000000000000000000") as (Double, String), (0.00001, "0.00001"), (-2.5, "-2.5"), (6, "6"),
    (1.5e-7, "0.00000015"), (Double.infinity, "+Inf"), (123.456, "123.456"),
])
func goFormatFloatMatchesStrconv(value: Double, want: String) {
    #expect(goFormatFloat(value) == want)
}

@Test(arguments: [
    ("nosuch(foo) + rate(x[5m])", "1:1: parse error: unknown function with name \"nosuch\""),
    ("rate(x[5m]) + nosuch(foo)", "1:15: parse error: unknown function with name \"nosuch\""),
    ("sum(rate(x[5m])[10m:1m])", "1:5: parse error: expected type instant vector in aggregation "
        + "expression, got range vector"),
    ("topk(foo, bar)", "1:6: parse error: expected type scalar in aggregation parameter, got "
        + "instant vector"),
    ("label_join(foo)", "1:1: parse error: expected at least 3 argument(s) in call to "
        + "\"label_join\", got 1"),
    ("round(foo, 1, 2)", "1:1: parse error: expected at most 2 argument(s) in call to "
        + "\"round\", got 3"),
    ("1[5m:1m]", "1:1: parse error: subquery is only allowed on instant vector, got scalar "
        + "instead"),
])
func newFunctionParseErrorsPointAtThePosition(query: String, message: String) {
    do {
        _ = try PromQLEngine.parse(query)
        Issue.record("expected a parse error for \(query)")
    } catch {
        #expect(error.description == message)
    }
}
