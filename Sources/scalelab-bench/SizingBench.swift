import ScaleLab

/// Issue 6 item 8: `sizing.compare`'s engine function for a 1,000-pod mixed workload across
/// every catalog type with full bin-packing (limit 1 s).
enum SizingBench {
    /// `sizing`.
    static let compare = BenchCase(
        summary: "sizing.compare of a 1,000-pod mixed workload across every catalog type"
    ) { _ in
        [Benchmarks.sizingCompare().description]
    }
}
