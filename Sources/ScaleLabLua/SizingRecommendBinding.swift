import LuaKit
import ScaleLab

/// `sizing.recommend{ workload, daemonsets, providers = { "aws", "gcp" }, types = { ... },
/// constraints = { max_blast_radius_pct, min_nodes_per_workload, max_pods_per_node,
/// budget_per_month }, provider, hours_per_month }` → `{ best = <report table>, type, count,
/// cost_month, pools = { { type, count } }, assignment, candidates = { { type, count,
/// cost_month, lower_bound_month, verdict, assignment } } }`. For a mix of two pools, `type`
/// and `count` are the first pool's, `pools` has both and `assignment` says which workloads
/// go where ("web on m5.large; cache on r5.xlarge").
enum SizingRecommendBinding {
    static let keys = ["provider", "network", "max_pods", "workload", "daemonsets", "providers",
                       "types", "constraints", "hours_per_month", "scoring", "seed"]
    static let constraintKeys = ["max_blast_radius_pct", "min_nodes_per_workload",
                                 "max_pods_per_node", "budget_per_month"]

    static func recommend(_ call: LuaCall, session: LuaSession) throws -> Int32 {
        let o = try OptionTable(call, 1, context: "sizing.recommend", allowed: keys)
        let input = try SizingInput(o, session: session)
        var constraints = SizingConstraints()
        if let c = try o.options("constraints", allowed: constraintKeys) {
            constraints.maxBlastRadiusPercent = try c.number("max_blast_radius_pct")
            constraints.minNodesPerWorkload = try c.integer("min_nodes_per_workload", atLeast: 1)
            constraints.maxPodsPerNode = try c.integer("max_pods_per_node", atLeast: 1)
            constraints.budgetPerMonth = try c.number("budget_per_month")
        }
        let clouds = try o.stringList("providers").map { name -> CloudProvider in
            guard let p = CloudProvider(rawValue: name) else {
                throw o.bad("providers", "'\(name)' is not one of "
                    + CloudProvider.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return p
        }
        var types = try o.stringList("types").map { name -> InstanceType in
            do { return try session.catalog.find(name) } catch let e as CatalogError {
                throw o.bad("types", e.message)
            }
        }
        if types.isEmpty {
            types = session.catalog.types.filter { clouds.isEmpty || clouds.contains($0.provider) }
        }
        var shapes: [NodeShape] = []
        for type in types {
            if let shape = try? NodeShape.compute(type, profile: input.profile(for: type)) {
                shapes.append(shape)
            }
        }
        let result = Sizing.recommend(workloads: input.workloads, daemonSets: input.daemonSets,
                                      shapes: shapes, constraints: constraints,
                                      settings: input.settings)
        let candidates = result.candidates.map { c in
            SizingTables.fields([
                ("type", .string(c.type)), ("count", c.count.map { .integer($0) }),
                ("cost_month", c.perMonth.map { .number($0) }),
                ("lower_bound_month", c.lowerBoundPerMonth.map { .number($0) }),
                ("verdict", .string(c.verdict)),
                ("assignment", c.assignment.map { .string($0) }),
            ])
        }
        var text = Sizing.recommendationTable(result)
        var pairs: [(String, LuaValue?)] = [("candidates", .table(LuaTable(array: candidates)))]
        if let best = result.best {
            pairs += [
                ("best", SizingTables.table(best.report, best.option)),
                ("type", best.option.pools.first.map { .string($0.shape.instanceType.name) }),
                ("count", best.option.pools.first?.count.map { .integer($0) }),
                ("cost_month", best.report.cost.map { .number($0.perMonth) }),
                ("pools", .table(LuaTable(array: best.option.pools.map { pool in
                    SizingTables.fields([("type", .string(pool.shape.instanceType.name)),
                                         ("count", pool.count.map { .integer($0) })])
                }))),
                ("assignment", result.assignment.map { .string($0) }),
            ]
            text = "Recommended: \(best.option.label)"
                + (result.assignment.map { " (\($0))" } ?? "") + "\n" + text
        } else {
            text = "No pool meets the constraints\n" + text
        }
        return call.push([SizingTables.fields(pairs), .string(text)])
    }
}
