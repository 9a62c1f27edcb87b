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

    /// Creates an engine.
    public init(lookbackDelta: Int64 = PromQLEngine.defaultLookbackDelta) {
        self.lookbackDelta = lookbackDelta
    }

    /// Parses a query; errors point at the position (`1:14: parse error: ...`).
    public static func parse(_ query: String) throws(PromQLError) -> PromQLExpr {
        try Parser.parse(query)
    }

    /// Evaluates a parsed expression at `time` (ms since the epoch).
    public func evaluate(_ expr: PromQLExpr, at time: Int64, store: TimeSeriesStore)
        throws(PromQLError) -> PromQLValue
    {
        var evaluator = Evaluator(store: store, time: time, lookbackDelta: lookbackDelta)
        return try evaluator.evaluate(expr)
    }

    /// Parses and evaluates a query at `time` (ms since the epoch).
    public func instantQuery(_ query: String, at time: Int64, store: TimeSeriesStore)
        throws(PromQLError) -> PromQLValue
    {
        try evaluate(Parser.parse(query), at: time, store: store)
    }

    /// Parses and evaluates a query with the default lookback delta.
    public static func instantQuery(_ query: String, at time: Int64, store: TimeSeriesStore)
        throws(PromQLError) -> PromQLValue
    {
        try PromQLEngine().instantQuery(query, at: time, store: store)
    }
}
