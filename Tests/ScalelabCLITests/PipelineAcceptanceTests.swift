import Foundation
import Testing

/// Issue 4's acceptance script, verbatim, run by the built `scalelab` binary in a directory
/// holding the issue's `adapter.yaml` (examples/manifests/adapter.yaml, prometheus-adapter's
/// own format).
let pipelineAcceptanceScript = """
    local c = cluster.new{ provider = "gke", seed = 1 }
    c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
    local app = c:deploy{ name = "myapp", replicas = 2,            -- pods are labelled app=myapp
      requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 50 }
    app:traffic(load.constant(10))                                  -- 10 requests/s in total
    local prom = c:prometheus{ scrape_interval = "15s" }
    prom:adapter("adapter.yaml")
    c:run{ duration = "10m" }
    local v = prom:query("sum(rate(myapp_requests_total[2m]))")    -- list of { labels = {...}, value = n }
    assert(#v == 1 and math.abs(v[1].value - 10) < 0.1)
    local per_pod = c:metrics("custom"):get{ resource = "pods", name = "myapp_requests_per_second",
                                             selector = "app=myapp" }
    assert(#per_pod == 2 and math.abs(per_pod[1].value - 5) < 0.1)
    print(string.format("rate=%.2f", v[1].value))
    """

@Suite struct PipelineAcceptanceTests {
    @Test func issue4AcceptanceScriptRunsThroughTheBinary() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let adapter = ScalelabBinary.packageRoot.appendingPathComponent(
            "examples/manifests/adapter.yaml")
        try dir.write("adapter.yaml", try String(contentsOf: adapter, encoding: .utf8))
        let script = try dir.write("acceptance.lua", pipelineAcceptanceScript)
        let result = try runScalelab([script], directory: dir.url)
        #expect(result == ProcessResult(status: 0, stdout: "rate=10.00\n", stderr: ""))
    }

    /// Without the adapter file the script stops at `prom:adapter` with the adapter's own
    /// wording (pkg/config/loader.go FromFile).
    @Test func missingAdapterFileIsReported() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let script = try dir.write("acceptance.lua", pipelineAcceptanceScript)
        let result = try runScalelab([script], directory: dir.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("prometheus:adapter: unable to load metrics discovery "
            + "config file: open adapter.yaml: no such file or directory"))
    }
}
