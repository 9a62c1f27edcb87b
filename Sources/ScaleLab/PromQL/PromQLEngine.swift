/// The PromQL query API: parse once, evaluate at any instant against a `TimeSeriesStore`.
///
/// Prometheus 3 semantics (engine.go with EnableDelayedNameRemoval): the lookback delta is 5m,
/// windows are left-open, staleness markers end a series, the metric name is dropped by
/// functions and arithmetic at the end of evaluation.
public struct PromQLEngine: Sendable {
    /// Prometheus' default lookback delta (engine.go defaultLookbackDelta): 5 minutes.
    public static let defaultLookbackDelta: Int64 = 5 * 60_000

    /// How far back an instant selector looks for a sample, in milliseconds.
    public var lookbackDelta: Int64
    /// Stops every evaluation through this engine that is not given its own cancellation:
    /// a simulation sets it on its Prometheus while it runs, so a costly adapter query inside
    /// a run stops on Ctrl-C or `--timeout` as the run does (nil: never stops).
    public var cancellation: QueryCancellation?

    /// Creates an engine.
    public init(lookbackDelta: Int64 = PromQLEngine.defaultLookbackDelta) {
        self.lookbackDelta = lookbackDelta
    }

    /// Parses a query; errors point at the position (`1:14: parse error: ...`).
    public static func parse(_ query: String) throws(PromQLError) -> PromQLExpr {
        try Parser.parse(query)
    }

    /// Evaluates a parsed expression at `time` (ms since the epoch), stopping when
    /// `cancellation` asks to.
    public func evaluate(
        _ expr: PromQLExpr, at time: Int64, store: TimeSeriesStore,
        cancellation: QueryCancellation? = nil
    ) throws(PromQLError) -> PromQLValue {
        var evaluator = Evaluator(
            store: store, time: time, lookbackDelta: lookbackDelta,
            cancellation: cancellation ?? self.cancellation)
        return try evaluator.evaluate(expr)
    }

    /// Parses and evaluates a query at `time` (ms since the epoch).
    public func instantQuery(
        _ query: String, at time: Int64, store: TimeSeriesStore,
        cancellation: QueryCancellation? = nil
    ) throws(PromQLError) -> PromQLValue {
        try evaluate(Parser.parse(query), at: time, store: store, cancellation: cancellation)
    }

    /// Evaluates a query at every step from `start` through `end` (ms), like Prometheus'
    /// query_range: independent instant evaluations, assembled into one series per label set
    /// (a series is absent at the steps where it has no value).
    public func rangeQuery(
        _ query: PreparedQuery, start: Int64, end: Int64, step: Int64, store: TimeSeriesStore,
        cancellation: QueryCancellation? = nil
    ) throws(PromQLError) -> [PromQLSeries] {
        guard step > 0 else {
            throw .execution(
                "zero or negative query resolution step widths are not accepted. Try a positive "
                    + "integer")
        }
        let cancellation = cancellation ?? self.cancellation
        var series: [PromQLSeries] = []
        var index: [Labels: Int] = [:]
        var t = start
        while t <= end {
            try cancellation?.step()
            let points: [PromQLSample]
            switch try query.evaluate(
                at: t, store: store, engine: self, cancellation: cancellation)
            {
            case .vector(let v): points = v
            case .scalar(let v): points = [PromQLSample(labels: Labels(), value: v)]
            default: throw .execution("range queries need an instant vector or scalar expression")
            }
            for sample in points {
                let point = PromQLPoint(time: t, value: sample.value)
                if let i = index[sample.labels] {
                    series[i].samples.append(point)
                } else {
                    index[sample.labels] = series.count
                    series.append(PromQLSeries(labels: sample.labels, samples: [point]))
                }
            }
            t += step
        }
        return series.sorted { $0.labels < $1.labels }
    }

    /// Parses and evaluates a query with the default lookback delta.
    public static func instantQuery(_ query: String, at time: Int64, store: TimeSeriesStore)
        throws(PromQLError) -> PromQLValue
    {
        try PromQLEngine().instantQuery(query, at: time, store: store)
    }
}
