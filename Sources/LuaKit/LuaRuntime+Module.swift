import CLuaShim

/// Support for Lua C modules: `lua5.4 -l scalelab` or `require "scalelab"`
/// loads a shared library whose `luaopen_scalelab(L)` builds the module in
/// a state some other program created.
extension LuaRuntime {
    /// The runtime of a state LuaKit did not create (made on first use and
    /// kept by the state until it closes). It has no memory cap and leaves
    /// the host's hook alone; everything else works as in an own runtime.
    public static func attached(to state: OpaquePointer) throws -> LuaRuntime {
        if let owner = clua_attachedowner(state) {
            return Unmanaged<LuaRuntime>.fromOpaque(owner).takeUnretainedValue()
        }
        lua_rawgeti(state, clua_registryindex(), lua_Integer(LUA_RIDX_MAINTHREAD))
        let main = lua_tothread(state, -1) ?? state
        clua_pop(state, 1)
        let runtime = LuaRuntime(attaching: main)
        let owner = Unmanaged.passRetained(runtime)  // released when the state closes
        let status = clua_attach(state, luaKitHostCall, luaKitRelease, owner.toOpaque())
        guard status == LUA_OK else {
            owner.release()
            throw LuaError.memory
        }
        return runtime
    }

    /// The body of a `luaopen_` function: builds the module value in the
    /// state's runtime and pushes it onto `state`. Returns the number of
    /// results for Lua: 1, or 2 (`nil`, message) if building failed, since
    /// a `luaopen_` function written in Swift must not raise.
    ///
    /// ```swift
    /// @_cdecl("luaopen_scalelab")
    /// public func luaopen_scalelab(_ L: OpaquePointer?) -> Int32 {
    ///     LuaRuntime.openModule(L) { runtime in try ScaleLabLua.module(runtime) }
    /// }
    /// ```
    public static func openModule(
        _ state: OpaquePointer?, _ build: (LuaRuntime) throws -> LuaValue
    ) -> Int32 {
        guard let state, lua_checkstack(state, 4) != 0 else { return 0 }
        do {
            let runtime = try attached(to: state)
            let previous = clua_setcurrent(state, state)
            defer { clua_setcurrent(state, previous) }
            let value = try build(runtime)
            LuaStack.push(value, state, runtime)
            return 1
        } catch {
            lua_pushnil(state)
            LuaStack.pushString((error as? LuaError)?.description ?? "\(error)", state)
            return 2
        }
    }
}
