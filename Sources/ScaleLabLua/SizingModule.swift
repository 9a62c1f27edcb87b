import LuaKit
import ScaleLab

/// The `sizing` module (issue 6 items 2, 3 and 7):
/// - `sizing.compare{ provider, workload, daemonsets, options, hours_per_month }` → a list of
///   plain tables, one per option; `tostring(list)` is a kubectl-like comparison table and
///   `tostring(list[i])` a `kubectl describe`-like account of one option;
/// - `sizing.analyze(c)` (a cluster, at its current time) or `sizing.analyze{ provider, pool,
///   workload, daemonsets }` → one such table;
/// - `sizing.recommend{ workload, providers, constraints }` → the cheapest pool or two-pool
///   mix that meets the constraints and why each runner-up lost.
enum SizingModule {
    /// `sizing.compare` option keys.
    static let compareKeys = ["provider", "network", "max_pods", "workload", "daemonsets",
                              "options", "hours_per_month", "scoring", "seed"]
    /// `sizing.analyze{...}` option keys.
    static let analyzeKeys = ["provider", "network", "max_pods", "workload", "daemonsets",
                              "pool", "hours_per_month", "scoring", "seed"]

    /// Wraps the Swift functions (which return a result table plus its texts) so the result
    /// tables carry a `__tostring` metatable.
    static let wrapper = """
        local raw_compare, raw_analyze, raw_recommend = ...
        local pack, unpack, pcall, error, type = table.pack, table.unpack, pcall, error, type
        local function text_of(s) return function() return s end end
        -- Errors point at the caller's line (stdin:1:), not at this wrapper's.
        local function call(f, ...)
          local r = pack(pcall(f, ...))
          if r[1] then return unpack(r, 2, r.n) end
          local m = r[2]
          if type(m) == "string" then m = m:gsub("^%(sizing%):%d+: ", "") end
          error(m, 3)
        end
        local function compare(o)
          local list, text, rows = call(raw_compare, o)
          for i, row in ipairs(rows) do setmetatable(list[i], { __tostring = text_of(row) }) end
          return setmetatable(list, { __tostring = text_of(text) })
        end
        local function analyze(x)
          local t, text = call(raw_analyze, x)
          return setmetatable(t, { __tostring = text_of(text) })
        end
        local function recommend(o)
          local t, text = call(raw_recommend, o)
          return setmetatable(t, { __tostring = text_of(text) })
        end
        return { compare = compare, analyze = analyze, recommend = recommend }
        """

    static func module(_ runtime: LuaRuntime, session: LuaSession) throws -> LuaValue {
        let compare = runtime.function(
            "(opts: table): table[]",
            "compares node options for a workload: overhead, fragmentation, blast radius, cost"
        ) { call in
            let o = try OptionTable(call, 1, context: "sizing.compare", allowed: compareKeys)
            let input = try SizingInput(o, session: session)
            let optionValues = try o.list("options")
            if optionValues.isEmpty { throw o.bad("options", "at least one option required") }
            let options = try optionValues.map { try input.option($0, o) }
            let outcomes = try run(o) {
                try Sizing.compare(workloads: input.workloads, daemonSets: input.daemonSets,
                                   options: options, settings: input.settings)
            }
            let reports = outcomes.map(\.report)
            return call.push([
                .table(LuaTable(array: outcomes.map { SizingTables.table($0.report, $0.option) })),
                .string(Sizing.comparisonTable(reports)),
                .table(LuaTable(array: reports.map { .string($0.describe) })),
            ])
        }
        let analyze = runtime.function(
            "(c: Cluster|table): table",
            "the node-size analysis of a cluster now, or of one pool for a workload"
        ) { call in
            if case .table = call.value(1) {
                let o = try OptionTable(call, 1, context: "sizing.analyze", allowed: analyzeKeys)
                let input = try SizingInput(o, session: session)
                guard let pool = o.fields["pool"] else { throw o.bad("pool", "required") }
                let option = try input.option(pool, o)
                let outcome = try run(o) {
                    try Sizing.evaluate(option, workloads: input.workloads,
                                        daemonSets: input.daemonSets, settings: input.settings)
                }
                return call.push([SizingTables.table(outcome.report, outcome.option),
                                  .string(outcome.report.describe)])
            }
            let c = try call.object(1, as: LuaCluster.self)
            let report = analyzeCluster(c)
            return call.push([SizingTables.table(report, nil), .string(report.describe)])
        }
        let recommend = runtime.function(
            "(opts: table): table",
            "the cheapest pool meeting the constraints, and why each runner-up lost"
        ) { call in
            try SizingRecommendBinding.recommend(call, session: session)
        }
        let make = try runtime.load(wrapper, name: "=(sizing)")
        let built = try runtime.call(make, [compare, analyze, recommend])
        guard let table = built.first else { throw LuaCallError.message("sizing: no module") }
        // The Lua wrappers carry their Swift functions' descriptions (help, types file).
        if case .table(let t) = table {
            for (name, raw) in [("compare", compare), ("analyze", analyze),
                                ("recommend", recommend)] {
                if let wrapped = t[name], let info = runtime.functionInfo(of: raw) {
                    runtime.describe(wrapped, as: info.doc)
                }
            }
        }
        return table
    }

    /// Runs an engine call, turning its errors into Lua errors that name the function.
    static func run<T>(_ o: OptionTable, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as SizingError {
            throw LuaCallError.message("\(o.context): \(e.description)")
        } catch let e as ClusterError {
            throw LuaCallError.message("\(o.context): \(e.description)")
        } catch let e as NodeProfileError {
            throw LuaCallError.message("\(o.context): \(e.message)")
        }
    }

    /// The analysis of a live cluster: its pools' shapes come from the session catalog under
    /// the cluster's profile, and the failure is simulated with its scheduler profile.
    static func analyzeCluster(_ c: LuaCluster) -> SizingReport {
        var shapes: [String: NodeShape] = [:]
        for pool in c.sim.cluster.pools where shapes[pool.instanceType] == nil {
            if let type = try? c.session.catalog.find(pool.instanceType),
               let shape = try? NodeShape.compute(type, profile: c.profile) {
                shapes[pool.instanceType] = shape
            }
        }
        var settings = SizingSettings()
        settings.schedulerProfile = c.sim.scheduler.framework.profile
        return Sizing.analyze(c.sim.cluster, shapes: shapes, settings: settings)
    }
}
