/// Integer id of a workload in a `Cluster`.
public struct WorkloadID: Hashable, Comparable, Sendable {
    /// The index.
    public var index: Int
    /// Creates an id.
    public init(_ index: Int) { self.index = index }
    /// Orders by index.
    public static func < (a: WorkloadID, b: WorkloadID) -> Bool { a.index < b.index }
}

/// The workload kinds with the scale subresource.
public enum WorkloadKind: String, Sendable, CaseIterable {
    /// apps/v1 Deployment (its ReplicaSet layer is folded in: pods carry `pod-template-hash`).
    case deployment = "Deployment"
    /// apps/v1 StatefulSet: pods `<name>-<ordinal>`, scale-down removes the highest ordinal.
    case statefulSet = "StatefulSet"
    /// apps/v1 ReplicaSet.
    case replicaSet = "ReplicaSet"
    /// v1 ReplicationController.
    case replicationController = "ReplicationController"
}

/// A pod template: labels and spec.
public struct PodTemplate: Sendable {
    /// `template.metadata.labels`.
    public var labels: [String: String]
    /// `template.spec`.
    public var spec: PodSpec
    /// Creates a template.
    public init(labels: [String: String], spec: PodSpec) {
        self.labels = labels
        self.spec = spec
    }
}

/// A workload with the scale subresource (`spec.replicas`, `status.replicas`, selector).
public struct Workload: Sendable {
    /// Its id.
    public var id: WorkloadID
    /// The kind.
    public var kind: WorkloadKind
    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`.
    public var namespace: String
    /// `spec.replicas`.
    public var replicas: Int
    /// `spec.selector` (a ReplicationController's map selector is kept as matchLabels).
    public var selector: LabelSelector
    /// `spec.template`.
    public var template: PodTemplate
    /// StatefulSet `podManagementPolicy`: `OrderedReady` (default) or `Parallel`.
    public var podManagementPolicy = "OrderedReady"
    /// The Deployment's `pod-template-hash`.
    public var templateHash: String
    /// The template's effective requests (shared by all its pods).
    public var requests: PodRequests
    /// Virtual time (ms) of creation.
    public var creationTime: Int64

    /// Creates a workload.
    public init(id: WorkloadID, kind: WorkloadKind, name: String, namespace: String, replicas: Int,
                selector: LabelSelector, template: PodTemplate, templateHash: String,
                creationTime: Int64) {
        self.id = id
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.replicas = replicas
        self.selector = selector
        self.template = template
        self.templateHash = templateHash
        self.requests = PodRequests(template.spec)
        self.creationTime = creationTime
    }
}

/// A DaemonSet: one pod on each node it should run on.
public struct DaemonSet: Sendable {
    /// Index in `Cluster.daemonSets`.
    public var index: Int
    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`.
    public var namespace: String
    /// `spec.template`.
    public var template: PodTemplate
    /// The template's effective requests.
    public var requests: PodRequests

    /// The tolerations the DaemonSet controller adds to every daemon pod
    /// (`pkg/controller/daemon/util.AddOrUpdateDaemonPodTolerations`).
    public static let defaultTolerations: [Toleration] = [
        Toleration(key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute"),
        Toleration(key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute"),
        Toleration(key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule"),
        Toleration(key: "node.kubernetes.io/memory-pressure", operator: "Exists",
                   effect: "NoSchedule"),
        Toleration(key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule"),
        Toleration(key: "node.kubernetes.io/unschedulable", operator: "Exists",
                   effect: "NoSchedule"),
    ]
}
