import ScaleLab

/// Issue 6 item 8: a 1,000-node, 30,000-pod cluster with the Cluster Autoscaler and diurnal
/// churn simulated for one day (limit 30 s).
enum AutoscalerBench {
    /// `ca [NODES] [PODS] [HOURS]`.
    static let day = BenchCase(
        summary: "NODES (1000) nodes and PODS (30000) pods with the Cluster Autoscaler and "
            + "diurnal churn for HOURS (24) simulated hours"
    ) { args in
        let result = try Benchmarks.autoscalerDay(
            nodes: BenchSupport.int(args, 0, 1_000), pods: BenchSupport.int(args, 1, 30_000),
            hours: BenchSupport.int(args, 2, 24))
        return [result.description]
    }
}
