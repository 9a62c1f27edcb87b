/// The arithmetic side of sizing a single pool: per-node room after DaemonSets and the
/// resource lower bound on the node count (node-sizing.md §9 items 4–7). It only bounds
/// counts; the scheduler decides what actually fits.
struct PackingPlan {
    /// A run of identical pods.
    struct Group {
        var milliCPU: Int64
        var memory: Int64
        var count: Int
        /// Required anti-affinity on the hostname: at most one pod per node.
        var onePerNode: Bool
    }

    let shape: NodeShape
    /// Allocatable per node minus the DaemonSet pods that fit on it.
    let usableCPU: Int64
    let usableMemory: Int64
    let usableSlots: Int
    let groups: [Group]

    /// Checks that every pod fits an empty node of `shape` (after its DaemonSets).
    init(shape: NodeShape, workloads: [SizingWorkload], daemonSets: [SizingDaemonSet]) throws {
        self.shape = shape
        var cpu = shape.allocatable.milliCPU, memory = shape.allocatable.memoryBytes
        var slots = shape.allocatable.pods
        for ds in daemonSets {
            let r = PodRequests(ds.template.spec).requests
            // A DaemonSet pod that does not fit stays Pending and takes nothing.
            if r.milliCPU <= cpu && r.memory <= memory && slots >= 1 {
                cpu -= r.milliCPU
                memory -= r.memory
                slots -= 1
            }
        }
        usableCPU = cpu
        usableMemory = memory
        usableSlots = slots
        var groups: [Group] = []
        for w in workloads where w.replicas > 0 {
            let r = PodRequests(w.template.spec).requests
            let type = shape.instanceType.name
            if r.milliCPU > cpu || r.memory > memory || slots < 1 {
                throw SizingError(
                    "a pod of \(w.name) (cpu \(Quantity(milli: r.milliCPU)), memory "
                        + "\(Quantity(bytes: r.memory))) does not fit a \(type) node (room "
                        + "after DaemonSets: cpu \(Quantity(milli: cpu)), memory "
                        + "\(Sizing.memory(memory, roundingDown: true)), \(slots) pod slots)")
            }
            let anti = w.template.spec.affinity?.requiredPodAntiAffinity.contains {
                $0.topologyKey == WellKnownLabels.hostname
            } ?? false
            groups.append(Group(milliCPU: r.milliCPU, memory: r.memory, count: w.replicas,
                                onePerNode: anti))
        }
        self.groups = groups
    }

    /// Pods to place.
    var totalPods: Int { groups.reduce(0) { $0 + $1.count } }

    /// `N_lb = max(⌈Σcpu / usable cpu⌉, ⌈Σmemory / usable memory⌉, ⌈Σpods / slots⌉)`, and
    /// at least the replicas of any workload with hostname anti-affinity.
    var lowerBound: Int {
        var cpu: Int64 = 0, memory: Int64 = 0
        var n = 1
        for g in groups {
            cpu += g.milliCPU * Int64(g.count)
            memory += g.memory * Int64(g.count)
            if g.onePerNode { n = max(n, g.count) }
        }
        func ceilDiv(_ a: Int64, _ b: Int64) -> Int { b > 0 ? Int((a + b - 1) / b) : 0 }
        n = max(n, ceilDiv(cpu, usableCPU), ceilDiv(memory, usableMemory))
        n = max(n, ceilDiv(Int64(totalPods), Int64(usableSlots)))
        return n
    }

    /// The error when even `limit` nodes are not enough.
    func tooMany(_ limit: Int) -> SizingError {
        SizingError("the workload needs more than \(limit) \(shape.instanceType.name) nodes")
    }
}
