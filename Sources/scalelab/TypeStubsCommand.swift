import LuaKit
import ScaleLabLua

/// `scalelab --emit-types`: prints `types/scalelab.d.lua`, the LuaCATS annotations of the Lua
/// API (made from the same descriptions as `help()`), for editor completion.
/// `scripts/gen-types` writes it into the repository.
enum TypeStubsCommand {
    /// Prints the stubs; 0, or 1 with a message on stderr.
    static func run() -> Int32 {
        do {
            let runtime = try LuaRuntime(.init(libraries: .standard))
            try ScaleLabLua.open(runtime)
            StandardStreams.write(try ScaleLabLua.typeStubs(runtime))
            return 0
        } catch {
            StandardStreams.writeError("scalelab: --emit-types: \(error)\n")
            return 1
        }
    }
}
