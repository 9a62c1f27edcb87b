import CLuaShim

/// Conversions between the Lua stack and ``LuaValue``. Only functions that
/// cannot raise are used here (`-`), plus allocating ones (`m`), which run
/// while a Swift frame is active and so are never refused by the cap;
/// table traversal runs in C under `lua_pcall` (`clua_pflatten`).
enum LuaStack {
    static func push(_ value: LuaValue, _ L: OpaquePointer, _ runtime: LuaRuntime) {
        switch value {
        case .nil, .boolean, .integer, .number, .string, .bytes: pushScalar(value, L)
        case .table(let t): pushTable(t, L, runtime)
        case .function(let r), .userdata(let r), .reference(let r):
            if r.runtime === runtime { r.push(L) } else { lua_pushnil(L) }
        case .object(let o):
            if !runtime.pushObject(o, L) { lua_pushnil(L) }
        }
    }

    /// Pushes a value that needs no runtime (nil, boolean, number, string); others as nil.
    static func pushScalar(_ value: LuaValue, _ L: OpaquePointer) {
        switch value {
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, lua_Integer(i))
        case .number(let d): lua_pushnumber(L, d)
        case .string(let s): pushString(s, L)
        case .bytes(let b):
            b.withUnsafeBufferPointer { buffer in
                _ = buffer.withMemoryRebound(to: CChar.self) {
                    lua_pushlstring(L, $0.baseAddress, $0.count)
                }
            }
        case .nil, .table, .function, .userdata, .reference, .object: lua_pushnil(L)
        }
    }

    static func pushString(_ s: String, _ L: OpaquePointer) {
        var s = s
        s.withUTF8 { buffer in
            _ = buffer.withMemoryRebound(to: CChar.self) {
                lua_pushlstring(L, $0.baseAddress, $0.count)
            }
        }
    }

    private static func pushTable(_ t: LuaTable, _ L: OpaquePointer, _ runtime: LuaRuntime) {
        lua_createtable(L, Int32(clamping: t.array.count), Int32(clamping: t.fields.count))
        for (i, v) in t.array.enumerated() {
            push(v, L, runtime)
            lua_rawseti(L, -2, lua_Integer(i + 1))
        }
        for (k, v) in t.fields where k != .nil {
            if case .number(let d) = k, d.isNaN { continue }  // not a valid key
            push(k, L, runtime)
            push(v, L, runtime)
            lua_rawset(L, -3)
        }
    }

    /// The string at `index` (a string or a number, converted in place).
    static func string(_ L: OpaquePointer, _ index: Int32) -> LuaValue {
        var length = 0
        guard let p = clua_tolstring(L, index, &length) else { return .nil }
        let buffer = UnsafeRawBufferPointer(start: p, count: length)
        if let s = String(validating: buffer, as: UTF8.self) { return .string(s) }
        return .bytes(Array(buffer))
    }

    static func value(
        _ L: OpaquePointer, _ index: Int32, _ runtime: LuaRuntime, depth: Int = 0,
        path: inout [UnsafeRawPointer]
    ) -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int(lua_tointegerx(L, index, nil))) }
            return .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING: return string(L, index)
        case LUA_TTABLE:
            return snapshot(L, index, runtime, depth: depth, path: &path)
                ?? .reference(LuaReference(runtime: runtime, L: L, index: index))
        case LUA_TFUNCTION: return .function(LuaReference(runtime: runtime, L: L, index: index))
        case LUA_TUSERDATA: return .userdata(LuaReference(runtime: runtime, L: L, index: index))
        default: return .reference(LuaReference(runtime: runtime, L: L, index: index))
        }
    }

    static func value(_ L: OpaquePointer, _ index: Int32, _ runtime: LuaRuntime) -> LuaValue {
        var path: [UnsafeRawPointer] = []
        return value(L, index, runtime, path: &path)
    }

    /// A table snapshot, or nil for a cycle, too deep a nesting, or failure.
    private static func snapshot(
        _ L: OpaquePointer, _ index: Int32, _ runtime: LuaRuntime, depth: Int,
        path: inout [UnsafeRawPointer]
    ) -> LuaValue? {
        guard depth < LuaTable.maxDepth, let p = lua_topointer(L, index), !path.contains(p),
            lua_checkstack(L, 8) != 0
        else { return nil }
        lua_pushvalue(L, index)
        guard clua_pflatten(L) == LUA_OK else {
            clua_pop(L, 1)
            return nil
        }
        path.append(p)
        defer {
            path.removeLast()
            clua_pop(L, 1)
        }
        let flat = lua_gettop(L)
        let n = lua_Integer(lua_rawlen(L, flat))
        var table = LuaTable()
        var i: lua_Integer = 1
        while i < n {
            lua_rawgeti(L, flat, i)
            lua_rawgeti(L, flat, i + 1)
            let key = value(L, -2, runtime, depth: depth + 1, path: &path)
            let val = value(L, -1, runtime, depth: depth + 1, path: &path)
            clua_pop(L, 2)
            table.fields.append((key, val))
            i += 2
        }
        // Move the sequence 1...n (in any `next` order) into `array`.
        var byIndex: [Int: LuaValue] = [:]
        for (k, v) in table.fields { if case .integer(let j) = k, j >= 1 { byIndex[j] = v } }
        var border = 0
        while let v = byIndex[border + 1] {
            table.array.append(v)
            border += 1
        }
        if border > 0 {
            table.fields.removeAll {
                guard case .integer(let j) = $0.key else { return false }
                return j >= 1 && j <= border
            }
        }
        return .table(table)
    }

    /// Reads and pops the values above `base`.
    static func popResults(_ L: OpaquePointer, above base: Int32, _ runtime: LuaRuntime)
        -> [LuaValue]
    {
        let top = lua_gettop(L)
        guard top > base else { return [] }
        var results: [LuaValue] = []
        results.reserveCapacity(Int(top - base))
        for i in (base + 1)...top { results.append(value(L, i, runtime)) }
        lua_settop(L, base)
        return results
    }
}
