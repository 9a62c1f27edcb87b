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

    /// Builds the `scalelab` module table.
    ///
    /// ```lua
    /// > scalelab.version()
    /// 0.1.0
    /// > scalelab.quantity("1.5Gi"), scalelab.quantity("250m")
    /// 1610612736	0.25
    /// ```
    public static func module(_ runtime: LuaRuntime) throws -> LuaValue {
        let functions: [(String, LuaValue)] = [
            ("version", runtime.function { call in call.push(version) }),
            ("quantity", runtime.function(quantity)),
        ]
        return .table(LuaTable(fields: functions.map { (key: .string($0.0), value: $0.1) }))
    }

    /// `scalelab.quantity(s)`: a Kubernetes quantity string in base units (cores, bytes) as a
    /// number — an integer when whole. A malformed quantity is a programming error and raises
    /// with apimachinery's wording: `bad argument #1 to 'quantity' (cannot parse quantity
    /// "1.1.M": quantities must match the regular expression ...)`.
    static func quantity(_ call: LuaCall) throws -> Int32 {
        let text = try call.string(1)
        let parsed: Quantity
        do {
            parsed = try Quantity(parsing: text)
        } catch {
            throw LuaCallError.argument(index: 1, message: "\(error)")
        }
        if parsed.milliValue % 1000 == 0 {  // whole: Value() is exact
            return call.push(Int(parsed.value))
        }
        return call.push(parsed.approximateDouble)
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
