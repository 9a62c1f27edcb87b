import ScaleLab

/// Issue 3: the placement cluster advanced one simulated hour with pod churn and no
/// autoscalers (limit 2 s), and its peak RSS (limit 1 GiB, printed by the runner).
enum ChurnBench {
    /// `churn [NODES] [PODS]`.
    static let churn = BenchCase(
        summary: "settle PODS (150000) pods on NODES (5000) nodes, then one simulated hour of churn"
    ) { args in
        let result = try Benchmarks.churn(nodes: BenchSupport.int(args, 0, 5_000),
                                          pods: BenchSupport.int(args, 1, 150_000))
        return [result.description]
    }
}
