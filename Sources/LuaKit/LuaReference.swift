import CLuaShim

/// A Lua value kept alive in the registry of its runtime (`luaL_ref`):
/// a function, a userdata, a thread, or a table kept by reference.
///
/// The reference is released (`luaL_unref`) when the last Swift copy goes
/// away; it holds its runtime weakly, so it never keeps a state open, and
/// after the runtime is gone it only reports that it is dead.
public final class LuaReference: CustomStringConvertible {
    weak var runtime: LuaRuntime?
    let ref: Int32
    /// The Lua type tag (`LUA_TFUNCTION`, ...).
    let type: Int32
    /// The address of the Lua object (`lua_topointer`), for identity.
    public let pointer: UnsafeRawPointer?

    /// Refs the value at `index` of `L` (which must be a state of `runtime`).
    init(runtime: LuaRuntime, L: OpaquePointer, index: Int32) {
        self.runtime = runtime
        type = lua_type(L, index)
        pointer = lua_topointer(L, index)
        lua_pushvalue(L, index)
        ref = luaL_ref(L, clua_registryindex())
    }

    deinit {
        if let runtime { luaL_unref(runtime.L, clua_registryindex(), ref) }
    }

    /// The Lua type name (`"function"`, `"userdata"`, ...).
    public var typeName: String { String(cString: lua_typename(nil, type)) }

    /// Pushes the value onto `L` (nil if its runtime is gone).
    func push(_ L: OpaquePointer) {
        if runtime != nil {
            lua_rawgeti(L, clua_registryindex(), lua_Integer(ref))
        } else {
            lua_pushnil(L)
        }
    }

    /// Calls the referenced value with `arguments`, returning its results.
    public func call(_ arguments: [LuaValue] = []) throws -> [LuaValue] {
        guard let runtime else {
            throw LuaError.runtime(message: "Lua state is closed", traceback: "")
        }
        return try runtime.call(self, arguments)
    }

    /// The Swift object of a userdata of the registered type `T`.
    public func object<T: AnyObject>(as type: T.Type) -> T? {
        guard let runtime else { return nil }
        return runtime.object(of: self, as: type)
    }

    public var description: String {
        "\(typeName): \(pointer.map { String(describing: $0) } ?? "nil")"
    }
}
