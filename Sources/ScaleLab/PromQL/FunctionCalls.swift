/// Function calls (engine.go eval *parser.Call, promql/functions.go).
extension Evaluator {
    mutating func evalCall(_ function: PromQLFunction, _ args: [PromQLExpr])
        throws(PromQLError) -> EvalValue
    {
        if function.matrixArgumentIndex != nil {
            return .vector(try evalRangeCall(function, args))
        }
        switch function {
        case .time: return .scalar(Double(time) / 1000)
        case .pi: return .scalar(Double.pi)
        case .vector:
            return .vector([EvalSample(labels: Labels(), value: try evalScalar(args[0]),
                                       dropName: false)])
        case .scalar:
            let v = try evalVector(args[0])
            return .scalar(v.count == 1 ? v[0].value : .nan)
        case .timestamp: return .vector(try timestamps(args[0]))
        case .absent:
            // funcAbsent: nothing when the argument has elements, else one element whose
            // labels come from the selector's equality matchers.
            if !(try evalVector(args[0])).isEmpty { return .vector([]) }
            return .vector([Self.absentSample(args[0])])
        case .sort, .sortDesc:
            let samples = try evalVector(args[0])
            return .vector(Self.sortByValue(samples, descending: function == .sortDesc))
        case .labelReplace: return .vector(try labelReplace(args))
        case .labelJoin: return .vector(try labelJoin(args))
        case .histogramQuantile:
            let q = try evalScalar(args[0])
            return .vector(Self.histogramQuantile(q, try evalVector(args[1])))
        default:
            var samples = try evalVector(args[0])
            var params: [Double] = []
            for arg in args.dropFirst() { params.append(try evalScalar(arg)) }
            if function == .clamp, params[1] < params[0] { return .vector([]) }
            for i in samples.indices {
                samples[i].value = function.apply(samples[i].value, params)
                samples[i].dropName = true
            }
            return .vector(samples)
        }
    }

    /// One output element per series with samples in its window (engine.go: the matrix
    /// argument's window is `(t - offset - range, t - offset]`, a subquery's points standing
    /// in for stored samples); scalar arguments are evaluated once.
    private mutating func evalRangeCall(_ function: PromQLFunction, _ args: [PromQLExpr])
        throws(PromQLError) -> [EvalSample]
    {
        let matrixIndex = function.matrixArgumentIndex ?? 0
        var params: [Double] = []
        for (i, arg) in args.enumerated() where i != matrixIndex {
            params.append(try evalScalar(arg))
        }
        let dropName = !function.keepsName
        var out: [EvalSample] = []
        switch args[matrixIndex] {
        case .matrixSelector(let selector, let range):
            let rangeEnd = referenceTime(selector)
            let rangeStart = rangeEnd &- range  // wraps as Go's int64 (see referenceTime)
            let evalTime = time
            let compute = { (t: UnsafeBufferPointer<Int64>, v: UnsafeBufferPointer<Double>) in
                function.evalRange(
                    times: t, values: v, rangeStart: rangeStart, rangeEnd: rangeEnd,
                    range: range, params: params, evalTime: evalTime)
            }
            for id in select(selector) {
                let value = store.withWindow(id, after: rangeStart, through: rangeEnd, compute)
                    ?? windowWithoutMarkers(id, rangeStart, rangeEnd, compute)
                if let value {
                    out.append(
                        EvalSample(
                            labels: store.labels(of: id), value: value, dropName: dropName,
                            series: id.raw))
                }
            }
        case .subquery(let subquery):
            let rangeEnd = (subquery.atEvalTime ? queryTime : (subquery.at ?? time))
                &- subquery.offset
            let rangeStart = rangeEnd &- subquery.range
            for series in try evalSubquery(subquery) {
                let value = series.times.withUnsafeBufferPointer { t in
                    series.values.withUnsafeBufferPointer { v in
                        function.evalRange(
                            times: t, values: v, rangeStart: rangeStart, rangeEnd: rangeEnd,
                            range: subquery.range, params: params, evalTime: time)
                    }
                }
                if let value {
                    out.append(
                        EvalSample(
                            labels: series.labels, value: value,
                            dropName: dropName || series.dropName))
                }
            }
        default:
            throw .execution(
                "expected type range vector in call to function \"\(function.rawValue)\"")
        }
        if function == .absentOverTime {
            // funcAbsentOverTime: like absent(), over the window.
            return out.isEmpty ? [Self.absentSample(args[matrixIndex])] : []
        }
        return out
    }

    /// The window `(mint, maxt]` of a series with staleness markers, the markers left out
    /// (engine.go matrixIterSlice), copied into the evaluator's scratch buffers.
    mutating func windowWithoutMarkers<R>(
        _ id: SeriesID, _ mint: Int64, _ maxt: Int64,
        _ body: (UnsafeBufferPointer<Int64>, UnsafeBufferPointer<Double>) -> R
    ) -> R {
        scratchTimes.removeAll(keepingCapacity: true)
        scratchValues.removeAll(keepingCapacity: true)
        store.forEachSample(id, after: mint, through: maxt) { t, v in
            scratchTimes.append(t)
            scratchValues.append(v)
        }
        return scratchTimes.withUnsafeBufferPointer { t in
            scratchValues.withUnsafeBufferPointer { v in body(t, v) }
        }
    }

    /// funcTimestamp: the time of each sample in seconds. On a plain selector that is the
    /// sample's own timestamp (engine.go evalTimestampFunctionOverVectorSelector); on any
    /// other expression the evaluation time.
    private mutating func timestamps(_ arg: PromQLExpr) throws(PromQLError) -> [EvalSample] {
        guard case .vectorSelector(let selector) = arg else {
            var samples = try evalVector(arg)
            for i in samples.indices {
                samples[i].value = Double(time) / 1000
                samples[i].dropName = true
            }
            return samples
        }
        return selectInstant(selector, timestamps: true)
    }

    /// functions.go createLabelsForAbsentFunction: the equality matchers of the selector
    /// (not the name); a label matched twice, or by another operator, is left out.
    static func absentSample(_ arg: PromQLExpr) -> EvalSample {
        var matchers: [LabelMatcher] = []
        switch arg {
        case .vectorSelector(let s), .matrixSelector(let s, _): matchers = s.matchers
        default: break
        }
        var labels = Labels()
        var has: Set<String> = []
        for m in matchers where m.name != Labels.metricName {
            if m.kind == .equal && !has.contains(m.name) {
                labels = labels.setting(m.name, to: m.value)
                has.insert(m.name)
            } else {
                labels = labels.removing([m.name])
            }
        }
        return EvalSample(labels: labels, value: 1, dropName: false)
    }

    /// funcSort / funcSortDesc: by value, NaN last either way (stable for equal values).
    static func sortByValue(_ samples: [EvalSample], descending: Bool) -> [EvalSample] {
        samples.enumerated().sorted { a, b in
            let (x, y) = (a.element.value, b.element.value)
            if x.isNaN || y.isNaN {
                return x.isNaN == y.isNaN ? a.offset < b.offset : y.isNaN
            }
            if x == y { return a.offset < b.offset }
            return descending ? x > y : x < y
        }.map(\.element)
    }
}
