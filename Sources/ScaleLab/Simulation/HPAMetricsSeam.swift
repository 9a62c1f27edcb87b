// THE seam between the HPA in the simulation and the metrics pipeline (see
// notes/COORDINATION-hpa-pipeline.md): the simulation asks here for the `HPAMetricsClient` its
// HPAs read at a reconcile. It is the pipeline's view of the installed metrics APIs
// (Sources/ScaleLab/Pipeline/PipelineMetricsClient.swift); with nothing installed, as in a fresh
// cluster, every fetch fails with the real clients' wording.

extension ClusterSimulation {
    /// The metrics APIs the HPAs read at the current instant.
    func hpaMetricsClient() -> some HPAMetricsClient {
        metricsClient
    }
}
