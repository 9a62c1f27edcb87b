import Foundation
import LuaKit
import ScaleLabLua

/// A runtime with the scalelab modules open, and helpers to run chunks in it.
enum LuaHarness {
    /// A fresh runtime with `cluster`, `catalog`, `units` and `scalelab`.
    static func runtime() throws -> LuaRuntime {
        let lua = try LuaRuntime()
        try ScaleLabLua.open(lua)
        return lua
    }

    /// Runs `code` in a fresh runtime and returns its results.
    @discardableResult
    static func run(_ code: String) throws -> [LuaValue] {
        try runtime().run(code, name: "=test")
    }

    /// The message of the error `code` raises (nil when it runs without error).
    static func error(_ code: String, in lua: LuaRuntime? = nil) throws -> String? {
        let lua = try lua ?? runtime()
        do {
            try lua.run(code, name: "=test")
            return nil
        } catch let error as LuaError {
            return error.message
        }
    }

    /// A file of the package (`examples/...`), found by walking up from this test file.
    static func packageFile(_ relative: String) -> URL {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: relative)
    }
}
