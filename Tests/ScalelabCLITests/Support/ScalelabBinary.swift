import Foundation

/// Locates the built `scalelab` executable: it sits in the products directory next to the test
/// bundle (`.build/<triple>/<config>/scalelabPackageTests.xctest`), which `/proc/self/exe` or
/// the bundle path names; as a fallback, the package's `.build/debug`.
enum ScalelabBinary {
    /// The executable's path, or nil when it was not built.
    static let path: String? = {
        let fileManager = FileManager.default
        var directories: [URL] = []
        if let exe = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        directories.append(Bundle.main.bundleURL)
        directories.append(packageRoot.appendingPathComponent(".build/debug"))
        for directory in directories {
            let candidate = directory.appendingPathComponent("scalelab").path
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// The products directory (holding `scalelab` and `libScaleLabLuaModule.so`).
    static var productsDirectory: URL? {
        path.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
    }

    /// The package root: the first ancestor of this file holding `Package.swift`.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            let manifest = url.appendingPathComponent("Package.swift").path
            if FileManager.default.fileExists(atPath: manifest) {
                return url
            }
            url = url.deletingLastPathComponent()
        }
        return url
    }()
}

/// A fresh temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    /// The directory.
    let url: URL

    /// Creates it under the system temporary directory.
    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("scalelab-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    /// Deletes the directory and its contents.
    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
