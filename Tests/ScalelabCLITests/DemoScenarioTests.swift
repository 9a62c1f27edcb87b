import Foundation
import Testing

/// `scalelab` with no arguments on a terminal preloads the demo and prints its two-line hint;
/// the hint's command works as typed (golden transcript of the screen).
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
            "demo: myapp (app) on 3 n1-standard-4 nodes (c), with the article's HPA (h)"))
        #expect(lines.contains("try: c:run{ duration = \"2m\" }; print(h:describe())"))
        try tmux.send("c:run{ duration = \"2m\" }; print(h:describe())", literal: true)
        try tmux.send("Enter")
        let screen = try tmux.waitForScreen { $0.contains("Events:") }
        #expect(screen.contains("Name:                                   myhpa"))
        #expect(screen.contains(
            "  \"myapp_requests_per_second\" on pods:  <unknown> / 2"))
        #expect(screen.contains("Deployment pods:                        1 current / 0 desired"))
        #expect(screen.contains("  ScalingActive  False   FailedGetPodsMetric"))
    }
}
