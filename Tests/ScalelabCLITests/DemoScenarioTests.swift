import Foundation
import Testing
@testable import scalelab

/// `scalelab` with no arguments on a terminal preloads the demo (the seed's whole pipeline:
/// traffic, Prometheus, the adapter, the article's HPA) and prints its two-line hint; the
/// hint's command works as typed and shows the HPA scaling on a working metric (golden
/// transcript of the screen).
@Suite(.serialized, .enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"))
struct DemoScenarioTests {
    @Test func demoIsPreloadedAndTheHintWorks() throws {
        let binary = try #require(ScalelabBinary.path)
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let tmux = try TmuxSession(
            command: "env -u LUA_INIT -u LUA_INIT_5_4 HOME='\(home.url.path)' TERM=xterm"
                + " '\(binary)'; sleep 60")
        defer { tmux.close() }
        let start = try tmux.waitForScreen { $0.contains("\n>") }
        let lines = start.split(separator: "\n")
            .map { String($0.reversed().drop { $0 == " " }.reversed()) }
        #expect(lines.contains(
            "demo: myapp (app) + traffic, HPA (h), Prometheus + adapter (prom), cluster (c)"))
        #expect(lines.contains("try: c:run{ duration = \"10m\" }; print(h:describe())"))
        try tmux.send("c:run{ duration = \"10m\" }; print(h:describe())", literal: true)
        try tmux.send("Enter")
        // The bottom of the description (its top scrolls off a 30-line screen).
        let screen = try tmux.waitForScreen { $0.contains("New size: 7") }
        #expect(screen.contains("  ScalingActive   True    ValidMetricFound"))
        #expect(screen.contains("New size: 2; reason: pods metric myapp_requests_per_second "
            + "above target"))
        // kubectl get hpa: the metric has a value (not <unknown>) and 7 replicas.
        try tmux.send("print(h)", literal: true)
        try tmux.send("Enter")
        let table = try tmux.waitForScreen { $0.contains("myhpa   Deployment/myapp") }
        #expect(table.contains("myhpa   Deployment/myapp   2197m/2   1         10        7"))
    }

    /// The demo's source runs without a terminal too, and ends where the hint promises.
    @Test func demoSourceRunsAsAScript() throws {
        let script = DemoScenario.source + "\nc:run{ duration = \"10m\" }\n"
            + "local s = h:status()\n"
            + "for _, cond in ipairs(s.conditions) do if cond.type == 'ScalingActive' then "
            + "assert(cond.status == 'True', cond.reason) end end\n"
            + "assert(s.currentReplicas > 1)\nprint(s.currentReplicas)\n"
        let result = try runScalelab(["-e", script])
        #expect(result == ProcessResult(status: 0, stdout: "7\n", stderr: ""))
    }
}
