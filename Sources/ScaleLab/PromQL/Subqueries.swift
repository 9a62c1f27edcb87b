/// One series of an evaluated subquery: its points and whether its name is marked for
/// removal (delayed name removal carries the mark through the subquery).
struct MatrixSeries {
    var labels: Labels
    var dropName: Bool
    var times: [Int64] = []
    var values: [Double] = []
}

extension Evaluator {
    /// The step of a subquery written without one, `x[5m:]`: Prometheus uses the global
    /// evaluation interval (engine.go noStepSubqueryIntervalFn; config.go
    /// DefaultGlobalConfig EvaluationInterval = 1m, also what promqltest's engine uses).
    static let defaultSubqueryStep: Int64 = 60_000

    /// Prometheus' `--query.max-samples` default.
    static let maxSamples: Int64 = 50_000_000

    /// Evaluates a subquery (engine.go eval *parser.SubqueryExpr): the inner expression at
    /// every multiple of the step in `(t - offset - range, t - offset]`, where t is the `@`
    /// time or the evaluation time; the first step is the first multiple after the start.
    mutating func evalSubquery(_ subquery: Subquery) throws(PromQLError) -> [MatrixSeries] {
        let base = subquery.atEvalTime ? queryTime : (subquery.at ?? time)
        let end = base &- subquery.offset  // wraps as Go's int64 (see referenceTime)
        let step = subquery.step > 0 ? subquery.step : Self.defaultSubqueryStep
        let mint = end &- subquery.range
        // Go's integer division truncates toward zero, as Swift's does.
        var start = step * (mint / step)
        if start <= mint { start &+= step }
        // Each step loads at least one sample per series; Prometheus stops a query past
        // --query.max-samples (default 50,000,000) with ErrTooManySamples (engine.go).
        let (span, spanOverflows) = end.subtractingReportingOverflow(start)
        if start <= end, spanOverflows || span / step >= Self.maxSamples {
            throw .execution(
                "query processing would load too many samples into memory in query execution")
        }
        var series: [MatrixSeries] = []
        var index: [Labels: Int] = [:]
        var inner = self
        var t = start
        while t <= end {
            try cancellation?.step()
            inner.time = t
            let samples: [EvalSample]
            switch try inner.eval(subquery.expr) {
            case .vector(let v): samples = v
            case .scalar(let v): samples = [EvalSample(labels: Labels(), value: v, dropName: false)]
            default: throw .execution("subquery is only allowed on instant vector")
            }
            for sample in samples {
                let i: Int
                if let known = index[sample.labels] {
                    i = known
                } else {
                    i = series.count
                    index[sample.labels] = i
                    series.append(MatrixSeries(labels: sample.labels, dropName: sample.dropName))
                }
                series[i].times.append(t)
                series[i].values.append(sample.value)
                if sample.dropName { series[i].dropName = true }
            }
            let (next, overflow) = t.addingReportingOverflow(step)
            if overflow { break }
            t = next
        }
        return series
    }
}
