// The fuzz entry points of issue 8: each takes arbitrary bytes and must return without crashing
// (a thrown error is the expected answer to bad input). `scalelab-fuzz` runs them under
// libFuzzer (scripts/fuzz); FuzzCorpusTests replays every file of Tests/Fuzz/<target>/ through
// the same functions without libFuzzer.

/// One fuzz target: a name (the directory of its corpus) and its entry point.
public struct FuzzTarget: Sendable {
    /// The target's name, as `scripts/fuzz` and `Tests/Fuzz/<name>/` spell it.
    public let name: String
    /// What the target feeds its input to.
    public let summary: String
    /// Runs one input. Must not crash, hang or leak state into the next input.
    public let run: @Sendable ([UInt8]) -> Void

    /// Every target, in the order `scripts/fuzz` runs them.
    public static let all: [FuzzTarget] = [
        FuzzTarget(name: "quantity", summary: "Quantity and duration parsing and printing",
                   run: QuantityFuzz.run),
        FuzzTarget(name: "manifest", summary: "the HPA manifest loader (YAML/JSON), then a "
                       + "simulated minute of the seed cluster with the HPAs it loaded",
                   run: ManifestFuzz.run),
        FuzzTarget(name: "promql", summary: "the PromQL parser and evaluator over a small store",
                   run: PromQLFuzz.run),
        FuzzTarget(name: "adapter", summary: "the prometheus-adapter config loader, its rules' "
                       + "regexes and templates, and the queries they build",
                   run: AdapterConfigFuzz.run),
        FuzzTarget(name: "classifier", summary: "the REPL's chunk classifier",
                   run: ChunkClassifierFuzz.run),
        FuzzTarget(name: "lua", summary: "the Lua API called with generated arguments and "
                       + "option tables (or, after a `--lua` first line, the input as Lua)",
                   run: LuaAPIFuzz.run),
    ]

    /// The target named `name`.
    public static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }
}

/// Text from fuzz bytes: invalid UTF-8 becomes U+FFFD, as it does when a user's file is read
/// with `String(decoding:as:)`.
func fuzzText(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self)
}
