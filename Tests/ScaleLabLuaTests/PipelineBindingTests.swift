import LuaKit
import Testing

/// A GKE cluster with myapp (2 replicas, 50 rps each) taking 10 requests/s.
private let myapp = """
    local c = cluster.new{ provider = "gke", seed = 1 }
    c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
    local app = c:deploy{ name = "myapp", replicas = 2,
      requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 50 }
    app:traffic(load.constant(10))

    """

/// The issue's adapter.yaml as a Lua table mirroring the YAML.
private let adapterTable = """
    { rules = { {
        seriesQuery = 'myapp_requests_total{namespace!="",pod!=""}',
        resources = { overrides = { namespace = { resource = "namespace" },
                                    pod = { resource = "pod" } } },
        name = { matches = "^(.*)_total$", as = "${1}_per_second" },
        metricsQuery = 'sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)',
      } }, metrics_relist_interval = "1m" }
    """

/// A Lua number as a Double (NaN for anything else).
private func number(_ v: LuaValue) -> Double {
    switch v {
    case .integer(let i): return Double(i)
    case .number(let d): return d
    default: return .nan
    }
}

/// Strict option tables of the pipeline's functions.
@Test(arguments: [
    ("load.ramp{ from = 1, too = 2, duration = '1m' }",
     "unknown option 'too' in load.ramp (did you mean 'to'?)"),
    ("load.step(1, 2)", "bad option 'at' in load.step (required)"),
    ("load.constant(-1)", "bad option 'rate' in load.constant (a rate must not be negative, "
        + "got -1)"),
    ("load.constant(1, 2)", "load.constant: too many arguments (2 given, at most 1: rate)"),
    ("load.poisson{ mean = 'x' }",
     "bad option 'mean' in load.poisson (traffic or number expected, got string)"),
    ("local c = cluster.new{}\nc:prometheus{ scrape = '1s' }",
     "unknown option 'scrape' in cluster:prometheus (known: scrape_interval, lookback_delta, "
        + "metric_relabel_configs)"),
    ("local c = cluster.new{}\nc:prometheus{ metric_relabel_configs = { { regex = 'x' } } }",
     "bad option 'action' in cluster:prometheus metric_relabel_configs[1] (required: one of "
        + "keep, drop)"),
    ("local c = cluster.new{}\nc:prometheus{ metric_relabel_configs = { { action = "
        + "'replace' } } }",
     "bad option 'action' in cluster:prometheus metric_relabel_configs[1] (relabel action "
        + "'replace' is not modelled: one of keep, drop)"),
    ("local c = cluster.new{}\nc:prometheus{ metric_relabel_configs = { { action = 'kepe' } } }",
     "bad option 'action' in cluster:prometheus metric_relabel_configs[1] (unknown relabel "
        + "action \"kepe\"; one of keep, drop)"),
    ("local c = cluster.new{}\nc:prometheus{ metric_relabel_configs = { 'keep' } }",
     "bad option 'metric_relabel_configs' in cluster:prometheus (a list of tables expected, "
        + "got a string in it)"),
    ("local c = cluster.new{}\nc:prometheus{ metric_relabel_configs = { { action = 'keep', "
        + "source_labels = { 1 } } } }",
     "bad option 'source_labels' in cluster:prometheus metric_relabel_configs[1] (list of "
        + "strings expected, got a number in it)"),
    ("local c = cluster.new{}\nc:prometheus{ metric_relabel_configs = { { action = 'keep', "
        + "source_label = '__name__' } } }",
     "unknown option 'source_label' in cluster:prometheus metric_relabel_configs[1] "
        + "(did you mean 'source_labels'?)"),
    ("local c = cluster.new{}\nc:prometheus{ metric_relabel_configs = { { action = 'drop', "
        + "regex = '(' } } }",
     "bad option 'regex' in cluster:prometheus metric_relabel_configs[1] (error parsing "
        + "regexp: missing closing ): `(`)"),
    ("local c = cluster.new{}\nc:prometheus{ scrape_interval = '0s' }",
     "bad option 'scrape_interval' in cluster:prometheus (must be positive, got 0s)"),
    ("local c = cluster.new{}\nc:deploy{ name = 'b', rps_capacty = 3 }",
     "unknown option 'rps_capacty' in cluster:deploy (did you mean 'rps_capacity'?)"),
    ("local c = cluster.new{}\nc:deploy{ name = 'b', rps_capacity = 0 }",
     "bad option 'rps_capacity' in cluster:deploy (must be > 0, got 0.0)"),
    ("local c = cluster.new{}\nc:metrics_server{ resolutoin = '15s' }",
     "unknown option 'resolutoin' in cluster:metrics_server (did you mean 'resolution'?)"),
    ("local c = cluster.new{}\nc:metrics('custon')",
     "cluster:metrics: unknown metrics API 'custon' (resource, custom or external) "
        + "(did you mean 'custom'?)"),
    ("local c = cluster.new{}\nc:metrics('custom'):get{ nmae = 'x' }",
     "unknown option 'nmae' in metrics:get (did you mean 'name'?)"),
    ("local c = cluster.new{}\nc:metrics('custom'):get{ selector = 'app=x' }",
     "bad option 'name' in metrics:get (required)"),
    ("local c = cluster.new{}\nlocal p = c:prometheus{}\n"
        + "p:adapter{ rules = { { seriesQuery = 'x', nmae = {} } } }",
     "prometheus:adapter: unable to parse metrics discovery config: rules[0].nmae: field nmae "
        + "not found in type config.DiscoveryRule (known fields: labelValueReplacements, "
        + "metricsQuery, name, resources, seriesFilters, seriesQuery)"),
    ("local c = cluster.new{}\nlocal p = c:prometheus{}\np:adapter{ rule = {} }",
     "unknown option 'rule' in prometheus:adapter (did you mean 'rules'?)"),
    ("local c = cluster.new{}\nlocal p = c:prometheus{}\np:query('sum(rate(x[2m])')",
     "query \"sum(rate(x[2m])\": 1:16: parse error: unclosed left parenthesis"),
])
func pipelineOptionTablesAreStrict(code: String, message: String) throws {
    let error = try #require(try LuaHarness.error(code))
    #expect(error.hasSuffix(message), "got: \(error)")
}

@Test func trafficArithmeticAndTostring() throws {
    let r = try LuaHarness.run("""
        local t = load.ramp(5, 60, "5m", "10m")
        local s = load.sine{ mean = 3, amplitude = 1, period = "1h" }
        return tostring(t), tostring(2 * t + 1), tostring((t + s):clamp(0, 50)),
               t:rate("10m"), (2 * t):rate("10m"), (t * 2):rate("10m"), (t * t):rate(0),
               (t + 1):rate(0), (1 + t):rate(0), (load.constant(100):clamp(0, 40)):rate(0),
               load.diurnal(100, 50, 14):rate("14h"),
               load.step{ from = 1, to = 2, at = 60 }:rate(60)
        """)
    #expect(r[0] == "load.ramp(5, 60, \"5m0s\", \"10m0s\")")
    #expect(r[1] == "(2 * load.ramp(5, 60, \"5m0s\", \"10m0s\") + 1)")
    #expect(r[2] == .string("(load.ramp(5, 60, \"5m0s\", \"10m0s\") + load.sine(3, 1, \"1h0m0s\", "
        + "\"0s\")):clamp(0, 50)"))
    #expect(Array(r[3...]) == [32.5, 65.0, 65.0, 25.0, 6.0, 6.0, 40.0, 150.0, 2.0])
    // Constants alone stay a traffic expression, not a number.
    let constants = try LuaHarness.run(
        "return tostring(load.constant(3) * 2), tostring(1 + load.constant(2))")
    #expect(constants == ["load.constant(3) * 2", "(load.constant(1) + 2)"])
    let error = try #require(try LuaHarness.error("return load.constant(1) + 'x'"))
    #expect(error.hasSuffix("attempt to compute traffic + string (traffic or number expected)"))
}

@Test func loadStaysLuasLoadAndTracesReadFiles() throws {
    let r = try LuaHarness.run("""
        local f = load("return 1 + 2")
        local g, err = load("return +")
        local tr = load.trace{ {0, 10}, {"1m", 70} }
        local missing, message = load.csv("/nonexistent/trace.csv")
        return f(), g, err ~= nil, tr:rate(30), tostring(tr), missing, message
        """)
    #expect(r[0] == 3 && r[1] == .nil && r[2] == true && r[3] == 40.0)
    #expect(r[4] == "load.trace(<2 points from 0s to 1m0s>)")
    #expect(r[5] == .nil && r[6] == "/nonexistent/trace.csv: No such file or directory")
}

/// Before anything is installed every API answers as a fresh cluster does.
@Test func notInstalledAPIsAnswerWithKubernetesWording() throws {
    let r = try LuaHarness.run(myapp + """
        c:run("1m")
        local a, am = c:metrics("custom"):get{ name = "x", selector = "app=myapp" }
        local b, bm = c:metrics("resource"):get{ selector = "app=myapp" }
        local e, em = metrics.external(c):get{ name = "queue_depth" }
        local q, qm = metrics.query(c, "up")
        return a, am, b, bm, e, em, q, qm, tostring(c:metrics("custom")),
               c:metrics("custom").installed
        """)
    #expect(r[0] == .nil)
    #expect(r[1] == .string("unable to fetch metrics from custom metrics API: no custom "
        + "metrics API (custom.metrics.k8s.io) registered"))
    #expect(r[2] == .nil)
    #expect(r[3] == .string("unable to fetch metrics from resource metrics API: the "
        + "server could not find the requested resource (get pods.metrics.k8s.io)"))
    #expect(r[4] == .nil)
    #expect(r[5] == .string("unable to fetch metrics from external metrics API: the "
        + "server could not find the requested resource (get queue_depth.external.metrics.k8s.io)"))
    #expect(r[6] == .nil && r[7] == "no Prometheus server in this cluster")
    #expect(r[8] == "custom.metrics.k8s.io: not installed (no APIService registered)")
    #expect(r[9] == false)
}

/// The adapter from a Lua table, metrics-server, and every read shape.
@Test func pipelineReadsThroughLua() throws {
    let r = try LuaHarness.run(myapp + """
        local ms = c:metrics_server{}
        local prom = c:prometheus{ scrape_interval = "15s" }
        prom:adapter\(adapterTable)
        c:run("5m")
        local custom = c:metrics("custom"):get{ name = "myapp_requests_per_second",
                                                selector = "app=myapp" }
        local res = ms:get{ selector = "app=myapp" }
        local nf, nfm = c:metrics("custom"):get{ name = "nope", selector = "app=myapp" }
        local obj, objm = c:metrics("custom"):get{ resource = "services", name = "hits" }
        local range = prom:query("myapp_requests_total[1m]")
        local qr = prom:query_range("sum(rate(myapp_requests_total[2m]))", "3m", "5m", "1m")
        return #custom, custom[1].value, custom[1].timestamp, custom[1].window,
               #res, res[1].cpu, res[1].window, res[1].timestamp, res[1].memory,
               nf, nfm, obj, objm,
               prom:query("scalar(count(myapp_requests_total))"), prom:query('"hi"'),
               #range, #range[1].values, range[1].labels.__name__,
               #qr, #qr[1].values, qr[1].values[1][1], qr[1].values[1][2],
               prom.scrape_interval, table.concat(c:metrics("custom"):list(), ","),
               metrics.query(c, "sum(rate(myapp_requests_total[2m]))")[1].value,
               app:traffic() ~= nil
        """)
    #expect(r[0] == 2 && abs(number(r[1]) - 5) < 1e-9 && r[2] == 300 && r[3] == .nil)
    // 5m + 2·5m per request/s = 15 millicores, the 32Mi idle working set.
    #expect(r[4] == 2 && r[5] == 0.015 && r[6] == 15 && r[7] == 300 && r[8] == 33_554_432.0)
    #expect(r[9] == .nil && r[10] == .string("unable to fetch metrics from custom metrics API: the "
        + "server could not find the metric nope for pods"))
    #expect(r[11] == .nil)
    #expect(r[12] == .string("unable to fetch metrics from custom metrics API: the "
        + "server could not find the metric hits for services"))
    #expect(r[13] == 2.0 && r[14] == "hi")
    #expect(r[15] == 2 && r[16] == 4 && r[17] == "myapp_requests_total")
    #expect(r[18] == 1 && r[19] == 3 && r[20] == 180 && abs(number(r[21]) - 10) < 1e-9)
    #expect(r[22] == 15 && r[23] == "myapp_requests_per_second")
    #expect(abs(number(r[24]) - 10) < 1e-9)
    #expect(r[25] == true)
}

/// metric_relabel_configs from Lua: keeping only `myapp_requests_total` stores it with the
/// two report series per target.
@Test func prometheusMetricRelabelConfigsKeepSeries() throws {
    let r = try LuaHarness.run(myapp + """
        local prom = c:prometheus{ scrape_interval = "15s", metric_relabel_configs = {
          { source_labels = { "__name__" }, regex = "myapp_requests_total", action = "keep" } } }
        c:run("3m")
        return #prom:query("{__name__=~'myapp_.*'}"), #prom:query("up"),
               prom:query("sum(rate(myapp_requests_total[2m]))")[1].value
        """)
    #expect(r[0] == 2 && r[1] == 2 && abs(number(r[2]) - 10) < 0.1)
}

/// metric_relabel_configs `drop` from Lua, on two source labels joined with a separator, the
/// action spelled in any case as Prometheus accepts it: the container series of container
/// "main" go, the others stay; `up` and `scrape_samples_scraped` (still 5) are untouched.
@Test func prometheusMetricRelabelConfigsDropSeries() throws {
    let r = try LuaHarness.run(myapp + """
        local prom = c:prometheus{ scrape_interval = "15s", metric_relabel_configs = {
          { source_labels = { "__name__", "container" }, separator = "@",
            regex = "container_.*@main", action = "DROP" } } }
        c:run("3m")
        return #prom:query("{__name__=~'container_.*'}"), #prom:query("{__name__=~'myapp_.*'}"),
               #prom:query("up"), prom:query("scrape_samples_scraped")[1].value
        """)
    #expect(r[0] == 0 && r[1] == 6 && r[2] == 2 && number(r[3]) == 5)
}

@Test func prometheusTostringReadsLikeItsStatus() throws {
    let r = try LuaHarness.run(myapp + """
        local prom = c:prometheus{ scrape_interval = "15s" }
        prom:adapter\(adapterTable)
        c:run("3m")
        return tostring(prom)
        """)
    // 7 series per target: 5 app series, up and scrape_samples_scraped.
    #expect(r == [.string("prometheus scrape_interval=15s lookback_delta=5m0s: 14 series, "
        + "168 samples, 2 targets\nprometheus-adapter relist=1m0s: 1 rule, 0 external; custom "
        + "metrics: myapp_requests_per_second")])
}

/// The HPA reads the pipeline from Lua too: the engine test's ramp (PipelineHPATests), built
/// with the Lua API, gives the same replica steps (2 at 7m, 6 once traffic reaches 60/s).
@Test func hpaScalesOnThePipelineFromLua() throws {
    let r = try LuaHarness.run("""
        local c = cluster.new{ provider = "gke", seed = 1 }
        c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
        local app = c:deploy{ name = "myapp", replicas = 1,
          requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 50 }
        app:traffic(load.ramp{ from = 5, to = 60, start = "5m", duration = "10m" })
        local prom = c:prometheus{ scrape_interval = "15s" }
        prom:adapter\(adapterTable)
        c:apply[[
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: myhpa
        spec:
          scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: myapp }
          minReplicas: 1
          maxReplicas: 10
          metrics:
          - type: Pods
            pods:
              metric: { name: myapp_requests_per_second }
              target: { type: AverageValue, averageValue: 10 }
        ]]
        c:run("6m59s")
        local before = app.replicas
        c:run("1s")
        local at7 = app.replicas
        c:run("18m")
        return before, at7, app.replicas
        """)
    #expect(r == [1, 2, 6])
}
