// The Cluster Autoscaler's status ConfigMap (kube-system/cluster-autoscaler-status,
// `data.status`) for the simulation's autoscaler. Upstream: clusterstate/api/types.go
// (ClusterAutoscalerStatus, NodeGroupStatus, NodeCount, the status values) and
// clusterstate/clusterstate.go (GetStatus); the YAML is sigs.k8s.io/yaml's, which sorts keys
// and leaves out empty fields. Times are RFC 3339 like upstream's metav1.Time, on a clock whose
// Unix epoch is the simulation's start (the same clock as the ToBeDeletedByClusterAutoscaler
// taint's unix-seconds value): 4m10s into a run is "1970-01-01T00:04:10Z".

/// One node group's line of the status.
public struct NodeGroupAutoscalerStatus: Sendable, Equatable {
    /// The pool's name.
    public var name: String
    /// `minSize`, `maxSize`.
    public var minSize: Int
    /// See `minSize`.
    public var maxSize: Int
    /// `cloudProviderTarget`: registered plus requested-and-unregistered nodes.
    public var cloudProviderTarget: Int
    /// Registered nodes (`nodeCounts.registered.total`).
    public var registered: Int
    /// Ready ones.
    public var ready: Int
    /// Registered, not Ready yet, within `--max-node-startup-time`.
    public var notStarted: Int
    /// Registered and tainted `ToBeDeletedByClusterAutoscaler`.
    public var beingDeleted: Int
    /// Registered and neither Ready, starting, nor being deleted.
    public var unready: Int
    /// Requested and not registered yet.
    public var unregistered: Int
    /// `scaleUp.status`: `InProgress`, `Backoff` or `NoActivity`.
    public var scaleUp: String
    /// Scale-down candidates (unneeded nodes) of the group.
    public var scaleDownCandidates: Int
}

/// The autoscaler's status at one instant.
public struct ClusterAutoscalerStatus: Sendable, Equatable {
    /// When it was taken.
    public var time: SimTime
    /// The last loop.
    public var lastProbeTime: SimTime?
    /// The last scale-up and scale-down (the scale conditions' transition times).
    public var lastScaleUp: SimTime?
    /// See `lastScaleUp`.
    public var lastScaleDown: SimTime?
    /// `autoscalerStatus`: `Running`, or `Initializing` before the first loop.
    public var autoscalerStatus: String
    /// One entry per pool.
    public var nodeGroups: [NodeGroupAutoscalerStatus]

    /// Cluster-wide sums.
    public var registered: Int { nodeGroups.reduce(0) { $0 + $1.registered } }
    /// See `registered`.
    public var ready: Int { nodeGroups.reduce(0) { $0 + $1.ready } }
    /// See `registered`.
    public var notStarted: Int { nodeGroups.reduce(0) { $0 + $1.notStarted } }
    /// See `registered`.
    public var unregistered: Int { nodeGroups.reduce(0) { $0 + $1.unregistered } }
    /// See `registered`.
    public var scaleDownCandidates: Int { nodeGroups.reduce(0) { $0 + $1.scaleDownCandidates } }
    /// `InProgress` if a group scales up, else `NoActivity`.
    public var scaleUp: String {
        nodeGroups.contains { $0.scaleUp == "InProgress" } ? "InProgress" : "NoActivity"
    }

    /// The ConfigMap's `data.status` YAML.
    public var yaml: String {
        var lines = ["autoscalerStatus: \(autoscalerStatus)", "clusterWide:", "  health:"]
        lines += probe(indent: "    ", transition: nil)
        lines += counts(indent: "    ", registered: registered, ready: ready,
                        notStarted: notStarted, beingDeleted: 0, unready: 0,
                        unregistered: unregistered)
        lines.append("    status: Healthy")
        lines += scaleDownLines(indent: "  ", candidates: scaleDownCandidates)
        lines.append("  scaleUp:")
        lines += probe(indent: "    ", transition: lastScaleUp)
        lines.append("    status: \(scaleUp)")
        lines.append("nodeGroups:")
        for g in nodeGroups {
            lines.append("- health:")
            lines.append("    cloudProviderTarget: \(g.cloudProviderTarget)")
            lines += probe(indent: "    ", transition: nil)
            lines.append("    maxSize: \(g.maxSize)")
            lines.append("    minSize: \(g.minSize)")
            lines += counts(indent: "    ", registered: g.registered, ready: g.ready,
                            notStarted: g.notStarted, beingDeleted: g.beingDeleted,
                            unready: g.unready, unregistered: g.unregistered)
            lines.append("    status: Healthy")
            lines.append("  name: \(g.name)")
            lines += scaleDownLines(indent: "  ", candidates: g.scaleDownCandidates)
            lines.append("  scaleUp:")
            lines += probe(indent: "    ", transition: nil)
            lines.append("    status: \(g.scaleUp)")
        }
        if nodeGroups.isEmpty { lines[lines.count - 1] = "nodeGroups: []" }
        lines.append("time: \"\(Self.rfc3339(time))\"")
        return lines.joined(separator: "\n")
    }

    /// `t` in RFC 3339 at second precision (metav1.Time's wire form), with the simulation's
    /// start as the Unix epoch: "1970-01-01T00:04:10Z". Dates from days since the epoch by
    /// the civil-from-days algorithm (proleptic Gregorian calendar).
    public static func rfc3339(_ t: SimTime) -> String {
        let seconds = t.milliseconds >= 0 ? t.milliseconds / 1000 : (t.milliseconds - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + two(month) + "-"
            + two(day) + "T" + two(rest / 3_600) + ":" + two(rest % 3_600 / 60) + ":"
            + two(rest % 60) + "Z"
    }

    func probe(indent: String, transition: SimTime?) -> [String] {
        var lines: [String] = []
        if let lastProbeTime {
            lines.append(indent + "lastProbeTime: \"\(Self.rfc3339(lastProbeTime))\"")
        }
        if let transition {
            lines.append(indent + "lastTransitionTime: \"\(Self.rfc3339(transition))\"")
        }
        return lines
    }

    func scaleDownLines(indent: String, candidates: Int) -> [String] {
        var lines = [indent + "scaleDown:"]
        if candidates > 0 { lines.append(indent + "  candidates: \(candidates)") }
        lines += probe(indent: indent + "  ", transition: nil)
        let status = candidates > 0 ? "CandidatesPresent" : "NoCandidates"
        lines.append(indent + "  status: " + status)
        return lines
    }

    func counts(indent: String, registered: Int, ready: Int, notStarted: Int, beingDeleted: Int,
                unready: Int, unregistered: Int) -> [String] {
        var lines = [indent + "nodeCounts:", indent + "  registered:"]
        if beingDeleted > 0 { lines.append(indent + "    beingDeleted: \(beingDeleted)") }
        if notStarted > 0 { lines.append(indent + "    notStarted: \(notStarted)") }
        if ready > 0 { lines.append(indent + "    ready: \(ready)") }
        if registered > 0 { lines.append(indent + "    total: \(registered)") }
        if unready > 0 {
            lines.append(indent + "    unready:")
            lines.append(indent + "      total: \(unready)")
        }
        if unregistered > 0 { lines.append(indent + "  unregistered: \(unregistered)") }
        if lines.count == 2 { lines[1] += " {}" }
        return lines
    }
}

extension ClusterSimulation {
    /// The autoscaler's status ConfigMap now, or nil when the autoscaler is not enabled.
    public func clusterAutoscalerStatus() -> ClusterAutoscalerStatus? {
        guard let state = autoscalerState else { return nil }
        let ca = state.ca
        var groups: [NodeGroupAutoscalerStatus] = []
        var candidates = [Int](repeating: 0, count: cluster.pools.count)
        for node in ca.scaleDown.unneeded where !cluster.nodes[node.node.index].isRemoved {
            if let pool = cluster.nodes[node.node.index].pool { candidates[pool] += 1 }
        }
        for (index, pool) in cluster.pools.enumerated() {
            var g = NodeGroupAutoscalerStatus(
                name: pool.name, minSize: pool.min, maxSize: pool.max, cloudProviderTarget: 0,
                registered: 0, ready: 0, notStarted: 0, beingDeleted: 0, unready: 0,
                unregistered: ca.upcoming(pool: index), scaleUp: "NoActivity",
                scaleDownCandidates: candidates[index])
            for node in cluster.nodes where node.pool == index && !node.isRemoved {
                g.registered += 1
                let deleting = node.taints.contains {
                    $0.key == ScaleDownEligibility.toBeDeletedTaint
                }
                if deleting {
                    g.beingDeleted += 1
                } else if node.readiness == .ready {
                    g.ready += 1
                } else if node.readiness == .notReady && cluster.now - node.creationTime
                    < ClusterAutoscaler.maxNodeStartupMillis
                {
                    g.notStarted += 1
                } else {
                    g.unready += 1
                }
            }
            g.cloudProviderTarget = g.registered + g.unregistered
            if ca.isBackedOff(pool: index, now: cluster.now) {
                g.scaleUp = "Backoff"
            } else if ca.scaleUpRequests[index] != nil {
                g.scaleUp = "InProgress"
            }
            groups.append(g)
        }
        // A paused loop would have found nothing to do: its last run is the last instant of
        // its grid.
        var probe = state.lastProbe
        if state.asleep {
            let c = kernel.controllers[state.controller.index]
            let period = max(c.period.milliseconds, 1)
            let k = (now.milliseconds - c.phase.milliseconds) / period
            probe = SimTime(milliseconds: c.phase.milliseconds + max(k, 0) * period)
        }
        return ClusterAutoscalerStatus(
            time: now, lastProbeTime: probe, lastScaleUp: state.lastScaleUp,
            lastScaleDown: state.lastScaleDown,
            autoscalerStatus: state.lastProbe == nil ? "Initializing" : "Running",
            nodeGroups: groups)
    }
}
