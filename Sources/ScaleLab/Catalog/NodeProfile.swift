/// How a managed Kubernetes offering turns a machine into a node: its kubelet reservations
/// (kube-reserved, system-reserved, hard eviction), VM and kernel overheads and max pods.
/// The rules are those of node-sizing.md §2–§3; `NodeShape.compute` applies them.
public struct NodeProfile: Hashable, Sendable {
    /// Whose reservation rules apply.
    public enum Provider: String, Hashable, Sendable, CaseIterable {
        /// GKE: CPU and memory tiers, 100Mi eviction.
        case gke
        /// EKS (amazon-eks-ami / Karpenter): 255 + 11 × maxPods MiB, CPU tiers, 100Mi eviction.
        case eks
        /// AKS: the CPU table; memory by version (see `aksLegacyReservations`).
        case aks
        /// No reservations: allocatable = capacity (add explicit values if wanted).
        case none
    }

    /// The network mode, which sets the default max pods per node.
    public enum Network: String, Hashable, Sendable, CaseIterable {
        /// EKS VPC CNI secondary IPs, uncapped `ENIs × (IPv4 per ENI − 1) + 2` (AL2023 nodeadm
        /// default; the eni-max-pods.txt value).
        case eni
        /// EKS max-pods-calculator.sh recommendation: the ENI value capped at 110 (≤ 30 vCPU)
        /// or 250.
        case eniRecommended = "eni-recommended"
        /// EKS VPC CNI prefix delegation: `ENIs × ((IPv4 per ENI − 1) × 16) + 2`, with the
        /// recommended cap.
        case prefixDelegation = "prefix-delegation"
        /// AKS Azure CNI (legacy, flat): 30 pods by default.
        case azureCNI = "azure-cni"
        /// AKS Azure CNI Overlay: 250 pods by default (a /24 per node).
        case azureCNIOverlay = "azure-cni-overlay"
        /// AKS Azure CNI with a pod subnet: 110.
        case azureCNIPodSubnet = "azure-cni-pod-subnet"
        /// kubenet: 110.
        case kubenet
        /// GKE VPC-native: 110, a /24 pod range per node.
        case vpcNative = "vpc-native"
        /// The kubelet default (`maxPods: 110`).
        case kubeletDefault = "kubelet-default"
    }

    /// Explicit CPU and memory for a reservation (`--kube-reserved=cpu=100m,memory=1Gi`).
    public struct Reservation: Hashable, Sendable {
        /// Millicores.
        public var milliCPU: Int64
        /// Bytes.
        public var memoryBytes: Int64
        /// Creates a reservation.
        public init(milliCPU: Int64 = 0, memoryBytes: Int64 = 0) {
            self.milliCPU = milliCPU
            self.memoryBytes = memoryBytes
        }
    }

    /// Whose rules apply.
    public var provider: Provider
    /// The network mode; nil uses the provider's default (`defaultNetwork`).
    public var network: Network?
    /// An explicit max pods per node (kubelet `maxPods`), overriding the network default.
    public var maxPods: Int?
    /// AKS before Kubernetes 1.29: memory tiers plus a 750Mi hard eviction threshold, instead
    /// of `min(20MB × maxPods + 50MB, 25%)` plus 100Mi.
    public var aksLegacyReservations = false
    /// The share of instance memory the hypervisor keeps (Karpenter's
    /// `VM_MEMORY_OVERHEAD_PERCENT`, default 0.075); nil for none.
    public var vmMemoryOverheadPercent: Double?
    /// GKE: subtract the kernel's memory (cluster-autoscaler gce_reserved.go, COS image) from
    /// capacity.
    public var kernelReserve = false
    /// Replaces the provider's computed kube-reserved.
    public var kubeReserved: Reservation?
    /// system-reserved (none by default on every provider).
    public var systemReserved: Reservation?
    /// Replaces the provider's hard eviction threshold for `memory.available`.
    public var evictionHardMemoryBytes: Int64?

    /// A profile with the provider's defaults.
    public init(provider: Provider) { self.provider = provider }

    /// GKE defaults.
    public static let gke = NodeProfile(provider: .gke)
    /// EKS defaults (AL2023: uncapped ENI max pods, no VM overhead).
    public static let eks = NodeProfile(provider: .eks)
    /// AKS defaults (1.29+ reservations, Azure CNI Overlay).
    public static let aks = NodeProfile(provider: .aks)
    /// No reservations.
    public static let none = NodeProfile(provider: .none)

    /// EKS as Karpenter models it: 7.5% VM memory overhead on top of the EKS reservations.
    public static var karpenter: NodeProfile {
        var profile = NodeProfile.eks
        profile.vmMemoryOverheadPercent = 0.075
        return profile
    }

    /// The network a provider uses unless told otherwise.
    public var defaultNetwork: Network {
        switch provider {
        case .gke: return .vpcNative
        case .eks: return .eni
        case .aks: return .azureCNIOverlay
        case .none: return .kubeletDefault
        }
    }

    /// The network in effect.
    public var effectiveNetwork: Network { network ?? defaultNetwork }
}

/// An invalid node profile or a machine it cannot host, with a message for the user.
public struct NodeProfileError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}
