import LuaKit
import ScaleLab

/// Sizing results as plain Lua tables, in base units (cores, bytes, USD) and percentages.
enum SizingTables {
    /// `(key, value)` pairs with the nil values left out.
    static func fields(_ pairs: [(String, LuaValue?)]) -> LuaValue {
        .table(LuaTable(fields: pairs.compactMap { k, v in v.map { (.string(k), $0) } }))
    }

    /// One report; `option` adds `type` and `count` for a single-pool option.
    static func table(_ r: SizingReport, _ option: SizingOption?) -> LuaValue {
        var pairs: [(String, LuaValue?)] = [
            ("label", .string(r.label)), ("nodes", .integer(r.nodes)),
            ("pods_scheduled", .integer(r.podsScheduled)), ("pods_pending", .integer(r.podsPending)),
            ("pods_total", .integer(r.podsTotal)),
            ("daemonset_pods", .integer(r.daemonSetPods)),
            ("daemonset_pods_pending", .integer(r.daemonSetPodsPending)),
            ("binding", .string(r.binding)),
            ("pending_reasons", fields(r.pendingReasons.sorted { $0.key < $1.key }
                .map { ($0.key, .integer($0.value)) })),
            ("capacity", resources(r.cpu.capacity, r.memory.capacity, r.podSlots)),
            ("allocatable", resources(r.cpu.allocatable, r.memory.allocatable, r.podSlots)),
            ("breakdown", fields([("cpu", breakdown(r.cpu, cores: true)),
                                  ("memory", breakdown(r.memory, cores: false))])),
            ("waste", fields([
                ("cpu", .number(r.wasteCPUPercent)), ("memory", .number(r.wasteMemoryPercent)),
                ("stranded_cpu", LuaUnits.cores(r.strandedCPU)),
                ("stranded_memory", .integer(Int(r.strandedMemory))),
            ])),
            ("overhead", fields([("cpu", .number(r.overheadCPUPercent)),
                                 ("memory", .number(r.overheadMemoryPercent))])),
            ("pods_per_node", fields([
                ("max", .integer(r.maxPodsPerNode)), ("most", .integer(r.mostPodsOnANode)),
                ("headroom", .integer(r.podsPerNodeHeadroom)),
                ("recommended", .integer(r.recommendedPodsPerNode)),
            ])),
            ("effective_replication", fields(r.effectiveReplication.map {
                ($0.name, .integer($0.nodes))
            })),
            ("max_per_node", fields(r.effectiveReplication.map { ($0.name, .integer($0.maxPerNode)) })),
            ("blast_radius", r.blastRadius.map(blast)),
            ("scaling_increment_pct", .number(r.scalingIncrementPercent)),
            ("scaling_increment_price", r.scalingIncrementPerHour.map { .number($0) }),
            ("cost", r.cost.map(cost)),
            ("control_plane", fields([
                ("master", .string(r.controlPlane.gceMaster)),
                ("master_aws", .string(r.controlPlane.awsMaster)),
                ("node_watches", .integer(r.controlPlane.nodeWatches)),
                ("warnings", .table(LuaTable(array: r.controlPlane.warnings.map { .string($0) }))),
            ])),
            ("pod_cidr", r.podCIDR.map { p in
                fields([("mode", .string(p.mode)), ("per_node_prefix", p.perNodePrefix.map {
                    .integer($0)
                }), ("addresses_per_node", .integer(p.addressesPerNode)),
                        ("addresses", .integer(p.addresses)),
                        ("cluster_prefix", .integer(p.clusterPrefix))])
            }),
            ("warnings", .table(LuaTable(array: r.warnings.map { .string($0) }))),
        ]
        if let option, option.pools.count == 1, let pool = option.pools.first {
            pairs.insert(("type", .string(pool.shape.instanceType.name)), at: 1)
            pairs.insert(("count", pool.count.map { .integer($0) }), at: 2)
        }
        return fields(pairs)
    }

    static func resources(_ milliCPU: Int64, _ memory: Int64, _ pods: Int) -> LuaValue {
        fields([("cpu", LuaUnits.cores(milliCPU)), ("memory", .integer(Int(memory))),
                ("pods", .integer(pods))])
    }

    static func breakdown(_ b: ResourceBreakdown, cores: Bool) -> LuaValue {
        let v: (Int64) -> LuaValue = { cores ? LuaUnits.cores($0) : .integer(Int($0)) }
        return fields([
            ("machine", v(b.machine)), ("capacity_gap", v(b.capacityGap)),
            ("system_reserved", v(b.systemReserved)), ("kube_reserved", v(b.kubeReserved)),
            ("eviction", v(b.eviction)), ("daemonsets", v(b.daemonSets)), ("pods", v(b.pods)),
            ("unused", v(b.unused)),
        ])
    }

    static func blast(_ b: BlastRadius) -> LuaValue {
        fields([
            ("node", .string(b.node)), ("pods_lost", .integer(b.podsLost)),
            ("pct", .number(b.percent)), ("capacity_pct", .number(b.capacityPercent)),
            ("absorbed", .boolean(b.absorbed)), ("pending_after", .integer(b.pendingAfter)),
            ("workloads", fields(b.workloads.map { w in
                (w.name, fields([("lost", .integer(w.lost)), ("pct", .number(w.percent)),
                                 ("pending_after", .integer(w.pendingAfter))]))
            })),
        ])
    }

    static func cost(_ c: SizingCost) -> LuaValue {
        fields([
            ("hour", .number(c.perHour)), ("month", .number(c.perMonth)),
            ("per_vcpu_month", .number(c.perVCPUMonth)), ("per_gib_month", .number(c.perGiBMonth)),
            ("per_pod_month", c.perPodMonth.map { .number($0) }),
            ("overhead_month", .number(c.overheadPerMonth)),
            ("waste_month", .number(c.wastePerMonth)),
        ])
    }
}
