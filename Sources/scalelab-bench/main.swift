// scalelab-bench: the engine benchmarks of scripts/bench, one case per process so each case's
// peak RSS is its own. Usage: `scalelab-bench CASE [ARGS...]`; `scalelab-bench` lists the cases.
// Each area adds a file `<Name>Bench.swift` with a `BenchCase` and one line in `cases` below.
// The output is one or more lines `case: figure, ...` that scripts/bench.d/*.sh parse; wall
// time is measured here (benchmarks, unlike tests, may read the clock).

#if canImport(Glibc)
import Glibc
#endif

/// A named engine benchmark.
struct BenchCase: Sendable {
    /// What it measures, for the listing.
    var summary: String
    /// Runs the case with its arguments and returns the lines to print.
    var run: @Sendable ([String]) throws -> [String]
}

/// Every case, by name.
let cases: [(name: String, bench: BenchCase)] = [
    ("placement", PlacementBench.placement),
    ("churn", ChurnBench.churn),
    ("hpa-seed", HPABench.seed),
    ("hpa-scale", HPABench.scale),
    ("pipeline", PipelineBench.pipeline),
    ("sizing", SizingBench.compare),
    ("ca", AutoscalerBench.day),
]

/// Writes one line to standard error.
func printError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first else {
    print("usage: scalelab-bench CASE [ARGS...]\ncases:")
    for c in cases { print("  \(c.name): \(c.bench.summary)") }
    exit(2)
}
guard let found = cases.first(where: { $0.name == name }) else {
    let known = cases.map(\.name).joined(separator: ", ")
    printError("scalelab-bench: unknown case '\(name)' (known: \(known))")
    exit(2)
}
do {
    for line in try found.bench.run(Array(arguments.dropFirst())) { print(line) }
    print("\(name): peak RSS \(BenchSupport.peakRSSMiB()) MiB")
} catch {
    printError("scalelab-bench: \(name): \(error)")
    exit(1)
}
