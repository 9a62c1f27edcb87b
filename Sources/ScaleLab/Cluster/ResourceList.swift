/// Kubernetes resource names the scheduler treats specially (k8s.io/api/core/v1 `ResourceName`).
public enum ResourceName {
    /// `cpu`, counted in millicores.
    public static let cpu = "cpu"
    /// `memory`, in bytes.
    public static let memory = "memory"
    /// `ephemeral-storage`, in bytes.
    public static let ephemeralStorage = "ephemeral-storage"
    /// `pods`: the number of pods a node admits (allocatable only).
    public static let pods = "pods"

    /// Whether `name` is a scalar resource in kube-scheduler's sense (`schedutil.IsScalarResourceName`):
    /// an extended resource, a hugepages size, or an attachable-volumes count.
    public static func isScalar(_ name: String) -> Bool {
        isExtended(name) || name.hasPrefix("hugepages-") || name.hasPrefix("attachable-volumes-")
    }

    /// `v1helper.IsExtendedResourceName`: not native (native = no domain, or a
    /// `kubernetes.io/` domain) and not a quota `requests.` name.
    public static func isExtended(_ name: String) -> Bool {
        guard name.contains("/") else { return false }
        if name.contains("kubernetes.io/") { return false }
        return !name.hasPrefix("requests.")
    }

    /// Whether the resource can be set as a pod-level request (PodLevelResources):
    /// cpu, memory and hugepages-* (`resourcehelper.IsSupportedPodLevelResource`).
    public static func isPodLevelSupported(_ name: String) -> Bool {
        name == cpu || name == memory || name.hasPrefix("hugepages-")
    }
}

/// A set of resource amounts as kube-scheduler's `framework.Resource` holds them: CPU in
/// millicores, memory and ephemeral storage in bytes, the allowed pod number, and scalar
/// (extended, hugepages) resources in their base units.
public struct ResourceList: Hashable, Sendable {
    /// CPU in millicores.
    public var milliCPU: Int64 = 0
    /// Memory in bytes.
    public var memory: Int64 = 0
    /// Ephemeral storage in bytes.
    public var ephemeralStorage: Int64 = 0
    /// Allowed pod number (meaningful for allocatable only).
    public var pods: Int64 = 0
    /// Scalar resources (extended resources such as `nvidia.com/gpu`, `hugepages-2Mi`).
    public var scalar: [String: Int64] = [:]

    /// Creates a resource list.
    public init(milliCPU: Int64 = 0, memory: Int64 = 0, ephemeralStorage: Int64 = 0,
                pods: Int64 = 0, scalar: [String: Int64] = [:]) {
        self.milliCPU = milliCPU
        self.memory = memory
        self.ephemeralStorage = ephemeralStorage
        self.pods = pods
        self.scalar = scalar
    }

    /// Builds a list from resource names and normalized integer amounts (cpu in millicores,
    /// the rest in base units).
    public init(_ amounts: [String: Int64]) {
        for (name, value) in amounts { self[name] = value }
    }

    /// The amount of resource `name` (0 when absent).
    public subscript(name: String) -> Int64 {
        get {
            switch name {
            case ResourceName.cpu: return milliCPU
            case ResourceName.memory: return memory
            case ResourceName.ephemeralStorage: return ephemeralStorage
            case ResourceName.pods: return pods
            default: return scalar[name] ?? 0
            }
        }
        set {
            switch name {
            case ResourceName.cpu: milliCPU = newValue
            case ResourceName.memory: memory = newValue
            case ResourceName.ephemeralStorage: ephemeralStorage = newValue
            case ResourceName.pods: pods = newValue
            default: scalar[name] = newValue
            }
        }
    }

    /// Whether the list names resource `name` (scalar resources only; the four fixed ones
    /// always exist).
    public func hasScalar(_ name: String) -> Bool { scalar[name] != nil }

    /// Adds every amount of `other`.
    public mutating func add(_ other: ResourceList) {
        milliCPU += other.milliCPU
        memory += other.memory
        ephemeralStorage += other.ephemeralStorage
        pods += other.pods
        for (name, value) in other.scalar { scalar[name, default: 0] += value }
    }

    /// Subtracts every amount of `other`.
    public mutating func subtract(_ other: ResourceList) {
        milliCPU -= other.milliCPU
        memory -= other.memory
        ephemeralStorage -= other.ephemeralStorage
        pods -= other.pods
        for (name, value) in other.scalar { scalar[name, default: 0] -= value }
    }

    /// Raises each amount to at least the one in `other` (`maxResourceList`).
    public mutating func formMax(_ other: ResourceList) {
        milliCPU = Swift.max(milliCPU, other.milliCPU)
        memory = Swift.max(memory, other.memory)
        ephemeralStorage = Swift.max(ephemeralStorage, other.ephemeralStorage)
        pods = Swift.max(pods, other.pods)
        for (name, value) in other.scalar {
            scalar[name] = Swift.max(scalar[name] ?? value, value)
        }
    }

    /// True when no resource is requested (every amount 0, no scalar entries).
    public var isZero: Bool {
        milliCPU == 0 && memory == 0 && ephemeralStorage == 0 && scalar.isEmpty
    }
}
