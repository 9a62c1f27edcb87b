import LuaKit
import ScaleLab

/// The demo scenario that an interactive `scalelab` started with no arguments preloads
/// (README: "the REPL on the built-in demo scenario"): the seed article's myapp with its HPA
/// (the article's hpa.yaml, verbatim), as globals `c` (the cluster), `app` and `h`, then a
/// two-line hint whose command works as typed.
///
/// Not yet in it: traffic, Prometheus and prometheus-adapter (their Lua bindings —
/// `app:traffic`, `c:prometheus`, `prom:adapter` — are not on main yet). Without them the
/// HPA reports, as in a real cluster with no custom metrics API, that it cannot get the
/// metric; the hint's command shows exactly that.
enum DemoScenario {
    /// The Lua source of the demo.
    static let source = """
        c = cluster.new{ provider = "gke", seed = 1 }
        c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
        app = c:deploy{ name = "myapp", replicas = 1,
                        requests = { cpu = "100m", memory = "64Mi" } }
        h = c:apply[==[
        \(SeedScenario.hpaYAML)]==]
        """

    /// What is printed once the demo is loaded.
    static let hint = """
        demo: myapp (app) on 3 n1-standard-4 nodes (c), with the article's HPA (h)
        try: c:run{ duration = "2m" }; print(h:describe())
        """

    /// Loads the demo into `runtime`. Failures are reported and the REPL opens anyway.
    static func preload(into runtime: LuaRuntime) {
        do {
            try runtime.run(source, name: "=(demo)")
            StandardStreams.write(hint + "\n")
        } catch {
            StandardStreams.writeError("scalelab: the demo scenario failed to load: \(error)\n")
        }
    }
}
