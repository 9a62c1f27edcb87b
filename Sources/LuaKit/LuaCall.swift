import CLuaShim

/// The arguments and results of one call of a Swift function from Lua.
///
/// A view of the Lua stack: reading an argument allocates nothing for
/// numbers, booleans and objects, so a bound method costs no allocation
/// per call. Results are pushed with `push`, and the body returns how many
/// it pushed. Argument errors are thrown as ``LuaCallError/argument(index:message:)``
/// and raised by the C trampoline with `luaL_argerror`'s wording
/// (`bad argument #2 to 'scale' (number expected, got string)`).
public struct LuaCall {
    let L: OpaquePointer

    init(_ L: OpaquePointer) { self.L = L }

    /// The runtime the call belongs to.
    public var runtime: LuaRuntime? {
        guard let owner = clua_owner(L) else { return nil }
        return Unmanaged<LuaRuntime>.fromOpaque(owner).takeUnretainedValue()
    }

    /// Number of arguments (for a method, `self` is argument 1).
    public var count: Int { Int(lua_gettop(L)) }

    /// True when argument `i` is absent or nil.
    public func isNil(_ i: Int) -> Bool { lua_type(L, Int32(i)) <= LUA_TNIL }

    /// Argument `i` converted to a ``LuaValue``.
    public func value(_ i: Int) -> LuaValue {
        let index = Int32(i)
        // The common argument first: one check and one read.
        if lua_isinteger(L, index) != 0 { return .integer(Int(lua_tointegerx(L, index, nil))) }
        switch lua_type(L, index) {
        // Scalars need no runtime: fetching it retains and releases an object with weak
        // references (a side-table reference count), the biggest cost of a cheap method.
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER: return .number(lua_tonumberx(L, index, nil))
        default:
            guard let runtime else { return .nil }
            return LuaStack.value(L, index, runtime)
        }
    }

    /// The type name `luaL_typeerror` uses (`__name` for userdata types).
    public func typeName(_ i: Int) -> String {
        if lua_type(L, Int32(i)) == LUA_TNONE { return "no value" }
        return String(cString: clua_typename(L, Int32(i)))
    }

    private func typeError(_ i: Int, _ expected: String) -> LuaCallError {
        .argument(index: i, message: "\(expected) expected, got \(typeName(i))")
    }

    /// An integer argument (`luaL_checkinteger`: numbers with an exact
    /// integer value and numeric strings are accepted).
    public func integer(_ i: Int) throws -> Int {
        var ok: Int32 = 0
        let v = lua_tointegerx(L, Int32(i), &ok)
        if ok != 0 { return Int(v) }
        if lua_isnumber(L, Int32(i)) != 0 {
            throw LuaCallError.argument(index: i, message: "number has no integer representation")
        }
        throw typeError(i, "number")
    }

    /// A number argument (`luaL_checknumber`).
    public func number(_ i: Int) throws -> Double {
        var ok: Int32 = 0
        let v = lua_tonumberx(L, Int32(i), &ok)
        if ok != 0 { return v }
        throw typeError(i, "number")
    }

    /// A string argument (`luaL_checklstring`: numbers are converted).
    public func string(_ i: Int) throws -> String {
        switch LuaStack.string(L, Int32(i)) {
        case .string(let s): return s
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        default: throw typeError(i, "string")
        }
    }

    /// A string argument as bytes (embedded zeros and non-UTF-8 kept).
    public func bytes(_ i: Int) throws -> [UInt8] {
        guard let bytes = LuaStack.string(L, Int32(i)).stringBytes else {
            throw typeError(i, "string")
        }
        return bytes
    }

    /// Argument `i` as a boolean (Lua truth: only nil and false are false).
    public func boolean(_ i: Int) -> Bool { lua_toboolean(L, Int32(i)) != 0 }

    /// A table argument, as a snapshot.
    public func table(_ i: Int) throws -> LuaTable {
        guard lua_type(L, Int32(i)) == LUA_TTABLE, case .table(let t) = value(i) else {
            throw typeError(i, "table")
        }
        return t
    }

    /// A function argument, as a reference.
    public func function(_ i: Int) throws -> LuaReference {
        guard lua_type(L, Int32(i)) == LUA_TFUNCTION, case .function(let f) = value(i) else {
            throw typeError(i, "function")
        }
        return f
    }

    /// The Swift object of a userdata argument of the registered type `T`.
    public func object<T: AnyObject>(_ i: Int, as type: T.Type) throws -> T {
        guard let runtime, let info = runtime.typeInfo(type) else {
            throw typeError(i, String(describing: type))
        }
        lua_rawgeti(L, clua_registryindex(), lua_Integer(info.metatableRef))
        let pointer = clua_toobject(L, Int32(i), -1)
        clua_pop(L, 1)
        guard let pointer else { throw typeError(i, info.name) }
        return Unmanaged<T>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// An optional integer argument: nil when absent or nil (`luaL_optinteger`).
    public func optionalInteger(_ i: Int) throws -> Int? { isNil(i) ? nil : try integer(i) }
    /// An optional number argument: nil when absent or nil.
    public func optionalNumber(_ i: Int) throws -> Double? { isNil(i) ? nil : try number(i) }
    /// An optional string argument: nil when absent or nil.
    public func optionalString(_ i: Int) throws -> String? { isNil(i) ? nil : try string(i) }

    // MARK: results

    /// Pushes a result; returns 1 (the count), so `return call.push(x)`.
    @discardableResult
    public func push(_ value: LuaValue) -> Int32 {
        guard lua_checkstack(L, 4) != 0 else { return 0 }
        switch value {
        case .nil, .boolean, .integer, .number, .string, .bytes:
            // No runtime needed: fetching it would retain and release an object with weak
            // references (a slow, side-table reference count) on every property read.
            LuaStack.pushScalar(value, L)
        case .table, .function, .userdata, .reference, .object:
            if let runtime { LuaStack.push(value, L, runtime) } else { lua_pushnil(L) }
        }
        return 1
    }

    /// Pushes an integer result (no allocation); returns 1.
    @discardableResult
    public func push(_ value: Int) -> Int32 {
        lua_pushinteger(L, lua_Integer(value))
        return 1
    }

    /// Pushes a float result; returns 1.
    @discardableResult
    public func push(_ value: Double) -> Int32 {
        lua_pushnumber(L, value)
        return 1
    }

    /// Pushes a boolean result; returns 1.
    @discardableResult
    public func push(_ value: Bool) -> Int32 {
        lua_pushboolean(L, value ? 1 : 0)
        return 1
    }

    /// Pushes a string result; returns 1.
    @discardableResult
    public func push(_ value: String) -> Int32 {
        LuaStack.pushString(value, L)
        return 1
    }

    /// Pushes several results; returns their count.
    @discardableResult
    public func push(_ values: [LuaValue]) -> Int32 {
        guard lua_checkstack(L, Int32(clamping: values.count + 4)) != 0 else { return 0 }
        for v in values { push(v) }
        return Int32(values.count)
    }

    // MARK: errors

    /// Turns a Swift error into the status the trampoline raises.
    static func raise(_ error: any Error, _ L: OpaquePointer) -> Int32 {
        switch error {
        case LuaCallError.argument(let index, let message):
            lua_pushinteger(L, lua_Integer(index))
            LuaStack.pushString(message, L)
            return CLUA_ARGERROR
        case LuaCallError.message(let message):
            LuaStack.pushString(message, L)
            return CLUA_RAISE_WHERE
        case let error as LuaError:
            // An error of a nested call: re-raise its message unchanged.
            LuaStack.pushString(error.message, L)
            return CLUA_RAISE
        default:
            LuaStack.pushString(String(describing: error), L)
            return CLUA_RAISE_WHERE
        }
    }
}
