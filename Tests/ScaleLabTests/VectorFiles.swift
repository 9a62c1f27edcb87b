import Foundation

/// Locates `Tests/Vectors/<name>` from this test file, walking up to the package root.
enum VectorFiles {
    static func url(_ name: String) -> URL {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("Tests/Vectors/\(name)")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "Tests/Vectors/\(name)")
    }
}
