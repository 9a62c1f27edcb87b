import Foundation
import LuaKit
import ScaleLabLua

/// The Lua API with random arguments: a fresh runtime per input (with the scalelab modules, a
/// 256 MiB Lua heap cap and a one-second timeout, as `--max-memory` / `--timeout` give) runs
/// ``LuaAPIFuzzDriver/source``, which reads the input as a byte stream and turns it into calls
/// of module functions and userdata methods with generated values and option tables. An input
/// whose first line is `--lua` is run as Lua text instead (without io, os.execute/remove/exit,
/// debug or C loaders), so example scripts and the bad-input corpus can seed the corpus.
enum LuaAPIFuzz {
    /// Where `c:export` writes (every path is redirected there).
    static let scratch: String = {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("scalelab-fuzz-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    @Sendable static func run(_ bytes: [UInt8]) {
        let marker = Array("--lua".utf8)
        let isText = bytes.starts(with: marker)
        guard let lua = try? LuaRuntime(LuaRuntime.Options(
            libraries: .standard, memoryLimit: 256 << 20)),
            (try? ScaleLabLua.open(lua)) != nil else { return }
        lua.setTimeout(.seconds(1))
        do {
            // The driver's guards first (quiet print, export paths kept in the scratch
            // directory); it then either runs the text or generates calls.
            let driver = try lua.load(LuaAPIFuzzDriver.source, name: "=fuzz")
            _ = try lua.call(driver, [.bytes(bytes), .string(scratch), .boolean(isText)])
        } catch {
            // Errors escaping the driver's pcalls (a timeout, not enough memory) are answers.
        }
    }
}
