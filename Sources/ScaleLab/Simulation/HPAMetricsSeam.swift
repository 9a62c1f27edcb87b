// THE seam between the HPA in the simulation and the metrics pipeline (see
// notes/COORDINATION-hpa-pipeline.md): the simulation asks here for the `HPAMetricsClient` its
// HPAs read at a reconcile. Helper "pipeline" replaces the body with its metrics registry (which
// metrics APIs are installed, metrics-server, Prometheus + adapter). Until then no metrics API is
// installed, as in a fresh cluster: an empty `HPAClusterSnapshot` answers every fetch with the
// error the real clients return (k8s.io/metrics pkg/client/custom_metrics available_apis.go:
// "no custom metrics API (custom.metrics.k8s.io) registered"; resource metrics: "the server
// could not find the requested resource (get pods.metrics.k8s.io)").

extension ClusterSimulation {
    /// The metrics APIs the HPAs read at the current instant.
    func hpaMetricsClient() -> some HPAMetricsClient {
        HPAClusterSnapshot(scale: nil)
    }
}
