// The autoscaler's "would this pod schedule on that node?" check: kube-scheduler's PreFilter
// and Filter plugins run for one pod against one node of a simulated cluster, no scoring.
// Upstream: cluster-autoscaler/simulator/clustersnapshot/predicate/plugin_runner.go
// (SchedulerPluginRunner.RunFiltersOnNode, RunFiltersUntilPassingNode) and
// simulator/predicatechecker. The plugins themselves are the scheduler's (Scheduling/).

/// Runs the scheduler's filters for the autoscaler's simulations.
public struct PredicateChecker: Sendable {
    /// The scheduler framework whose PreFilter/Filter plugins decide fit.
    public var framework: SchedulingFramework

    /// Creates a checker over the scheduler's default profile (or `framework`).
    public init(framework: SchedulingFramework = SchedulingFramework()) {
        self.framework = framework
    }

    /// A prepared check for one pod: the PreFilter state, reusable while it stays valid.
    public struct Prepared {
        /// The pod.
        public var pod: Pod
        var cycle: SchedulingFramework.Cycle
        /// Whether the PreFilter state depends on where pods of this kind land (hard topology
        /// spread or pod (anti-)affinity terms): then it is recomputed before every check, as
        /// CA runs PreFilter on every call.
        public var isPlacementDependent: Bool
    }

    /// Runs PreFilter for `pod` (`RunFiltersOnNode` runs it on every call; a pod whose
    /// PreFilter state cannot change as the simulation places pods like it keeps the first).
    public func prepare(_ pod: Pod, in cluster: Cluster) -> Prepared {
        let dependent = pod.spec.topologySpreadConstraints.contains {
            $0.whenUnsatisfiable == "DoNotSchedule"
        } || pod.hasPodAffinityTerms
        return Prepared(
            pod: pod, cycle: framework.preFilter(pod, in: cluster),
            isPlacementDependent: dependent)
    }

    /// The filter status of the prepared pod on `node` (`CheckPredicates`).
    public func check(_ prepared: inout Prepared, node: NodeID, in cluster: Cluster) -> Status {
        if prepared.isPlacementDependent {
            prepared.cycle = framework.preFilter(prepared.pod, in: cluster)
        }
        if let failure = prepared.cycle.preFilterFailure { return failure }
        if let names = prepared.cycle.restricted,
            !names.contains(cluster.nodes[node.index].name)
        {
            return Status(.unschedulableAndUnresolvable,
                ["node(s) didn't satisfy plugin(s) [\(NodeAffinityPlugin.name)]"])
        }
        return framework.filter(prepared.cycle, node: node, in: cluster)
    }

    /// The first node among `candidates` (ascending node ids) where the pod fits, visiting the
    /// snapshot's nodes round-robin from `cursor`, the node index after the last match
    /// (`RunFiltersUntilPassingNode` keeps that index across calls); moves the cursor past the
    /// match.
    public func fitsAnyNode(
        _ prepared: inout Prepared, candidates: [NodeID], cursor: inout Int, in cluster: Cluster
    ) -> NodeID? {
        let count = candidates.count
        guard count > 0 else { return nil }
        // The first candidate at or after the cursor (binary search: candidates are sorted).
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if candidates[mid].index < cursor { low = mid + 1 } else { high = mid }
        }
        let request = prepared.pod.requests.requests
        for step in 0..<count {
            let node = candidates[(low + step) % count]
            // Most nodes of a busy simulation are full: those are passed over on NodeResourcesFit's
            // pod, CPU and memory conditions read in place, before the filters run (the filter
            // would fail on them the same way; only success matters here).
            if !Self.mayFit(request, node: node.index, in: cluster) { continue }
            if check(&prepared, node: node, in: cluster).isSuccess {
                cursor = node.index + 1
                return node
            }
        }
        return nil
    }

    /// NodeResourcesFit's pod-count, CPU and memory conditions (`fitsRequest`) on node `i`,
    /// read in place: false means the filter cannot pass there.
    @inline(__always)
    static func mayFit(_ request: ResourceList, node i: Int, in cluster: Cluster) -> Bool {
        if Int64(cluster.usage[i].pods.count) + 1 > cluster.nodes[i].allocatable.pods {
            return false
        }
        let cpu = request.milliCPU
        if cpu > 0 && cpu > cluster.nodes[i].allocatable.milliCPU
            - cluster.usage[i].requested.milliCPU
        {
            return false
        }
        let memory = request.memory
        return !(memory > 0 && memory > cluster.nodes[i].allocatable.memory
            - cluster.usage[i].requested.memory)
    }
}
