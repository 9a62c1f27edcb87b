import LuaKit
import Testing

/// Strict option tables: unknown keys name the key and the closest known one; wrong types
/// name the option.
@Test(arguments: [
    ("cluster.new{ provider = 'eks', sed = 1 }",
     "unknown option 'sed' in cluster.new (did you mean 'seed'?)"),
    ("local c = cluster.new{ provider = 'eks' }\n"
        + "c:add_pool{ name = 'a', type = 't2.medium' }\n"
        + "c:deploy{ name = 'web', replica = 3 }",
     "unknown option 'replica' in cluster:deploy (did you mean 'replicas'?)"),
    ("local c = cluster.new{}\nc:deploy{ name = 'web', replicas = 'three' }",
     "bad option 'replicas' in cluster:deploy (number expected, got string)"),
    ("local c = cluster.new{}\nc:deploy{ name = 'web', requests = { cpus = '1' } }",
     "unknown option 'cpus' in cluster:deploy requests (did you mean 'cpu'?)"),
    ("cluster.new{ provider = 'ekss' }",
     "bad option 'provider' in cluster.new ('ekss' is not one of gke, eks, aks, none "
        + "(did you mean 'eks'?))"),
    ("local c = cluster.new{}\nc:run{ duration = '5x' }",
     "bad option 'duration' in cluster:run (time: unknown unit \"x\" in duration \"5x\")"),
])
func strictOptionTables(code: String, message: String) throws {
    let error = try #require(try LuaHarness.error(code))
    #expect(error.hasSuffix(message), "got: \(error)")
}

@Test func catalogFindsTypesAndSuggestsNearMatches() throws {
    let r = try LuaHarness.run("""
        local t = catalog.find("m5.large")
        local missing, message = catalog.find("m5.larg")
        local aws = catalog.list{ provider = "aws" }
        local mine = catalog.define{ name = "lab.small", cpu = "1500m", memory = "3Gi",
                                     price = 0.05, max_pods = 20 }
        return t.cpu, t.memory, t.max_pods, missing, message, #aws > 10, mine.cpu,
               catalog.find("lab.small").max_pods
        """)
    #expect(r[0] == 2 && r[1] == .integer(8 << 30) && r[2] == 29)
    #expect(r[3] == .nil)
    #expect(r[4] == .string("unknown instance type \"m5.larg\" (did you mean \"m5.large\", "
        + "\"c5.large\", \"m5.xlarge\"?)"))
    #expect(r[5] == true && r[6] == 1.5 && r[7] == 20)
}

@Test func unitsConvertToBaseUnits() throws {
    let r = try LuaHarness.run("""
        return units.quantity("1.5Gi"), units.cpu("250m"), units.memory("1Gi"),
               units.duration("1h30m"), units.duration("500ms"), units.millicores(0.1),
               units.format_duration(90), units.format_memory(1073741824)
        """)
    #expect(r == [1_610_612_736, 0.25, .integer(1 << 30), 5400, 0.5, 100, "1m30s", "1Gi"])
    let error = try #require(try LuaHarness.error("units.quantity('1.1.M')"))
    #expect(error.contains("bad argument #1 to 'quantity' (cannot parse quantity \"1.1.M\""))
}

@Test func nodeFailureEvictsAndReschedulesAfterTheToleration() throws {
    let r = try LuaHarness.run("""
        local c = cluster.new{ provider = "gke", seed = 7 }
        c:add_pool{ name = "pool", type = "n1-standard-2", count = 2 }
        local web = c:deploy{ name = "web", replicas = 4, requests = { cpu = "100m" } }
        c:run("1m")
        local victim = c:pods()[1].node
        assert(c:fail_node(victim) == true)
        local missing, message = c:fail_node("nope")
        c:run("2m")        -- past the 50s grace period: Unknown, NotReady
        local lost = c:get("node", victim)
        c:run("6m")        -- past the 300s toleration: evicted, replaced on the other node
        local running = 0
        for _, p in ipairs(c:pods{ workload = "web" }) do
          if p.phase == "Running" and p.node ~= victim then running = running + 1 end
        end
        return lost.status, lost.condition, running, web.ready, missing, message
        """)
    #expect(r[0] == "NotReady" && r[1] == "Unknown")
    #expect(r[2] == 4 && r[3] == 4)
    #expect(r[4] == .nil && r[5] == "Error from server (NotFound): nodes \"nope\" not found")
}

@Test func sameSeedGivesTheSamePods() throws {
    let script = """
        local c = cluster.new{ provider = "aks", seed = 42 }
        c:add_pool{ name = "a", type = "Standard_D4s_v5", count = 3, zones = { "z1", "z2", "z3" } }
        c:deploy{ name = "api", replicas = 12, requests = { cpu = "300m", memory = "512Mi" },
                  spread = "zone", startup = "10s", jitter = 0.5 }
        c:run{ duration = "2m" }
        local out = {}
        for _, p in ipairs(c:pods()) do
          out[#out + 1] = table.concat({ p.name, p.node or "-", p.phase, tostring(p.start_time) }, " ")
        end
        return table.concat(out, "\\n")
        """
    let a = try LuaHarness.run(script)
    let b = try LuaHarness.run(script)
    #expect(a == b)
    guard case .string(let text) = a.first else { Issue.record("no pods"); return }
    #expect(text.split(separator: "\n").count == 12)
}

@Test func tostringReadsLikeKubectlGet() throws {
    let r = try LuaHarness.run("""
        local c = cluster.new{ provider = "eks", seed = 1 }
        c:add_pool{ name = "small", type = "t2.medium", count = 1 }
        local web = c:deploy{ name = "web", replicas = 2, requests = { cpu = "10m" } }
        local db = c:deploy{ name = "db", kind = "StatefulSet", replicas = 1 }
        c:run("5m")
        web:scale(3)
        c:run("1m")
        return tostring(web), tostring(db), c:get("deploy"), web.replicas, web == c:get("deploy", "web")
        """)
    #expect(r[0] == .string("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3           6m"))
    #expect(r[1] == .string("NAME   READY   AGE\ndb     1/1     6m"))
    #expect(r[2] == r[0])
    #expect(r[3] == 3 && r[4] == true)
}
