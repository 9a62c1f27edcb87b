import Foundation
import Testing

/// Issue 6's acceptance script, verbatim.
let sizingAcceptanceScript = """
    -- provider "none": allocatable = capacity, the idealized arithmetic of the seed article
    catalog.define{ name = "tiny-1g", cpu = 1, memory = "1Gi", price = 0.01 }
    catalog.define{ name = "big-10g", cpu = 10, memory = "10Gi", price = 0.10 }
    -- fragmentation: 0.75 GiB pods on ten 1 GiB nodes vs one 10 GiB node
    local r = sizing.compare{ provider = "none",
      workload = { { name = "app", replicas = 13, requests = { cpu = "10m", memory = "768Mi" } } },
      options = { { type = "tiny-1g", count = 10 }, { type = "big-10g", count = 1 } } }
    assert(r[1].pods_scheduled == 10 and r[1].pods_pending == 3)
    assert(math.abs(r[1].waste.memory - 25) < 0.01)      -- % of allocatable memory no pod can use
    assert(r[2].pods_scheduled == 13 and math.abs(r[2].waste.memory - 2.5) < 0.01)
    -- replication, scaling increment, system overhead
    local r2 = sizing.compare{ provider = "none",
      workload = { { name = "ha", replicas = 5, requests = { cpu = "100m", memory = "100Mi" } } },
      daemonsets = { { name = "agents", requests = { cpu = "100m", memory = "0" } } },
      options = { { type = "big-10g", count = 2 }, { type = "big-10g", count = 5 },
                  { type = "tiny-1g", count = 10 } } }
    assert(r2[1].effective_replication.ha == 2 and r2[2].effective_replication.ha == 5)
    assert(math.abs(r2[1].scaling_increment_pct - 50) < 0.01)
    assert(math.abs(r2[1].overhead.cpu - 1) < 0.01 and math.abs(r2[3].overhead.cpu - 10) < 0.01)
    print(tostring(r))                                    -- a kubectl-like comparison table
    """

/// The script runs unchanged through the built `scalelab` binary and prints the table.
@Test func sizingAcceptanceScriptRunsThroughTheBinary() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let script = try dir.write("sizing.lua", sizingAcceptanceScript)
    let result = try runScalelab([script])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    #expect(result.stderr == "")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines.first?.hasPrefix("OPTION") == true)
    #expect(lines.count > 2 && lines[1].hasPrefix("10x tiny-1g") && lines[1].contains("memory"))
    #expect(lines.count > 2 && lines[2].hasPrefix("1x big-10g") && lines[2].contains("13/13"))
}
