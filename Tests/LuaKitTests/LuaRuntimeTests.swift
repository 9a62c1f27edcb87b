import Foundation
import Testing

@testable import LuaKit

@Suite struct LuaRuntimeTests {
    @Test func runsAChunkAndReturnsItsValues() throws {
        let lua = try LuaRuntime()
        let results = try lua.run("return 1, 2.5, 'x', nil, true", name: "=stdin")
        #expect(results == [.integer(1), .number(2.5), .string("x"), .nil, .boolean(true)])
    }

    @Test func syntaxErrorsSayWhetherTheInputIsIncomplete() throws {
        let lua = try LuaRuntime()
        #expect(throws: LuaError.syntax(message: "stdin:1: 'end' expected near <eof>",
                                        incomplete: true)) {
            try lua.run("for i=1,2 do", name: "=stdin")
        }
        #expect(throws: LuaError.syntax(message: "stdin:1: unexpected symbol near ')'",
                                        incomplete: false)) {
            try lua.run("x = )", name: "=stdin")
        }
    }

    @Test func runtimeErrorsCarryMessageAndTraceback() throws {
        let lua = try LuaRuntime()
        do {
            try lua.run("error('boom')", name: "=stdin")
            Issue.record("no error")
        } catch let error as LuaError {
            guard case .runtime(let message, let traceback) = error else {
                Issue.record("wrong case \(error)")
                return
            }
            #expect(message == "stdin:1: boom")
            #expect(traceback.hasPrefix("stack traceback:\n\t[C]: in function 'error'"))
        }
    }

    @Test func nonStringErrorObjectsAreDescribed() throws {
        let lua = try LuaRuntime()
        #expect(throws: LuaError.self) { try lua.run("error({})") }
        do { try lua.run("error({})") } catch let error as LuaError {
            #expect(error.message == "(error object is a table value)")
        }
        do {
            try lua.run("error(setmetatable({}, {__tostring = function() return 'custom' end}))")
        } catch let error as LuaError {
            #expect(error.message == "custom")
        }
    }

    @Test func swiftFunctionsAreCallable() throws {
        let lua = try LuaRuntime()
        try lua.register("add") { call in
            call.push(try call.integer(1) + call.integer(2))
        }
        #expect(try lua.run("return add(2, 3)") == [.integer(5)])
        do {
            try lua.run("return add(2, 'x')", name: "=stdin")
            Issue.record("no error")
        } catch let error as LuaError {
            #expect(error.message
                == "stdin:1: bad argument #2 to 'add' (number expected, got string)")
        }
    }
}

@Suite struct LuaRuntimeOptionsTests {
    @Test func ignoreEnvironmentSetsLuaNoEnv() throws {
        setenv("LUA_PATH", "/nonexistent/?.lua", 1)
        defer { unsetenv("LUA_PATH") }
        let plain = try LuaRuntime()
        #expect(try plain.run("return package.path") == ["/nonexistent/?.lua"])
        let clean = try LuaRuntime(.init(ignoreEnvironment: true))
        #expect(try clean.run("return package.path.find(package.path, '/nonexistent', 1, true)")
            == [.nil])
    }
}
