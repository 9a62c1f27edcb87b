import Foundation

/// kubectl-like text for sizing results.
extension Sizing {
    /// One row per report: nodes, pods placed, what binds, stranded and overhead shares,
    /// replication, blast radius, scaling increment, cost and kube-up's master.
    public static func comparisonTable(_ reports: [SizingReport]) -> String {
        var rows = [[
            "OPTION", "NODES", "PODS", "PENDING", "BINDS", "WASTE(CPU/MEM)", "OVERHEAD(CPU/MEM)",
            "MIN-REPL", "BLAST-RADIUS", "+1 NODE", "$/MONTH", "$/POD-MONTH", "MASTER",
        ]]
        for r in reports {
            let blast = r.blastRadius.map {
                "\(pct($0.percent)) (\($0.podsLost) pod\($0.podsLost == 1 ? "" : "s")"
                    + "\($0.absorbed ? "" : ", \($0.pendingAfter) stuck"))"
            } ?? "-"
            rows.append([
                r.label, String(r.nodes), "\(r.podsScheduled)/\(r.podsTotal)", String(r.podsPending),
                r.binding, "\(pct(r.wasteCPUPercent))/\(pct(r.wasteMemoryPercent))",
                "\(pct(r.overheadCPUPercent))/\(pct(r.overheadMemoryPercent))",
                r.minEffectiveReplication.map(String.init) ?? "-", blast,
                "+" + pct(r.scalingIncrementPercent),
                r.cost.map { money($0.perMonth) } ?? "-",
                r.cost?.perPodMonth.map(money) ?? "-", r.controlPlane.gceMaster,
            ])
        }
        return TextTable.render(rows)
    }

    /// `12.5%`, `2.5%`, `100%`: one decimal, trailing `.0` dropped.
    static func pct(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + "%"
    }

    /// A memory amount as a Kubernetes quantity (`5Gi`, `7934292Ki`): exact when it is a
    /// whole number of KiB (or below 1Ki), otherwise rounded to the nearest KiB (or down) first, the unit
    /// the kubelet reports node memory in (`capacity.memory: 16393620Ki`). Sums of
    /// percentage-based reservations (GKE's 25%/20%/10%/6%/2% tiers) are rarely whole bytes
    /// of anything; printed raw, 5Gi - 2 bytes reads `5368709118` where kubectl users expect
    /// `5Gi`.
    static func memory(_ bytes: Int64, roundingDown: Bool = false) -> String {
        guard bytes % 1_024 != 0, bytes.magnitude >= 1_024 else {
            return Quantity(bytes: bytes).description
        }
        // Floor division, plus half a KiB for round-half-up.
        let shifted = roundingDown ? bytes : bytes + 512
        let kib = shifted >= 0 ? shifted / 1_024 : (shifted - 1_023) / 1_024
        return Quantity(bytes: kib * 1_024).description
    }

    /// `$12.34`, `$0.0475`: cents, or four decimals below a dollar.
    static func money(_ value: Double) -> String {
        value >= 1 || value == 0 ? String(format: "$%.2f", value) : String(format: "$%.4f", value)
    }
}

extension SizingReport {
    /// A `kubectl describe`-like account of one option: where CPU and memory go, pods,
    /// fragmentation, replication, blast radius, scaling, cost, control plane, warnings.
    public var describe: String {
        var lines = ["Option:\t\(label)", "Nodes:\t\(nodes)"]
        func cpu(_ m: Int64) -> String { Quantity(milli: m).description }
        func mem(_ b: Int64) -> String { Sizing.memory(b) }
        func split(_ r: ResourceBreakdown, _ show: (Int64) -> String) -> String {
            "machine \(show(r.machine)) = gap \(show(r.capacityGap)) + system \(show(r.systemReserved))"
                + " + kubelet \(show(r.kubeReserved)) + eviction \(show(r.eviction))"
                + " + daemonsets \(show(r.daemonSets)) + pods \(show(r.pods))"
                + " + unused \(show(r.unused))"
        }
        lines.append("CPU:\t" + split(self.cpu, cpu))
        lines.append("Memory:\t" + split(memory, mem))
        lines.append("Pods:\t\(podsScheduled) scheduled, \(podsPending) pending; "
            + "\(binding) binds; \(mostPodsOnANode)/\(maxPodsPerNode) pods on the fullest node "
            + "(recommended \(recommendedPodsPerNode))")
        lines.append("Stranded:\tcpu \(cpu(strandedCPU)) (\(Sizing.pct(wasteCPUPercent))), "
            + "memory \(mem(strandedMemory)) (\(Sizing.pct(wasteMemoryPercent)))")
        lines.append("Overhead:\tcpu \(Sizing.pct(overheadCPUPercent)), "
            + "memory \(Sizing.pct(overheadMemoryPercent))")
        for w in effectiveReplication {
            lines.append("Replication:\t\(w.name): \(w.replicas) replicas on \(w.nodes) nodes "
                + "(at most \(w.maxPerNode) on one)")
        }
        if let b = blastRadius {
            lines.append("Blast radius:\tlosing \(b.node) loses \(b.podsLost) pods "
                + "(\(Sizing.pct(b.percent))); "
                + (b.absorbed ? "the rest absorb them" : "\(b.pendingAfter) stay Pending"))
        }
        lines.append("Scaling:\t+1 node = +\(Sizing.pct(scalingIncrementPercent)) capacity")
        if let c = cost {
            lines.append("Cost:\t\(Sizing.money(c.perHour))/h, \(Sizing.money(c.perMonth))/month, "
                + "\(Sizing.money(c.perVCPUMonth))/vCPU-month, "
                + "\(Sizing.money(c.perGiBMonth))/GiB-month"
                + (c.perPodMonth.map { ", \(Sizing.money($0))/pod-month" } ?? ""))
        }
        lines.append("Control plane:\tkube-up master \(controlPlane.gceMaster) "
            + "(AWS \(controlPlane.awsMaster)), \(controlPlane.nodeWatches) node watches")
        if let p = podCIDR {
            lines.append("Pod addresses:\t\(p.mode): \(p.addresses) addresses, at least a "
                + "/\(p.clusterPrefix)" + (p.perNodePrefix.map { " (a /\($0) per node)" } ?? ""))
        }
        for w in warnings { lines.append("Warning:\t\(w)") }
        return TextTable.render(lines.map { $0.split(separator: "\t", maxSplits: 1).map(String.init) })
    }
}
