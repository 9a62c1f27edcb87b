import ScaleLab

/// Issue 3: place 150,000 pods of mixed sizes onto 5,000 nodes (limit 1 s).
enum PlacementBench {
    /// `placement [NODES] [PODS]`.
    static let placement = BenchCase(
        summary: "schedule PODS (150000) mixed pods onto NODES (5000) nodes, one pass"
    ) { args in
        let result = try Benchmarks.placement(nodes: BenchSupport.int(args, 0, 5_000),
                                              pods: BenchSupport.int(args, 1, 150_000))
        return [result.description]
    }
}
