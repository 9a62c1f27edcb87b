import Testing

@testable import LuaKit

private func show(_ expression: String, setup: String = "") throws -> String {
    let lua = try LuaRuntime()
    if !setup.isEmpty { try lua.run(setup) }
    let repl = try LuaRepl(runtime: lua)
    switch repl.feed(expression) {
    case .done(let output, _): return output
    case .failed(let message, _): return "E:" + message
    case .needMore: return ">>"
    }
}

@Suite struct LuaValuePrinterTests {
    @Test(arguments: [
        ("1, 2.0, -0.5, 1e100, 2^63", "1\t2.0\t-0.5\t1e+100\t9.2233720368548e+18"),
        ("'top-level strings are raw'", "top-level strings are raw"),
        ("nil, true, false", "nil\ttrue\tfalse"),
        ("{}", "{}"),
        ("{1, 2, 3}", "{ 1, 2, 3 }"),
        ("{b = 1, a = 'x', [10] = true, [1.5] = 0}", "{ [1.5] = 0, [10] = true, a = \"x\", b = 1 }"),
        ("{'a\\nb', ['key with space'] = {}}", "{ \"a\\nb\", [\"key with space\"] = {} }"),
        ("{1, nil, 3}", "{ 1, [3] = 3 }"),
        ("{x = {y = {z = {}}}}", "{ x = { y = { z = {} } } }"),
        ("{[true] = 1, [false] = 0}", "{ [false] = 0, [true] = 1 }"),
        ("{['end'] = 1, ['_ok'] = 2}", "{ _ok = 2, [\"end\"] = 1 }"),
    ])
    func values(expression: String, expected: String) throws {
        #expect(try show(expression) == expected)
    }

    @Test func cyclesAreMarked() throws {
        let out = try show("t", setup: "t = {name = 'root'}; t.self = t")
        #expect(out.hasPrefix("{ name = \"root\", self = <cycle: table: 0x"))
    }

    @Test func deepNestingIsCut() throws {
        let out = try show("t", setup: "t = {} local c = t for i = 1, 20 do c.n = {} c = c.n end")
        #expect(out.contains("{...}"))
        #expect(!out.contains("n = { n = { n = { n = { n = { n = { n = {"))
    }

    @Test func longTablesAreCutAndWrapped() throws {
        let out = try show("t", setup: "t = {} for i = 1, 500 do t[i] = i end")
        #expect(out.hasPrefix("{\n  1,\n  2,"))
        #expect(out.hasSuffix("  100,\n  ... (400 more)\n}"))
    }

    @Test func hugeNestedTablesStayBounded() throws {
        let setup = "t = {} for i = 1, 200 do local r = {} t[i] = r for j = 1, 200 do r[j] = {j} end end"
        let out = try show("t", setup: setup)
        #expect(out.utf8.count < 200_000)
    }

    @Test func userdataAndTablesUseTostringAndName() throws {
        #expect(try show("setmetatable({}, {__tostring = function() return 'T!' end})") == "T!")
        #expect(try show("{setmetatable({}, {__tostring = function() return 'in' end})}") == "{ in }")
        // A table with a metatable but no __tostring shows its contents.
        #expect(try show("setmetatable({1}, {__name = 'My.Type'})") == "{ 1 }")
        #expect(try show("io.stdout").hasPrefix("file (0x"))
        #expect(try show("print").hasPrefix("builtin: 0x") || show("print").hasPrefix("function: "))
    }
}

@Suite struct LuaCompletionTests {
    private func complete(_ text: String, setup: String = "") throws -> [String] {
        let lua = try LuaRuntime()
        try lua.register(trackedType())
        try lua.setGlobal("obj", .object(Tracked()))
        if !setup.isEmpty { try lua.run(setup) }
        return try LuaRepl(runtime: lua).completions(for: text)
    }

    @Test func globalsKeywordsFieldsAndMethods() throws {
        #expect(try complete("string.fo") == ["string.format"])
        #expect(try complete("x = string.fo") == ["string.format"])
        #expect(try complete("pri") == ["print"])
        #expect(try complete("whi") == ["while"])
        #expect(try complete("obj:") == ["obj:add"])
        #expect(try complete("obj.") == ["obj.add", "obj.name", "obj.value"])
        #expect(try complete("s:up", setup: "s = 'x'") == ["s:upper"])
        #expect(try complete("t.a.", setup: "t = {a = {bb = 1, cc = 2, [3] = 3}}")
            == ["t.a.bb", "t.a.cc"])
        #expect(try complete("nothing.") == [])
    }

    @Test func completionNeverRunsMetamethods() throws {
        let setup = """
            ran = false
            t = setmetatable({}, {__index = function() ran = true end})
            u = setmetatable({}, {__index = {inherited = 1}})
            """
        let lua = try LuaRuntime()
        try lua.run(setup)
        let repl = try LuaRepl(runtime: lua)
        #expect(repl.completions(for: "t.x") == [])
        #expect(repl.completions(for: "u.in") == ["u.inherited"])
        #expect(try lua.global("ran") == .boolean(false))
    }
}

@Suite struct LuaValueConversionTests {
    @Test func roundTrips() throws {
        let lua = try LuaRuntime()
        try lua.registerValues("echo") { $0 }
        let values: [LuaValue] = [
            .nil, true, false, 0, -7, .integer(Int.max), 2.5, .number(-0.0), "",
            .string("with\0zero"), .bytes([0xff, 0x00, 0xfe]), .string("é€"),
            .table(LuaTable(array: [1, "two"], fields: [(key: "k", value: 3.5)])),
        ]
        let back = try lua.call(global: "echo", values)
        #expect(back == values)
    }

    @Test func stringsKeepEmbeddedZerosInLua() throws {
        let lua = try LuaRuntime()
        try lua.setGlobal("s", .string("a\0b"))
        #expect(try lua.run("return #s, s:byte(2)") == [3, 0])
        try lua.setGlobal("b", .bytes([0xff]))
        #expect(try lua.run("return #b, b:byte(1)") == [1, 255])
    }

    @Test func tablesAreSnapshotsWithCyclesAsReferences() throws {
        let lua = try LuaRuntime()
        let value = try lua.run("local t = {1, 2, x = {y = true}} t.me = t return t").first
        guard case .table(let t)? = value else {
            Issue.record("not a table")
            return
        }
        #expect(t.array == [1, 2])
        #expect(t["x"] == .table(LuaTable(fields: [(key: "y", value: true)])))
        guard case .reference(let me)? = t["me"] else {
            Issue.record("cycle not kept as a reference")
            return
        }
        #expect(me.typeName == "table")
    }

    @Test func functionReferencesAreCallableAndReleased() throws {
        let lua = try LuaRuntime()
        guard case .function(let f)? = try lua.run("return function(a, b) return a * b end").first
        else {
            Issue.record("not a function")
            return
        }
        #expect(try f.call([6, 7]) == [42])
        _ = try lua.run("return function() end")  // the free list now has a slot
        let registryBefore = try lua.run("return #debug.getregistry()")
        for _ in 0..<100 { _ = try lua.run("return function() end") }
        let registryAfter = try lua.run("return #debug.getregistry()")
        #expect(registryBefore == registryAfter, "refs are unref'd when dropped")
    }
}
