/// The node-count search of `sizing.compare{ type = ... }` and `sizing.recommend`.
extension Sizing {
    /// The smallest number of `shape` nodes on which the scheduler places every pod, and the
    /// cluster scheduled at that count. Fewer nodes than the resource lower bound
    /// (`PackingPlan.lowerBound`) cannot hold the pods, so the search starts there: most
    /// workloads fit at the bound or a node or two above it. While pods stay Pending it grows,
    /// by the nodes the Pending pods need at the average pods per node and then by doubling
    /// steps, and once a count schedules everything it bisects between the largest count that
    /// left pods Pending and the smallest that did not. Every count tried is a full build and
    /// scheduling pass (`build`), so the cluster returned is the scheduler's own placement;
    /// the search assumes that more nodes never leave more pods Pending, which holds for the
    /// scheduler's spreading placement of these pods (a node added is one more candidate for
    /// every pod).
    ///
    /// `guess` (the count of a type of the same allocatable CPU, say) is tried first, and when
    /// it schedules everything the count just below it next: for the catalog's 2-vCPU types,
    /// whose spread pods leave no node a whole CPU for the last workload until well above the
    /// bound, that is 2 builds instead of 11. A guess only picks which counts are tried,
    /// never the answer.
    public static func smallestCount(
        _ shape: NodeShape, workloads: [SizingWorkload], daemonSets: [SizingDaemonSet],
        settings: SizingSettings, guess: Int? = nil
    ) throws -> (count: Int, cluster: Cluster) {
        let plan = try PackingPlan(shape: shape, workloads: workloads, daemonSets: daemonSets)
        let limit = settings.maxNodes
        let start = max(plan.lowerBound, 1)
        guard start <= limit else { throw plan.tooMany(limit) }
        let search = try smallestAccepted(from: start, limit: limit, guess: guess) { n in
            let cluster = try build(SizingOption(shape: shape, count: n), workloads: workloads,
                                    daemonSets: daemonSets, settings: settings)
            let pending = pendingWorkloadPods(cluster)
            guard pending > 0 else { return .accepted(cluster) }
            // The nodes the Pending pods need at this count's average pods per node.
            let perNode = max(1, plan.totalPods / n)
            return .rejected(step: (pending + perNode - 1) / perNode,
                             reason: "\(pending) pods Pending")
        }
        guard let found = search.accepted else { throw plan.tooMany(limit) }
        return (found.count, found.value)
    }

    /// A count tried by `smallestAccepted`: accepted with a value, or rejected with the step
    /// up it suggests and why.
    enum CountProbe<Value> {
        case accepted(Value)
        case rejected(step: Int, reason: String)
    }

    /// The smallest count from `start` to `limit` that `attempt` accepts, assuming that once
    /// a count is accepted every larger one is (more nodes only add room) and that counts
    /// below `start` are not: `guess` first if it is larger than `start`, else `start`, then
    /// steps up — at least what the rejection suggests, doubling after each rejection — and
    /// a bisection between the largest count rejected (or `start - 1`) and the smallest
    /// accepted (when the guess was accepted, the count just below it is tried first, so a
    /// right guess costs two attempts). Without an accepted count, the rejection of `limit`.
    static func smallestAccepted<Value>(
        from start: Int, limit: Int, guess: Int? = nil,
        _ attempt: (Int) throws -> CountProbe<Value>
    ) rethrows -> (accepted: (count: Int, value: Value)?, rejected: (count: Int, reason: String)?) {
        var count = start
        if let guess, guess > start { count = min(guess, limit) }
        let first = count
        var rejected: (count: Int, reason: String)?
        var step = 0
        var accepted: (count: Int, value: Value)?
        while accepted == nil {
            switch try attempt(count) {
            case .accepted(let value):
                accepted = (count, value)
            case .rejected(let hint, let reason):
                rejected = (count, reason)
                guard count < limit else { return (nil, rejected) }
                step = max(step * 2, hint, 1)
                count = min(count + step, limit)
            }
        }
        guard var best = accepted else { return (nil, rejected) }
        var low = rejected?.count ?? start - 1
        var below = best.count == first && first > start
        while best.count - low > 1 {
            let mid = below ? best.count - 1 : low + (best.count - low) / 2
            below = false
            switch try attempt(mid) {
            case .accepted(let value): best = (mid, value)
            case .rejected(_, let reason):
                low = mid
                rejected = (mid, reason)
            }
        }
        return (best, rejected)
    }

    /// Workload and DaemonSet pods left Pending.
    static func pendingWorkloadPods(_ cluster: Cluster) -> Int {
        var pending = 0
        cluster.forEachPod { if $0.pointee.isActive && $0.pointee.nodeID == nil { pending += 1 } }
        return pending
    }
}

/// What decides the count search's result besides the workload: the nodes' allocatable, as
/// long as no pod selects nodes by name or label (node selector, node affinity). Types of the
/// same allocatable then schedule alike — a node's name and instance-type label are all that
/// differ, and the scheduler breaks ties by node order, not by name — so they share one
/// search. Nil when some pod selects nodes.
struct CountSearchKey: Hashable {
    var allocatable: NodeResources

    init?(_ shape: NodeShape, workloads: [SizingWorkload], daemonSets: [SizingDaemonSet]) {
        let specs = workloads.map(\.template.spec) + daemonSets.map(\.template.spec)
        for spec in specs {
            if !spec.nodeSelector.isEmpty || spec.affinity?.requiredNodeAffinity != nil
                || !(spec.affinity?.preferredNodeAffinity.isEmpty ?? true) {
                return nil
            }
        }
        allocatable = shape.allocatable
    }
}
