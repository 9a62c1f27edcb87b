/// Integer id of a pod in a `Cluster` (its index in the pod table).
public struct PodID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The index.
    public var index: Int
    /// Creates an id.
    public init(_ index: Int) { self.index = index }
    /// Orders by index.
    public static func < (a: PodID, b: PodID) -> Bool { a.index < b.index }
    /// The index as text.
    public var description: String { "pod#\(index)" }
}

/// `v1.PodPhase`.
public enum PodPhase: String, Sendable, CaseIterable {
    /// Accepted but not running (unscheduled, or starting).
    case pending = "Pending"
    /// Bound and running.
    case running = "Running"
    /// Terminated successfully.
    case succeeded = "Succeeded"
    /// Terminated in failure.
    case failed = "Failed"
    /// State unknown (node lost).
    case unknown = "Unknown"
}

/// A pod condition (`v1.PodCondition`), e.g. `PodScheduled` or `Ready`.
public struct PodCondition: Hashable, Sendable {
    /// `PodScheduled`, `Ready`, ...
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: String
    /// Machine-readable reason, e.g. `Unschedulable`.
    public var reason: String
    /// Human-readable message, e.g. `0/5 nodes are available: ...`.
    public var message: String
    /// Virtual time (ms) of the last status change.
    public var lastTransitionTime: Int64

    /// Creates a condition.
    public init(type: String, status: String, reason: String = "", message: String = "",
                lastTransitionTime: Int64 = 0) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
    }
}

/// One pod: metadata, the scheduling spec (shared copy-on-write with its template), its
/// effective requests and its status. Stored by value in `Cluster.pods`.
public struct Pod: Sendable {
    /// Its id.
    public var id: PodID
    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`.
    public var namespace: String
    /// `metadata.labels`.
    public var labels: [String: String]
    /// A pseudo-random UID (seeded), used where Kubernetes breaks ties by UID.
    public var uid: UInt64
    /// The spec.
    public var spec: PodSpec
    /// Effective requests (computed once from the spec).
    public var requests: PodRequests
    /// The owning workload, if any.
    public var owner: WorkloadID?
    /// The owning DaemonSet, if any.
    public var daemonSet: Int?
    /// StatefulSet ordinal.
    public var ordinal: Int?
    /// `spec.nodeName`: the node it is bound to.
    public var nodeID: NodeID?
    /// `status.phase`.
    public var phase: PodPhase = .pending
    /// The `PodScheduled` condition, once the scheduler has looked at the pod.
    public var scheduledCondition: PodCondition?
    /// The `Ready` condition.
    public var readyCondition: PodCondition?
    /// The `DisruptionTarget` condition (set on a preemption victim before its deletion).
    public var disruptionTarget: PodCondition?
    /// `status.nominatedNodeName`: the node a preemptor waits for while its victims terminate.
    public var nominatedNodeID: NodeID?
    /// `metadata.creationTimestamp` (virtual ms).
    public var creationTime: Int64
    /// `status.startTime` (virtual ms), set when the kubelet accepts the pod.
    public var startTime: Int64?
    /// `metadata.deletionTimestamp` (virtual ms), set when deletion starts.
    public var deletionTimestamp: Int64?
    /// Highest container restart count.
    public var restartCount: Int = 0
    /// True once removed from the cluster (the slot is kept so ids stay stable).
    public var isRemoved = false

    /// Creates a pending pod.
    public init(id: PodID, name: String, namespace: String, labels: [String: String], uid: UInt64,
                spec: PodSpec, requests: PodRequests, creationTime: Int64) {
        self.id = id
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.uid = uid
        self.spec = spec
        self.requests = requests
        self.creationTime = creationTime
    }

    /// `podutil.IsPodReady`.
    public var isReady: Bool { readyCondition?.status == "True" }

    /// `controller.IsPodActive`: not Succeeded/Failed and not being deleted.
    public var isActive: Bool {
        phase != .succeeded && phase != .failed && deletionTimestamp == nil && !isRemoved
    }

    /// The conditions in the order the API lists them.
    public var conditions: [PodCondition] {
        [scheduledCondition, readyCondition, disruptionTarget].compactMap { $0 }
    }

    /// Whether the pod carries any pod (anti-)affinity terms.
    public var hasPodAffinityTerms: Bool { spec.affinity?.hasPodTerms ?? false }
}
