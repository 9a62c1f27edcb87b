/// Scaling increments, prices and the report's warnings.
extension Sizing {
    /// Scaling increment (learnk8s: "if you only have 2 nodes, then adding an additional node
    /// means increasing the capacity of the cluster by 50%"): one more node of the largest
    /// type as a share of the current CPU capacity. Cost (node-sizing.md §9 items 14–15):
    /// the sum of the nodes' on-demand prices, per month with `hoursPerMonth`, divided by
    /// allocatable vCPU, allocatable GiB and scheduled pods.
    static func scalingAndCost(_ cluster: Cluster, live: [NodeID], shapes: [String: NodeShape],
                               settings: SizingSettings, into report: inout SizingReport) {
        var perHour: Double? = 0
        var largest: (cpu: Int64, price: Double?)?
        var capacityCPU: Int64 = 0
        for id in live {
            let node = cluster.nodes[id.index]
            let shape = node.labels[WellKnownLabels.instanceType].flatMap { shapes[$0] }
            let price = shape?.instanceType.pricePerHour
            if let p = price, let sum = perHour { perHour = sum + p } else { perHour = nil }
            capacityCPU += node.capacity.milliCPU
            if largest == nil || node.capacity.milliCPU > largest?.cpu ?? 0 {
                largest = (node.capacity.milliCPU, price)
            }
        }
        if let largest {
            report.scalingIncrementPercent = percent(largest.cpu, of: capacityCPU)
            report.scalingIncrementPerHour = largest.price
        }
        guard let hourly = perHour, !live.isEmpty else { return }
        let month = hourly * settings.hoursPerMonth
        let vcpu = Double(report.cpu.allocatable) / 1_000
        let gib = Double(report.memory.allocatable) / 1_073_741_824
        let overheadShare = max(report.overheadCPUPercent, report.overheadMemoryPercent) / 100
        let wasteShare = max(percent(report.strandedCPU, of: report.cpu.machine),
                             percent(report.strandedMemory, of: report.memory.machine)) / 100
        report.cost = SizingCost(
            perHour: hourly, perMonth: month,
            perVCPUMonth: vcpu > 0 ? month / vcpu : 0, perGiBMonth: gib > 0 ? month / gib : 0,
            perPodMonth: report.podsScheduled > 0 ? month / Double(report.podsScheduled) : nil,
            overheadPerMonth: month * overheadShare, wastePerMonth: month * wasteShare)
    }

    /// The report's warnings, most severe first.
    static func warnings(_ report: SizingReport) -> [String] {
        var out: [String] = []
        if report.podsPending > 0 {
            out.append("\(report.podsPending) of \(report.podsTotal) pods Pending "
                + "(\(report.binding) binds)")
        }
        if report.daemonSetPodsPending > 0 {
            out.append("\(report.daemonSetPodsPending) DaemonSet pods Pending")
        }
        if let b = report.blastRadius, !b.absorbed {
            out.append("losing \(b.node) leaves \(b.pendingAfter) pods Pending: the other "
                + "nodes cannot absorb them")
        }
        for w in report.effectiveReplication where w.replicas > 1 && w.nodes < w.replicas {
            out.append("\(w.name): \(w.replicas) replicas on \(w.nodes) nodes "
                + "(effective replication \(w.nodes))")
        }
        out += report.controlPlane.warnings
        if report.maxPodsPerNode > report.recommendedPodsPerNode {
            out.append("max pods per node \(report.maxPodsPerNode) is above SIG-scalability's "
                + "min(110, 10 × cores) = \(report.recommendedPodsPerNode)")
        }
        return out
    }
}
