import Foundation
import Testing

@testable import LuaKit

/// Runs `code` while another thread interrupts it after a short delay, as
/// a SIGINT handler would (the handle only sets an atomic flag).
private func interrupted(_ code: String, options: LuaRuntime.Options = .init()) throws -> LuaError? {
    let lua = try LuaRuntime(options)
    let handle = lua.interruptHandle
    Thread.detachNewThread {
        Thread.sleep(forTimeInterval: 0.05)
        handle.interrupt()
    }
    do {
        try lua.run(code, name: "=stdin")
        return nil
    } catch let error as LuaError {
        #expect(try lua.run("return 1 + 1") == [.integer(2)], "the state stays usable")
        return error
    }
}

@Suite(.serialized) struct LuaInterruptTests {
    @Test(arguments: [
        "while true do end",
        "while true do pcall(function() while true do end end) end",
        "coroutine.wrap(function() while true do end end)()",
        "local co = coroutine.create(function() while true do end end)\n"
            + "while true do coroutine.resume(co) end",
        "while true do pcall(coroutine.wrap(function() while true do end end)) end",
    ])
    func interruptStopsLoopsEvenInsidePcallAndCoroutines(code: String) throws {
        let error = try interrupted(code)
        guard case .interrupted(let message, _)? = error else {
            Issue.record("expected interrupted, got \(String(describing: error))")
            return
        }
        #expect(message.hasSuffix("interrupted!"))
    }

    @Test func withoutTheAlwaysOnHookTheMainThreadIsStillInterrupted() throws {
        let error = try interrupted("while true do end", options: .init(hookEverywhere: false))
        guard case .interrupted? = error else {
            Issue.record("expected interrupted, got \(String(describing: error))")
            return
        }
    }

    @Test func timeoutStopsAScript() throws {
        let lua = try LuaRuntime()
        lua.setTimeout(.milliseconds(50), message: "script timed out")
        // The stop escapes pcall: the last raise is in the main chunk.
        #expect(throws: LuaError.limitExceeded(message: "script timed out",
            traceback: "stack traceback:\n\tstdin:1: in main chunk\n\t[C]: in ?")) {
            try lua.run("while true do pcall(function() while true do end end) end",
                        name: "=stdin")
        }
        #expect(lua.lastStopReason == .timeout)
        lua.setTimeout(nil)
        #expect(try lua.run("for i = 1, 1e6 do end return 'ok'") == ["ok"])
    }

    @Test func instructionBudgetStopsAScript() throws {
        let lua = try LuaRuntime()
        lua.setInstructionLimit(100_000)
        #expect(throws: LuaError.self) { try lua.run("while true do end") }
        #expect(lua.lastStopReason == .instructionLimit)
        #expect(try lua.run("return 2") == [.integer(2)])
    }
}

@Suite struct LuaCancellationTests {
    @Test func aLongSwiftLoopPollsCancellationAndTheCallEndsInterrupted() throws {
        let lua = try LuaRuntime()
        let handle = lua.interruptHandle
        try lua.register("engine") { call in
            handle.interrupt()  // as if Ctrl-C arrived while Swift runs
            var steps = 0
            while !(call.runtime?.isCancellationRequested ?? true) { steps += 1 }
            throw LuaCallError.message("engine stopped after \(steps) steps")
        }
        #expect(!lua.isCancellationRequested)
        // pcall catches the engine's error, but the stop still reaches the top.
        do {
            try lua.run("pcall(engine) while true do end", name: "=stdin")
            Issue.record("not stopped")
        } catch let error as LuaError {
            guard case .interrupted = error else {
                Issue.record("expected interrupted, got \(error)")
                return
            }
        }
        #expect(lua.lastStopReason == .interrupted)
        #expect(!lua.isCancellationRequested)
    }
}
