/// The DefaultPreemption PostFilter plugin: when a pod fits no node, find the node where
/// evicting the fewest, least important lower-priority pods makes it fit, and nominate it
/// (`pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go` and
/// `pkg/scheduler/framework/preemption/preemption.go`, `Evaluator.Preempt`).
///
/// PodDisruptionBudgets are not modelled: every victim counts as non-violating, so the
/// reprieve order and `pickOneNodeForPreemption`'s first criterion never separate candidates.
public enum DefaultPreemption {
    /// The plugin name.
    public static let name = "DefaultPreemption"
    /// `DefaultPreemptionArgs.MinCandidateNodesPercentage` (default 10).
    public static let minCandidateNodesPercentage = 10
    /// `DefaultPreemptionArgs.MinCandidateNodesAbsolute` (default 100).
    public static let minCandidateNodesAbsolute = 100
    /// The per-node status when victims cannot help (`SelectVictimsOnNode`).
    public static let noVictimsReason = "No preemption victims found for incoming pod"
    /// The status of nodes preemption was not tried on (`SetAbsentNodesStatus` in `Preempt`).
    public static let notHelpfulReason = "Preemption is not helpful for scheduling"
    /// `PodReasonPreemptionByScheduler`, the DisruptionTarget reason of a victim.
    public static let disruptionReason = "PreemptionByScheduler"

    /// A node where the pod fits once `victims` are gone (`preemption.Candidate`).
    public struct Candidate: Sendable, Equatable {
        /// The node to nominate.
        public var node: NodeID
        /// The victims, most important first.
        public var victims: [PodID]
        /// Victims whose eviction would violate a PodDisruptionBudget (always 0 here).
        public var numPDBViolations = 0
    }

    /// What PostFilter returns (`PostFilterResult` with its `Status`).
    public struct Result: Sendable {
        /// Success (a node is nominated) or Unschedulable.
        public var code: StatusCode
        /// The status message, already prefixed with "preemption: " ("" on success).
        public var message: String
        /// The chosen candidate on success.
        public var candidate: Candidate?
        /// True when the pod's nominated node must be cleared (`NominatedNodeName: ""`);
        /// false leaves it unchanged (a nil PostFilterResult upstream).
        public var clearsNomination: Bool
    }

    /// Whether PostFilter must run for `pod`: it has `preemptionPolicy: Never` (its own
    /// message), or some pod may have a lower priority. Otherwise DefaultPreemption finds no
    /// victims anywhere and `FitError.preemptionMessage` is its exact message, so the
    /// scheduler skips it (and keeps its cached verdicts).
    public static func needsPostFilter(_ pod: Pod, in cluster: Cluster) -> Bool {
        pod.spec.preemptionPolicy == "Never"
            || (cluster.hasPrioritizedPods && pod.spec.priority > cluster.lowestPriority)
    }

    /// `isPreemptionAllowed`: the victim must have a lower priority than the preemptor (the
    /// default `IsEligiblePod` adds nothing).
    static func isPreemptionAllowed(_ victim: Pod, by preemptor: Pod) -> Bool {
        victim.spec.priority < preemptor.spec.priority
    }

    /// `util.GetPodStartTime`: `status.startTime`, or "now" for a pod that has not started.
    static func startTime(_ pod: Pod, now: Int64) -> Int64 { pod.startTime ?? now }

    /// `util.MoreImportantPod`: higher priority first; for equal priorities the pod that
    /// started earlier (it has run longer) is more important.
    static func moreImportant(_ a: Pod, _ b: Pod, now: Int64) -> Bool {
        if a.spec.priority != b.spec.priority { return a.spec.priority > b.spec.priority }
        return startTime(a, now: now) < startTime(b, now: now)
    }

    /// `podTerminatingByPreemption`: being deleted with `DisruptionTarget=True` for
    /// `PreemptionByScheduler`.
    static func terminatingByPreemption(_ pod: Pod) -> Bool {
        guard pod.deletionTimestamp != nil, let c = pod.disruptionTarget else { return false }
        return c.status == "True" && c.reason == disruptionReason
    }

    /// `PodEligibleToPreemptOthers`: not with `preemptionPolicy: Never`, and not while a
    /// lower-priority pod on its nominated node is still terminating because of an earlier
    /// preemption (unless the filters now call that node UnschedulableAndUnresolvable).
    static func eligibleToPreemptOthers(_ pod: Pod, nominatedNodeStatus: Status?,
                                        in cluster: Cluster) -> (Bool, String) {
        if pod.spec.preemptionPolicy == "Never" {
            return (false, "not eligible due to preemptionPolicy=Never.")
        }
        guard let nominated = pod.nominatedNodeID, cluster.nodes.indices.contains(nominated.index)
        else { return (true, "") }
        if nominatedNodeStatus?.code == .unschedulableAndUnresolvable { return (true, "") }
        for id in cluster.usage[nominated.index].pods {
            let p = cluster.pods[id.index]
            if isPreemptionAllowed(p, by: pod) && terminatingByPreemption(p) {
                return (false, "not eligible due to a terminating pod on the nominated node.")
            }
        }
        return (true, "")
    }

    /// `calculateNumCandidates`: 10% of the potential nodes, at least 100, at most all.
    static func numCandidates(_ nodes: Int) -> Int {
        min(max(nodes * minCandidateNodesPercentage / 100, minCandidateNodesAbsolute), nodes)
    }

    /// PostFilter (`DefaultPreemption.PostFilter` → `Evaluator.Preempt`): `statuses` are the
    /// filter statuses by node name; a node without one counts as UnschedulableAndUnresolvable.
    public static func postFilter(_ pod: Pod, statuses: [String: Status],
                                  framework: SchedulingFramework, in cluster: Cluster) -> Result {
        let nominatedStatus = pod.nominatedNodeID.flatMap { id in
            cluster.nodes.indices.contains(id.index) ? statuses[cluster.nodes[id.index].name] : nil
        }
        let (eligible, why) = eligibleToPreemptOthers(pod, nominatedNodeStatus: nominatedStatus,
                                                      in: cluster)
        if !eligible {
            return Result(code: .unschedulable, message: "preemption: " + why, candidate: nil,
                          clearsNomination: false)
        }
        let allNodes = cluster.liveNodes
        // findCandidates: only nodes whose filters said Unschedulable (not ...AndUnresolvable)
        // might be helped by evicting pods (`NodesForStatusCode`).
        let potential = allNodes.filter {
            statuses[cluster.nodes[$0.index].name]?.code == .unschedulable
        }
        var evaluated: [(node: String, status: Status)] = []
        var candidates: [Candidate] = []
        if !potential.isEmpty {
            (candidates, evaluated) = dryRun(pod, potential: potential, framework: framework,
                                             in: cluster)
        }
        guard let best = selectCandidate(candidates, in: cluster) else {
            // A FitError over the dry run's statuses; nodes not tried are "not helpful".
            var fit = FitError(numAllNodes: allNodes.count)
            fit.nodeStatuses = evaluated
            let tried = Set(evaluated.map(\.node))
            for id in allNodes where !tried.contains(cluster.nodes[id.index].name) {
                fit.nodeStatuses.append((cluster.nodes[id.index].name,
                                         Status(.unschedulableAndUnresolvable, [notHelpfulReason])))
            }
            return Result(code: .unschedulable, message: "preemption: " + fit.message,
                          candidate: nil, clearsNomination: true)
        }
        return Result(code: .success, message: "", candidate: best, clearsNomination: false)
    }

    /// `DryRunPreemption`: SelectVictimsOnNode on each potential node until enough candidates
    /// are found (`numCandidates`, with at least one not violating a PDB). kube-scheduler
    /// starts at a random offset and checks nodes in parallel; here the walk starts at the
    /// first node and goes in node order, so runs are reproducible.
    static func dryRun(_ pod: Pod, potential: [NodeID], framework: SchedulingFramework,
                       in cluster: Cluster) -> ([Candidate], [(node: String, status: Status)]) {
        let cycle = framework.preFilter(pod, in: cluster)
        let wanted = numCandidates(potential.count)
        var nonViolating: [Candidate] = [], violating: [Candidate] = []
        var statuses: [(node: String, status: Status)] = []
        for node in potential {
            let (victims, violations, status) = selectVictimsOnNode(
                cycle, node: node, framework: framework, in: cluster)
            if status.isSuccess && !victims.isEmpty {
                let c = Candidate(node: node, victims: victims, numPDBViolations: violations)
                if violations == 0 { nonViolating.append(c) } else { violating.append(c) }
                if !nonViolating.isEmpty && nonViolating.count + violating.count >= wanted { break }
                continue
            }
            statuses.append((cluster.nodes[node.index].name, status))
        }
        return (nonViolating + violating, statuses)
    }

    /// `SelectVictimsOnNode`: remove every lower-priority pod; if the pod still does not fit,
    /// the node's filter status stands. Otherwise add the removed pods back, most important
    /// first, keeping each one that still lets the pod fit; the rest are the victims. Like
    /// kube-scheduler, affinity of the incoming pod to a victim is not considered.
    static func selectVictimsOnNode(_ cycle: SchedulingFramework.Cycle, node: NodeID,
                                    framework: SchedulingFramework,
                                    in cluster: Cluster) -> ([PodID], Int, Status) {
        let pod = cycle.pod
        var potential = cluster.usage[node.index].pods.filter {
            isPreemptionAllowed(cluster.pods[$0.index], by: pod)
        }
        if potential.isEmpty {
            return ([], 0, Status(.unschedulableAndUnresolvable, [noVictimsReason]))
        }
        let probe = PreemptionProbe(cycle: cycle, node: node, framework: framework,
                                    cluster: cluster)
        var removed = Set(potential)
        let status = probe.filter(removing: removed)
        if !status.isSuccess { return ([], 0, status) }
        let now = cluster.now
        // Most important first; equally important pods in creation order (Go's sort.Slice
        // leaves their order unspecified).
        potential.sort { a, b in
            let pa = cluster.pods[a.index], pb = cluster.pods[b.index]
            if moreImportant(pa, pb, now: now) { return true }
            return !moreImportant(pb, pa, now: now) && a < b
        }
        // filterPodsWithPDBViolation: without budgets every pod is non-violating, so the
        // violating pass (reprieved first) is empty.
        var victims: [PodID] = []
        for id in potential {
            removed.remove(id)
            if !probe.filter(removing: removed).isSuccess {
                removed.insert(id)
                victims.append(id)
            }
        }
        return (victims, 0, .success)
    }

    /// `SelectCandidate` / `pickOneNodeForPreemption`: the fewest PDB violations, then the
    /// lowest highest-priority victim, the smallest sum of victim priorities (each shifted by
    /// 2^31 so negative priorities add up correctly), the fewest victims, the latest start
    /// time among the highest-priority victims, then the first candidate.
    static func selectCandidate(_ candidates: [Candidate], in cluster: Cluster) -> Candidate? {
        if candidates.count <= 1 { return candidates.first }
        let now = cluster.now
        func priority(_ id: PodID) -> Int64 { Int64(cluster.pods[id.index].spec.priority) }
        let scores: [(Candidate) -> Int64] = [
            { -Int64($0.numPDBViolations) },
            { c in -(c.victims.first.map(priority) ?? 0) },
            { c in -c.victims.reduce(0) { $0 + priority($1) + Int64(Int32.max) + 1 } },
            { -Int64($0.victims.count) },
            { c in earliestStartOfHighestPriority(c.victims, in: cluster, now: now) },
        ]
        var remaining = candidates
        for score in scores {
            let values = remaining.map(score)
            guard let best = values.max() else { break }
            remaining = zip(remaining, values).filter { $0.1 == best }.map(\.0)
            if remaining.count == 1 { break }
        }
        return remaining.first
    }

    /// `util.GetEarliestPodStartTime`: the earliest start time among the victims of the
    /// highest priority.
    static func earliestStartOfHighestPriority(_ victims: [PodID], in cluster: Cluster,
                                               now: Int64) -> Int64 {
        guard let first = victims.first else { return Int64.min }
        var maxPriority = cluster.pods[first.index].spec.priority
        var earliest = startTime(cluster.pods[first.index], now: now)
        for id in victims {
            let p = cluster.pods[id.index]
            if p.spec.priority == maxPriority {
                earliest = min(earliest, startTime(p, now: now))
            } else if p.spec.priority > maxPriority {
                maxPriority = p.spec.priority
                earliest = startTime(p, now: now)
            }
        }
        return earliest
    }
}
