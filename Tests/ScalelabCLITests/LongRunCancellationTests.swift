import Foundation
import Testing

/// A simulation that would run for minutes: 400 pods that fit nowhere are retried by the
/// scheduler once they have been unschedulable for more than 5 simulated minutes
/// (podMaxInUnschedulablePodsDuration, at the next 30s flush: every 5.5 minutes) for 10,000
/// simulated hours, each retry a FailedScheduling event per pod: about 110,000 passes.
/// `cluster:run` polls the runtime's cancellation flag every 64 occurrences, so Ctrl-C and
/// `--timeout` stop it although no Lua instruction runs meanwhile.
private let longRunSetup = """
    local c = cluster.new{ provider = "none", seed = 1 } \
    c:add_pool{ name = "p", type = "m5.large", count = 2 } \
    c:deploy{ name = "huge", replicas = 400, requests = { cpu = "64" } }
    """
private let longRun = #"c:run{ duration = "10000h" }"#

@Suite struct LongRunCancellationTests {
    /// `--timeout 1s` stops the run with the timeout error, long before it would end.
    @Test func timeoutStopsALongRun() throws {
        let start = Date()
        let result = try runScalelab(["--timeout", "1s", "-e", longRunSetup + " " + longRun])
        let elapsed = Date().timeIntervalSince(start)
        #expect(result.status == 1, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("timeout: the chunk ran longer than --timeout"),
                "stderr: \(result.stderr)")
        // Generous for a loaded machine; the run itself would take minutes.
        #expect(elapsed < 30, "took \(elapsed) s")
    }

    /// Ctrl-C in the REPL stops the run with `interrupted!` and the REPL answers the next line.
    @Test func interruptStopsALongRunInTheRepl() throws {
        let repl = try InteractiveProcess(quietRepl)
        repl.send(longRunSetup.replacingOccurrences(of: "\n", with: " ")
                  + " io.write('started\\n') io.stdout:flush() " + longRun + "\n")
        #expect(repl.waitFor { $0.stdout.contains("started\n") })
        usleep(300_000)  // let the run get going inside the engine
        let start = Date()
        repl.interrupt()
        let reported = repl.waitFor(timeout: 30) { $0.stderr.contains("interrupted!") }
        #expect(reported, "stderr: \(repl.stderr)")
        #expect(Date().timeIntervalSince(start) < 30)
        repl.send("print(6 * 7)\n")
        #expect(repl.waitFor { $0.stdout.contains("42\n") }, "stdout: \(repl.stdout)")
        repl.closeInput()
        #expect(repl.waitForExit() == 0)
    }
}
