/// A query's stop request (Ctrl-C, a `--timeout` deadline), polled by the evaluator's step
/// loops: subquery steps at every nesting level and range-query steps share one counter, so a
/// query of nested subqueries (`max_over_time((max_over_time(x[10m:1ms]))[10m:1ms])`, 3.6e11
/// evaluations, each subquery under `--query.max-samples`) still stops within a few thousand
/// evaluations. Prometheus checks its context between steps the same way (engine.go
/// `contextDone(ev.ctx, "expression evaluation")`) and stops with ErrQueryCanceled.
///
/// Unchecked Sendable: an instance is made for one query, or for one `ClusterSimulation.run`
/// (which sets it on its own Prometheus' engine for the run's duration), and used by one
/// evaluation at a time; its step counter only paces the polls.
public final class QueryCancellation: @unchecked Sendable {
    private let isRequested: () -> Bool
    private var steps = 0

    /// A cancellation that stops the query once `isRequested` answers true.
    public init(_ isRequested: @escaping () -> Bool) {
        self.isRequested = isRequested
    }

    /// Counts one evaluation step; every 256th asks whether to stop, and throws
    /// ErrQueryCanceled's message if so.
    func step() throws(PromQLError) {
        steps &+= 1
        if steps & 255 == 0 && isRequested() {
            throw .execution("query was canceled in expression evaluation")
        }
    }
}
