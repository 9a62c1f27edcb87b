import LuaKit
import Testing

/// `c:metrics("resource"):get{ resource = "nodes" }` reads metrics-server's NodeMetrics.
@Test func nodeMetricsThroughLua() throws {
    let r = try LuaHarness.run("""
        local c = cluster.new{ provider = "gke", seed = 1 }
        c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
        local app = c:deploy{ name = "myapp", replicas = 2,
          requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 50 }
        app:traffic(load.constant(10))
        local none, message = c:metrics("resource"):get{ resource = "nodes" }
        c:metrics_server{}
        c:run("2m")
        local nodes = c:metrics("resource"):get{ resource = "nodes" }
        local cpu = 0
        for _, n in ipairs(nodes) do cpu = cpu + n.cpu end
        local one = c:metrics("resource"):get{ resource = "nodes",
          selector = "kubernetes.io/hostname=" .. nodes[1].name }
        return none, message, #nodes, nodes[1].window, nodes[1].timestamp, cpu, #one,
               one[1].labels["kubernetes.io/hostname"] == nodes[1].name
        """)
    #expect(r[0] == .nil)
    #expect(r[1] == .string("unable to fetch metrics from resource metrics API: the server"
        + " could not find the requested resource (get nodes.metrics.k8s.io)"))
    #expect(r[2] == 3 && r[3] == 15 && r[4] == 120)
    // 3 × 100m system overhead + 2 pods × (5m + 2m × 5 requests/s).
    if case .number(let cpu) = r[5] { #expect(abs(cpu - 0.33) < 1e-9) } else {
        Issue.record("cpu is \(r[5])")
    }
    #expect(r[6] == 1 && r[7] == true)
}
