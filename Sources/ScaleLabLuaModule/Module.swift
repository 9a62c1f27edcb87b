import LuaKit
import ScaleLabLua

/// The Lua C module entry point: stock Lua 5.4 loads `scalelab.so` (this library, renamed) with
/// `lua5.4 -l scalelab` or `require "scalelab"` and gets the same `scalelab` table the
/// executable opens. `openModule` never raises (a Swift frame is live): a failure comes back to
/// `require` as `nil, message`.
@_cdecl("luaopen_scalelab")
public func luaopen_scalelab(_ L: OpaquePointer?) -> Int32 {
    LuaRuntime.openModule(L) { runtime in try ScaleLabLua.module(runtime) }
}
