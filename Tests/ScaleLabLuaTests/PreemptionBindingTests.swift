import LuaKit
import Testing

/// Pod priority and preemption through the Lua API: a high-priority Deployment on a full
/// cluster evicts low-priority pods (kube-scheduler's DefaultPreemption).
@Test func highPriorityDeploymentPreemptsLowPriorityPodsOnAFullCluster() throws {
    let r = try LuaHarness.run("""
        local c = cluster.new{ provider = "gke", seed = 3 }
        c:add_pool{ name = "pool", type = "n1-standard-2", count = 2 }
        local batch = c:deploy{ name = "batch", replicas = 6, requests = { cpu = "500m" },
                                shutdown = "20s" }
        c:run("1m")
        local full = batch.ready
        local api = c:deploy{ name = "api", replicas = 2, requests = { cpu = "1" },
                              priority = 1000 }
        c:run("5s")
        -- Victims terminating: the preemptors wait, nominated to the victims' nodes.
        local nominated, terminating = 0, 0
        for _, p in ipairs(c:pods{ workload = "api" }) do
          if p.phase == "Pending" and p.nominated_node then nominated = nominated + 1 end
        end
        for _, p in ipairs(c:pods{ workload = "batch" }) do
          if p.status == "Terminating" then terminating = terminating + 1 end
        end
        local preempted, wording = 0, true
        for _, e in ipairs(c:events()) do
          if e.reason == "Preempted" then
            preempted = preempted + 1
            wording = wording and e.message:match(
              "^Preempted by pod %x+%-%x+%-%x+%-%x+%-%x+ on node pool%-%d$") ~= nil
          end
        end
        local victim
        for _, p in ipairs(c:pods{ workload = "batch" }) do
          if p.status == "Terminating" then victim = p.name break end
        end
        local described = c:describe("pod", victim)
        c:run("2m")
        local pending = c:pods{ workload = "batch" }
        local message
        for _, p in ipairs(pending) do
          if p.phase == "Pending" then message = p.message end
        end
        return full, nominated, terminating, preempted, wording,
               described:match("DisruptionTarget%s+True") ~= nil, api.ready, batch.ready, message
        """)
    #expect(r[0] == 6)
    #expect(r[1] == 2 && r[2] == 4 && r[3] == 4 && r[4] == true && r[5] == true)
    #expect(r[6] == 2 && r[7] == 2)
    #expect(r[8] == .string("0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes "
        + "are available: 2 No preemption victims found for incoming pod."))
}

/// `preemption_policy = "Never"` (PreemptionPolicy Never): the pod waits in the queue by its
/// priority but never evicts others (PodEligibleToPreemptOthers); an unknown policy is the API
/// server's NotSupported error.
@Test func preemptionPolicyNeverWaitsInsteadOfPreempting() throws {
    let r = try LuaHarness.run("""
        local c = cluster.new{ provider = "gke", seed = 3 }
        c:add_pool{ name = "pool", type = "n1-standard-2", count = 2 }
        local batch = c:deploy{ name = "batch", replicas = 6, requests = { cpu = "500m" } }
        c:run("1m")
        local api = c:deploy{ name = "api", replicas = 2, requests = { cpu = "1" },
                              priority = 1000, preemption_policy = "Never" }
        c:run("2m")
        local preempted = 0
        for _, e in ipairs(c:events()) do
          if e.reason == "Preempted" then preempted = preempted + 1 end
        end
        local ok, err = pcall(c.deploy, c, { name = "x", preemption_policy = "Sometimes" })
        return batch.ready, api.ready, preempted, ok, err
        """)
    #expect(r[0] == 6 && r[1] == 0 && r[2] == 0)
    #expect(r[3] == false)
    guard case .string(let message) = r[4] else {
        Issue.record("no error message")
        return
    }
    #expect(message.contains(
        "bad option 'preemption_policy' in cluster:deploy (spec.preemptionPolicy: Unsupported "
        + "value: \"Sometimes\": supported values: \"Never\", \"PreemptLowerPriority\")"))
}
