/// Per-query caches that make a rule evaluated every scrape interval cheap: each selector's
/// series ids and each aggregation's group of every series, both valid while the store's set
/// of series is unchanged (`TimeSeriesStore.epoch`).
final class QueryCache {
    struct Selection {
        let epoch: SeriesSetEpoch
        let ids: [SeriesID]
    }

    /// The group of each series (by store id, or by position in the selection for a fused
    /// aggregation; -1: not yet computed), the groups' labels and index.
    struct Grouping {
        var epoch: SeriesSetEpoch
        var groupOfSeries: [Int32] = []
        var groupLabels: [Labels] = []
        var groupIndex: [Labels: Int32] = [:]
        /// Whether some group has more than one series (false: each series is a group of its
        /// own, as `by (pod)` over one series per pod).
        var shared = false
        /// A fused aggregation's selection positions of the series in pass columns, in
        /// (pass, position) order, so the fold reads each pass's columns sequentially; built
        /// for the columns' layout `columnLayout` (a stale order costs speed, not results).
        var columnOrder: [Int32] = []
        var columnLayout: ColumnLayout?

        init(epoch: SeriesSetEpoch) { self.epoch = epoch }

        /// The group number of store series `series`, computed from its labels (by/without)
        /// the first time and remembered.
        @inline(__always)
        mutating func group(
            ofSeries series: Int, _ grouping: [String], _ without: Bool,
            labels: () -> Labels
        ) -> Int {
            let g = groupOfSeries[series]
            if g >= 0 { return Int(g) }
            let key = Evaluator.groupKey(labels(), grouping, without)
            let index: Int32
            if let known = groupIndex[key] {
                index = known
                shared = true
            } else {
                index = Int32(groupLabels.count)
                groupLabels.append(key)
                groupIndex[key] = index
            }
            groupOfSeries[series] = index
            return Int(index)
        }
    }

    /// By the selector's node id (the parser numbers a query's nodes from 1, so an array
    /// indexed by id is small and needs no hashing, which cost more than the rest of a
    /// small query's lookup).
    var selections = NodeTable<Selection>()
    /// By the aggregation's node id; each series' group by store series id.
    var groupings = NodeTable<Grouping>()
    /// The fused aggregations' groupings, by node id; each series' group by its position in
    /// the selector's selection (fixed while the series set is), not by store id: an adapter
    /// query per HPA over 100 pods keeps 100 entries, where one per store series made 1,000
    /// HPAs over 300,000 series hold gigabytes.
    var fusedGroupings = NodeTable<Grouping>()
    /// The prepared query's expression as a fused top-level aggregation, found at its first
    /// evaluation (`.some(nil)`: it has another shape): later evaluations neither match the
    /// expression again nor copy the selector out of it.
    var topLevelPlan: FusedPlan??
    /// Scratch buffers reused by every evaluation of a fused aggregation: the groups being
    /// folded and the position of each group number among them (-1: none yet).
    var groups: [Evaluator.Group] = []
    var slots: [Int32] = []
    /// Scratch for the pass-by-pass part of a fused fold, by selection position: each
    /// series' value and whether it was computed (0: not yet, 1: a value, 2: none).
    var columnValues: [Double] = []
    var columnState: [UInt8] = []
    /// The last top-level result of a fused aggregation, its group numbers and the series
    /// set they were numbered in: rewritten in place while the groups are the same.
    var output: [PromQLSample] = []
    var outputGroups: [Int32] = []
    var outputEpoch: SeriesSetEpoch?

    /// Takes the grouping of aggregation `id` out of the cache (so it is mutated in place),
    /// fresh when the series set changed; `fused` takes it from `fusedGroupings`.
    func takeGrouping(_ id: Int, epoch: SeriesSetEpoch, capacity: Int, fused: Bool = false)
        -> Grouping
    {
        var grouping = (fused ? fusedGroupings.take(id) : groupings.take(id))
            ?? Grouping(epoch: epoch)
        if grouping.epoch !== epoch { grouping = Grouping(epoch: epoch) }
        if grouping.groupOfSeries.count < capacity {
            grouping.groupOfSeries.append(
                contentsOf: repeatElement(-1, count: capacity - grouping.groupOfSeries.count))
        }
        return grouping
    }
}

/// A `by (...)` aggregation of a range function over one selector, as the fused path
/// evaluates it (see FusedAggregation.swift).
final class FusedPlan {
    let op: AggregateOp
    let function: PromQLFunction
    let selector: VectorSelector
    let range: Int64
    let grouping: [String]
    /// The aggregation's node id.
    let id: Int

    init(op: AggregateOp, function: PromQLFunction, selector: VectorSelector, range: Int64,
         grouping: [String], id: Int) {
        self.op = op
        self.function = function
        self.selector = selector
        self.range = range
        self.grouping = grouping
        self.id = id
    }
}

/// Values by a query's node id (small, dense integers).
struct NodeTable<Value> {
    private var slots: [Value?] = []

    /// The value of node `id`; setting nil removes it.
    subscript(id: Int) -> Value? {
        get { id >= 0 && id < slots.count ? slots[id] : nil }
        set {
            guard id >= 0 else { return }
            if id >= slots.count {
                guard newValue != nil else { return }
                slots.append(contentsOf: repeatElement(nil, count: id + 1 - slots.count))
            }
            slots[id] = newValue
        }
    }

    /// Removes and returns the value of node `id` (moved out, so it can be mutated in
    /// place and put back).
    mutating func take(_ id: Int) -> Value? {
        guard id >= 0 && id < slots.count else { return nil }
        return slots[id].take()
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

    /// Evaluates the query at `time` (ms since the epoch) against `store`, stopping when
    /// `cancellation` asks to. The store is taken owned: the evaluator keeps it, and a caller
    /// that copied it out (of a Prometheus server) hands that copy over instead of copying
    /// it again.
    public func evaluate(
        at time: Int64, store: consuming TimeSeriesStore, engine: PromQLEngine = PromQLEngine(),
        cancellation: QueryCancellation? = nil
    ) throws(PromQLError) -> PromQLValue {
        var evaluator = Evaluator(
            store: store, time: time, lookbackDelta: engine.lookbackDelta, cache: cache,
            cancellation: cancellation ?? engine.cancellation)
        if let vector = evaluator.evaluateFusedTopLevel(expr) { return .vector(vector) }
        return try evaluator.evaluate(expr)
    }
}
