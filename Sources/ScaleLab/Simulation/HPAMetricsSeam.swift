// THE seam between the HPA in the simulation and the metrics pipeline (see
// notes/COORDINATION-hpa-pipeline.md): the simulation's HPA syncs read the installed metrics
// APIs through `PipelineReads` (Sources/ScaleLab/Pipeline/PipelineReads.swift), the pipeline's
// view of them, read in place; `metricsClient` is the same view as a value
// (PipelineMetricsClient). With nothing installed, as in a fresh cluster, every fetch fails
// with the real clients' wording.

extension ClusterSimulation {
    /// The controller's reconcile of the HPA at `index`, its metrics read from the cluster
    /// and the pipeline in place (`PipelineReads`): the sync changes neither, and a client
    /// holding copies of them retained all of their references at every sync. The parts of
    /// the simulation come as separate arguments so the pointers to two of them can be held
    /// while the third is changed.
    static func reconcile(
        _ index: Int, _ autoscaling: inout SimulationAutoscaling,
        history: inout HPAScalingHistory, target: inout HPAClusterSnapshot,
        candidates: inout CandidateCache, explanation: inout HPAExplanation,
        spares: inout ReconcileSpares,
        cluster: inout Cluster, metrics: inout MetricsPipelineState, now: Int64
    ) -> HPAReconcileResult {
        withUnsafePointer(to: &cluster) { cluster in
            withUnsafePointer(to: &metrics) { metrics in
                withUnsafeMutablePointer(to: &candidates) { candidates in
                    // The object is reconciled in place (a copy retains all of its spec and
                    // status).
                    autoscaling.controller.reconcile(
                        &autoscaling.hpas[index].object, history: &history, target: &target,
                        metrics: PipelineReads(cluster: cluster, metrics: metrics, now: now,
                                               candidates: candidates),
                        now: now, explanation: &explanation, spares: &spares)
                }
            }
        }
    }
}
