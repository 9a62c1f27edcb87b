import CLuaShim

/// LuaKit: a Swift wrapper of one `lua_State`.
public enum LuaKit {
    /// The Lua version this build links against, e.g. "Lua 5.4".
    public static let luaVersion = LUA_VERSION_MAJOR + "." + LUA_VERSION_MINOR
}
