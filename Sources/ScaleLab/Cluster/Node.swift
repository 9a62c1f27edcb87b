/// Integer id of a node in a `Cluster` (its index in the node table).
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The index.
    public var index: Int
    /// Creates an id.
    public init(_ index: Int) { self.index = index }
    /// Orders by index.
    public static func < (a: NodeID, b: NodeID) -> Bool { a.index < b.index }
    /// The index as text.
    public var description: String { "node#\(index)" }
}

/// The well-known node labels (k8s.io/api/core/v1 `well_known_labels.go`).
public enum WellKnownLabels {
    /// `kubernetes.io/hostname`.
    public static let hostname = "kubernetes.io/hostname"
    /// `topology.kubernetes.io/zone`.
    public static let zone = "topology.kubernetes.io/zone"
    /// `topology.kubernetes.io/region`.
    public static let region = "topology.kubernetes.io/region"
    /// `node.kubernetes.io/instance-type`.
    public static let instanceType = "node.kubernetes.io/instance-type"
    /// The taint the node lifecycle controller puts on cordoned nodes.
    public static let unschedulableTaint = "node.kubernetes.io/unschedulable"
    /// The taint of a NotReady node.
    public static let notReadyTaint = "node.kubernetes.io/not-ready"
    /// The taint of an unreachable node.
    public static let unreachableTaint = "node.kubernetes.io/unreachable"
}

/// The node's `Ready` condition status.
public enum NodeReadiness: String, Sendable {
    /// `Ready=True`.
    case ready = "Ready"
    /// `Ready=False`.
    case notReady = "NotReady"
    /// `Ready=Unknown` (the kubelet stopped reporting).
    case unknown = "Unknown"
}

/// One node: labels, taints, `spec.unschedulable` (cordon), readiness and allocatable.
public struct Node: Sendable {
    /// Its id.
    public var id: NodeID
    /// `metadata.name`.
    public var name: String
    /// `metadata.labels` (hostname, zone, instance type, pool labels).
    public var labels: [String: String]
    /// `spec.taints`.
    public var taints: [Taint]
    /// `spec.unschedulable` (kubectl cordon).
    public var unschedulable = false
    /// The `Ready` condition.
    public var readiness: NodeReadiness = .ready
    /// `status.allocatable` (cpu millicores, memory bytes, pods, ephemeral storage, scalars).
    public var allocatable: ResourceList
    /// `status.capacity`.
    public var capacity: ResourceList
    /// The pool it belongs to.
    public var pool: Int?
    /// Virtual time (ms) the node was created.
    public var creationTime: Int64 = 0
    /// True once removed (the slot is kept so ids stay stable).
    public var isRemoved = false

    /// Creates a node.
    public init(id: NodeID, name: String, labels: [String: String] = [:], taints: [Taint] = [],
                allocatable: ResourceList, capacity: ResourceList? = nil) {
        self.id = id
        self.name = name
        self.labels = labels
        self.taints = taints
        self.allocatable = allocatable
        self.capacity = capacity ?? allocatable
    }

    /// The zone label, if any.
    public var zone: String? { labels[WellKnownLabels.zone] }
}

/// Per-node aggregates the scheduler keeps (`framework.NodeInfo`): requested resources,
/// non-zero requested cpu/memory, the pods bound to it.
public struct NodeUsage: Sendable {
    /// Sum of the bound pods' requests.
    public var requested = ResourceList()
    /// Sum of the bound pods' non-zero cpu requests.
    public var nonZeroMilliCPU: Int64 = 0
    /// Sum of the bound pods' non-zero memory requests.
    public var nonZeroMemory: Int64 = 0
    /// The pods bound to the node, in binding order.
    public var pods: [PodID] = []
    /// The bound pods without a deletion timestamp, counted per owner whose pods share their
    /// labels (a Deployment's, ReplicaSet's, ReplicationController's or Job's replicas: the
    /// workload index; a DaemonSet's pods: -1 - its index), so the scheduler's default spread
    /// count of a node needs no pass over its pods (`PlacementIndex.matchingPods`).
    public internal(set) var activeByOwner: [OwnerCount] = []
    /// The bound pods without a deletion timestamp not counted in `activeByOwner` (bare pods,
    /// StatefulSet replicas: their labels differ pod by pod).
    public internal(set) var activeOthers: Int32 = 0
    /// How many of them carry pod (anti-)affinity terms.
    public var podsWithAffinity = 0
    /// The cluster's `nodeRevision` at the last change of these pods (bound, removed, or
    /// deletion begun), so caches can refresh only the nodes changed since they last looked.
    public internal(set) var stamp: UInt64 = 0
    /// The cluster's `nodeSpecRevision` at the last change of the node itself (added,
    /// removed, labels, taints, cordon, readiness).
    public internal(set) var specStamp: UInt64 = 0

    /// Creates empty usage.
    public init() {}
}

/// A node pool (node group): an instance type, a size with its bounds, zones, labels, taints.
public struct NodePool: Sendable {
    /// Pool name.
    public var name: String
    /// Instance type name (the `node.kubernetes.io/instance-type` label).
    public var instanceType: String
    /// Desired node count.
    public var count: Int
    /// Minimum size (for autoscalers).
    public var min: Int
    /// Maximum size (for autoscalers).
    public var max: Int
    /// Zones nodes are spread over round-robin (empty: no zone label).
    public var zones: [String]
    /// Extra labels for every node.
    public var labels: [String: String]
    /// Taints for every node.
    public var taints: [Taint]
    /// Allocatable of one node (computed from capacity by the provider profile).
    public var allocatable: ResourceList
    /// Capacity of one node.
    public var capacity: ResourceList
    /// Nodes created so far (for naming).
    public var created = 0

    /// Creates a pool description.
    public init(name: String, instanceType: String, count: Int, min: Int? = nil, max: Int? = nil,
                zones: [String] = [], labels: [String: String] = [:], taints: [Taint] = [],
                allocatable: ResourceList, capacity: ResourceList? = nil) {
        self.name = name
        self.instanceType = instanceType
        self.count = count
        self.min = min ?? count
        self.max = max ?? Swift.max(count, min ?? count)
        self.zones = zones
        self.labels = labels
        self.taints = taints
        self.allocatable = allocatable
        self.capacity = capacity ?? allocatable
    }
}

extension ResourceList {
    /// The cpu, memory and pod slots of a catalog node shape.
    public init(_ resources: NodeResources) {
        self.init(milliCPU: resources.milliCPU, memory: resources.memoryBytes,
                  pods: Int64(resources.pods))
    }
}

extension NodePool {
    /// A pool of `shape` nodes (capacity and allocatable from the provider profile).
    public init(name: String, shape: NodeShape, count: Int, min: Int? = nil, max: Int? = nil,
                zones: [String] = [], labels: [String: String] = [:], taints: [Taint] = []) {
        self.init(name: name, instanceType: shape.instanceType.name, count: count, min: min, max: max,
                  zones: zones, labels: labels, taints: taints,
                  allocatable: ResourceList(shape.allocatable), capacity: ResourceList(shape.capacity))
    }
}

/// One owner's count of active pods on a node (`NodeUsage.activeByOwner`).
public struct OwnerCount: Sendable, Equatable {
    /// The workload index, or -1 - the DaemonSet index.
    public var key: Int32
    /// The owner's bound pods on the node without a deletion timestamp.
    public var count: Int32
}
