import Foundation
import LuaKit
import Testing

/// Issue 3's acceptance script, verbatim.
let acceptanceScript = """
    -- EKS t2.medium holds 17 pods (seed claim 14): of 20 small pods on one node, some stay Pending.
    local c = cluster.new{ provider = "eks", seed = 1 }
    c:add_pool{ name = "small", type = "t2.medium", count = 1 }
    c:deploy{ name = "web", replicas = 20, requests = { cpu = "10m", memory = "10Mi" } }
    c:run{ duration = "5m" }
    local pending, msg = 0, ""
    for _, p in ipairs(c:pods()) do      -- plain tables with phase and message (the PodScheduled message)
      if p.phase == "Pending" then pending = pending + 1; msg = p.message end
    end
    assert(pending > 0 and msg:find("Too many pods"), msg)
    print("pending=" .. pending)
    """

@Test func acceptanceScriptRunsUnchanged() throws {
    let lua = try LuaHarness.runtime()
    try lua.run(acceptanceScript, name: "@acceptance.lua")
}

@Test func acceptanceScenarioLeavesThreePodsPendingWithTheSchedulersMessage() throws {
    let results = try LuaHarness.run("""
        local c = cluster.new{ provider = "eks", seed = 1 }
        c:add_pool{ name = "small", type = "t2.medium", count = 1 }
        c:deploy{ name = "web", replicas = 20, requests = { cpu = "10m", memory = "10Mi" } }
        c:run{ duration = "5m" }
        local pending = c:pods{ phase = "Pending" }
        return #pending, pending[1].message, pending[1].reason, pending[1].node, #c:pods()
        """)
    #expect(results[0] == 3)
    #expect(results[1] == .string("0/1 nodes are available: 1 Too many pods. "
        + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."))
    #expect(results[2] == "Unschedulable")
    #expect(results[3] == .nil)
    #expect(results[4] == 20)
}

@Test func examplePodsPerNodeRuns() throws {
    let url = LuaHarness.packageFile("examples/01-pods-per-node.lua")
    let code = try String(contentsOf: url, encoding: .utf8)
    #expect(code.contains(acceptanceScript), "the example contains the acceptance script")
    let lua = try LuaHarness.runtime()
    try lua.run(code, name: "@examples/01-pods-per-node.lua")
}
