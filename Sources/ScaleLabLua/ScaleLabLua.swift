import LuaKit
import ScaleLab

/// ScaleLabLua: the Lua API of scalelab, binding the engine through LuaKit.
///
/// ``open(_:)`` is the single entry point: the `scalelab` executable calls it on its runtime,
/// and the Lua C module (`luaopen_scalelab`) on the state of any Lua 5.4 host, so both see the
/// same API.
public enum ScaleLabLua {
    /// scalelab's version.
    public static let version = "0.1.0"

    /// Builds the `scalelab` module table: `scalelab.version()` → `"0.1.0"`.
    ///
    /// ```lua
    /// > scalelab.version()
    /// 0.1.0
    /// ```
    public static func module(_ runtime: LuaRuntime) -> LuaValue {
        let versionFunction = runtime.function { call in call.push(version) }
        return .table(LuaTable(fields: [(key: .string("version"), value: versionFunction)]))
    }

    /// Opens every scalelab module in `runtime` as globals (`scalelab`, ...) and registers them
    /// in `package.loaded`, so `require "scalelab"` returns the same table.
    public static func open(_ runtime: LuaRuntime) throws {
        try runtime.setGlobal("scalelab", module(runtime))
        try runtime.run(
            "if package and package.loaded then package.loaded.scalelab = scalelab end",
            name: "=(scalelab)")
    }
}
