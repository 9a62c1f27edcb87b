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

/// One catalog type or two-pool mix (`type` is then `m5.large + r5.xlarge`) considered by
/// `Sizing.recommend`, and why it won or lost.
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
    /// For a mix of two pools: which workloads go to which pool.
    public var assignment: String?
}

/// The result of `Sizing.recommend`.
public struct SizingRecommendation: Sendable {
    /// The cheapest pool or mix meeting the constraints (nil when none does).
    public var best: Sizing.Outcome?
    /// Every type considered, cheapest lower bound first, then the mixes.
    public var candidates: [SizingCandidate]
    /// For a mix: which workloads go to which pool (pinned by instance-type node selector).
    public var assignment: String?
}

extension Sizing {
    /// The cheapest single pool, or mix of two pools, among `shapes` that schedules the
    /// workload and meets `constraints`. Each type first gets a node-count lower bound (resources after
    /// DaemonSets, pod slots, hostname anti-affinity, `minNodesPerWorkload`, and
    /// `⌈100 / maxBlastRadius⌉` and `blastRadiusMinNodes`, since one of N equal nodes holds
    /// at least 1/N of the pods);
    /// types are then visited cheapest lower bound first, and full scheduling stops as soon as
    /// a lower bound costs no less than the best pool found (branch and bound). Two-pool
    /// mixes (SizingMixSearch.swift) follow the same way, at most `maxMixEvaluations` of them
    /// scheduled; a mix wins only when strictly cheaper than every single pool.
    public static func recommend(
        workloads: [SizingWorkload], daemonSets: [SizingDaemonSet] = [], shapes: [NodeShape],
        constraints: SizingConstraints, settings: SizingSettings = .init()
    ) -> SizingRecommendation {
        // A blast radius under one pod's share is met by no pool or mix: every type says so
        // at once, rather than adding nodes up to the limit.
        let blastNodes: Int
        do {
            blastNodes = try blastRadiusMinNodes(
                pods: workloads.reduce(0) { $0 + max($1.replicas, 0) }, constraints)
        } catch {
            return SizingRecommendation(
                best: nil, candidates: shapes.map {
                    SizingCandidate(type: $0.instanceType.name, verdict: "\(error)")
                }, assignment: nil)
        }
        var candidates: [SizingCandidate] = []
        var queue: [(shape: NodeShape, lower: Int, cost: Double)] = []
        // Priced shapes (after the max-pods cap) a mix may use, even those that cannot hold
        // the whole workload alone.
        var mixShapes: [NodeShape] = []
        for original in shapes {
            let name = original.instanceType.name
            var shape = original
            if let cap = constraints.maxPodsPerNode, shape.allocatable.pods > cap {
                do { shape = try capped(shape, maxPods: cap) } catch {
                    candidates.append(SizingCandidate(type: name, verdict: "\(error)"))
                    continue
                }
            }
            guard let price = shape.instanceType.pricePerHour else {
                candidates.append(SizingCandidate(type: name, verdict: "no price in the catalog"))
                continue
            }
            mixShapes.append(shape)
            let labels = templateLabels(shape)
            if let w = workloads.first(where: { !$0.template.spec.matchesRequiredNodeAffinity(
                name: labels[WellKnownLabels.hostname] ?? "", labels: labels) }) {
                candidates.append(SizingCandidate(
                    type: name, verdict: "\(w.name)'s node selector/affinity does not match "
                        + "\(name) nodes"))
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
            lower = max(lower, blastNodes)
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
        // Smallest counts found, shared by the types that schedule alike (`CountSearchKey`).
        var counts: [CountSearchKey: Int] = [:]
        // Schedules one candidate and records its verdict: over the budget, dearer than the
        // best so far, or the new best (the previous best then says what beat it).
        @discardableResult
        func judge(_ start: SizingCandidate, _ schedule: () throws -> Outcome) -> Bool {
            var candidate = start
            var chosen = false
            do {
                let outcome = try schedule()
                let cost = outcome.report.cost?.perMonth ?? .infinity
                candidate.count = outcome.option.pools.reduce(0) { $0 + ($1.count ?? 0) }
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
                    chosen = true
                }
            } catch {
                candidate.verdict = "\(error)"
            }
            candidates.append(candidate)
            return chosen
        }
        for item in queue {
            let name = item.shape.instanceType.name
            if let b = best, item.cost >= b.cost {
                candidates.append(SizingCandidate(
                    type: name, lowerBoundPerMonth: item.cost,
                    verdict: "pruned: \(item.lower) nodes at least cost \(money(item.cost))/month,"
                        + " not less than \(b.outcome.option.label) at \(money(b.cost))"))
                continue
            }
            judge(SizingCandidate(type: name, lowerBoundPerMonth: item.cost, verdict: "")) {
                try satisfying(item.shape, lower: item.lower, workloads: workloads,
                               daemonSets: daemonSets, constraints: constraints,
                               settings: settings, below: best?.cost, counts: &counts)
            }
        }
        var assignment: String?
        let mixes = Self.mixes(mixShapes, workloads: workloads, daemonSets: daemonSets,
                               settings: settings)
        var evaluated = 0
        var pruned: (count: Int, from: Double)?
        for mix in mixes {
            if let budget = constraints.budgetPerMonth, mix.lowerBoundCost > budget { break }
            if let b = best, mix.lowerBoundCost >= b.cost {
                pruned = (mixes.count - evaluated, mix.lowerBoundCost)
                break
            }
            if evaluated == maxMixEvaluations {
                pruned = (mixes.count - evaluated, mix.lowerBoundCost)
                break
            }
            evaluated += 1
            let text = assignmentText(mix, workloads)
            let chosen = judge(SizingCandidate(type: mix.types,
                                               lowerBoundPerMonth: mix.lowerBoundCost,
                                               verdict: "", assignment: text)) {
                try evaluate(mix, workloads: workloads, daemonSets: daemonSets,
                             constraints: constraints, settings: settings, below: best?.cost)
            }
            if chosen { assignment = text }
        }
        if let pruned {
            let against = best.map { " (best: \($0.outcome.option.label) at \(money($0.cost)))" }
                ?? ""
            candidates.append(SizingCandidate(
                type: "\(pruned.count) more mixes", lowerBoundPerMonth: pruned.from,
                verdict: "not scheduled: lower bounds from \(money(pruned.from))/month"
                    + (evaluated == maxMixEvaluations ? ", search limit of "
                        + "\(maxMixEvaluations) mixes reached" : "") + against))
        }
        return SizingRecommendation(best: best?.outcome, candidates: candidates,
                                    assignment: assignment)
    }

    /// `shape` with the kubelet's `maxPods` lowered to `cap` (within the provider's range):
    /// fewer pod slots, the same reservations. EKS's nodeadm computes kube-reserved memory
    /// (`11 × maxPods + 255` MiB) from the ENI max pods and merges the user's kubelet config,
    /// `maxPods` included, afterwards (awslabs/amazon-eks-ami nodeadm/internal/kubelet/
    /// config.go: `withDefaultReservedResources(cfg, GetClassicMaxPods(...))`), so the cap
    /// leaves allocatable CPU and memory as they were. Recomputing the reservations from the
    /// cap instead handed back 11 MiB per slot removed, and a capped search could beat the
    /// uncapped one (3 t3a.medium instead of 7 t3a.small for lesson 09's web tier). The rule
    /// is kept on every provider, so a cap only ever takes pod slots away.
    static func capped(_ shape: NodeShape, maxPods cap: Int) throws -> NodeShape {
        var profile = shape.profile
        profile.maxPods = cap
        var capped = try NodeShape.compute(shape.instanceType, profile: profile)
        capped.reservations = shape.reservations
        capped.capacity = NodeResources(milliCPU: shape.capacity.milliCPU,
                                        memoryBytes: shape.capacity.memoryBytes, pods: cap)
        capped.allocatable = NodeResources(milliCPU: shape.allocatable.milliCPU,
                                           memoryBytes: shape.allocatable.memoryBytes, pods: cap)
        return capped
    }

    /// At most this many two-pool mixes are scheduled by one `recommend`.
    public static let maxMixEvaluations = 20

    /// The smallest count from `lower` up whose scheduled cluster places the workload and
    /// meets the blast-radius and replication constraints; gives up once more nodes cost at
    /// least `below`. Counts are judged on the placement alone (`unmetConstraint`), found by
    /// stepping up and bisecting (`smallestAccepted`: more nodes hold fewer pods each and
    /// spread every workload wider), and only the count chosen is analyzed in full.
    static func satisfying(
        _ shape: NodeShape, lower: Int, workloads: [SizingWorkload],
        daemonSets: [SizingDaemonSet], constraints: SizingConstraints, settings: SizingSettings,
        below: Double?, counts: inout [CountSearchKey: Int]
    ) throws -> Outcome {
        let key = CountSearchKey(shape, workloads: workloads, daemonSets: daemonSets)
        let found: (count: Int, cluster: Cluster)
        if let key, let count = counts[key] {
            found = (count, try build(SizingOption(shape: shape, count: count),
                                      workloads: workloads, daemonSets: daemonSets,
                                      settings: settings))
        } else {
            found = try smallestCount(shape, workloads: workloads, daemonSets: daemonSets,
                                      settings: settings)
            if let key { counts[key] = found.count }
        }
        let start = max(found.count, lower)
        let price = shape.instanceType.pricePerHour ?? 0
        func cost(_ n: Int) -> Double { Double(n) * price * settings.hoursPerMonth }
        // The first count is always tried; more nodes only while they cost less than `below`.
        var limit = settings.maxNodes
        if let below, price > 0 {
            var affordable = Int(min(below / cost(1), Double(limit)).rounded(.down))
            while affordable > 0 && cost(affordable) >= below { affordable -= 1 }
            while affordable < limit && cost(affordable + 1) < below { affordable += 1 }
            limit = max(start, affordable)
        }
        let search = try smallestAccepted(from: start, limit: limit) { n in
            let cluster = n == found.count ? found.cluster
                : try build(SizingOption(shape: shape, count: n), workloads: workloads,
                            daemonSets: daemonSets, settings: settings)
            guard let reason = unmetConstraint(cluster, constraints) else {
                return .accepted(cluster)
            }
            return .rejected(step: 1, reason: reason)
        }
        if let accepted = search.accepted {
            return analyzed(SizingOption(shape: shape, count: accepted.count),
                            cluster: accepted.value, settings: settings)
        }
        let last = search.rejected ?? (limit, "constraints unmet")
        throw SizingError("\(last.reason) at \(last.count) nodes, and more nodes cost at "
            + "least \(money(cost(last.count + 1)))/month")
    }

    /// The candidates as a kubectl-like table.
    public static func recommendationTable(_ r: SizingRecommendation) -> String {
        var rows = [["TYPE", "NODES", "$/MONTH", "LOWER-BOUND", "VERDICT"]]
        for c in r.candidates {
            let verdict = c.assignment.map { "\(c.verdict) [\($0)]" } ?? c.verdict
            rows.append([c.type, c.count.map(String.init) ?? "-", c.perMonth.map(money) ?? "-",
                         c.lowerBoundPerMonth.map(money) ?? "-", verdict])
        }
        return TextTable.render(rows)
    }
}
