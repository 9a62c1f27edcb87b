/// A workload to size for: a Deployment-like set of identical replicas (node-sizing.md §9,
/// "workloads i: r_i replicas, requests c_i and m_i, a spread rule").
public struct SizingWorkload: Sendable {
    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`.
    public var namespace: String
    /// `spec.replicas`.
    public var replicas: Int
    /// The pod template (requests, labels, anti-affinity, spread constraints, ...).
    public var template: PodTemplate

    /// Creates a workload.
    public init(name: String, namespace: String = "default", replicas: Int,
                template: PodTemplate) {
        self.name = name
        self.namespace = namespace
        self.replicas = replicas
        self.template = template
    }

    /// A workload of `replicas` pods with one container requesting `milliCPU` and `memory`
    /// bytes, labelled `app=<name>`.
    public init(name: String, replicas: Int, milliCPU: Int64, memory: Int64) {
        var spec = PodSpec()
        spec.containers = [Container(name: "main", requests: [
            ResourceName.cpu: milliCPU, ResourceName.memory: memory,
        ])]
        self.init(name: name, replicas: replicas,
                  template: PodTemplate(labels: ["app": name], spec: spec))
    }
}

/// A DaemonSet every node runs one pod of: a fixed per-node tax on allocatable and on pod
/// slots (node-sizing.md §9 item 4).
public struct SizingDaemonSet: Sendable {
    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`.
    public var namespace: String
    /// The pod template.
    public var template: PodTemplate

    /// Creates a DaemonSet.
    public init(name: String, namespace: String = "kube-system", template: PodTemplate) {
        self.name = name
        self.namespace = namespace
        self.template = template
    }

    /// A DaemonSet whose pod requests `milliCPU` and `memory` bytes.
    public init(name: String, milliCPU: Int64, memory: Int64) {
        var spec = PodSpec()
        spec.containers = [Container(name: "main", requests: [
            ResourceName.cpu: milliCPU, ResourceName.memory: memory,
        ])]
        self.init(name: name, template: PodTemplate(labels: ["name": name], spec: spec))
    }
}

/// One pool of an option: a node shape and a node count (nil: the smallest count that
/// schedules the whole workload, single-pool options only).
public struct SizingPool: Sendable {
    /// The node shape (instance type under a provider profile).
    public var shape: NodeShape
    /// The node count, or nil to search for it.
    public var count: Int?

    /// Creates a pool.
    public init(shape: NodeShape, count: Int?) {
        self.shape = shape
        self.count = count
    }
}

/// A candidate cluster: one pool (`10x t3.medium`) or a mix of pools.
public struct SizingOption: Sendable {
    /// The pools.
    public var pools: [SizingPool]

    /// Creates an option.
    public init(pools: [SizingPool]) { self.pools = pools }

    /// A single-pool option.
    public init(shape: NodeShape, count: Int?) { pools = [SizingPool(shape: shape, count: count)] }

    /// `10x tiny-1g`, `3x m5.large + 1x m5.4xlarge` (`?x` while the count is unknown).
    public var label: String {
        pools.map { "\($0.count.map(String.init) ?? "?")x \($0.shape.instanceType.name)" }
            .joined(separator: " + ")
    }
}

/// Settings shared by every option of a comparison.
public struct SizingSettings: Sendable {
    /// Hours in a month for monthly costs: 730 (the AWS convention) by default;
    /// cluster-autoscaler's GCE pricing uses 720 (`hoursInMonth`, node-sizing.md §4).
    public var hoursPerMonth: Double = 730
    /// The scheduler profile that places the pods (default: LeastAllocated, as kube-scheduler).
    public var schedulerProfile = SchedulerProfile()
    /// The largest node count the count search tries (the 5,000-node envelope).
    public var maxNodes = 5_000
    /// The seed of the simulated clusters (pod names, UIDs).
    public var seed: UInt64 = 1

    /// Default settings.
    public init() {}
}

/// An invalid sizing request, worded for the user.
public struct SizingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The message.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
