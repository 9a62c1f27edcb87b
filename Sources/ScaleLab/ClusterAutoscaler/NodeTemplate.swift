// The node a node group would add: what the autoscaler simulates before a node exists.
// Upstream: cluster-autoscaler/simulator/node_info_utils.go (FreshNodeInfoFromTemplateNodeInfo,
// createSanitizedNode) and core/utils (GetNodeInfoFromTemplate).

/// A node group's template node: labels, taints, capacity and allocatable, plus the pods every
/// new node starts with (DaemonSet pods).
public struct NodeTemplate: Sendable {
    /// The template's name; estimation nodes are named `<name>-e-<N>`.
    public var name: String
    /// Labels copied to every new node (zone, instance type, pool labels); the hostname label
    /// is replaced by the new node's name.
    public var labels: [String: String]
    /// Taints copied to every new node.
    public var taints: [Taint]
    /// Allocatable of one node.
    public var allocatable: ResourceList
    /// Capacity of one node.
    public var capacity: ResourceList
    /// The DaemonSets whose pods every new node runs (they take room on every node).
    public var daemonSets: [DaemonSet]

    /// Creates a template.
    public init(
        name: String, labels: [String: String] = [:], taints: [Taint] = [],
        allocatable: ResourceList, capacity: ResourceList? = nil, daemonSets: [DaemonSet] = []
    ) {
        self.name = name
        self.labels = labels
        self.taints = taints
        self.allocatable = allocatable
        self.capacity = capacity ?? allocatable
        self.daemonSets = daemonSets
    }

    /// Adds a fresh copy of the template named `<name>-<suffix>` to `cluster`, with its
    /// hostname label set to the new name, and its DaemonSet pods bound to it.
    @discardableResult
    public func addNode(suffix: String, to cluster: inout Cluster) throws -> NodeID {
        let nodeName = "\(name)-\(suffix)"
        var labels = self.labels
        labels[WellKnownLabels.hostname] = nodeName
        let id = try cluster.addNode(
            name: nodeName, labels: labels, taints: taints, allocatable: allocatable,
            capacity: capacity)
        for ds in daemonSets {
            cluster.createPod(
                name: "\(ds.name)-\(nodeName)", namespace: ds.namespace,
                labels: ds.template.labels, spec: ds.template.spec, requests: ds.requests,
                owner: nil, daemonSet: ds.index, nodeID: id)
        }
        return id
    }

    /// The template of node pool `index`: the labels, taints and resources its next node
    /// would get (the zone the pool would place it in), with the DaemonSets that would run on
    /// it (`GetNodeInfoFromTemplate` + `simulator.BuildNodeInfoForNode` with DaemonSet pods).
    public static func forPool(_ index: Int, in cluster: Cluster) -> NodeTemplate {
        let pool = cluster.pools[index]
        var labels = pool.labels
        labels[WellKnownLabels.instanceType] = pool.instanceType
        labels["node.kubernetes.io/pool"] = pool.name
        if !pool.zones.isEmpty {
            labels[WellKnownLabels.zone] = pool.zones[pool.created % pool.zones.count]
        }
        let name = "template-node-for-\(pool.name)"
        let probe = Node(
            id: NodeID(cluster.nodes.count), name: name, labels: labels, taints: pool.taints,
            allocatable: pool.allocatable, capacity: pool.capacity)
        let daemonSets = cluster.daemonSets.filter { cluster.shouldRunDaemonPod($0, on: probe) }
        return NodeTemplate(
            name: name, labels: labels, taints: pool.taints, allocatable: pool.allocatable,
            capacity: pool.capacity, daemonSets: daemonSets)
    }

    /// What the expanders see of this template.
    public var expanderNodeInfo: ExpanderNodeInfo {
        ExpanderNodeInfo(
            nodeName: name, capacityMilliCPU: capacity.milliCPU,
            capacityMemoryBytes: capacity.memory,
            hasGPU: labels.keys.contains { GPULabels.all.contains($0) }
                || (allocatable.scalar[GPULabels.nvidiaGPUResource] ?? 0) > 0)
    }
}

/// Labels and resources that mark GPU nodes (`gpu.NodeHasGpu` with the providers' GPU labels).
public enum GPULabels {
    /// The NVIDIA GPU extended resource.
    public static let nvidiaGPUResource = "nvidia.com/gpu"
    /// The GPU labels of the cloud providers (GKE, EKS, AKS).
    public static let all: Set<String> = [
        "cloud.google.com/gke-accelerator", "k8s.amazonaws.com/accelerator", "accelerator",
    ]
}
