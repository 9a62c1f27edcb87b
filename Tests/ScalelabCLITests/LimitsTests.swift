import Foundation
import Testing

/// Issue 8's limits, through the built binary: `--max-memory`, `--timeout` and Ctrl-C stop a
/// runaway script, a runaway simulation and a pathological pattern within one second of the
/// limit (or the signal), and the REPL stays usable afterwards.
@Suite struct LimitsTests {
    /// A loop, a ten-year simulation of a cluster with Pending pods (the scheduler's
    /// unschedulable flush runs every 30s: ten million occurrences), a pattern that
    /// backtracks for hours in stock Lua, and a PromQL query of nested subqueries (3.6e11
    /// evaluations, each subquery under --query.max-samples).
    static let runaways = [
        "while true do end",
        """
        local c = cluster.new{ provider = "eks" }
        c:add_pool{ name = "small", type = "t2.medium", count = 1 }
        c:deploy{ name = "web", replicas = 40, requests = { cpu = "10m", memory = "10Mi" } }
        c:run{ duration = "87600h" }
        """,
        "string.find(('a'):rep(40), ('a*'):rep(40) .. 'b')",
        Self.nestedSubqueries,
    ]

    /// A Prometheus query that runs for hours: 600,000 outer steps of 600,000 inner ones.
    static let nestedSubqueries = """
        local c = cluster.new{}
        local p = c:prometheus{}
        p:query("max_over_time((max_over_time(vector(1)[10m:1ms]))[10m:1ms])")
        """

    @Test(arguments: runaways)
    func timeoutStopsRunawaysWithinOneSecond(code: String) throws {
        let start = Date()
        let result = try runScalelab(["--timeout", "500ms", "-e", code])
        let elapsed = Date().timeIntervalSince(start)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("scalelab: "), "\(result.stderr)")
        #expect(result.stderr.contains("timeout: the chunk ran longer than --timeout 500ms"),
                "\(result.stderr)")
        // 0.5 s limit + 1 s + process start-up on a loaded machine.
        #expect(elapsed < 2.5, "took \(elapsed) s")
    }

    /// The error quotes the limit as the user typed it, in both option forms (it used to print
    /// `--timeout 1s` as `1000ms`).
    @Test(arguments: [["--timeout", "1s"], ["--timeout=1s"]])
    func timeoutErrorQuotesTheLimitAsTyped(option: [String]) throws {
        let result = try runScalelab(option + ["-e", "while true do end"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("ran longer than --timeout 1s"), "\(result.stderr)")
        #expect(!result.stderr.contains("1000ms"), "\(result.stderr)")
    }

    @Test(arguments: runaways)
    func ctrlCStopsRunawaysWithinOneSecond(code: String) throws {
        let repl = try InteractiveProcess(quietRepl)
        let line = code.replacingOccurrences(of: "\n", with: " ")
        repl.send("io.write('started\\n') io.stdout:flush() \(line)\n")
        #expect(repl.waitFor { $0.stdout.contains("started\n") })
        Thread.sleep(forTimeInterval: 0.2)  // well inside the runaway
        let sent = Date()
        repl.interrupt()
        let reported = repl.waitFor { $0.stderr.contains("interrupted!") }
        #expect(reported, "stderr: \(repl.stderr)")
        #expect(Date().timeIntervalSince(sent) < 1.5)
        repl.send("print(6 * 7)\n")
        #expect(repl.waitFor { $0.stdout.contains("42\n") }, "stdout: \(repl.stdout)")
        repl.closeInput()
        #expect(repl.waitForExit() == 0)
    }

    @Test func maxMemoryStopsARunawayScript() throws {
        let start = Date()
        let result = try runScalelab([
            "--max-memory", "32Mi", "-e",
            "local t = {} while true do t[#t + 1] = ('x'):rep(1000) .. #t end",
        ])
        #expect(result.status == 1)
        #expect(result.stderr == "scalelab: not enough memory\n", "\(result.stderr)")
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func maxMemoryLeavesTheReplUsable() throws {
        let result = try runScalelab(
            ["--max-memory", "32Mi"] + quietRepl,
            input: "s = ('x'):rep(64 * 1024 * 1024)\n"
                + "t = {} for i = 1, 1e9 do t[i] = i end\n"
                + "t = nil collectgarbage() print(6 * 7, s)\n")
        #expect(result.stderr == "not enough memory\nnot enough memory\n", "\(result.stderr)")
        #expect(result.stdout.contains(")\n42\tnil\n"), "\(result.stdout)")  // after the banner
        #expect(result.status == 0)
    }

    @Test func aStopCaughtByATailCalledPcallStillStops() throws {
        let result = try runScalelab([
            "--timeout", "300ms", "-e",
            "return pcall(string.find, ('a'):rep(40), ('a*'):rep(40) .. 'b')",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--timeout 300ms"), "\(result.stderr)")
    }
}
