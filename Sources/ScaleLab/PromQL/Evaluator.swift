/// Evaluates an expression tree at one instant against a store (Prometheus evaluates a range
/// query as independent instant evaluations per step, so this is the whole engine).
///
/// Selection follows engine.go: an instant selector at t returns the newest sample in
/// `(t - offset - lookback, t - offset]` unless it is a staleness marker; a range selector
/// returns the non-stale samples in `(t - offset - range, t - offset]`.
struct Evaluator {
    let store: TimeSeriesStore
    /// The instant being evaluated (a subquery step inside a subquery).
    var time: Int64
    /// The query's own evaluation time: what `@ start()` / `@ end()` resolve to.
    let queryTime: Int64
    let lookbackDelta: Int64
    let cache: QueryCache?
    /// Polled at every subquery step (nil: the query runs to its end).
    let cancellation: QueryCancellation?
    var scratchTimes: [Int64] = []
    var scratchValues: [Double] = []

    init(store: TimeSeriesStore, time: Int64, lookbackDelta: Int64, cache: QueryCache? = nil,
         cancellation: QueryCancellation? = nil) {
        self.store = store
        self.time = time
        self.queryTime = time
        self.lookbackDelta = lookbackDelta
        self.cache = cache
        self.cancellation = cancellation
    }

    /// Evaluates and applies the delayed name removal of the top-level result.
    mutating func evaluate(_ expr: PromQLExpr) throws(PromQLError) -> PromQLValue {
        switch try eval(expr) {
        case .scalar(let v): return .scalar(v)
        case .string(let s): return .string(s)
        case .matrix(let m): return .matrix(m)
        case .vector(let samples):
            if samples.isEmpty { return .vector([]) }
            // engine.go cleanupMetricLabels: drop the marked names, then a label set may not
            // occur twice. Every operation yields distinct label sets, so only dropping a
            // name can create a duplicate: check only then.
            var out: [PromQLSample] = []
            out.reserveCapacity(samples.count)
            var changed = false
            for s in samples {
                var labels = s.labels
                if s.dropName, labels.pairs.contains(where: {
                    $0.name.hasPrefix("__") && Labels.metadataNames.contains($0.name)
                }) {
                    labels = labels.droppingMetadata()
                    changed = true
                }
                out.append(PromQLSample(labels: labels, value: s.value))
            }
            if changed {
                var seen = Set<Labels>()
                for s in out where !seen.insert(s.labels).inserted {
                    throw .execution("vector cannot contain metrics with the same labelset")
                }
            }
            return .vector(out)
        }
    }

    mutating func eval(_ expr: PromQLExpr) throws(PromQLError) -> EvalValue {
        switch expr {
        case .number(let v): return .scalar(v)
        case .string(let s): return .string(s)
        case .paren(let inner): return try eval(inner)
        case .vectorSelector(let selector): return .vector(selectInstant(selector))
        case .matrixSelector(let selector, let range):
            return .matrix(selectRange(selector, range: range))
        case .subquery(let subquery):
            // A top-level subquery is a range vector; names marked for removal go now.
            return .matrix(try evalSubquery(subquery).map { s in
                PromQLSeries(
                    labels: s.dropName ? s.labels.droppingMetadata() : s.labels,
                    samples: zip(s.times, s.values).map { PromQLPoint(time: $0, value: $1) })
            })
        case .unary(let negate, let inner):
            switch try eval(inner) {
            case .scalar(let v): return .scalar(negate ? -v : v)
            case .vector(var samples):
                if negate {
                    for i in samples.indices {
                        samples[i].value = -samples[i].value
                        samples[i].dropName = true
                    }
                }
                return .vector(samples)
            default: throw .execution("unary expression only allowed on scalar or vector")
            }
        case .binary(let op, let lhs, let rhs, let returnBool, let matching):
            return try evalBinary(op, lhs, rhs, returnBool: returnBool, matching: matching)
        case .call(let function, let args):
            return try evalCall(function, args)
        case .aggregate(let op, let inner, let param, let grouping, let without, let id):
            if let f = fusedRangeAggregation(expr) {
                return .vector(
                    evalFusedRangeAggregation(
                        f.op, f.function, f.selector, range: f.range, grouping: f.grouping,
                        without: f.without, id: f.id))
            }
            if let param {
                return .vector(
                    try aggregateWithParameter(op, inner, param, grouping: grouping,
                                               without: without))
            }
            let input = try evalVector(inner)
            return .vector(aggregate(op, input, grouping: grouping, without: without, id: id))
        }
    }

    mutating func evalVector(_ expr: PromQLExpr) throws(PromQLError) -> [EvalSample] {
        guard case .vector(let v) = try eval(expr) else {
            throw .execution("expected an instant vector")
        }
        return v
    }

    mutating func evalScalar(_ expr: PromQLExpr) throws(PromQLError) -> Double {
        guard case .scalar(let v) = try eval(expr) else {
            throw .execution("expected a scalar")
        }
        return v
    }

    mutating func evalString(_ expr: PromQLExpr) throws(PromQLError) -> String {
        guard case .string(let v) = try eval(expr) else {
            throw .execution("expected a string")
        }
        return v
    }

    /// The reference time of a selector: the `@` time or the evaluation time, minus the offset.
    /// Times wrap as Go's int64 arithmetic does (engine.go subtracts offsets and ranges
    /// unchecked): an absurd `@` or `offset` selects nothing instead of trapping.
    func referenceTime(_ s: VectorSelector) -> Int64 {
        (s.atEvalTime ? queryTime : (s.at ?? time)) &- s.offset
    }

    /// The series a selector matches, from the query cache while the series set is unchanged.
    func select(_ selector: VectorSelector) -> [SeriesID] {
        if let cache, let hit = cache.selections[selector.id], hit.epoch === store.epoch {
            return hit.ids
        }
        let ids = store.select(selector.matchers)
        cache?.selections[selector.id] = QueryCache.Selection(epoch: store.epoch, ids: ids)
        return ids
    }

    /// The instant vector of a selector: each series' newest sample in the lookback window;
    /// `timestamps` gives the sample's time in seconds as the value (timestamp()).
    func selectInstant(_ selector: VectorSelector, timestamps: Bool = false) -> [EvalSample] {
        let ref = referenceTime(selector)
        var out: [EvalSample] = []
        for id in select(selector) {
            if let sample = store.instantSample(id, at: ref, lookback: lookbackDelta) {
                out.append(
                    EvalSample(
                        labels: store.labels(of: id),
                        value: timestamps ? Double(sample.time) / 1000 : sample.value,
                        dropName: timestamps, series: id.raw))
            }
        }
        return out
    }

    private func selectRange(_ selector: VectorSelector, range: Int64) -> [PromQLSeries] {
        let maxt = referenceTime(selector)
        var out: [PromQLSeries] = []
        for id in select(selector) {
            var points: [PromQLPoint] = []
            store.forEachSample(id, after: maxt &- range, through: maxt) { t, v in
                points.append(PromQLPoint(time: t, value: v))
            }
            if !points.isEmpty {
                out.append(PromQLSeries(labels: store.labels(of: id), samples: points))
            }
        }
        return out
    }
}
