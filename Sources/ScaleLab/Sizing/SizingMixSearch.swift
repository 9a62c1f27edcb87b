/// Mixes of two pools for `Sizing.recommend` (issue 6 item 3): a general pool plus a second
/// pool (say memory-optimised) for the workloads it serves more cheaply. Each workload goes to
/// the pool its `nodeSelector` and required node affinity allow; when both allow it, to the one
/// whose node-fraction per pod costs less (`price × max(cpu/usable cpu, memory/usable memory,
/// 1/pod slots)`, the dominant resource's share of a node). The workloads of the second pool
/// are pinned to it with a `node.kubernetes.io/instance-type` node selector, as one would pin
/// them on a real cluster, so the scheduler keeps the split.
struct SizingMix {
    /// The two pools' shapes.
    var shapes: (NodeShape, NodeShape)
    /// Workload indexes per pool.
    var assigned: ([Int], [Int])
    /// The cost of both pools' node-count lower bounds (USD/month).
    var lowerBoundCost: Double
    /// Both pools' lower bounds.
    var lower: (Int, Int)

    /// `2x m5.large + 1x r5.xlarge`-style label, counts unknown.
    var types: String { "\(shapes.0.instanceType.name) + \(shapes.1.instanceType.name)" }
}

extension Sizing {
    /// The labels a node of `shape` carries in a sized cluster (see `Cluster.resizePool`),
    /// for matching node selectors before any node exists.
    static func templateLabels(_ shape: NodeShape) -> [String: String] {
        let name = shape.instanceType.name
        return [WellKnownLabels.instanceType: name, "node.kubernetes.io/pool": name.lowercased(),
                WellKnownLabels.hostname: name.lowercased() + "-0"]
    }

    /// Whether pods of `w` may run on nodes of `shape` (node selector and required node
    /// affinity, the NodeAffinity filter) and fit an empty one after the DaemonSets.
    static func allows(_ shape: NodeShape, _ w: SizingWorkload, plan: PackingPlan) -> Bool {
        let labels = templateLabels(shape)
        guard w.template.spec.matchesRequiredNodeAffinity(
            name: labels[WellKnownLabels.hostname] ?? "", labels: labels) else { return false }
        let r = PodRequests(w.template.spec).requests
        return r.milliCPU <= plan.usableCPU && r.memory <= plan.usableMemory
            && plan.usableSlots >= 1
    }

    /// The dominant-resource price of one pod of `w` on `shape` (USD/hour).
    static func podPrice(_ w: SizingWorkload, _ plan: PackingPlan, price: Double) -> Double {
        let r = PodRequests(w.template.spec).requests
        let share = max(Double(r.milliCPU) / Double(max(plan.usableCPU, 1)),
                        Double(r.memory) / Double(max(plan.usableMemory, 1)),
                        1 / Double(max(plan.usableSlots, 1)))
        return share * price
    }

    /// Every two-pool mix of `shapes` whose split puts at least one workload on each pool,
    /// cheapest lower bound first. `shapes` have prices.
    static func mixes(
        _ shapes: [NodeShape], workloads: [SizingWorkload], daemonSets: [SizingDaemonSet],
        settings: SizingSettings
    ) -> [SizingMix] {
        // The empty-workload plan of each shape: room per node after the DaemonSets.
        let plans: [PackingPlan?] = shapes.map {
            try? PackingPlan(shape: $0, workloads: [], daemonSets: daemonSets)
        }
        var result: [SizingMix] = []
        for i in shapes.indices {
            guard let planA = plans[i], let priceA = shapes[i].instanceType.pricePerHour
            else { continue }
            // (i, j) and (j, i) give the same split (each workload to its cheaper side).
            for j in shapes.indices where j > i {
                guard let planB = plans[j], let priceB = shapes[j].instanceType.pricePerHour
                else { continue }
                var a: [Int] = [], b: [Int] = []
                var feasible = true
                for (k, w) in workloads.enumerated() where w.replicas > 0 {
                    let onA = allows(shapes[i], w, plan: planA)
                    let onB = allows(shapes[j], w, plan: planB)
                    if onA && onB {
                        // Ties stay on the first (general) pool.
                        if podPrice(w, planB, price: priceB) < podPrice(w, planA, price: priceA) {
                            b.append(k)
                        } else {
                            a.append(k)
                        }
                    } else if onA {
                        a.append(k)
                    } else if onB {
                        b.append(k)
                    } else {
                        feasible = false
                        break
                    }
                }
                // A one-sided split is a single pool; the single-pool search covers it.
                guard feasible, !a.isEmpty, !b.isEmpty else { continue }
                guard let la = try? PackingPlan(shape: shapes[i], workloads: a.map {
                    workloads[$0] }, daemonSets: daemonSets).lowerBound,
                      let lb = try? PackingPlan(shape: shapes[j], workloads: b.map {
                    workloads[$0] }, daemonSets: daemonSets).lowerBound
                else { continue }
                let cost = (Double(la) * priceA + Double(lb) * priceB) * settings.hoursPerMonth
                result.append(SizingMix(shapes: (shapes[i], shapes[j]), assigned: (a, b),
                                        lowerBoundCost: cost, lower: (la, lb)))
            }
        }
        result.sort { $0.lowerBoundCost != $1.lowerBoundCost
            ? $0.lowerBoundCost < $1.lowerBoundCost : $0.types < $1.types }
        return result
    }

    /// `w` pinned to nodes of `shape` (its own selector kept).
    static func pinned(_ w: SizingWorkload, to shape: NodeShape) -> SizingWorkload {
        var copy = w
        copy.template.spec.nodeSelector[WellKnownLabels.instanceType] = shape.instanceType.name
        return copy
    }

    /// Schedules `mix`: each pool's smallest count for its own workloads, then both pools
    /// together with the workloads pinned; grows the pool whose pods stay Pending or whose
    /// constraint is unmet (the cheaper node first) until the constraints hold or the cost
    /// reaches `below`.
    static func evaluate(
        _ mix: SizingMix, workloads: [SizingWorkload], daemonSets: [SizingDaemonSet],
        constraints: SizingConstraints, settings: SizingSettings, below: Double?
    ) throws -> Outcome {
        let (sa, sb) = mix.shapes
        let wa = mix.assigned.0.map { pinned(workloads[$0], to: sa) }
        let wb = mix.assigned.1.map { pinned(workloads[$0], to: sb) }
        var na = max(mix.lower.0, try smallestCount(sa, workloads: wa, daemonSets: daemonSets,
                                                    settings: settings).count)
        var nb = max(mix.lower.1, try smallestCount(sb, workloads: wb, daemonSets: daemonSets,
                                                    settings: settings).count)
        let pa = sa.instanceType.pricePerHour ?? 0, pb = sb.instanceType.pricePerHour ?? 0
        while true {
            let option = SizingOption(pools: [SizingPool(shape: sa, count: na),
                                              SizingPool(shape: sb, count: nb)])
            let cluster = try build(option, workloads: wa + wb, daemonSets: daemonSets,
                                    settings: settings)
            let pendingA = pending(cluster, of: wa)
            let pendingB = pending(cluster, of: wb)
            var reason: String?
            if pendingA + pendingB > 0 {
                reason = "\(pendingA + pendingB) pods Pending"
                if pendingA > 0 { na += 1 } else { nb += 1 }
            } else if let unmet = unmetConstraint(cluster, constraints) {
                reason = unmet
                if pa <= pb { na += 1 } else { nb += 1 }
            }
            // Only the counts chosen get the full analysis (failure simulation included).
            guard let reason else { return analyzed(option, cluster: cluster, settings: settings) }
            let cost = (Double(na) * pa + Double(nb) * pb) * settings.hoursPerMonth
            if na + nb > settings.maxNodes || (below.map { cost >= $0 } ?? false) {
                throw SizingError("\(reason) at \(option.label), and more nodes cost at least "
                    + "\(money(cost))/month")
            }
        }
    }

    /// Pods of `workloads` left Pending in `cluster`.
    static func pending(_ cluster: Cluster, of workloads: [SizingWorkload]) -> Int {
        let names = Set(workloads.map(\.name))
        var n = 0
        cluster.forEachPod { pod in
            if pod.pointee.isActive && pod.pointee.nodeID == nil, let owner = pod.pointee.owner,
               names.contains(cluster.workloads[owner.index].name) { n += 1 }
        }
        return n
    }

    /// The first constraint the scheduled `cluster` fails, if any: workload pods left Pending
    /// (a recommendation must place the workload), the
    /// blast radius (the share of the workload pods on the node the failure simulation
    /// removes, `largestNodeLoss`) and the nodes per workload — read from the placement, so
    /// a count is judged without the failure simulation, which runs once on the count chosen.
    static func unmetConstraint(_ cluster: Cluster, _ constraints: SizingConstraints) -> String? {
        let pending = pendingByWorkload(cluster).reduce(0, +)
        if pending > 0 { return "\(pending) pods Pending" }
        if let b = constraints.maxBlastRadiusPercent, let loss = largestNodeLoss(cluster),
           loss.percent > b + 1e-9 {
            return "blast radius \(pct(loss.percent)) > \(pct(b))"
        }
        if let n = constraints.minNodesPerWorkload {
            for w in effectiveReplication(cluster) where w.nodes < min(n, w.replicas) {
                return "\(w.name) on \(w.nodes) nodes < \(min(n, w.replicas))"
            }
        }
        return nil
    }

    /// The fewest nodes of equal size that can meet `max_blast_radius_pct` with `pods`
    /// workload pods all placed (1 without that constraint). The failure simulation removes,
    /// among the largest nodes, the one holding most workload pods: at least ⌈pods / N⌉ of
    /// N nodes, and at most ⌊b × pods / 100⌋ pods fit a radius of b%. When that is none —
    /// losing a single pod is already more than b% — no number of nodes meets it, in a pool
    /// or a mix (whose largest nodes hold pods of their own pool), and this throws.
    static func blastRadiusMinNodes(pods: Int, _ constraints: SizingConstraints) throws -> Int {
        guard let b = constraints.maxBlastRadiusPercent, pods > 0 else { return 1 }
        // The most pods whose loss stays within b, by the very comparison of `unmetConstraint`.
        var k = Int((b * Double(pods) / 100).rounded(.down))
        while k < pods && percent(Int64(k + 1), of: Int64(pods)) <= b + 1e-9 { k += 1 }
        while k > 0 && percent(Int64(k), of: Int64(pods)) > b + 1e-9 { k -= 1 }
        guard k > 0 else {
            throw SizingError("a blast radius of at most \(pct(b)) cannot be met: losing any "
                + "node that holds one of the \(pods) pods loses "
                + "\(pct(percent(1, of: Int64(pods))))")
        }
        return (pods + k - 1) / k
    }

    /// "web, api on m5.large; cache on r5.xlarge".
    static func assignmentText(_ mix: SizingMix, _ workloads: [SizingWorkload]) -> String {
        let a = mix.assigned.0.map { workloads[$0].name }.joined(separator: ", ")
        let b = mix.assigned.1.map { workloads[$0].name }.joined(separator: ", ")
        return "\(a) on \(mix.shapes.0.instanceType.name); \(b) on \(mix.shapes.1.instanceType.name)"
    }
}
