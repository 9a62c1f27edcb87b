/// Per-query caches that make a rule evaluated every scrape interval cheap: each selector's
/// series ids and each aggregation's group of every series, both valid while the store's set
/// of series is unchanged (`TimeSeriesStore.epoch`).
final class QueryCache {
    struct Selection {
        let epoch: SeriesSetEpoch
        let ids: [SeriesID]
    }

    /// The group of each series id (-1: not yet computed), the groups' labels and index.
    struct Grouping {
        var epoch: SeriesSetEpoch
        var groupOfSeries: [Int32] = []
        var groupLabels: [Labels] = []
        var groupIndex: [Labels: Int32] = [:]

        init(epoch: SeriesSetEpoch) { self.epoch = epoch }
    }

    var selections: [Int: Selection] = [:]
    var groupings: [Int: Grouping] = [:]

    /// Takes the grouping of aggregation `id` out of the cache (so it is mutated in place),
    /// fresh when the series set changed.
    func takeGrouping(_ id: Int, epoch: SeriesSetEpoch, capacity: Int) -> Grouping {
        var grouping = groupings.removeValue(forKey: id) ?? Grouping(epoch: epoch)
        if grouping.epoch !== epoch { grouping = Grouping(epoch: epoch) }
        if grouping.groupOfSeries.count < capacity {
            grouping.groupOfSeries.append(
                contentsOf: repeatElement(-1, count: capacity - grouping.groupOfSeries.count))
        }
        return grouping
    }
}

/// A parsed query with caches, for evaluating the same expression again and again (recording
/// rules, the adapter's metricsQuery, the HPA's queries).
public final class PreparedQuery {
    /// The query text.
    public let query: String
    /// The parsed expression.
    public let expr: PromQLExpr
    let cache = QueryCache()

    /// Parses `query`; errors point at the position (`1:14: parse error: ...`).
    public init(_ query: String) throws(PromQLError) {
        self.query = query
        self.expr = try Parser.parse(query)
    }

    /// Evaluates the query at `time` (ms since the epoch) against `store`.
    public func evaluate(
        at time: Int64, store: TimeSeriesStore, engine: PromQLEngine = PromQLEngine()
    ) throws(PromQLError) -> PromQLValue {
        var evaluator = Evaluator(
            store: store, time: time, lookbackDelta: engine.lookbackDelta, cache: cache)
        return try evaluator.evaluate(expr)
    }
}
