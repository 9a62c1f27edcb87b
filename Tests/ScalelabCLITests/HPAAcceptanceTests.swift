import Foundation
import Testing

/// Issue 5's acceptance script, verbatim, run by the built `scalelab` binary in a directory
/// holding the seed's `hpa.yaml` (examples/manifests/hpa.yaml, seed-notes.md claim 5).
let hpaAcceptanceScript = """
    local c = cluster.new{ provider = "gke", seed = 1 }
    c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
    c:deploy{ name = "myapp", replicas = 1, requests = { cpu = "100m", memory = "64Mi" } }
    local h = c:apply("hpa.yaml")          -- returns the HPA object (or a list when the file has several)
    assert(h.spec.maxReplicas == 10 and h.spec.minReplicas == 1)
    c:run{ duration = "2m" }
    -- no custom metrics API installed: the HPA reports it cannot get the metric, as in a real cluster
    local s = h:status()
    local active
    for _, cond in ipairs(s.conditions) do if cond.type == "ScalingActive" then active = cond end end
    assert(active and active.status == "False" and active.reason == "FailedGetPodsMetric", h:describe())
    print(active.reason)
    """

@Suite struct HPAAcceptanceTests {
    @Test func issue5AcceptanceScriptRunsThroughTheBinary() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let manifest = ScalelabBinary.packageRoot.appendingPathComponent(
            "examples/manifests/hpa.yaml")
        try dir.write("hpa.yaml", try String(contentsOf: manifest, encoding: .utf8))
        let script = try dir.write("acceptance.lua", hpaAcceptanceScript)
        let result = try runScalelab([script], directory: dir.url)
        #expect(result == ProcessResult(status: 0, stdout: "FailedGetPodsMetric\n", stderr: ""))
    }

    @Test func applyOfAMissingFileIsAnExpectedFailure() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = try runScalelab(["-e", """
            local c = cluster.new{}
            print(c:apply("hpa.yaml"))
            """], directory: dir.url)
        #expect(result.stdout == "nil\tcannot open hpa.yaml: No such file or directory\n")
    }
}
