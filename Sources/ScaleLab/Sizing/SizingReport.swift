/// Where one resource of a cluster goes, from the machines' nominal size down to what is left
/// free (node-sizing.md §2 and the learnk8s calculator's five-way split). CPU in millicores,
/// memory in bytes; the parts add up to `machine`.
public struct ResourceBreakdown: Sendable, Equatable {
    /// The machines' nominal size (instance vCPU or memory), summed over nodes.
    public var machine: Int64 = 0
    /// Lost before the kubelet reports capacity: VM overhead and kernel memory.
    public var capacityGap: Int64 = 0
    /// `system-reserved` (OS daemons).
    public var systemReserved: Int64 = 0
    /// `kube-reserved` (kubelet, container runtime).
    public var kubeReserved: Int64 = 0
    /// The hard eviction threshold (`memory.available`).
    public var eviction: Int64 = 0
    /// Requests of DaemonSet pods.
    public var daemonSets: Int64 = 0
    /// Requests of the other pods (the workloads).
    public var pods: Int64 = 0
    /// Allocatable that no pod requests.
    public var unused: Int64 = 0

    /// Creates an empty breakdown.
    public init() {}

    /// `capacity`: the machines minus the capacity gap.
    public var capacity: Int64 { machine - capacityGap }
    /// `allocatable`: capacity minus the kubelet's reservations.
    public var allocatable: Int64 { capacity - systemReserved - kubeReserved - eviction }
}

/// A workload's share of the failure of one node.
public struct WorkloadLoss: Sendable, Equatable {
    /// The workload name.
    public var name: String
    /// Its pods that ran on the lost node.
    public var lost: Int
    /// `lost` as a percentage of its replicas.
    public var percent: Double
    /// Its pods still Pending after the scheduler tried to place the replacements.
    public var pendingAfter: Int
}

/// What losing one node costs, found by removing it from a copy of the cluster, letting the
/// workloads' controllers recreate the lost pods and scheduling them (node-sizing.md §9
/// items 11–12).
public struct BlastRadius: Sendable, Equatable {
    /// The node removed (the largest; among equals, the one holding most workload pods).
    public var node: String
    /// Workload pods lost with it.
    public var podsLost: Int
    /// `podsLost` as a percentage of all workload pods.
    public var percent: Double
    /// The node's share of the cluster's allocatable CPU, in percent.
    public var capacityPercent: Double
    /// Per workload.
    public var workloads: [WorkloadLoss]
    /// Replacement pods the other nodes could not take.
    public var pendingAfter: Int
    /// True when every replacement found a node.
    public var absorbed: Bool { pendingAfter == 0 }
}

/// Cost figures in USD (nil parts when an instance type has no price).
public struct SizingCost: Sendable, Equatable {
    /// Per hour, all nodes.
    public var perHour: Double
    /// Per month (`perHour × hoursPerMonth`).
    public var perMonth: Double
    /// Per month per allocatable vCPU.
    public var perVCPUMonth: Double
    /// Per month per allocatable GiB of memory.
    public var perGiBMonth: Double
    /// Per month per scheduled workload pod (nil when none is scheduled).
    public var perPodMonth: Double?
    /// Per month of the kubelet's and the system's reservations plus DaemonSets: the cost
    /// times the overhead share (dominant resource), learnk8s' "Kubelet cost".
    public var overheadPerMonth: Double
    /// Per month of the stranded share (dominant resource), learnk8s' "Unused costs".
    public var wastePerMonth: Double
}

/// The analysis of one cluster (a comparison option or a running simulation).
public struct SizingReport: Sendable {
    /// `10x tiny-1g`, or the pools of the analyzed cluster.
    public var label: String
    /// Nodes (live).
    public var nodes: Int
    /// Node count per instance type, in first-seen order.
    public var nodeTypes: [(type: String, count: Int)]
    /// CPU breakdown (millicores).
    public var cpu = ResourceBreakdown()
    /// Memory breakdown (bytes).
    public var memory = ResourceBreakdown()
    /// Pod slots: the nodes' summed `allocatable.pods`.
    public var podSlots = 0
    /// Pod slots the DaemonSet pods take.
    public var daemonSetPods = 0
    /// Workload pods bound to a node.
    public var podsScheduled = 0
    /// Workload pods left Pending.
    public var podsPending = 0
    /// DaemonSet pods left Pending.
    public var daemonSetPodsPending = 0
    /// The resource that limits placement: `cpu`, `memory` or `pods`.
    public var binding = "cpu"
    /// How often each resource was the reason a pending pod did not fit a node.
    public var pendingReasons: [String: Int] = [:]
    /// Stranded CPU: free allocatable CPU on nodes where no workload pod fits any more, in
    /// millicores.
    public var strandedCPU: Int64 = 0
    /// Stranded memory in bytes (same rule).
    public var strandedMemory: Int64 = 0
    /// Free allocatable on nodes where some pod would still fit (headroom, not waste).
    public var headroomNodes = 0
    /// Max pods per node (smallest `allocatable.pods` over nodes).
    public var maxPodsPerNode = 0
    /// Most pods (all kinds) on one node.
    public var mostPodsOnANode = 0
    /// SIG-scalability's per-node threshold `min(110, 10 × cores)` for the smallest node.
    public var recommendedPodsPerNode = 110
    /// Distinct nodes holding each workload's pods, by workload name.
    public var effectiveReplication: [(name: String, replicas: Int, nodes: Int, maxPerNode: Int)]
        = []
    /// Losing the largest node (nil for an empty cluster).
    public var blastRadius: BlastRadius?
    /// Adding one node of the largest type, as a percentage of the current CPU capacity.
    public var scalingIncrementPercent = 0.0
    /// The added node's price per hour (nil when unknown).
    public var scalingIncrementPerHour: Double?
    /// Costs (nil when some node's type has no price).
    public var cost: SizingCost?
    /// Control-plane size and the scalability envelope.
    public var controlPlane = ControlPlaneSizing(nodes: 0, pods: 0, mostPodsOnANode: 0)
    /// Pod IP address needs.
    public var podCIDR: PodCIDRNeeds?
    /// Warnings: over the envelope, pods Pending, replication below replicas, ...
    public var warnings: [String] = []

    /// Total workload pods.
    public var podsTotal: Int { podsScheduled + podsPending }

    /// Stranded CPU as a percentage of allocatable CPU.
    public var wasteCPUPercent: Double { percent(strandedCPU, of: cpu.allocatable) }
    /// Stranded memory as a percentage of allocatable memory.
    public var wasteMemoryPercent: Double { percent(strandedMemory, of: memory.allocatable) }

    /// System overhead: `(machine − allocatable + DaemonSet requests) / machine` for CPU
    /// (node-sizing.md §9 item 8), in percent.
    public var overheadCPUPercent: Double {
        percent(cpu.machine - cpu.allocatable + cpu.daemonSets, of: cpu.machine)
    }
    /// The same for memory.
    public var overheadMemoryPercent: Double {
        percent(memory.machine - memory.allocatable + memory.daemonSets, of: memory.machine)
    }

    /// Pod-slot headroom: how many more pods the fullest node could admit.
    public var podsPerNodeHeadroom: Int { maxPodsPerNode - mostPodsOnANode }

    /// The smallest effective replication over workloads (nil without workloads).
    public var minEffectiveReplication: Int? { effectiveReplication.map(\.nodes).min() }

    /// Creates an empty report.
    public init(label: String, nodes: Int, nodeTypes: [(type: String, count: Int)]) {
        self.label = label
        self.nodes = nodes
        self.nodeTypes = nodeTypes
    }
}

/// `part / whole` in percent (0 for an empty whole).
func percent(_ part: Int64, of whole: Int64) -> Double {
    whole > 0 ? Double(part) * 100 / Double(whole) : 0
}
