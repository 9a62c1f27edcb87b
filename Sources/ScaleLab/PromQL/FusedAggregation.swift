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
        var windows = fusedWindows(function, selector, range: range, id: id, cache: cache)
        defer { windows.putBack(into: cache, id: id) }
        let groups = fold(op, function, grouping: grouping, without: without, cache: cache,
                          windows: &windows)
        defer { cache.groups = groups }
        return Self.finish(op, groups, labelsOf: { windows.grouping.groupLabels[$0] })
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
        var windows = fusedWindows(f.function, f.selector, range: f.range, id: f.id,
                                   cache: cache)
        var output = cache.output
        cache.output = []
        defer {
            cache.output = output
            windows.putBack(into: cache, id: f.id)
        }
        // One series per group, every group known and the same as last time: the values are
        // written straight into the previous output.
        if cache.outputEpoch === store.epoch, !windows.grouping.shared,
            Self.rewriteSingletons(f.op, windows, &output, cache.outputGroups)
        {
            return output
        }
        var groups = fold(f.op, f.function, grouping: f.grouping, without: false, cache: cache,
                          windows: &windows)
        defer { cache.groups = groups }
        let reuse = cache.outputEpoch === store.epoch && output.count == groups.count
            && groups.indices.allSatisfy { groups[$0].group == cache.outputGroups[$0] }
        if reuse {
            for i in groups.indices { output[i].value = Self.finalValue(f.op, groups[i]) }
        } else {
            output.removeAll(keepingCapacity: true)
            cache.outputGroups.removeAll(keepingCapacity: true)
            for group in groups {
                output.append(PromQLSample(labels: windows.grouping.groupLabels[group.group],
                                           value: Self.finalValue(f.op, group)))
                cache.outputGroups.append(Int32(group.group))
            }
            cache.outputEpoch = store.epoch
        }
        groups.removeAll(keepingCapacity: true)
        return output
    }

    /// `evaluateFusedTopLevel`'s output for a grouping with one series per group: the groups
    /// are the series with a value, in selection order, each group's value the first value
    /// folded into it. Rewrites `output`'s values in place and returns true while every such
    /// series' group is known and they are `outputGroups`, in order; false (the output to be
    /// rebuilt) otherwise.
    private static func rewriteSingletons(
        _ op: AggregateOp, _ windows: FusedWindows, _ output: inout [PromQLSample],
        _ outputGroups: [Int32]
    ) -> Bool {
        output.withUnsafeMutableBufferPointer { out in
            windows.grouping.groupOfSeries.withUnsafeBufferPointer { groupOf in
                outputGroups.withUnsafeBufferPointer { outGroups in
                    windows.values.withUnsafeBufferPointer { values in
                        windows.state.withUnsafeBufferPointer { state in
                            var j = 0
                            for k in 0..<windows.ids.count where state[k] == 1 {
                                let g = groupOf[k]
                                guard g >= 0, j < out.count, outGroups[j] == g else {
                                    return false
                                }
                                out[j].value = finalValue(
                                    op, firstGroup(op, Int(g), values[k], dropName: false))
                                j += 1
                            }
                            return j == out.count
                        }
                    }
                }
            }
        }
    }

    /// The range function's value over every selected series' window, by selection
    /// position, with the selection's cached grouping (see `FusedWindows`).
    private mutating func fusedWindows(
        _ function: PromQLFunction, _ selector: VectorSelector, range: Int64, id: Int,
        cache: QueryCache
    ) -> FusedWindows {
        let ids = select(selector)
        var cached = cache.takeGrouping(id, epoch: store.epoch, capacity: ids.count, fused: true)
        let rangeEnd = referenceTime(selector)
        let rangeStart = rangeEnd &- range  // wraps as Go's int64 (see referenceTime)
        let evalTime = time
        var values = cache.columnValues
        var state = cache.columnState
        cache.columnValues = []
        cache.columnState = []
        if values.count < ids.count { values = [Double](repeating: 0, count: ids.count) }
        state.removeAll(keepingCapacity: true)
        state.append(contentsOf: repeatElement(0, count: ids.count))
        // The series in pass columns first, pass by pass (see FusedColumns.swift).
        foldColumns(function, ids: ids, columns: store.columns, grouping: &cached,
                    rangeStart: rangeStart, rangeEnd: rangeEnd, range: range,
                    values: &values, state: &state)
        // Only the part read here is copied out (the loop calls a mutating method, so it
        // cannot borrow the store from self): a copy of the whole store retains all of it.
        let slab = store.samples
        slab.withView { view in
            // A rule's windows all hold about the same number of samples: each series' window
            // is looked for first where the previous one's size puts it.
            var guess = 0
            for (position, sid) in ids.enumerated() where state[position] == 0 {
                let i = Int(sid.raw)
                let value: Double?
                if store.columns.isColumnar(i) {
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
                if let value {
                    values[position] = value
                    state[position] = 1
                } else {
                    state[position] = 2
                }
            }
        }
        return FusedWindows(ids: ids, grouping: cached, values: values, state: state)
    }

    /// Folds every selected series' window value into its group, in selection order; the
    /// groups in order of first appearance (their labels in `windows.grouping`).
    private func fold(
        _ op: AggregateOp, _ function: PromQLFunction, grouping: [String], without: Bool,
        cache: QueryCache, windows: inout FusedWindows
    ) -> [Group] {
        let dropName = !function.keepsName
        var groups = cache.groups
        cache.groups = []
        groups.removeAll(keepingCapacity: true)
        var slot = cache.slots
        cache.slots = []
        let labelsByID = store.labelsByID
        for position in windows.ids.indices where windows.state[position] == 1 {
            let i = Int(windows.ids[position].raw)
            let g = windows.grouping.group(ofSeries: position, grouping, without) {
                labelsByID[i]
            }
            Self.feed(op, &groups, &slot, g, windows.values[position], dropName)
        }
        // Reset the slots of the groups used, for the next evaluation.
        for group in groups { slot[group.group] = -1 }
        cache.slots = slot
        return groups
    }
}

/// A fused aggregation's window values: the selection, its cached grouping, and each selected
/// series' range function value by selection position (`state` 1: a value, 2: none).
struct FusedWindows {
    let ids: [SeriesID]
    var grouping: QueryCache.Grouping
    var values: [Double]
    var state: [UInt8]

    /// Returns the grouping and the scratch arrays to `cache` (aggregation `id`).
    func putBack(into cache: QueryCache, id: Int) {
        cache.columnValues = values
        cache.columnState = state
        cache.fusedGroupings[id] = grouping
    }
}
