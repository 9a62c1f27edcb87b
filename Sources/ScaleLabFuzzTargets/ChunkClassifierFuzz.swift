import LuaKit

/// The REPL's chunk classifier (every line typed at the prompt): `return <chunk>`, the
/// statement form, the `;` rule and the incomplete-input test, on raw bytes. One runtime for
/// every input: classifying compiles but never runs, so inputs cannot affect each other.
enum ChunkClassifierFuzz {
    nonisolated(unsafe) static let runtime = try? LuaRuntime()

    @Sendable static func run(_ bytes: [UInt8]) {
        guard let runtime else { return }
        let classifier = LuaChunkClassifier(runtime: runtime)
        let text = fuzzText(bytes)
        _ = classifier.classify(text)
        // A REPL buffer grows one line at a time: classify every prefix ending at a newline.
        var prefix = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(16) {
            prefix += line + "\n"
            if case .incomplete = classifier.classify(prefix).0 { continue }
            prefix = ""
        }
    }
}
