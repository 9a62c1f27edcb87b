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
        var labels: [Labels] = []
        let groups = foldFused(op, function, selector, range: range, grouping: grouping,
                               without: without, id: id, cache: cache, groupLabels: &labels)
        return Self.finish(op, groups, labelsOf: { labels[$0] })
    }

    /// The top-level result of a fused `by (...)` aggregation whose output labels carry no
    /// metadata label (so the delayed name removal has nothing to drop), or nil when the
    /// query has another shape. While the groups come out in the same order as at the last
    /// evaluation, the previous result array is rewritten in place (no label copies), which
    /// makes a rule evaluated every interval allocation-free once its caller lets go of the
    /// previous result.
    ///
    /// `expr` must be the expression the cache belongs to (a prepared query's): its shape is
    /// read once and kept in the cache.
    mutating func evaluateFusedTopLevel(_ expr: PromQLExpr) -> [PromQLSample]? {
        guard let cache else { return nil }
        let f: FusedPlan
        if let known = cache.topLevelPlan {
            guard let known else { return nil }
            f = known
        } else {
            guard let shape = fusedRangeAggregation(expr), !shape.without,
                !shape.grouping.contains(where: { $0.utf8.starts(with: "__".utf8) })
            else {
                cache.topLevelPlan = .some(nil)
                return nil
            }
            f = FusedPlan(op: shape.op, function: shape.function, selector: shape.selector,
                          range: shape.range, grouping: shape.grouping, id: shape.id)
            cache.topLevelPlan = f
        }
        var labels: [Labels] = []
        var groups = foldFused(
            f.op, f.function, f.selector, range: f.range, grouping: f.grouping,
            without: false, id: f.id, cache: cache, groupLabels: &labels)
        defer { cache.groups = groups }
        var output = cache.output
        cache.output = []
        let reuse = cache.outputEpoch === store.epoch && output.count == groups.count
            && groups.indices.allSatisfy { groups[$0].group == cache.outputGroups[$0] }
        if reuse {
            for i in groups.indices { output[i].value = Self.finalValue(f.op, groups[i]) }
        } else {
            output.removeAll(keepingCapacity: true)
            cache.outputGroups.removeAll(keepingCapacity: true)
            for group in groups {
                output.append(PromQLSample(labels: labels[group.group],
                                           value: Self.finalValue(f.op, group)))
                cache.outputGroups.append(Int32(group.group))
            }
            cache.outputEpoch = store.epoch
        }
        groups.removeAll(keepingCapacity: true)
        cache.output = output
        return output
    }

    /// Folds every selected series' window value into its group; the groups in order of
    /// first appearance, `groupLabels` indexed by group number.
    private mutating func foldFused(
        _ op: AggregateOp, _ function: PromQLFunction, _ selector: VectorSelector,
        range: Int64, grouping: [String], without: Bool, id: Int, cache: QueryCache,
        groupLabels: inout [Labels]
    ) -> [Group] {
        let ids = select(selector)
        var cached = cache.takeGrouping(id, epoch: store.epoch, capacity: ids.count, fused: true)
        let rangeEnd = referenceTime(selector)
        let rangeStart = rangeEnd &- range  // wraps as Go's int64 (see referenceTime)
        let evalTime = time
        let dropName = !function.keepsName
        var groups = cache.groups
        cache.groups = []
        groups.removeAll(keepingCapacity: true)
        var slot = cache.slots
        cache.slots = []
        // Only the parts read here are copied out (the loop calls mutating methods, so it
        // cannot borrow the store from self): a copy of the whole store retains all of it.
        let slab = store.samples
        let labelsByID = store.labelsByID
        // The series in pass columns first, pass by pass (see FusedColumns.swift).
        var columnValues = cache.columnValues
        var columnState = cache.columnState
        cache.columnValues = []
        cache.columnState = []
        if columnValues.count < ids.count {
            columnValues = [Double](repeating: 0, count: ids.count)
        }
        columnState.removeAll(keepingCapacity: true)
        columnState.append(contentsOf: repeatElement(0, count: ids.count))
        foldColumns(function, ids: ids, columns: store.columns, grouping: &cached,
                    rangeStart: rangeStart, rangeEnd: rangeEnd, range: range,
                    values: &columnValues, state: &columnState)
        slab.withView { view in
            // A rule's windows all hold about the same number of samples: each series' window
            // is looked for first where the previous one's size puts it.
            var guess = 0
            for (position, sid) in ids.enumerated() {
                let i = Int(sid.raw)
                let value: Double?
                if columnState[position] != 0 {
                    value = columnState[position] == 1 ? columnValues[position] : nil
                } else if store.columns.isColumnar(i) {
                    // In the columns but not in the cached order (a fork's layout).
                    value = store.withWindow(sid, after: rangeStart, through: rangeEnd) { t, v in
                        function.evalRange(
                            times: t, values: v, rangeStart: rangeStart, rangeEnd: rangeEnd,
                            range: range, evalTime: evalTime)
                    } ?? nil
                } else if view.regions[i].staleCount == 0 {
                    let window = view.window(i, after: rangeStart, through: rangeEnd,
                                             guess: guess)
                    guess = window.count
                    value = view.withBuffers(window) { t, v in
                        function.evalRange(
                            times: t, values: v, rangeStart: rangeStart, rangeEnd: rangeEnd,
                            range: range, evalTime: evalTime)
                    }
                } else {
                    // A series with staleness markers is read without them.
                    value = windowWithoutMarkers(sid, rangeStart, rangeEnd) { t, v in
                        function.evalRange(
                            times: t, values: v, rangeStart: rangeStart, rangeEnd: rangeEnd,
                            range: range, evalTime: evalTime)
                    }
                }
                guard let value else { continue }
                let g = cached.group(ofSeries: position, grouping, without) { labelsByID[i] }
                Self.feed(op, &groups, &slot, g, value, dropName)
            }
        }
        cache.columnValues = columnValues
        cache.columnState = columnState
        // Reset the slots of the groups used, for the next evaluation.
        for group in groups { slot[group.group] = -1 }
        cache.slots = slot
        groupLabels = cached.groupLabels
        cache.fusedGroupings[id] = cached
        return groups
    }
}
