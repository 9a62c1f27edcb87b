import CLuaShim

extension LuaRuntime {
    /// Sets the field `event` of the metatable of the registered userdata type of `type` to
    /// `value`, typically a plain function from ``function(_:)``. Unlike
    /// ``LuaUserdataType/metamethod(_:_:)``, the function sees its arguments as Lua passes
    /// them, without requiring the object first: what binary metamethods need, since Lua calls
    /// `__add`, `__mul`, `__concat`, ... of either operand (`2 * t` calls `t`'s `__mul` with
    /// `2, t`; Lua 5.4 manual §2.4).
    public func setMetafield(ofType type: AnyObject.Type, _ event: String, _ value: LuaValue)
        throws
    {
        guard let info = typeInfo(type) else {
            throw LuaError.runtime(
                message: "setMetafield: the type \(type) is not registered", traceback: "")
        }
        let L = current
        guard lua_checkstack(L, 4) != 0 else { throw LuaError.memory }
        lua_rawgeti(L, clua_registryindex(), lua_Integer(info.metatableRef))
        LuaStack.push(value, L, self)
        lua_setfield(L, -2, event)
        clua_pop(L, 1)
    }
}
