// Pending pods grouped by equivalence: pods of one controller with the same spec schedule the
// same way, so the estimator orders and reasons about a group through its first pod.
// Upstream: cluster-autoscaler/estimator/estimator.go (PodEquivalenceGroup, Exemplar).

/// What the estimator reads from a group's exemplar pod, worked out once per group.
public struct ExemplarTraits: Sendable, Equatable {
    /// Effective CPU request in millicores (k8s `resourcehelper.PodRequests`).
    public var milliCPU: Int64
    /// Effective memory request in bytes.
    public var memoryBytes: Int64
    /// CPU request of the first container, in millicores (nil: the pod has no containers);
    /// the fast path reads only `Containers[0]` (binpacking_estimator.go:447-450).
    public var firstContainerMilliCPU: Int64?
    /// Memory request of the first container, in bytes.
    public var firstContainerMemoryBytes: Int64?
    /// Whether the pod has any topology spread constraint.
    public var hasTopologySpreadConstraints: Bool
    /// Whether the pod has a required anti-affinity term on `kubernetes.io/hostname` whose
    /// selector matches the pod's own labels (one pod per node).
    public var hasSelfHostnameAntiAffinity: Bool
    /// Whether the pod has a required anti-affinity term on another topology key.
    public var hasNonHostnameAntiAffinity: Bool

    /// Creates the traits.
    public init(
        milliCPU: Int64, memoryBytes: Int64, firstContainerMilliCPU: Int64? = nil,
        firstContainerMemoryBytes: Int64? = nil, hasTopologySpreadConstraints: Bool = false,
        hasSelfHostnameAntiAffinity: Bool = false, hasNonHostnameAntiAffinity: Bool = false
    ) {
        self.milliCPU = milliCPU
        self.memoryBytes = memoryBytes
        self.firstContainerMilliCPU = firstContainerMilliCPU
        self.firstContainerMemoryBytes = firstContainerMemoryBytes
        self.hasTopologySpreadConstraints = hasTopologySpreadConstraints
        self.hasSelfHostnameAntiAffinity = hasSelfHostnameAntiAffinity
        self.hasNonHostnameAntiAffinity = hasNonHostnameAntiAffinity
    }
}

/// Equivalent pending pods (`estimator.PodEquivalenceGroup`), generic over the cluster's pod
/// handle.
public struct PodEquivalenceGroup<Pod> {
    /// The pods, in queue order.
    public var pods: [Pod]
    /// What the estimator reads from the first pod.
    public var exemplar: ExemplarTraits

    /// Creates a group.
    public init(pods: [Pod], exemplar: ExemplarTraits) {
        self.pods = pods
        self.exemplar = exemplar
    }
}

/// Orders groups largest first, so big pods claim fresh nodes before small ones fill the gaps
/// (first-fit decreasing; decreasing_pod_orderer.go).
public enum DecreasingPodOrderer {
    /// `cpu/allocatable cpu + memory/allocatable memory` of the exemplar, each term skipped when
    /// the template's allocatable for it is 0 (decreasing_pod_orderer.go:63-88).
    public static func score(
        _ exemplar: ExemplarTraits?, allocatableMilliCPU: Int64, allocatableMemoryBytes: Int64
    ) -> Double {
        guard let exemplar else { return 0 }
        var score = 0.0
        if allocatableMilliCPU != 0 {
            score += Double(exemplar.milliCPU) / Double(allocatableMilliCPU)
        }
        if allocatableMemoryBytes != 0 {
            score += Double(exemplar.memoryBytes) / Double(allocatableMemoryBytes)
        }
        return score
    }

    /// The groups sorted by score, highest first. Go's `sort.Slice` is not stable; equal scores
    /// keep their input order here, which is one of the orders Go may produce.
    public static func order<Pod>(
        _ groups: [PodEquivalenceGroup<Pod>], allocatableMilliCPU: Int64,
        allocatableMemoryBytes: Int64
    ) -> [PodEquivalenceGroup<Pod>] {
        let scores = groups.map { group -> Double in
            score(group.pods.isEmpty ? nil : group.exemplar,
                allocatableMilliCPU: allocatableMilliCPU,
                allocatableMemoryBytes: allocatableMemoryBytes)
        }
        let indices = groups.indices.sorted { a, b in
            scores[a] != scores[b] ? scores[a] > scores[b] : a < b
        }
        return indices.map { groups[$0] }
    }
}

/// Chooses the group the binpacking fast path simulates on one node and extrapolates
/// (binpacking_estimator.go, determineBestPEGToFastpath and shouldUseFastPath).
public enum FastpathSelection {
    /// Whether a group may use the fast path: no topology spread and no required anti-affinity
    /// on a key other than the hostname.
    public static func canUseFastPath(_ exemplar: ExemplarTraits) -> Bool {
        !exemplar.hasTopologySpreadConstraints && !exemplar.hasNonHostnameAntiAffinity
    }

    /// Node simulations the fast path would save for a group of `count` pods on a template of
    /// the given **capacity** (float64, as `AsApproximateFloat64`).
    public static func simulationsSaved(
        _ exemplar: ExemplarTraits, count: Int, capacityMilliCPU: Int64,
        capacityMemoryBytes: Int64
    ) -> Int {
        let byAntiAffinity = exemplar.hasSelfHostnameAntiAffinity ? count : 0
        let cpu = Double(exemplar.firstContainerMilliCPU ?? 0) / 1000
        let memory = Double(exemplar.firstContainerMemoryBytes ?? 0)
        let byCPU = Int((Double(count) * cpu / (Double(capacityMilliCPU) / 1000)).rounded(.up))
        let byMemory = Int((Double(count) * memory / Double(capacityMemoryBytes)).rounded(.up))
        let nodes = max(byAntiAffinity, byCPU, byMemory)
        return nodes == 0 ? 0 : count - count / nodes
    }

    /// The index of the group that saves the most simulations (the last one on a tie), or −1
    /// when no group may use the fast path.
    public static func bestGroup<Pod>(
        _ groups: [PodEquivalenceGroup<Pod>], capacityMilliCPU: Int64, capacityMemoryBytes: Int64
    ) -> Int {
        var best = -1
        var bestSaved = 0
        for (i, group) in groups.enumerated() where !group.pods.isEmpty {
            guard canUseFastPath(group.exemplar) else { continue }
            let saved = simulationsSaved(
                group.exemplar, count: group.pods.count, capacityMilliCPU: capacityMilliCPU,
                capacityMemoryBytes: capacityMemoryBytes)
            if saved >= bestSaved {
                best = i
                bestSaved = saved
            }
        }
        return best
    }
}
