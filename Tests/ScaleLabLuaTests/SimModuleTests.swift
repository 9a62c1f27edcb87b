import Foundation
import LuaKit
import Testing

/// `sim.compare` and `sim.sweep` through the Lua API.
@Suite struct SimModuleTests {
    /// The seed's scenario (myapp, Prometheus, the adapter, the article's HPA) as Lua.
    static var scenario: String {
        let adapter = LuaHarness.packageFile("examples/manifests/adapter.yaml").path
        let hpa = LuaHarness.packageFile("examples/manifests/hpa.yaml").path
        return """
            local c = cluster.new{ provider = "gke", seed = 1 }
            c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
            c:deploy{ name = "myapp", replicas = 2,
              requests = { cpu = "100m", memory = "64Mi" }, rps_capacity = 10,
              startup = "20s" }
            c:prometheus{ scrape_interval = "15s" }:adapter("\(adapter)")
            c:apply("\(hpa)")
            local traffic = load.ramp{ from = 2, to = 15, duration = "10m" }
                + load.spike{ base = 0, peak = 10, at = "20m", duration = "5m" }

            """
    }

    @Test func compareRunsEveryVariantOnTheSameTraffic() throws {
        let lua = try LuaHarness.runtime()
        let results = try lua.run(Self.scenario + """
            local r = sim.compare{ baseline = c, duration = "40m", traffic = traffic,
              variants = { jumpy = { scale_down_window = "0s" },
                           calm = { scale_down_window = "10m" },
                           wider = function(v) v:hpa("myhpa"):delete() end } }
            local f = {}
            for _, row in ipairs(r:figures()) do f[row.name] = row end
            return tostring(r), f.baseline.flaps, f.jumpy.flaps, f.calm.mean_replicas,
              f.baseline.mean_replicas, f.wider.peak_replicas, c.time
            """, name: "=test")
        guard case .string(let text) = results[0] else {
            Issue.record("no table")
            return
        }
        let lines = text.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[1].hasPrefix("NAME"))
        #expect(lines[1].contains("FLAPS") && lines[1].contains("COST"))
        #expect(lines[2].hasPrefix("baseline"))
        #expect(lines.dropFirst(2).map { $0.split(separator: " ")[0] }
            == ["baseline", "calm", "jumpy", "wider"])
        // No stabilization: the replicas follow the spike down and flap; a longer window holds
        // them up longer, so the mean is higher.
        #expect(results[1] == .number(0))
        #expect((results[2].doubleValue ?? 0) >= 1)
        #expect((results[3].doubleValue ?? 0) >= (results[4].doubleValue ?? 0))
        // Without its HPA the workload stays at 2 replicas.
        #expect(results[5] == .number(2))
        // The baseline itself did not move.
        #expect(results[6] == .integer(0) || results[6] == .number(0))
    }

    @Test func compareWritesSelfContainedReports() throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("simmodule-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lua = try LuaHarness.runtime()
        try lua.run(Self.scenario + """
            local r = sim.compare{ baseline = c, duration = "30m", traffic = traffic,
              variants = { jumpy = { scale_down_window = "0s" } } }
            assert(r:report("\(dir.path)/cmp.html"))
            assert(r:report("\(dir.path)/cmp.md"))
            assert(r:export("\(dir.path)/cmp.csv"))
            assert(r:export("\(dir.path)/cmp.json"))
            assert(r:export("\(dir.path)/cmp.svg", { series = "myapp.replicas" }))
            """, name: "=test")
        let html = try String(contentsOf: dir.appendingPathComponent("cmp.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg") && html.contains("jumpy") && html.contains("FLAPS"))
        #expect(!html.contains("src=\"http") && !html.contains("<link"))
        let md = try String(contentsOf: dir.appendingPathComponent("cmp.md"), encoding: .utf8)
        #expect(md.contains("| NAME | REPLICAS |") && md.contains("```text"))
        let csv = try String(contentsOf: dir.appendingPathComponent("cmp.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("name,peak_replicas,mean_replicas,time_to_target"))
    }

    @Test func badOptionsNameTheProblem() throws {
        let cases: [(String, String)] = [
            ("sim.compare{ baseline = c, duration = '1m', variant = {} }",
             "unknown option 'variant' in sim.compare (did you mean 'variants'?)"),
            ("sim.compare{ baseline = 1, duration = '1m' }", "bad option 'baseline'"),
            ("sim.compare{ baseline = c }", "bad option 'duration' in sim.compare (required)"),
            ("sim.compare{ baseline = c, duration = '1m', metrics = { 'flap' } }",
             "unknown metric \\\"flap\\\" (did you mean \\\"flaps\\\"?)"),
            ("sim.compare{ baseline = c, duration = '1m', variants = { x = { min = 1 } } }",
             "unknown option 'min' in sim.compare variant \"x\""),
            ("sim.compare{ baseline = c, duration = '1m', workload = 'myap' }",
             "no workload named \"myap\" (did you mean \"myapp\"?)"),
            ("sim.sweep{ baseline = c, duration = '1m', grid = { w = {} }, apply = print }",
             "grid parameter \"w\" has no values"),
            ("sim.sweep{ baseline = c, duration = '1m', grid = { w = { 1 } } }",
             "bad option 'apply' in sim.sweep (a function(c, point) expected, got nil)"),
            ("sim.compare{ baseline = c, duration = '1m', variants = { h = function(v) "
                + "v:on('rescale', print) end } }", "has event hooks"),
        ]
        for (code, expected) in cases {
            let message = try LuaHarness.error(Self.scenario + code)
            #expect(message?.contains(expected.replacingOccurrences(of: "\\\"", with: "\""))
                == true, "\(code): \(message ?? "no error")")
        }
    }

    @Test func sweepCoversTheGridAndIsIndependentOfThreads() throws {
        func sweep(threads: Int) throws -> [LuaValue] {
            try LuaHarness.runtime().run(Self.scenario + """
                local yaml = [[
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: { name: myhpa }
                spec:
                  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: myapp }
                  minReplicas: 1
                  maxReplicas: %d
                  metrics:
                  - type: Pods
                    pods:
                      metric: { name: myapp_requests_per_second }
                      target: { type: AverageValue, averageValue: 2 }
                  behavior:
                    scaleDown: { stabilizationWindowSeconds: %d }
                ]]
                local calls = 0
                local s = sim.sweep{ baseline = c, duration = "30m", traffic = traffic,
                  threads = \(threads),
                  grid = { window = { 0, 300 }, max = { 5, 10 } },
                  apply = function(v, p)
                    calls = calls + 1
                    v:hpa("myhpa"):delete()
                    v:apply(string.format(yaml, p.max, p.window))
                  end }
                local best = s:best("flaps")
                return tostring(s), calls, s.count, #s:rows(), s:rows()[4].point.max
                """, name: "=test")
        }
        let one = try sweep(threads: 1)
        let four = try sweep(threads: 4)
        #expect(one[0] == four[0])
        #expect(one[1] == .integer(4) && one[2] == .integer(4) && one[3] == .integer(4))
        #expect(one[4] == .integer(10))
        if case .string(let text) = one[0] {
            #expect(text.hasPrefix("sweep 1: max (2) × window (2) = 4 points, 30m0s each"))
        }
    }
}

extension LuaValue {
    var doubleValue: Double? {
        switch self {
        case .integer(let n): Double(n)
        case .number(let d): d
        default: nil
        }
    }
}
