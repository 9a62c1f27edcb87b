import Testing

@testable import LuaKit

@Suite struct LuaMemoryLimitTests {
    @Test(arguments: [
        "local t = {} for i = 1, 1e8 do t[i] = i end",
        "local s = string.rep('x', 100 * 1024 * 1024)",
        "local t = {} for i = 1, 1e7 do t[i] = tostring(i) .. 'x' end",
    ])
    func exceedingTheCapIsAMemoryErrorAndTheStateStaysUsable(code: String) throws {
        let lua = try LuaRuntime(.init(memoryLimit: 8 << 20))
        #expect(throws: LuaError.memory) { try lua.run(code) }
        #expect(lua.memoryUsed < 8 << 20)
        #expect(try lua.run("return #string.rep('y', 1000)") == [.integer(1000)])
    }

    @Test func pcallCatchesNotEnoughMemory() throws {
        let lua = try LuaRuntime(.init(memoryLimit: 4 << 20))
        #expect(try lua.run("return pcall(string.rep, 'x', 64 * 1024 * 1024)")
            == [.boolean(false), .string("not enough memory")])
    }

    @Test func theCapCanBeRaisedAtRuntime() throws {
        let lua = try LuaRuntime(.init(memoryLimit: 4 << 20))
        let code = "local s = string.rep('x', 8 * 1024 * 1024) return #s"
        #expect(throws: LuaError.memory) { try lua.run(code) }
        lua.memoryLimit = 64 << 20
        #expect(try lua.run(code) == [.integer(8 << 20)])
        lua.memoryLimit = nil
        #expect(lua.memoryLimit == nil)
    }

    @Test func aSwiftCallbackMayAllocatePastTheCapButLuaGetsTheError() throws {
        let lua = try LuaRuntime(.init(memoryLimit: 2 << 20))
        try lua.register("big") { call in
            call.push(String(repeating: "z", count: 4 << 20))  // the soft cap lets Swift finish
        }
        #expect(try lua.run("return pcall(function() local s = big() return #s end)")
            == [.boolean(false), .string("not enough memory")])
        #expect(try lua.run("return 1") == [.integer(1)])
    }
}

@Suite struct LuaSandboxTests {
    @Test(arguments: [
        "io", "os.execute", "os.exit", "os.remove", "os.rename", "os.tmpname", "os.getenv",
        "package.loadlib", "dofile", "loadfile", "debug.sethook", "debug.getmetatable",
    ])
    func dangerousFunctionsAreAbsent(name: String) throws {
        let lua = try LuaRuntime(.init(libraries: .sandbox))
        #expect(try lua.run("return " + name) == [.nil])
    }

    @Test func safeLibrariesRemain() throws {
        let lua = try LuaRuntime(.init(libraries: .sandbox))
        #expect(try lua.run("""
            return string.format('%d', 42), table.concat({1, 2}, ','), math.floor(2.5),
              type(os.time()), type(os.clock()), utf8.char(233), type(coroutine.wrap)
            """) == ["42", "1,2", 2, "number", "number", "é", "function"])
    }

    @Test func noCModuleSearchersAndNoFiles() throws {
        let lua = try LuaRuntime(.init(libraries: .sandbox))
        #expect(try lua.run("return #package.searchers") == [.integer(1)])
        #expect(try lua.run("return (pcall(require, 'os'))") == [.boolean(true)])
        #expect(try lua.run("return (pcall(require, 'socket'))") == [.boolean(false)])
        #expect(try lua.run("return require('os').execute") == [.nil])
        #expect(try lua.run("package.preload.m = function() return 'mod' end return (require 'm')")
            == ["mod"])
    }

    @Test func loadRefusesBytecode() throws {
        let lua = try LuaRuntime(.init(libraries: .sandbox))
        #expect(try lua.run("return load('return 1')()") == [.integer(1)])
        #expect(try lua.run("return load(string.char(27) .. 'Lua', 'x', 'b')")
            == [.nil, .string("attempt to load a binary chunk (mode is 't')")])
        #expect(try lua.run("local env = {y = 5} return load('return y', 'c', 't', env)()")
            == [.integer(5)])
    }

    @Test func theStringMetatableIsLockedAndGcCannotBeStopped() throws {
        let lua = try LuaRuntime(.init(libraries: .sandbox))
        #expect(try lua.run("return getmetatable('')") == ["string"])
        #expect(try lua.run("return ('x'):rep(3)") == ["xxx"])
        #expect(try lua.run("return (pcall(collectgarbage, 'stop'))") == [.boolean(false)])
        #expect(try lua.run("return type(collectgarbage('count'))") == ["number"])
    }
}
