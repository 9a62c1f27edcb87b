import LuaKit
import ScaleLab

/// The demo scenario that an interactive `scalelab` started with no arguments preloads
/// (README: "the REPL on the built-in demo scenario"): the seed article's pipeline, whole —
/// myapp with a traffic ramp (2 → 16 requests/s over 8 minutes), Prometheus scraping every
/// 15s, prometheus-adapter with the article's rule (examples/manifests/adapter.yaml as a Lua
/// table) and the article's hpa.yaml, verbatim — as globals `c` (the cluster), `app`, `prom`
/// and `h`, then a two-line hint whose command works as typed: after `c:run{ duration =
/// "10m" }` the HPA has a metric (ScalingActive True, ValidMetricFound) and has scaled myapp.
///
/// The adapter relists every minute (its default, 10m, would hide the metric for the first
/// ten minutes — lesson 03 shows that).
enum DemoScenario {
    /// The Lua source of the demo.
    static let source = """
        c = cluster.new{ provider = "gke", seed = 1 }
        c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
        app = c:deploy{ name = "myapp", replicas = 1,
                        requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 50 }
        app:traffic(load.ramp(2, 16, "1m", "8m"))
        prom = c:prometheus{ scrape_interval = "15s" }
        prom:adapter{ metrics_relist_interval = "1m", rules = { {
          seriesQuery = 'myapp_requests_total{namespace!="",pod!=""}',
          resources = { overrides = { namespace = { resource = "namespace" },
                                      pod = { resource = "pod" } } },
          name = { matches = "^(.*)_total$", as = "${1}_per_second" },
          metricsQuery = "sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)",
        } } }
        h = c:apply[==[
        \(SeedScenario.hpaYAML)]==]
        """

    /// What is printed once the demo is loaded.
    static let hint = """
        demo: myapp (app) + traffic, HPA (h), Prometheus + adapter (prom), cluster (c)
        try: c:run{ duration = "10m" }; print(h:describe())
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
