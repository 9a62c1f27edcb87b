/// The control plane a cluster of this size needs and where it stands against Kubernetes'
/// scalability envelope (node-sizing.md §5, seed claim 14).
public struct ControlPlaneSizing: Sendable, Equatable {
    /// Worker nodes.
    public var nodes: Int
    /// Pods (all kinds).
    public var pods: Int
    /// Most pods on one node.
    public var mostPodsOnANode: Int

    /// Creates the figures for a cluster.
    public init(nodes: Int, pods: Int, mostPodsOnANode: Int) {
        self.nodes = nodes
        self.pods = pods
        self.mostPodsOnANode = mostPodsOnANode
    }

    /// kube-up's master vCPUs: kubernetes/kubernetes `cluster/gce/config-common.sh`
    /// `get-master-size`: 1, then 2 above 5 nodes, 4 above 10, 8 above 100, 16 above 250,
    /// 32 above 500 and 64 above 3000 (`-gt` tests, so 500 nodes still get 16).
    public static func kubeUpMasterVCPUs(nodes: Int) -> Int {
        var size = 1
        if nodes > 5 { size = 2 }
        if nodes > 10 { size = 4 }
        if nodes > 100 { size = 8 }
        if nodes > 250 { size = 16 }
        if nodes > 500 { size = 32 }
        if nodes > 3000 { size = 64 }
        return size
    }

    /// The GCE master kube-up picks: `MASTER_SIZE=n1-standard-$(get-master-size)`
    /// (`cluster/gce/config-default.sh`).
    public var gceMaster: String { "n1-standard-\(Self.kubeUpMasterVCPUs(nodes: nodes))" }

    /// The AWS master of the older kubernetes/website `cluster-large.md` table (1–5 m3.medium,
    /// 6–10 m3.large, 11–100 m3.xlarge, 101–250 m3.2xlarge, 251–500 c4.4xlarge, more
    /// c4.8xlarge). The table has no row above 500, so every larger cluster gets c4.8xlarge.
    public var awsMaster: String {
        switch nodes {
        case ...5: return "m3.medium"
        case ...10: return "m3.large"
        case ...100: return "m3.xlarge"
        case ...250: return "m3.2xlarge"
        case ...500: return "c4.4xlarge"
        default: return "c4.8xlarge"
        }
    }

    /// Watch streams the nodes open on the API server: one per kubelet and one per
    /// kube-proxy (learnk8s 2019).
    public var nodeWatches: Int { 2 * nodes }

    /// kubernetes/website `docs/setup/best-practices/cluster-large.md`: "No more than 5,000
    /// nodes", "No more than 150,000 total pods", "No more than 110 pods per node".
    public static let maxNodes = 5_000
    /// The total-pods limit.
    public static let maxPods = 150_000
    /// The pods-per-node limit (also the kubelet's default `maxPods`).
    public static let maxPodsPerNode = 110
    /// learnk8s, citing field experience: "in practice, 500 nodes may already pose
    /// non-trivial challenges".
    public static let practicalNodes = 500

    /// Warnings against the envelope, most severe first.
    public var warnings: [String] {
        var out: [String] = []
        if nodes > Self.maxNodes {
            out.append("\(nodes) nodes exceed the 5,000 nodes Kubernetes supports "
                + "(cluster-large.md: \"No more than 5,000 nodes\")")
        } else if nodes > Self.practicalNodes {
            out.append("\(nodes) nodes: above 500, \"in practice, 500 nodes may already pose "
                + "non-trivial challenges\" (learnk8s); kube-up sizes the master "
                + "\(gceMaster)")
        }
        if pods > Self.maxPods {
            out.append("\(pods) pods exceed the 150,000 total pods of cluster-large.md")
        }
        if mostPodsOnANode > Self.maxPodsPerNode {
            out.append("\(mostPodsOnANode) pods on one node: above the 110 pods per node "
                + "Kubernetes is tested to (kubelet work per pod: probes, cAdvisor stats; "
                + "kubernetes#45419)")
        }
        return out
    }
}

/// Pod IP addresses a cluster needs (node-sizing.md §3.3–§3.4 and §9 item 18).
public struct PodCIDRNeeds: Sendable, Equatable {
    /// How pod addresses are assigned: `per-node range` (GKE VPC-native, kubenet, AKS
    /// overlay), `vpc` (EKS VPC CNI: each pod takes a VPC address), `flat subnet` (AKS
    /// Azure CNI: node and pod addresses in one subnet).
    public var mode: String
    /// The pod range per node (`24` for a /24), for per-node ranges.
    public var perNodePrefix: Int?
    /// Addresses held per node.
    public var addressesPerNode: Int
    /// Addresses for the whole cluster.
    public var addresses: Int
    /// The smallest range (`/k`) that holds them.
    public var clusterPrefix: Int

    /// The smallest prefix length whose range holds `count` addresses.
    static func prefix(holding count: Int) -> Int {
        var bits = 0
        while (1 << bits) < max(count, 1) && bits < 32 { bits += 1 }
        return 32 - bits
    }

    /// The needs of `nodes` nodes of `shape` holding `pods` pods.
    /// - Per-node ranges: kube-up `get-alias-range-size` (the smallest 2^k ≥ 2 × maxPods)
    ///   for GKE and kubenet; AKS overlay gives each node a /24.
    /// - AKS Azure CNI (flat): `(nodes + surge) + (nodes + surge) × maxPods` with one surge
    ///   node (concepts-network-ip-address-planning.md).
    /// - EKS: one VPC address per node and per pod slot the CNI can attach
    ///   (`ENIs × IPs per ENI`, the warm pool not modelled).
    static func compute(nodes: [(shape: NodeShape, count: Int)]) -> PodCIDRNeeds? {
        guard let first = nodes.first?.shape else { return nil }
        let network = first.profile.effectiveNetwork
        let total = nodes.reduce(0) { $0 + $1.count }
        switch network {
        case .eni, .eniRecommended, .prefixDelegation:
            var addresses = 0
            var perNode = 0
            for (shape, count) in nodes {
                let type = shape.instanceType
                let each = type.enis.flatMap { e in type.ipv4PerENI.map { e * $0 } }
                    ?? shape.allocatable.pods + 1
                perNode = max(perNode, each)
                addresses += count * each
            }
            return PodCIDRNeeds(mode: "vpc", perNodePrefix: nil, addressesPerNode: perNode,
                                addresses: addresses, clusterPrefix: prefix(holding: addresses))
        case .azureCNI, .azureCNIPodSubnet:
            let maxPods = nodes.map(\.shape.allocatable.pods).max() ?? 0
            let addresses = (total + 1) + (total + 1) * maxPods
            return PodCIDRNeeds(mode: "flat subnet", perNodePrefix: nil,
                                addressesPerNode: maxPods + 1, addresses: addresses,
                                clusterPrefix: prefix(holding: addresses))
        case .azureCNIOverlay, .vpcNative, .kubenet, .kubeletDefault:
            var widest = 32
            for (shape, _) in nodes {
                let p = shape.podCIDRPrefixLength
                    ?? ReservationRules.podCIDRPrefixLength(maxPods: shape.allocatable.pods)
                widest = min(widest, p)
            }
            let perNode = 1 << (32 - widest)
            return PodCIDRNeeds(mode: "per-node range", perNodePrefix: widest,
                                addressesPerNode: perNode, addresses: perNode * total,
                                clusterPrefix: prefix(holding: perNode * total))
        }
    }
}
