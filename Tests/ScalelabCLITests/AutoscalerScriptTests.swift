import Foundation
import Testing

/// The Cluster Autoscaler from Lua: `c:autoscaler{...}` with strict keys, `ca:status()`,
/// `c:autoscaler_status()` and the autoscaler's events in `c:events()`.
let autoscalerScript = """
    local c = cluster.new{ provider = "gke", seed = 7 }
    c:add_pool{ name = "general", type = "e2-standard-4", count = 1, min = 1, max = 6 }
    local ca = c:autoscaler{
      expander = "least-waste",                 -- --expander
      scan_interval = "10s",                    -- --scan-interval
      provision_time = { min = "2m30s", max = "3m30s" },
      scale_down_utilization_threshold = 0.5,   -- --scale-down-utilization-threshold
      scale_down_unneeded_time = "10m",         -- --scale-down-unneeded-time
    }
    local web = c:deploy{ name = "web", replicas = 12, requests = { cpu = "1", memory = "1Gi" } }
    c:run("1m")
    local s = ca:status()
    assert(s.node_groups[1].unregistered > 0 and s.scale_up == "InProgress")
    c:run("5m")
    s = ca:status()
    assert(#c:pods{ phase = "Pending" } == 0, "all pods placed")
    assert(s.node_groups[1].ready == s.node_groups[1].target)
    print("scaled up to " .. s.node_groups[1].ready)
    local reasons = {}
    for _, e in ipairs(c:events()) do reasons[e.reason] = true end
    assert(reasons.TriggeredScaleUp and reasons.ScaledUpGroup)
    web:scale(1)
    c:run("30m")
    s = ca:status()
    assert(s.node_groups[1].ready == 1, "scaled back down to 1, got " .. s.node_groups[1].ready)
    for _, e in ipairs(ca:events()) do reasons[e.reason] = true end
    assert(reasons.ScaleDownEmpty or reasons.ScaleDown)
    print(c:autoscaler_status())
    local ok, err = pcall(function() c:autoscaler{ scan_intervall = "5s" } end)
    print(err)
    """

@Test func autoscalerScriptRunsThroughTheBinary() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let script = try dir.write("ca.lua", autoscalerScript)
    let result = try runScalelab([script])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    #expect(result.stderr == "")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("scaled up to ") == true)
    #expect(lines.contains("autoscalerStatus: Running"))
    #expect(lines.contains("  name: general"))
    #expect(lines.contains("    cloudProviderTarget: 1"))
    #expect(lines.last?.hasSuffix(
        "unknown option 'scan_intervall' in cluster:autoscaler (did you mean 'scan_interval'?)")
        == true)
}
