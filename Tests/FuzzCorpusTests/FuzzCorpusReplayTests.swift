import Foundation
import ScaleLabFuzzTargets
import Testing

/// Issue 8: every file of `Tests/Fuzz/<target>/` (seeds, inputs libFuzzer found interesting and
/// every crash found, now fixed) replayed through the same entry point scripts/fuzz runs under
/// libFuzzer. A crash here is a crash of the test process; reaching the end is the assertion.
@Suite struct FuzzCorpusReplayTests {
    /// The package root: the first ancestor of this file holding `Package.swift`.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(
                atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url = url.deletingLastPathComponent()
        }
        return url
    }()

    /// The corpus files of a target, sorted.
    static func corpus(_ name: String) -> [URL] {
        let dir = packageRoot.appendingPathComponent("Tests/Fuzz/\(name)")
        let files = (try? FileManager.default.contentsOfDirectory(
            at: dir, includingPropertiesForKeys: nil)) ?? []
        return files.filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test(arguments: FuzzTarget.all.map(\.name))
    func corpusReplaysWithoutACrash(target name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let files = Self.corpus(name)
        #expect(files.count >= 5, "Tests/Fuzz/\(name)/ holds \(files.count) inputs")
        for file in files {
            let data = try Data(contentsOf: file)
            target.run(Array(data))
        }
    }
}
