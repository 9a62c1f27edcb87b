import Testing

@testable import LuaKit

/// Counts the live ``Tracked`` objects of one test (tests run in parallel).
final class LiveCount {
    var live = 0
}

/// A Swift object that counts its live instances in a ``LiveCount``.
final class Tracked {
    var value: Int
    let name: String
    let counter: LiveCount?
    init(_ value: Int = 0, name: String = "t", counter: LiveCount? = nil) {
        self.value = value
        self.name = name
        self.counter = counter
        counter?.live += 1
    }
    deinit { counter?.live -= 1 }
}

func trackedType() -> LuaUserdataType<Tracked> {
    LuaUserdataType<Tracked>(name: "test.Tracked")
        .method("add") { t, call in
            t.value += try call.integer(2)
            return call.push(t.value)
        }
        .property("value", get: { .integer($0.value) }, set: { t, v in
            guard case .integer(let i) = v else { throw LuaCallError.message("value must be an integer") }
            t.value = i
        })
        .property("name", get: { .string($0.name) })
        .tostring { "Tracked<\($0.name)=\($0.value)>" }
        .equals { $0.value == $1.value }
}

@Suite(.serialized) struct LuaUserdataTests {
    @Test func methodsPropertiesAndMetamethods() throws {
        let lua = try LuaRuntime()
        try lua.register(trackedType())
        let t = Tracked(1, name: "a")
        try lua.setGlobal("t", .object(t))
        #expect(try lua.run("return t:add(2), t.value, t.name, tostring(t)")
            == [.integer(3), .integer(3), .string("a"), .string("Tracked<a=3>")])
        try lua.run("t.value = 10")
        #expect(t.value == 10)
        try lua.setGlobal("u", .object(Tracked(10, name: "b")))
        #expect(try lua.run("return t == u, t ~= u, rawequal(t, u)")
            == [.boolean(true), .boolean(false), .boolean(false)])
        #expect(try lua.run("return getmetatable(t)") == [.string("test.Tracked")])
    }

    @Test func errorsNameTheFieldAndTheArgument() throws {
        let lua = try LuaRuntime()
        try lua.register(trackedType())
        try lua.setGlobal("t", .object(Tracked()))
        let cases: [(String, String)] = [
            ("t.name = 'x'", "stdin:1: field 'name' of test.Tracked is read-only"),
            ("t.nope = 1", "stdin:1: test.Tracked has no field 'nope'"),
            ("t.value = 'x'", "stdin:1: value must be an integer"),
            ("t:add('x')", "stdin:1: bad argument #1 to 'add' (number expected, got string)"),
            ("t.add(5)", "stdin:1: bad argument #1 to 'add' (test.Tracked expected, got number)"),
            ("t.add({}, 1)", "stdin:1: bad argument #1 to 'add' (test.Tracked expected, got table)"),
        ]
        for (code, message) in cases {
            do {
                try lua.run(code, name: "=stdin")
                Issue.record("no error for \(code)")
            } catch let error as LuaError {
                #expect(error.message == message, "\(code)")
            }
        }
    }

    @Test func theSameObjectIsAlwaysTheSameUserdata() throws {
        let lua = try LuaRuntime()
        try lua.register(trackedType())
        let t = Tracked()
        try lua.register("get") { call in call.push(.object(t)) }
        #expect(try lua.run("local a, b = get(), get(); local k = {[a] = 1}; return a == b, rawequal(a, b), k[b]")
            == [.boolean(true), .boolean(true), .integer(1)])
        #expect(lua.value(of: t) == lua.value(of: t))
        guard case .userdata(let ref) = lua.value(of: t) else {
            Issue.record("not a userdata")
            return
        }
        #expect(ref.object(as: Tracked.self) === t)
    }

    @Test func collectedUserdataReleasesItsObject() throws {
        let count = LiveCount()
        do {
            let lua = try LuaRuntime()
            try lua.register(trackedType())
            try lua.register("make") { call in call.push(.object(Tracked(counter: count))) }
            try lua.run("for i = 1, 1000 do local t = make(); t:add(i) end")
            try lua.collectGarbage()
            try lua.collectGarbage()
            #expect(count.live == 0)
            try lua.run("keep = make()")
            #expect(count.live == 1)
        }
        #expect(count.live == 0, "lua_close releases the rest")
    }

    @Test func aFailingCallbackReleasesWhatItCreatedAndLuaCanCatchTheError() throws {
        let count = LiveCount()
        let lua = try LuaRuntime()
        try lua.register("fail") { call in
            let object = Tracked(7, counter: count)
            #expect(count.live == 1)
            throw LuaCallError.message("failed with \(object.value)")
        }
        #expect(try lua.run("return pcall(function() fail() end)", name: "=stdin")
            == [.boolean(false), .string("stdin:1: failed with 7")])
        #expect(count.live == 0, "deinit ran before the error propagated")
    }

    @Test func aMillionAlternatingSuccessesAndFailuresLeakNothing() throws {
        let count = LiveCount()
        let lua = try LuaRuntime()
        try lua.register(trackedType())
        try lua.register("maybe") { call in
            let object = Tracked(try call.integer(1), counter: count)
            if object.value % 2 == 1 { throw LuaCallError.message("odd \(object.value)") }
            return call.push(.object(object))
        }
        let run = "local ok, bad = 0, 0 for i = 1, N do "
            + "if pcall(maybe, i) then ok = ok + 1 else bad = bad + 1 end end return ok, bad"
        try lua.run("N = 1000")
        _ = try lua.run(run)
        try lua.collectGarbage()
        let liveBefore = count.live
        let memoryBefore = lua.memoryUsed
        // 20,000 under ThreadSanitizer: it cannot follow liblua's fortified longjmp (see
        // runsUnderThreadSanitizer).
        let n = runsUnderThreadSanitizer ? 20_000 : 1_000_000
        try lua.run("N = \(n)")
        #expect(try lua.run(run) == [.integer(n / 2), .integer(n / 2)])
        try lua.collectGarbage()
        try lua.collectGarbage()
        #expect(count.live == liveBefore)
        // A leak of one small object per failure would be n/2 x 32+ bytes;
        // the margin covers tables that grew once (the userdata cache).
        #expect(lua.memoryUsed <= memoryBefore + 256 * 1024, "Lua heap is stable")
    }
}
