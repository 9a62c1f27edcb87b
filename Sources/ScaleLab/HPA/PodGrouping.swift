// Pod classification and request sums of the replica calculator
// (pkg/controller/podautoscaler/replica_calculator.go: groupPods, calculatePodRequests).

/// The pods of a scale target sorted into the replica calculator's buckets.
public struct PodGroups: Sendable, Equatable {
    /// Pods counted with their own sample.
    public var readyCount = 0
    /// Unready pods (Pending; for cpu also initializing / never ready), in pod order.
    public var unready: [String] = []
    /// Pods without a sample, in pod order.
    public var missing: [String] = []
    /// Deleting or Failed pods, in pod order.
    public var ignored: [String] = []
    /// Every pod's classification, in pod order.
    public var dispositions: [(pod: String, disposition: PodDisposition)] = []

    /// Creates empty groups.
    public init() {}

    /// Equality over the buckets.
    public static func == (lhs: PodGroups, rhs: PodGroups) -> Bool {
        lhs.readyCount == rhs.readyCount && lhs.unready == rhs.unready
            && lhs.missing == rhs.missing && lhs.ignored == rhs.ignored
    }
}

/// `PodGroups` by pod position, as the replica calculator works with them.
struct PodPositionGroups {
    var readyCount = 0
    var unready: [Int] = []
    var missing: [Int] = []
    var ignored: [Int] = []
    /// Every pod's classification, by position.
    var dispositions: [PodDisposition] = []
}

/// The readiness knobs groupPods uses (controller flags).
public struct PodReadinessTiming: Sendable, Equatable {
    /// `--horizontal-pod-autoscaler-cpu-initialization-period`.
    public var cpuInitializationPeriodMs: Int64
    /// `--horizontal-pod-autoscaler-initial-readiness-delay`.
    public var initialReadinessDelayMs: Int64

    /// Creates timing.
    public init(cpuInitializationPeriodMs: Int64, initialReadinessDelayMs: Int64) {
        self.cpuInitializationPeriodMs = cpuInitializationPeriodMs
        self.initialReadinessDelayMs = initialReadinessDelayMs
    }
}

/// groupPods and calculatePodRequests.
public enum PodGrouping {
    /// Sorts `pods` into ready / unready / missing / ignored for a metric whose samples are
    /// `metrics` (keyed by pod name). `resource` is the resource name ("" for custom metrics);
    /// only "cpu" applies the initialization-period rules.
    public static func group(pods: [HPAPod], metrics: [String: PodMetricSample], resource: String,
                             timing: PodReadinessTiming, now: Int64) -> PodGroups {
        let names = HPAPodNames(pods)
        let positions = group(pods: pods, names: names, samples: PodSamples(metrics, names: names),
                              resource: resource, timing: timing, now: now)
        var groups = PodGroups()
        groups.readyCount = positions.readyCount
        groups.unready = positions.unready.map { pods[$0].name }
        groups.missing = positions.missing.map { pods[$0].name }
        groups.ignored = positions.ignored.map { pods[$0].name }
        groups.dispositions = zip(pods, positions.dispositions).map { ($0.name, $1) }
        return groups
    }

    /// `group` over samples matched to the pods' names, by pod position.
    static func group(pods: [HPAPod], names: HPAPodNames, samples: PodSamples, resource: String,
                      timing: PodReadinessTiming, now: Int64) -> PodPositionGroups {
        var groups = PodPositionGroups()
        groups.dispositions.reserveCapacity(pods.count)
        let isCPU = resource == "cpu"
        for position in pods.indices {
            let disposition = classify(pods, position,
                                       metric: samples.bySlot[names.slot(ofPod: position)],
                                       isCPU: isCPU, timing: timing, now: now)
            groups.dispositions.append(disposition)
            switch disposition {
            case .counted: groups.readyCount += 1
            case .ignoredDeleting, .ignoredFailed: groups.ignored.append(position)
            case .missing: groups.missing.append(position)
            default: groups.unready.append(position)
            }
        }
        return groups
    }

    /// The disposition of `pods[position]`, its fields read in place (passing the pod copies
    /// it, retaining its name and containers).
    private static func classify(_ pods: [HPAPod], _ position: Int, metric: PodMetricSample?,
                                 isCPU: Bool, timing: PodReadinessTiming, now: Int64)
        -> PodDisposition {
        // Pods being deleted or failed are ignored entirely.
        if pods[position].deleting { return .ignoredDeleting }
        if pods[position].phase == .failed { return .ignoredFailed }
        // Pending pods count as unready for every metric.
        if pods[position].phase == .pending { return .unreadyPending }
        guard let metric else { return .missing }
        // Unready pods are ignored only for cpu: memory and custom metrics are not distorted by
        // start-up the way cpu is.
        guard isCPU else { return .counted }
        guard let condition = pods[position].ready, let start = pods[position].startTime else {
            return .unreadyNoCondition
        }
        if start + timing.cpuInitializationPeriodMs > now {
            // Within the initialization period: ignore the sample if the pod is unready or if
            // the sample was (partly) collected before the pod last changed readiness.
            if condition.status == .false { return .unreadyInitializing }
            if metric.timestamp < condition.lastTransitionTime + metric.windowMs {
                return .unreadyStaleSample
            }
            return .counted
        }
        // After it: unready only if the pod has never been ready (its last transition happened
        // within the initial readiness delay after start).
        if condition.status == .false
            && start + timing.initialReadinessDelayMs > condition.lastTransitionTime {
            return .unreadyNeverReady
        }
        return .counted
    }

    /// The request of `resource` of each pod, milli-units: the named container's request
    /// (ContainerResource), else the pod-level request (gate PodLevelResources) when set, else the
    /// sum over containers and restartable (sidecar) init containers.
    public static func requests(pods: [HPAPod], resource: String, container: String?,
                                podLevelResources: Bool = false) throws(HPAFetchError)
        -> [String: Int64] {
        var result: [String: Int64] = [:]
        result.reserveCapacity(pods.count)
        for position in pods.indices {
            result[pods[position].name] = try request(
                of: pods, at: position, resource: resource, container: container,
                podLevelResources: podLevelResources)
        }
        return result
    }

    /// `requests` by slot of `names`: of two pods of one name the last one's request is
    /// kept, as in the map.
    static func requests(pods: [HPAPod], names: HPAPodNames, resource: String,
                         container: String?, podLevelResources: Bool) throws(HPAFetchError)
        -> [Int64?] {
        var result = [Int64?](repeating: nil, count: names.count)
        for position in pods.indices {
            result[names.slot(ofPod: position)] = try request(
                of: pods, at: position, resource: resource, container: container,
                podLevelResources: podLevelResources)
        }
        return result
    }

    /// The request of `pods[position]`, its fields read in place.
    static func request(of pods: [HPAPod], at position: Int, resource: String,
                        container: String?, podLevelResources: Bool) throws(HPAFetchError)
        -> Int64 {
        if let container, !container.isEmpty {
            guard let named = pods[position].containers.first(where: { $0.name == container })
            else {
                throw HPAFetchError(
                    "container \(container) not found in Pod \(pods[position].name)")
            }
            guard let value = named.requestsMilli[resource] else {
                throw HPAFetchError("missing request for \(resource) in container \(container)"
                    + " of Pod \(pods[position].name)")
            }
            return value
        }
        if podLevelResources, let podLevel = pods[position].podLevelRequestsMilli?[resource] {
            return podLevel
        }
        // Containers, then restartable init containers, summed in that order without
        // concatenating the lists.
        var sum: Int64 = 0
        try addRequests(pods[position].containers, resource: resource, pods: pods,
                        at: position, to: &sum) { _ in true }
        try addRequests(pods[position].initContainers, resource: resource, pods: pods,
                        at: position, to: &sum) {
            $0.restartPolicyAlways
        }
        return sum
    }

    private static func addRequests(_ containers: [HPAContainer], resource: String,
                                    pods: [HPAPod], at position: Int, to sum: inout Int64,
                                    only counted: (HPAContainer) -> Bool)
        throws(HPAFetchError)
    {
        for index in containers.indices where counted(containers[index]) {
            guard let value = containers[index].requestsMilli[resource] else {
                throw HPAFetchError("missing request for \(resource) in container"
                    + " \(containers[index].name) of Pod \(pods[position].name)")
            }
            sum = HPAArithmetic.saturatingAdd(sum, value)
        }
    }

    /// The metrics client's per-pod resource usage (metrics/client.go getPodMetrics): the named
    /// container's usage, or the sum over all containers. A pod without containers, or lacking
    /// the resource (or the named container), gets no sample.
    public static func podResourceMetrics(_ samples: [PodResourceSample], resource: String,
                                          container: String?) -> [String: PodMetricSample] {
        var result: [String: PodMetricSample] = [:]
        result.reserveCapacity(samples.count)
        for sample in samples {
            var sum: Int64 = 0
            var missing = sample.containers.isEmpty
            if let container, !container.isEmpty {
                if let value = sample.containers[container]?[resource] { sum = value } else {
                    missing = true
                }
            } else {
                for usage in sample.containers.values {
                    guard let value = usage[resource] else {
                        missing = true
                        break
                    }
                    sum = HPAArithmetic.saturatingAdd(sum, value)
                }
            }
            if !missing {
                result[sample.pod] = PodMetricSample(valueMilli: sum, timestamp: sample.timestamp,
                                                     windowMs: sample.windowMs)
            }
        }
        return result
    }
}
