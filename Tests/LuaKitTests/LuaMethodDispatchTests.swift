import Testing

@testable import LuaKit

/// The method trampoline's fast self check (the box carries the type tag) must refuse every
/// self that is not a live object of the method's own type, with `luaL_typeerror`'s wording.
@Suite struct LuaMethodDispatchTests {
    final class Other { var n = 0 }

    @Test func aMethodRefusesEverySelfThatIsNotItsType() throws {
        let lua = try LuaRuntime()
        try lua.register(trackedType())
        try lua.register(LuaUserdataType<Other>(name: "test.Other")
            .method("n") { o, call in call.push(o.n) })
        try lua.setGlobal("t", .object(Tracked()))
        try lua.setGlobal("o", .object(Other()))
        let cases: [(String, String)] = [
            // an object of another type (a userdata of the same size and layout)
            ("t.add(o, 1)", "bad argument #1 to 'add' (test.Tracked expected, got test.Other)"),
            ("o.n(t)", "bad argument #1 to 'n' (test.Other expected, got test.Tracked)"),
            // a standard userdata of the same size (a file handle is two pointers)
            ("t.add(io.stdout, 1)", "bad argument #1 to 'add' (test.Tracked expected, got FILE*)"),
            ("t.add(nil, 1)", "bad argument #1 to 'add' (test.Tracked expected, got nil)"),
            ("t.add('x', 1)", "bad argument #1 to 'add' (test.Tracked expected, got string)"),
            ("t.add(print, 1)", "bad argument #1 to 'add' (test.Tracked expected, got function)"),
        ]
        for (code, message) in cases {
            do {
                try lua.run(code, name: "=stdin")
                Issue.record("no error for \(code)")
            } catch let error as LuaError {
                #expect(error.message == "stdin:1: " + message, "\(code)")
            }
        }
        #expect(try lua.run("return t:add(2), o:n()") == [.integer(2), .integer(0)])
    }

    @Test func descriptionsOfTypesMethodsPropertiesAndFunctions() throws {
        let lua = try LuaRuntime()
        try lua.register(LuaUserdataType<Tracked>(name: "test.Tracked", summary: "a counter")
            .method("add", "(n: integer): integer", "adds n") { t, call in
                t.value += try call.integer(2)
                return call.push(t.value)
            }
            .method("bare") { _, _ in 0 }
            .property("value", "integer", "the count", get: { .integer($0.value) },
                      set: { t, v in if case .integer(let i) = v { t.value = i } })
            .property("name", get: { .string($0.name) }))
        let type = try #require(lua.typeDescription(named: "test.Tracked"))
        #expect(type.shortName == "Tracked" && type.summary == "a counter")
        #expect(type.members.map(\.name) == ["add", "bare", "name", "value"])
        #expect(type.members.map(\.kind) == [.method, .method, .property, .writableProperty])
        #expect(type.members[0].doc == LuaDoc("(n: integer): integer", "adds n"))
        #expect(type.members[1].doc.isEmpty && type.members[2].doc.isEmpty)
        #expect(type.members[3].doc == LuaDoc("integer", "the count"))

        try lua.setGlobal("t", .object(Tracked()))
        let method = try #require(lua.functionInfo(of: try lua.run("return t.add")[0]))
        #expect(method.owner == "test.Tracked" && method.name == "add")
        #expect(method.doc.summary == "adds n")
        let f = lua.function("(x: number): number", "doubles x") { call in
            call.push(try call.number(1) * 2)
        }
        let info = try #require(lua.functionInfo(of: f))
        #expect(info.owner == nil && info.doc == LuaDoc("(x: number): number", "doubles x"))
        #expect(lua.functionInfo(of: try lua.run("return function() end")[0]) == nil)
        #expect(lua.functionInfo(of: try lua.run("return print")[0]) == nil)
        #expect(lua.typeName(of: try lua.run("return t")[0]) == "test.Tracked")
        #expect(lua.typeName(of: try lua.run("return io.stdout")[0]) == nil)
    }
}
