import Foundation
import LuaKit
import ScaleLab
import Testing

/// Two m5.large nodes and `web` (3 replicas, 20s start-up, 10s readiness).
private let scenario = """
    local c = cluster.new{ provider = "eks", seed = 3 }
    c:add_pool{ name = "general", type = "m5.large", count = 2 }
    local web = c:deploy{ name = "web", replicas = 3,
      requests = { cpu = "400m", memory = "256Mi" }, startup = "20s", readiness = "10s" }

    """

@Test func chartReturnsTheTextChart() throws {
    let r = try LuaHarness.run(scenario + """
        c:run("2m")
        return c:chart{ series = { "web.ready", "pods.pending" }, width = 60, height = 6,
                        style = "ascii", color = false }
        """)
    guard case .string(let text) = r.first else { Issue.record("no chart"); return }
    #expect(text.contains("* web.ready   o pods.pending"))
    #expect(text.contains("0s") && text.contains("2m"))
    #expect(!text.contains("\u{1B}"))
}

@Test func chartErrorsNameTheOptionOrSeries() throws {
    #expect(try LuaHarness.error(scenario + "c:chart{ series = 'web.redy' }")
        == "test:5: cluster:chart: unknown series \"web.redy\" (did you mean \"web.ready\"?)")
    #expect(try LuaHarness.error(scenario + "c:chart{ style = 'brail' }")?
        .contains("did you mean 'braille'?") == true)
    #expect(try LuaHarness.error(scenario + "c:chart{ widht = 3 }")?
        .contains("'widht'") == true)
}

@Test func timelineIsPlainTables() throws {
    let r = try LuaHarness.run(scenario + """
        c:run("1m")
        local t = c:timeline()
        local s = c:timeline("web.ready")
        return t.names[1], #t.names, s.kind, s.times[2], s.values[2], c:timeline("nope")
        """)
    #expect(r.prefix(5) == ["pods.pending", 6, "step", 30, 3.0])
    #expect(r.count == 7 && r[5] == .nil)
}

@Test func exportWritesEachFormatAtomically() throws {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("scalelab-export-\(getpid())").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = try LuaHarness.run(scenario + """
        c:run("2m")
        local dir = "\(dir)"
        local out = {}
        for _, name in ipairs{ "run.csv", "run.json", "report.html", "report.md", "chart.svg",
                               "chart.txt" } do
          out[#out + 1] = c:export{ path = dir .. "/" .. name,
                                    series = { "web.ready", "pods.pending" } }
        end
        local ok, message = c:export{ path = dir .. "/missing/run.csv" }
        return ok, message, table.unpack(out)
        """)
    #expect(r.count == 8 && r.suffix(6).allSatisfy { $0 == .boolean(true) })
    #expect(r[0] == .nil)
    #expect(r[1] == .string("cannot write '\(dir)/missing/run.csv': No such file or directory"))
    let csv = try String(contentsOfFile: dir + "/run.csv", encoding: .utf8)
    #expect(csv.hasPrefix("time_s,web.ready,pods.pending\n0,0,3\n"))
    let back = try Timeline(csv: csv)
    #expect(back.value(of: "web.ready", at: SimTime(milliseconds: 60_000)) == 3)
    let json = try String(contentsOfFile: dir + "/run.json", encoding: .utf8)
    #expect(try Timeline(json: json).names == ["web.ready", "pods.pending"])
    #expect(try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        .contains("<svg"))
    #expect(try String(contentsOfFile: dir + "/chart.svg", encoding: .utf8).hasPrefix("<svg"))
    // A failed export (bad series) leaves the old file as it was.
    let old = try String(contentsOfFile: dir + "/run.csv", encoding: .utf8)
    #expect(try LuaHarness.error(scenario + """
        c:export{ path = "\(dir)/run.csv", series = { "nope" } }
        """) != nil)
    #expect(try String(contentsOfFile: dir + "/run.csv", encoding: .utf8) == old)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir)
        .filter { $0.contains(".tmp-") }
    #expect(leftovers.isEmpty)
}

@Test func cloneDivergesIndependentlyAndReplaysIdentically() throws {
    let r = try LuaHarness.run(scenario + """
        c:run("1m")
        local a, b = c:clone(), c:clone()
        b:get("deploy", "web")  -- reading does not fork anything visible
        c:deploy{ name = "extra", replicas = 2, requests = { cpu = "100m" } }
        c:run("5m")
        a:run("5m"); b:run("5m")
        local function csv(x)
          local t = x:timeline()
          local parts = {}
          for _, name in ipairs(t.names) do
            local s = t.series[name]
            parts[#parts + 1] = name .. "=" .. table.concat(s.times, ",") .. "/"
              .. table.concat(s.values, ",")
          end
          return table.concat(parts, ";")
        end
        return csv(a) == csv(b), csv(a) == csv(c), #c:pods(), #a:pods(), a.now, c.now
        """)
    #expect(r == [true, false, 5, 3, "6m0s", "6m0s"])
}

@Test func stepUntilStopsAtTheFirstInstantThePredicateHolds() throws {
    let r = try LuaHarness.run(scenario + """
        local ok = c:step_until(function(x) return #x:pods{ phase = "Running" } == 3 end)
        local t1 = c.now
        local ok2 = c:step_until(function() return false end, "90s")
        return ok, t1, ok2, c.now
        """)
    #expect(r == [true, "20s", false, "1m50s"])
}

@Test func hooksSeeEveryMatchingEventAndErrorsStopTheRun() throws {
    let r = try LuaHarness.run(scenario + """
        local seen = {}
        c:on("scheduled", function(e, cl)
          seen[#seen + 1] = e.reason .. "@" .. cl.now
        end)
        c:run("1m")
        c:off("scheduled")
        c:on("*", function(e) error("stop at " .. e.reason) end)
        web:scale(4)
        local ok, message = pcall(c.run, c, "10m")
        local ok2, message2 = pcall(function()
          c:off()
          c:on("started", function(_, cl) cl:run("1s") end)
          web:scale(5)
          c:run("1m")
        end)
        return #seen, seen[1], ok, message, c.now, ok2, message2
        """)
    #expect(r[0] == 3 && r[1] == "Scheduled@0s" && r[2] == false)
    #expect(r[3].description.contains("stop at"))
    #expect(r[5] == false)
    #expect(r[6].description.contains("cannot run the cluster from inside an event hook"))
}
