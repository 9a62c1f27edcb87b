/// The part of a fused aggregation's fold that reads pass columns (`PassColumns`): the range
/// function of every selected columnar series, evaluated pass by pass.
///
/// Why pass by pass: a pass's series share their columns, so the window's columns are found
/// once per pass, and walking the series in position order reads each window column
/// sequentially (a handful of streams the prefetcher follows) instead of one cache miss per
/// series. Only the evaluation order changes: the values are folded into their groups
/// afterwards, in selection order, exactly as before.
extension Evaluator {
    /// Evaluates `function` over `(rangeStart, rangeEnd]` for the selected series `ids` that
    /// are in pass columns, into `values`/`state` by selection position (state 1: a value,
    /// 2: no sample in the window; series not in columns stay 0).
    func foldColumns(
        _ function: PromQLFunction, ids: [SeriesID], columns: PassColumns,
        grouping cached: inout QueryCache.Grouping, rangeStart: Int64, rangeEnd: Int64,
        range: Int64, values: inout [Double], state: inout [UInt8]
    ) {
        if cached.columnLayout !== columns.layout {
            cached.columnOrder = Self.columnOrder(ids, columns)
            cached.columnLayout = columns.layout
        }
        let order = cached.columnOrder
        let evalTime = time
        values.withUnsafeMutableBufferPointer { values in
            state.withUnsafeMutableBufferPointer { state in
                Self.foldColumns(
                    function, ids: ids, columns: columns, order: order, rangeStart: rangeStart,
                    rangeEnd: rangeEnd, range: range, evalTime: evalTime, values: values,
                    state: state)
            }
        }
    }

    /// `foldColumns`' loop, over `order`, writing in place.
    private static func foldColumns(
        _ function: PromQLFunction, ids: [SeriesID], columns: PassColumns, order: [Int32],
        rangeStart: Int64, rangeEnd: Int64, range: Int64, evalTime: Int64,
        values: UnsafeMutableBufferPointer<Double>, state: UnsafeMutableBufferPointer<UInt8>
    ) {
        var at = 0
        while at < order.count {
            // The run of `order` in one pass.
            let p = columns.locators[Int(ids[Int(order[at])].raw)].pass
            var end = at + 1
            while end < order.count, columns.locators[Int(ids[Int(order[end])].raw)].pass == p {
                end += 1
            }
            defer { at = end }
            guard p >= 0 else { continue }  // left the columns since the order was built
            // The window's columns, the same for every series of the pass.
            let window = columns.passes[Int(p)].window(after: rangeStart, through: rangeEnd)
            let lo = window.lowerBound
            let n = window.count
            // Scratch on the stack: a few columns per window, and an adapter query over a
            // handful of pods would otherwise allocate three arrays per evaluation.
            withUnsafeTemporaryAllocation(of: Int64.self, capacity: max(n, 1)) { t in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: max(n, 1)) { bases in
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: max(n, 1)) { w in
                        foldPass(function, ids: ids, columns: columns, pass: Int(p),
                                 runs: order[at..<end], lo: lo, n: n, times: t, bases: bases,
                                 window: w, rangeStart: rangeStart, rangeEnd: rangeEnd,
                                 range: range, evalTime: evalTime, values: values, state: state)
                    }
                }
            }
        }
    }

    /// One pass's run of `order`: each series' window gathered from the pass's columns
    /// `lo..<lo+n` and evaluated.
    private static func foldPass(
        _ function: PromQLFunction, ids: [SeriesID], columns: PassColumns, pass p: Int,
        runs: ArraySlice<Int32>, lo: Int64, n: Int, times t: UnsafeMutableBufferPointer<Int64>,
        bases: UnsafeMutableBufferPointer<Int>, window w: UnsafeMutableBufferPointer<Double>,
        rangeStart: Int64, rangeEnd: Int64, range: Int64, evalTime: Int64,
        values: UnsafeMutableBufferPointer<Double>, state: UnsafeMutableBufferPointer<UInt8>
    ) {
        let width = columns.passes[p].width
        for j in 0..<n {
            t[j] = columns.passes[p].time(lo + Int64(j))
            bases[j] = columns.passes[p].slot(lo + Int64(j)) * width
        }
        // rate/increase/delta: the part that depends on the sample times only, once for the
        // series whose window is all `n` columns (every series but the pass's newest ones).
        let whole = RateExtrapolation(
            function, times: UnsafeBufferPointer(rebasing: t[0..<n]), rangeStart: rangeStart,
            rangeEnd: rangeEnd, range: range)
        columns.passes[p].values.withUnsafeBufferPointer { v in
            /// Series `k` (at `position`, its window the columns from `skip` on) on its own.
            func single(_ k: Int, _ position: Int, _ skip: Int) {
                guard skip < n else {
                    state[k] = 2
                    return
                }
                for j in skip..<n { w[j] = v[bases[j] + position] }
                let window = UnsafeBufferPointer(rebasing: w[skip..<n])
                let value: Double?
                if skip == 0, let whole {
                    value = whole.value(window)
                } else {
                    value = function.evalRange(
                        times: UnsafeBufferPointer(rebasing: t[skip..<n]), values: window,
                        rangeStart: rangeStart, rangeEnd: rangeEnd, range: range,
                        evalTime: evalTime)
                }
                if let value {
                    values[k] = value
                    state[k] = 1
                } else {
                    state[k] = 2
                }
            }
            func place(_ k: Int32) -> (position: Int, skip: Int) {
                let position = Int(columns.locators[Int(ids[Int(k)].raw)].position)
                return (position, Int(max(columns.passes[p].ownerFrom[position] - lo, 0)))
            }
            // The run's positions (in position order) mostly one after another, as the series
            // of one metric are: rate/increase/delta column by column over their span.
            var block: (from: Int, span: Int)?
            if whole != nil, let head = runs.first, let tail = runs.last {
                let from = place(head).position
                let span = place(tail).position + 1 - from
                if span > 0, span <= 2 * runs.count { block = (from, span) }
            }
            guard let whole, let block else {
                for k in runs {
                    let (position, skip) = place(k)
                    single(Int(k), position, skip)
                }
                return
            }
            let (from, span) = block
            withUnsafeTemporaryAllocation(of: Double.self, capacity: span) { spanValues in
                whole.values(v, bases: UnsafeBufferPointer(rebasing: bases[0..<n]), from: from,
                             into: spanValues)
                for k in runs {
                    let (position, skip) = place(k)
                    if skip == 0, position >= from, position - from < span {
                        values[Int(k)] = spanValues[position - from]
                        state[Int(k)] = 1
                    } else {
                        single(Int(k), position, skip)
                    }
                }
            }
        }
    }

    /// The selection positions of the columnar series of `ids`, by (pass, position).
    private static func columnOrder(_ ids: [SeriesID], _ columns: PassColumns) -> [Int32] {
        var keyed: [(pass: Int32, position: Int32, k: Int32)] = []
        for (k, sid) in ids.enumerated() {
            let loc = columns.locators[Int(sid.raw)]
            if loc.pass >= 0 { keyed.append((loc.pass, loc.position, Int32(k))) }
        }
        keyed.sort { ($0.pass, $0.position) < ($1.pass, $1.position) }
        return keyed.map(\.k)
    }
}
