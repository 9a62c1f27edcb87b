/// The shape of a recording rule — an aggregation of a range function over one selector,
/// `sum by (pod) (rate(x[2m]))` — evaluated in one pass: each series' window is read in
/// place and folded straight into its (cached) group, with no intermediate vector, no label
/// copies and no per-series allocation. Results are identical to the general path (same
/// functions, same group order, same Kahan folding).
extension Evaluator {
    /// The fused form of `expr`, if it has that shape and the query has a cache.
    func fusedRangeAggregation(_ expr: PromQLExpr) -> (
        op: AggregateOp, function: PromQLFunction, selector: VectorSelector, range: Int64,
        grouping: [String], without: Bool, id: Int
    )? {
        guard cache != nil,
            case .aggregate(let op, let inner, nil, let grouping, let without, let id) = expr,
            case .call(let function, let args) = inner, args.count == 1,
            case .matrixSelector(let selector, let range) = args[0],
            function.matrixArgumentIndex == 0, function != .absentOverTime
        else { return nil }
        switch op {
        case .sum, .avg, .min, .max, .count, .group, .stddev, .stdvar:
            return (op, function, selector, range, grouping, without, id)
        default:
            return nil
        }
    }

    mutating func evalFusedRangeAggregation(
        _ op: AggregateOp, _ function: PromQLFunction, _ selector: VectorSelector,
        range: Int64, grouping: [String], without: Bool, id: Int
    ) -> [EvalSample] {
        guard let cache else { return [] }
        var cached = cache.takeGrouping(id, epoch: store.epoch, capacity: store.idCapacity)
        defer { cache.groupings[id] = cached }
        let rangeEnd = referenceTime(selector)
        let rangeStart = rangeEnd - range
        let evalTime = time
        let compute = { (t: UnsafeBufferPointer<Int64>, v: UnsafeBufferPointer<Double>) in
            function.evalRange(
                times: t, values: v, rangeStart: rangeStart, rangeEnd: rangeEnd, range: range,
                evalTime: evalTime)
        }
        let dropName = !function.keepsName
        var groups: [Group] = []
        var slot: [Int32] = []
        let store = self.store
        for id in select(selector) {
            guard
                let value = store.withWindow(id, after: rangeStart, through: rangeEnd, compute)
                    ?? windowWithoutMarkers(id, rangeStart, rangeEnd, compute)
            else { continue }
            let g = cached.group(ofSeries: Int(id.raw), grouping, without) { store.labels(of: id) }
            Self.feed(op, &groups, &slot, g, value, dropName)
        }
        return Self.finish(op, groups, labelsOf: { cached.groupLabels[$0] })
    }
}
