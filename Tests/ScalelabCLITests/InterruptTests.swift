import Foundation
import Testing

/// Ctrl-C while code runs: SIGINT stops the chunk with `interrupted!` — also inside `pcall`
/// (which must not swallow it) and inside a coroutine (which lua.c cannot reach) — and the
/// REPL answers the next line. Timing only through generous polling.
@Suite struct InterruptTests {
    @Test(arguments: [
        "while true do end",
        "while true do pcall(function() while true do end end) end",
        "coroutine.wrap(function() while true do end end)()",
        LimitsTests.nestedSubqueries.split(separator: "\n").joined(separator: " "),
    ])
    func interruptStopsRunningCode(loop: String) throws {
        let repl = try InteractiveProcess(quietRepl)
        repl.send("io.write('started\\n') io.stdout:flush() \(loop)\n")
        #expect(repl.waitFor { $0.stdout.contains("started\n") })
        // "started" is written by the running chunk itself, so the signal lands while it
        // runs (one signal only: a second unanswered one would kill, as in lua.c).
        repl.interrupt()
        let reported = repl.waitFor { $0.stderr.contains("interrupted!") }
        #expect(reported, "stderr: \(repl.stderr)")
        repl.send("print(6 * 7)\n")
        #expect(repl.waitFor { $0.stdout.contains("42\n") }, "stdout: \(repl.stdout)")
        repl.closeInput()
        #expect(repl.waitForExit() == 0)
    }
}
