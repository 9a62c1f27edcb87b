/// CPU, memory and pod slots of a node (capacity or allocatable).
public struct NodeResources: Hashable, Sendable {
    /// Millicores.
    public var milliCPU: Int64
    /// Bytes.
    public var memoryBytes: Int64
    /// Pod slots.
    public var pods: Int

    /// Creates a resource triple.
    public init(milliCPU: Int64, memoryBytes: Int64, pods: Int) {
        self.milliCPU = milliCPU
        self.memoryBytes = memoryBytes
        self.pods = pods
    }
}

/// Where a machine's resources go before pods get any: what the sizing analysis reports.
public struct NodeReservations: Hashable, Sendable {
    /// Memory the hypervisor keeps (Karpenter's VM overhead), lost from capacity.
    public var vmOverheadMemoryBytes: Int64 = 0
    /// Memory the kernel keeps (GCE), lost from capacity.
    public var kernelMemoryBytes: Int64 = 0
    /// kube-reserved CPU (kubelet, container runtime).
    public var kubeReservedMilliCPU: Int64 = 0
    /// kube-reserved memory.
    public var kubeReservedMemoryBytes: Int64 = 0
    /// system-reserved CPU (OS daemons).
    public var systemReservedMilliCPU: Int64 = 0
    /// system-reserved memory.
    public var systemReservedMemoryBytes: Int64 = 0
    /// The hard eviction threshold for `memory.available`.
    public var evictionHardMemoryBytes: Int64 = 0

    /// Creates an empty breakdown.
    public init() {}
}

/// A node built from an instance type under a provider profile: capacity, allocatable
/// (`Allocatable = Capacity − kube-reserved − system-reserved − eviction-threshold`,
/// Kubernetes "Reserve Compute Resources") and the breakdown between them.
public struct NodeShape: Hashable, Sendable, CustomStringConvertible {
    /// The machine.
    public var instanceType: InstanceType
    /// The rules applied.
    public var profile: NodeProfile
    /// What the node reports as capacity (machine memory minus VM/kernel overhead).
    public var capacity: NodeResources
    /// What the scheduler may hand out to pods.
    public var allocatable: NodeResources
    /// The reservations between the machine and allocatable.
    public var reservations: NodeReservations
    /// The node's pod range prefix length (GKE VPC-native and AKS overlay), e.g. 24 for a /24.
    public var podCIDRPrefixLength: Int?

    /// Applies `profile` to `type`; throws when the max pods setting is out of the provider's
    /// range. Negative allocatable values are clamped to zero, as the kubelet does.
    public static func compute(_ type: InstanceType, profile: NodeProfile) throws -> NodeShape {
        let pods = try maxPods(type, profile: profile)
        var r = NodeReservations()
        let machineMemory = type.memoryBytes
        if let percent = profile.vmMemoryOverheadPercent {
            guard percent >= 0 && percent < 1 else {
                throw NodeProfileError(
                    message: "vm memory overhead must be a fraction in [0, 1), got \(percent)")
            }
            r.vmOverheadMemoryBytes = ReservationRules.vmOverhead(
                bytes: machineMemory, percent: percent)
        }
        if profile.kernelReserve {
            r.kernelMemoryBytes = ReservationRules.gceKernelReserved(bytes: machineMemory)
        }
        switch profile.provider {
        case .gke:
            r.kubeReservedMilliCPU = ReservationRules.tieredCPU(milliCPU: type.milliCPU)
            r.kubeReservedMemoryBytes = ReservationRules.tieredMemory(
                bytes: machineMemory, smallMachineFloor: true)
        case .eks:
            r.kubeReservedMilliCPU = ReservationRules.tieredCPU(milliCPU: type.milliCPU)
            r.kubeReservedMemoryBytes = ReservationRules.eksMemory(maxPods: pods)
        case .aks:
            r.kubeReservedMilliCPU = ReservationRules.aksCPU(milliCPU: type.milliCPU)
            r.kubeReservedMemoryBytes =
                profile.aksLegacyReservations
                ? ReservationRules.tieredMemory(bytes: machineMemory, smallMachineFloor: false)
                : ReservationRules.aksMemory(maxPods: pods, bytes: machineMemory)
        case .none:
            break
        }
        r.evictionHardMemoryBytes = ReservationRules.evictionHard(profile)
        if let kube = profile.kubeReserved {
            r.kubeReservedMilliCPU = kube.milliCPU
            r.kubeReservedMemoryBytes = kube.memoryBytes
        }
        if let system = profile.systemReserved {
            r.systemReservedMilliCPU = system.milliCPU
            r.systemReservedMemoryBytes = system.memoryBytes
        }
        if let eviction = profile.evictionHardMemoryBytes { r.evictionHardMemoryBytes = eviction }

        let capacity = NodeResources(
            milliCPU: type.milliCPU,
            memoryBytes: max(0, machineMemory - r.vmOverheadMemoryBytes - r.kernelMemoryBytes),
            pods: pods)
        // kubelet pkg/kubelet/nodestatus/setters.go MachineInfo: allocatable = capacity minus
        // the allocatable reservation (kube + system reserved + hard eviction); "Negative
        // Allocatable resources don't make sense", so each is floored at zero.
        let allocatable = NodeResources(
            milliCPU: max(0, capacity.milliCPU - r.kubeReservedMilliCPU - r.systemReservedMilliCPU),
            memoryBytes: max(
                0,
                capacity.memoryBytes - r.kubeReservedMemoryBytes - r.systemReservedMemoryBytes
                    - r.evictionHardMemoryBytes),
            pods: pods)
        var cidr: Int?
        switch profile.effectiveNetwork {
        case .vpcNative: cidr = ReservationRules.podCIDRPrefixLength(maxPods: pods)
        case .azureCNIOverlay: cidr = 24
        default: cidr = nil
        }
        return NodeShape(
            instanceType: type, profile: profile, capacity: capacity, allocatable: allocatable,
            reservations: r, podCIDRPrefixLength: cidr)
    }

    /// Max pods for `type` under `profile` (node-sizing.md §3): an explicit setting, else a
    /// user-defined type's own limit, else the network mode's default.
    public static func maxPods(_ type: InstanceType, profile: NodeProfile) throws -> Int {
        if let explicit = profile.maxPods {
            try validate(maxPods: explicit, profile: profile)
            return explicit
        }
        if type.provider == .custom, let own = type.maxPods { return own }
        let vcpuCap = ReservationRules.eksRecommendedCap(milliCPU: type.milliCPU)
        switch profile.effectiveNetwork {
        case .eni:
            // nodeadm falls back to the kubelet default 110 without instance info.
            return type.maxPods ?? 110
        case .eniRecommended:
            return min(type.maxPods ?? 110, vcpuCap)
        case .prefixDelegation:
            guard let enis = type.enis, let ips = type.ipv4PerENI else {
                throw NodeProfileError(
                    message: "prefix delegation needs ENI limits; instance type \"\(type.name)\""
                        + " has none (set max_pods)")
            }
            return min(enis * ((ips - 1) * 16) + 2, vcpuCap)
        case .azureCNI:
            return 30
        case .azureCNIOverlay:
            return 250
        case .azureCNIPodSubnet, .kubenet, .vpcNative, .kubeletDefault:
            return 110
        }
    }

    /// Provider limits on an explicit max pods: GKE 8–256 (flexible pod CIDR), AKS 10–250
    /// (concepts-network-ip-address-planning.md), otherwise any positive number.
    private static func validate(maxPods: Int, profile: NodeProfile) throws {
        let range: ClosedRange<Int>
        switch profile.provider {
        case .gke: range = 8...256
        case .aks: range = 10...250
        case .eks, .none: range = 1...Int(Int32.max)
        }
        guard range.contains(maxPods) else {
            throw NodeProfileError(
                message: "max pods per node must be between \(range.lowerBound) and "
                    + "\(range.upperBound) on \(profile.provider.rawValue), got \(maxPods)")
        }
    }

    /// Allocatable memory as a share of the machine's memory (0…1).
    public var allocatableMemoryFraction: Double {
        Double(allocatable.memoryBytes) / Double(instanceType.memoryBytes)
    }

    /// Allocatable CPU as a share of the machine's CPU (0…1).
    public var allocatableCPUFraction: Double {
        Double(allocatable.milliCPU) / Double(instanceType.milliCPU)
    }

    /// `m5.large (eks): capacity cpu=2 memory=7577Mi pods=29; allocatable cpu=1930m ...`
    public var description: String {
        func show(_ r: NodeResources) -> String {
            "cpu=\(Quantity(milli: r.milliCPU)) memory=\(Quantity(bytes: r.memoryBytes)) "
                + "pods=\(r.pods)"
        }
        return "\(instanceType.name) (\(profile.provider.rawValue)): capacity \(show(capacity));"
            + " allocatable \(show(allocatable))"
    }
}
