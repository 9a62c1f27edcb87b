/// The scheduling-relevant part of a Pod's spec, with the Kubernetes API field names.

/// A node taint (`v1.Taint`).
public struct Taint: Hashable, Sendable {
    /// The taint key.
    public var key: String
    /// The taint value.
    public var value: String
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    public var effect: String
    /// Creates a taint.
    public init(key: String, value: String = "", effect: String) {
        self.key = key
        self.value = value
        self.effect = effect
    }
}

/// A pod toleration (`v1.Toleration`).
public struct Toleration: Hashable, Sendable {
    /// The key ("" with `Exists` tolerates every key).
    public var key: String
    /// `Equal` (default when empty) or `Exists`.
    public var `operator`: String
    /// The value compared by `Equal`.
    public var value: String
    /// The effect ("" matches every effect).
    public var effect: String
    /// Creates a toleration.
    public init(key: String = "", operator op: String = "", value: String = "", effect: String = "") {
        self.key = key
        self.operator = op
        self.value = value
        self.effect = effect
    }

    /// `v1.Toleration.ToleratesTaint`.
    public func tolerates(_ taint: Taint) -> Bool {
        if !effect.isEmpty && effect != taint.effect { return false }
        if !key.isEmpty && key != taint.key { return false }
        switch self.operator {
        case "", "Equal": return value == taint.value
        case "Exists": return true
        default: return false
        }
    }
}

/// A `v1.PodAffinityTerm`.
public struct PodAffinityTerm: Hashable, Sendable {
    /// The selector of the pods this term is about (nil selects nothing).
    public var labelSelector: LabelSelector?
    /// Explicit namespaces.
    public var namespaces: [String]
    /// Namespaces selected by label (nil: none; `{}`: all).
    public var namespaceSelector: LabelSelector?
    /// The node label that defines a topology domain.
    public var topologyKey: String
    /// Creates a term.
    public init(labelSelector: LabelSelector?, namespaces: [String] = [],
                namespaceSelector: LabelSelector? = nil, topologyKey: String) {
        self.labelSelector = labelSelector
        self.namespaces = namespaces
        self.namespaceSelector = namespaceSelector
        self.topologyKey = topologyKey
    }
}

/// A `v1.WeightedPodAffinityTerm`.
public struct WeightedPodAffinityTerm: Hashable, Sendable {
    /// 1..100.
    public var weight: Int64
    /// The term.
    public var podAffinityTerm: PodAffinityTerm
    /// Creates a weighted term.
    public init(weight: Int64, podAffinityTerm: PodAffinityTerm) {
        self.weight = weight
        self.podAffinityTerm = podAffinityTerm
    }
}

/// A `v1.PreferredSchedulingTerm` of node affinity.
public struct PreferredSchedulingTerm: Hashable, Sendable {
    /// The weight.
    public var weight: Int64
    /// The term.
    public var preference: NodeSelectorTerm
    /// Creates a preferred term.
    public init(weight: Int64, preference: NodeSelectorTerm) {
        self.weight = weight
        self.preference = preference
    }
}

/// `v1.Affinity`: node affinity, pod affinity and pod anti-affinity.
public struct Affinity: Hashable, Sendable {
    /// `nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`.
    public var requiredNodeAffinity: NodeSelector?
    /// `nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution`.
    public var preferredNodeAffinity: [PreferredSchedulingTerm] = []
    /// Whether `podAffinity` is set at all (it changes which existing-pod terms count).
    public var hasPodAffinity = false
    /// `podAffinity.requiredDuringSchedulingIgnoredDuringExecution`.
    public var requiredPodAffinity: [PodAffinityTerm] = []
    /// `podAffinity.preferredDuringSchedulingIgnoredDuringExecution`.
    public var preferredPodAffinity: [WeightedPodAffinityTerm] = []
    /// Whether `podAntiAffinity` is set at all.
    public var hasPodAntiAffinity = false
    /// `podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution`.
    public var requiredPodAntiAffinity: [PodAffinityTerm] = []
    /// `podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution`.
    public var preferredPodAntiAffinity: [WeightedPodAffinityTerm] = []

    /// Creates an empty affinity.
    public init() {}

    /// True when any pod (anti-)affinity term exists.
    public var hasPodTerms: Bool {
        !requiredPodAffinity.isEmpty || !preferredPodAffinity.isEmpty
            || !requiredPodAntiAffinity.isEmpty || !preferredPodAntiAffinity.isEmpty
    }
}

/// A `v1.TopologySpreadConstraint`; omitted optional fields take the API defaults.
public struct TopologySpreadConstraint: Hashable, Sendable {
    /// The maximum permitted skew.
    public var maxSkew: Int64
    /// The node label that defines the domains.
    public var topologyKey: String
    /// `DoNotSchedule` (filter) or `ScheduleAnyway` (score).
    public var whenUnsatisfiable: String
    /// The selector of the counted pods (nil counts nothing).
    public var labelSelector: LabelSelector?
    /// Minimum number of eligible domains (default 1).
    public var minDomains: Int64 = 1
    /// `Honor` (default) or `Ignore`.
    public var nodeAffinityPolicy = "Honor"
    /// `Honor` or `Ignore` (default).
    public var nodeTaintsPolicy = "Ignore"
    /// Label keys whose values, taken from the incoming pod, are ANDed to the selector.
    public var matchLabelKeys: [String] = []

    /// Creates a constraint.
    public init(maxSkew: Int64, topologyKey: String, whenUnsatisfiable: String,
                labelSelector: LabelSelector?) {
        self.maxSkew = maxSkew
        self.topologyKey = topologyKey
        self.whenUnsatisfiable = whenUnsatisfiable
        self.labelSelector = labelSelector
    }
}

/// A container's resources (`requests` keep which names were given, since the scheduler's
/// non-zero defaults replace only missing requests, not explicit zeros).
public struct Container: Hashable, Sendable {
    /// Container name.
    public var name: String
    /// Requests by resource name (cpu in millicores, the rest in base units).
    public var requests: [String: Int64]
    /// Limits by resource name.
    public var limits: [String: Int64]
    /// `Always` for a restartable (sidecar) init container.
    public var restartPolicy: String?
    /// `ports` (only those with a hostPort matter to the scheduler: NodePorts).
    public var ports: [ContainerPort] = []
    /// Creates a container.
    public init(name: String = "", requests: [String: Int64] = [:], limits: [String: Int64] = [:],
                restartPolicy: String? = nil) {
        self.name = name
        self.requests = requests
        self.limits = limits
        self.restartPolicy = restartPolicy
    }
}

/// The pod spec fields the scheduler reads.
public struct PodSpec: Hashable, Sendable {
    /// Regular containers.
    public var containers: [Container] = []
    /// Init containers (restartable ones are sidecars).
    public var initContainers: [Container] = []
    /// RuntimeClass overhead.
    public var overhead: [String: Int64] = [:]
    /// Pod-level requests (PodLevelResources).
    public var podLevelRequests: [String: Int64] = [:]
    /// `nodeSelector`.
    public var nodeSelector: [String: String] = [:]
    /// `affinity`.
    public var affinity: Affinity?
    /// `tolerations`.
    public var tolerations: [Toleration] = []
    /// `topologySpreadConstraints`.
    public var topologySpreadConstraints: [TopologySpreadConstraint] = []
    /// `priority` (equal priorities never preempt each other).
    public var priority: Int32 = 0
    /// `preemptionPolicy`: `PreemptLowerPriority` (default) or `Never`.
    public var preemptionPolicy = "PreemptLowerPriority"

    /// Creates an empty spec.
    public init() {}

    /// The required node affinity (nodeSelector + required node affinity terms).
    public var hasRequiredNodeAffinity: Bool {
        !nodeSelector.isEmpty || affinity?.requiredNodeAffinity != nil
    }

    /// `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)`: nodeSelector labels must all
    /// match, and any required term must match.
    public func matchesRequiredNodeAffinity(name: String, labels: [String: String]) -> Bool {
        for (key, value) in nodeSelector where labels[key] != value { return false }
        if let required = affinity?.requiredNodeAffinity {
            return required.matches(name: name, labels: labels)
        }
        return true
    }
}
