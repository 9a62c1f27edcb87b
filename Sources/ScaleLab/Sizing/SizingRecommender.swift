import Foundation

/// Limits a recommended pool must meet (issue 6 item 3).
public struct SizingConstraints: Sendable {
    /// Most workload pods (percent of all) one node failure may take down.
    public var maxBlastRadiusPercent: Double?
    /// Each workload must spread over at least this many nodes (or all its replicas).
    public var minNodesPerWorkload: Int?
    /// The kubelet `maxPods` cap applied to every node type.
    public var maxPodsPerNode: Int?
    /// Most USD per month.
    public var budgetPerMonth: Double?

    /// No constraints.
    public init() {}
}

/// One catalog type considered by `Sizing.recommend`, and why it won or lost.
public struct SizingCandidate: Sendable {
    /// The instance type.
    public var type: String
    /// The node count evaluated (nil when pruned or rejected before packing).
    public var count: Int?
    /// Monthly cost at `count` nodes.
    public var perMonth: Double?
    /// Monthly cost of the node-count lower bound (what pruning compared).
    public var lowerBoundPerMonth: Double?
    /// "chosen", or why it lost.
    public var verdict: String
}

/// The result of `Sizing.recommend`.
public struct SizingRecommendation: Sendable {
    /// The cheapest pool meeting the constraints (nil when none does).
    public var best: Sizing.Outcome?
    /// Every type considered, cheapest lower bound first.
    public var candidates: [SizingCandidate]
}

extension Sizing {
    /// The cheapest single pool among `shapes` that schedules the workload and meets
    /// `constraints`. Each type first gets a node-count lower bound (resources after
    /// DaemonSets, pod slots, hostname anti-affinity, `minNodesPerWorkload`, and
    /// `⌈100 / maxBlastRadius⌉`, since one of N equal nodes holds at least 1/N of the pods);
    /// types are then visited cheapest lower bound first, and full scheduling stops as soon as
    /// a lower bound costs no less than the best pool found (branch and bound).
    public static func recommend(
        workloads: [SizingWorkload], daemonSets: [SizingDaemonSet] = [], shapes: [NodeShape],
        constraints: SizingConstraints, settings: SizingSettings = .init()
    ) -> SizingRecommendation {
        var candidates: [SizingCandidate] = []
        var queue: [(shape: NodeShape, lower: Int, cost: Double)] = []
        for original in shapes {
            let name = original.instanceType.name
            var shape = original
            if let cap = constraints.maxPodsPerNode, shape.allocatable.pods > cap {
                var profile = shape.profile
                profile.maxPods = cap
                do { shape = try NodeShape.compute(shape.instanceType, profile: profile) } catch {
                    candidates.append(SizingCandidate(type: name, verdict: "\(error)"))
                    continue
                }
            }
            guard let price = shape.instanceType.pricePerHour else {
                candidates.append(SizingCandidate(type: name, verdict: "no price in the catalog"))
                continue
            }
            let plan: PackingPlan
            do {
                plan = try PackingPlan(shape: shape, workloads: workloads, daemonSets: daemonSets)
            } catch {
                candidates.append(SizingCandidate(type: name, verdict: "\(error)"))
                continue
            }
            var lower = plan.lowerBound
            if let n = constraints.minNodesPerWorkload { lower = max(lower, n) }
            if let b = constraints.maxBlastRadiusPercent, b > 0 {
                lower = max(lower, Int((100 / b - 1e-9).rounded(.up)))
            }
            let cost = Double(lower) * price * settings.hoursPerMonth
            if let budget = constraints.budgetPerMonth, cost > budget {
                candidates.append(SizingCandidate(
                    type: name, lowerBoundPerMonth: cost,
                    verdict: "at least \(lower) nodes cost \(money(cost))/month, over the "
                        + "budget of \(money(budget))"))
                continue
            }
            queue.append((shape, lower, cost))
        }
        queue.sort { $0.cost != $1.cost ? $0.cost < $1.cost
            : $0.shape.instanceType.name < $1.shape.instanceType.name }
        var best: (outcome: Outcome, cost: Double)?
        for item in queue {
            let name = item.shape.instanceType.name
            if let b = best, item.cost >= b.cost {
                candidates.append(SizingCandidate(
                    type: name, lowerBoundPerMonth: item.cost,
                    verdict: "pruned: \(item.lower) nodes at least cost \(money(item.cost))/month,"
                        + " not less than \(b.outcome.option.label) at \(money(b.cost))"))
                continue
            }
            var candidate = SizingCandidate(type: name, lowerBoundPerMonth: item.cost, verdict: "")
            do {
                let outcome = try satisfying(item.shape, lower: item.lower, workloads: workloads,
                                             daemonSets: daemonSets, constraints: constraints,
                                             settings: settings, below: best?.cost)
                let cost = outcome.report.cost?.perMonth ?? .infinity
                candidate.count = outcome.option.pools.first?.count
                candidate.perMonth = cost
                if let budget = constraints.budgetPerMonth, cost > budget {
                    candidate.verdict = "\(outcome.option.label) costs \(money(cost))/month, over "
                        + "the budget of \(money(budget))"
                } else if let b = best, cost >= b.cost {
                    candidate.verdict = "\(outcome.option.label) costs \(money(cost))/month, "
                        + "\(money(cost - b.cost)) more than \(b.outcome.option.label)"
                } else {
                    if let b = best, let at = candidates.firstIndex(where: {
                        $0.verdict == "chosen" }) {
                        candidates[at].verdict = "\(b.outcome.option.label) costs "
                            + "\(money(b.cost))/month, \(money(b.cost - cost)) more than "
                            + outcome.option.label
                    }
                    best = (outcome, cost)
                    candidate.verdict = "chosen"
                }
            } catch {
                candidate.verdict = "\(error)"
            }
            candidates.append(candidate)
        }
        return SizingRecommendation(best: best?.outcome, candidates: candidates)
    }

    /// The smallest count from `lower` up whose scheduled cluster meets the blast-radius and
    /// replication constraints; gives up once it costs at least `below`.
    static func satisfying(
        _ shape: NodeShape, lower: Int, workloads: [SizingWorkload],
        daemonSets: [SizingDaemonSet], constraints: SizingConstraints, settings: SizingSettings,
        below: Double?
    ) throws -> Outcome {
        let found = try smallestCount(shape, workloads: workloads, daemonSets: daemonSets,
                                      settings: settings)
        var count = max(found.count, lower)
        let price = shape.instanceType.pricePerHour ?? 0
        while true {
            let outcome = try evaluate(SizingOption(shape: shape, count: count),
                                       workloads: workloads, daemonSets: daemonSets,
                                       settings: settings)
            let r = outcome.report
            var unmet: String?
            if let b = constraints.maxBlastRadiusPercent, let radius = r.blastRadius,
               radius.percent > b + 1e-9 {
                unmet = "blast radius \(pct(radius.percent)) > \(pct(b))"
            }
            if let n = constraints.minNodesPerWorkload {
                for w in r.effectiveReplication where w.nodes < min(n, w.replicas) {
                    unmet = "\(w.name) on \(w.nodes) nodes < \(min(n, w.replicas))"
                }
            }
            guard let reason = unmet else { return outcome }
            count += 1
            let cost = Double(count) * price * settings.hoursPerMonth
            if count > settings.maxNodes || (below.map { cost >= $0 } ?? false) {
                throw SizingError("\(reason) at \(count - 1) nodes, and more nodes cost at "
                    + "least \(money(cost))/month")
            }
        }
    }

    /// The candidates as a kubectl-like table.
    public static func recommendationTable(_ r: SizingRecommendation) -> String {
        var rows = [["TYPE", "NODES", "$/MONTH", "LOWER-BOUND", "VERDICT"]]
        for c in r.candidates {
            rows.append([c.type, c.count.map(String.init) ?? "-", c.perMonth.map(money) ?? "-",
                         c.lowerBoundPerMonth.map(money) ?? "-", c.verdict])
        }
        return TextTable.render(rows)
    }
}
