import Foundation
import LuaKit
import Testing

/// The `sizing` Lua module: compare, analyze (on a running cluster and on a pool), errors.
@Suite struct SizingModuleTests {
    @Test func compareFindsTheSmallestCountWhenOmitted() throws {
        let results = try LuaHarness.run("""
            local r = sizing.compare{ provider = "eks",
              workload = { { name = "web", replicas = 40, requests = { cpu = "500m", memory = "1Gi" } } },
              options = { { type = "m5.large" }, "2x m5.4xlarge", "m5.xlarge" } }
            return r[1].count, r[1].pods_pending, r[2].count, r[2].pods_pending, r[3].count,
              r[1].type, tostring(r[1]):match("^Option:%s+(%S+)"), r[1].cost.month > 0
            """)
        // m5.large on EKS: 1930m and 6903Mi allocatable, 3 pods of 500m/1Gi per node → 14.
        #expect(results[0] == 14 && results[1] == 0)
        #expect(results[2] == 2 && results[3] == 0)
        // m5.xlarge: 3920m, 14.6Gi → 7 pods per node by CPU → 6 nodes.
        #expect(results[4] == 6)
        #expect(results[5] == "m5.large" && results[6] == "14x")
        #expect(results[7] == true)
    }

    @Test func analyzeARunningCluster() throws {
        let results = try LuaHarness.run("""
            local c = cluster.new{ provider = "eks", seed = 1 }
            c:add_pool{ name = "small", type = "t2.medium", count = 2 }
            c:daemonset{ name = "proxy", requests = { cpu = "100m", memory = "50Mi" } }
            c:deploy{ name = "web", replicas = 40, requests = { cpu = "10m", memory = "10Mi" } }
            c:run("1m")
            local a = sizing.analyze(c)
            return a.nodes, a.pods_scheduled, a.pods_pending, a.binding, a.daemonset_pods,
              a.effective_replication.web, a.blast_radius.pods_lost, a.blast_radius.absorbed,
              a.cost.hour, a.breakdown.memory.kube_reserved, tostring(a):find("Blast radius") ~= nil
            """)
        // t2.medium: 17 pods, one taken by the DaemonSet → 16 web pods per node.
        #expect(results[0] == 2 && results[1] == 32 && results[2] == 8)
        #expect(results[3] == "pods" && results[4] == 2 && results[5] == 2)
        #expect(results[6] == 16 && results[7] == false)
        #expect(results[8] == .number(2 * 0.0464))
        #expect(results[9] == .integer(2 * 442 * 1_048_576))
        #expect(results[10] == true)
    }

    @Test func analyzeAPool() throws {
        let results = try LuaHarness.run("""
            local a = sizing.analyze{ provider = "gke", pool = { type = "n1-standard-4", count = 3 },
              workload = { { name = "api", replicas = 6, requests = { cpu = "1", memory = "2Gi" } } } }
            return a.count, a.effective_replication.api, a.max_per_node.api, a.pod_cidr.per_node_prefix,
              a.pod_cidr.addresses, a.control_plane.master
            """)
        #expect(results[0] == 3 && results[1] == 3 && results[2] == 2)
        #expect(results[3] == 24 && results[4] == 768 && results[5] == "n1-standard-1")
    }

    @Test(arguments: [
        ("sizing.compare{ workload = {}, options = { 'm5.larg' } }", "did you mean \"m5.large\""),
        ("sizing.compare{ workload = { { name = 'a', requests = { cpu = 64 } } }, options = { 'm5.large' } }",
         "does not fit a m5.large node"),
        ("sizing.compare{ workload = { { name = 'a' } }, option = {} }", "did you mean 'options'"),
        ("sizing.compare{ workload = { { name = 'a' } }, options = { { pools = { { type = 'm5.large' } } } } }",
         "count"),
    ])
    func badInputIsAClearError(code: String, fragment: String) throws {
        let message = try #require(try LuaHarness.error(code))
        #expect(message.contains(fragment), "\(message)")
    }
}

@Test func sizingRecommendFromLua() throws {
    let results = try LuaHarness.run("""
        catalog.define{ name = "r4", cpu = 4, memory = "16Gi", price = 0.2 }
        catalog.define{ name = "r16", cpu = 16, memory = "64Gi", price = 0.8 }
        local r = sizing.recommend{ types = { "r4", "r16" }, provider = "none",
          workload = { { name = "app", replicas = 20, requests = { cpu = "1500m", memory = "4Gi" } } },
          constraints = { max_blast_radius_pct = 25 } }
        return r.type, r.count, #r.candidates, r.candidates[2].verdict, tostring(r):match("^Recommended: (.-)\\n")
        """)
    #expect(results[0] == "r4" && results[1] == 10 && results[2] == 2)
    #expect(results[3].description.contains("not less than 10x r4"))
    #expect(results[4] == "10x r4")
}

@Test func sizingRecommendAMixFromLua() throws {
    let results = try LuaHarness.run("""
        catalog.define{ name = "gen-4x16", cpu = 4, memory = "16Gi", price = 0.2 }
        catalog.define{ name = "mem-4x64", cpu = 4, memory = "64Gi", price = 0.3 }
        local r = sizing.recommend{ types = { "gen-4x16", "mem-4x64" }, provider = "none",
          workload = {
            { name = "web", replicas = 40, requests = { cpu = "1", memory = "1Gi" } },
            { name = "cache", replicas = 20, requests = { cpu = "250m", memory = "12Gi" } } } }
        return #r.pools, r.pools[2].type, r.pools[2].count, r.assignment,
          tostring(r):match("^Recommended: (.-)\\n")
        """)
    #expect(results[0] == 2 && results[1] == "mem-4x64" && results[2] == 4)
    #expect(results[3] == "web on gen-4x16; cache on mem-4x64")
    #expect(results[4] == "10x gen-4x16 + 4x mem-4x64 (web on gen-4x16; cache on mem-4x64)")
}

/// `tostring` of a compared option prints memory as Kubernetes quantities: GKE's tiered
/// kube-reserved memory is no whole number of KiB (25% + 20% of 8 GiB = 1932735283 bytes per
/// e2-standard-2), which used to print as raw bytes.
@Test func sizingDescribePrintsMemoryQuantities() throws {
    let results = try LuaHarness.run("""
        local r = sizing.compare{ provider = "gke", workload = {},
          options = { "2x e2-standard-2" } }
        local text = tostring(r[1])
        return text:match("Memory:[^\\n]* kubelet (%S+)"), r[1].breakdown.memory.kube_reserved,
          text:match("Memory:%s+machine (%S+)")
        """)
    // The exact figure stays in the table: 2 × 1932735283 bytes, 3774873.6 KiB.
    #expect(results[1] == .integer(2 * 1_932_735_283))
    #expect(results[0] == "3774874Ki")
    #expect(results[2] == "16Gi")
}
