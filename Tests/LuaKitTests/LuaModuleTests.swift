import CLuaShim
import Testing

@testable import LuaKit

/// A Lua C module's view: the state belongs to another program (here a
/// plain `luaL_newstate`, as `lua5.4` makes), LuaKit attaches to it.
@Suite(.serialized) struct LuaModuleTests {
    @Test func openModuleBuildsTheModuleInAForeignState() throws {
        guard let L = luaL_newstate() else {
            Issue.record("no state")
            return
        }
        luaL_openlibs(L)
        let count = LiveCount()
        weak var weakRuntime: LuaRuntime?
        let results = LuaRuntime.openModule(L) { runtime in
            weakRuntime = runtime
            try runtime.register(trackedType())
            let make = runtime.function { call in call.push(.object(Tracked(try call.integer(1), counter: count))) }
            return .table(LuaTable(fields: [(key: "make", value: make)]))
        }
        #expect(results == 1)
        lua_setglobal(L, "m")
        #expect(try LuaRuntime.attached(to: L) === weakRuntime, "one runtime per state")
        let code = "local t = m.make(4); t:add(1); return t.value, tostring(t), pcall(m.make, 'x')"
        #expect(luaL_loadstring(L, code) == LUA_OK)
        #expect(lua_pcallk(L, 0, 4, 0, 0, nil) == LUA_OK)
        #expect(lua_tointegerx(L, 1, nil) == 5)
        #expect(String(cString: clua_tolstring(L, 2, nil)) == "Tracked<t=5>")
        #expect(String(cString: clua_tolstring(L, 4, nil))
            == "bad argument #1 to '?' (number expected, got string)")
        clua_pop(L, 4)
        #expect(count.live == 1)
        lua_close(L)
        #expect(count.live == 0, "closing the state released the objects")
        #expect(weakRuntime == nil, "and the runtime")
    }
}
