import LuaKit

/// The hook for the demo scenario that an interactive `scalelab` started with no arguments
/// preloads (README: "the REPL on the built-in demo scenario").
///
/// Empty until the engine's Lua API can build a cluster; then this runs the demo's Lua
/// source (a `cluster`, its workloads, an HPA and traffic) so a first-time user can type
/// `c:run{ duration = "1h" }` right away.
enum DemoScenario {
    /// Loads the demo into `runtime`. Failures are reported and the REPL opens anyway.
    static func preload(into runtime: LuaRuntime) {
    }
}
