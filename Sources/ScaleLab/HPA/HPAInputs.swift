// What one reconcile reads from the cluster, as small value types and protocols, so that the
// simulation (or the conformance runner) can drive the controller every sync period.
// All times are simulated milliseconds; durations are milliseconds.

/// A pod's phase (`PodPhase`).
public enum HPAPodPhase: String, Sendable, Equatable {
    /// Accepted, not all containers running yet.
    case pending = "Pending"
    /// Bound and running.
    case running = "Running"
    /// All containers terminated successfully.
    case succeeded = "Succeeded"
    /// All containers terminated, at least one failed.
    case failed = "Failed"
    /// State unknown.
    case unknown = "Unknown"
}

/// A pod's `Ready` condition.
public struct HPAReadyCondition: Sendable, Equatable {
    /// True, False or Unknown.
    public var status: ConditionStatus
    /// When the status last changed.
    public var lastTransitionTime: Int64

    /// Creates a ready condition.
    public init(status: ConditionStatus, lastTransitionTime: Int64) {
        self.status = status
        self.lastTransitionTime = lastTransitionTime
    }
}

/// A container's requests as the HPA reads them (milli-units per resource name).
public struct HPAContainer: Sendable, Equatable {
    /// The container's name.
    public var name: String
    /// Requests in milli-units, e.g. ["cpu": 250].
    public var requestsMilli: [String: Int64]
    /// For init containers: `restartPolicy: Always` makes it a sidecar whose requests count.
    public var restartPolicyAlways: Bool

    /// Creates a container.
    public init(name: String, requestsMilli: [String: Int64] = [:],
                restartPolicyAlways: Bool = false) {
        self.name = name
        self.requestsMilli = requestsMilli
        self.restartPolicyAlways = restartPolicyAlways
    }
}

/// A pod selected by the scale target's selector, with what the HPA reads from it.
public struct HPAPod: Sendable, Equatable {
    /// The pod's name (metric samples are matched by name).
    public var name: String
    /// Its phase.
    public var phase: HPAPodPhase
    /// Its Ready condition, nil if absent.
    public var ready: HPAReadyCondition?
    /// `status.startTime`, nil if not started.
    public var startTime: Int64?
    /// Whether `metadata.deletionTimestamp` is set.
    public var deleting: Bool
    /// `spec.containers`.
    public var containers: [HPAContainer]
    /// `spec.initContainers`.
    public var initContainers: [HPAContainer]
    /// Pod-level requests (`spec.resources.requests`, gate PodLevelResources), milli-units.
    public var podLevelRequestsMilli: [String: Int64]?

    /// Creates a pod.
    public init(name: String, phase: HPAPodPhase = .running, ready: HPAReadyCondition? = nil,
                startTime: Int64? = nil, deleting: Bool = false,
                containers: [HPAContainer] = [], initContainers: [HPAContainer] = [],
                podLevelRequestsMilli: [String: Int64]? = nil) {
        self.name = name
        self.phase = phase
        self.ready = ready
        self.startTime = startTime
        self.deleting = deleting
        self.containers = containers
        self.initContainers = initContainers
        self.podLevelRequestsMilli = podLevelRequestsMilli
    }

    /// `podutil.IsPodReady`: the Ready condition is True.
    public var isReady: Bool { ready?.status == .true }
}

/// One metric sample of one pod (`metricsclient.PodMetric`).
public struct PodMetricSample: Sendable, Equatable {
    /// The value in milli-units (for resources: the sum over the pod's containers).
    public var valueMilli: Int64
    /// When the sample was taken.
    public var timestamp: Int64
    /// The window the sample covers (metrics-server: typically 15–60 s).
    public var windowMs: Int64

    /// Creates a sample.
    public init(valueMilli: Int64, timestamp: Int64, windowMs: Int64) {
        self.valueMilli = valueMilli
        self.timestamp = timestamp
        self.windowMs = windowMs
    }
}

/// A resource metrics sample of one pod, per container (metrics.k8s.io `PodMetrics`).
public struct PodResourceSample: Sendable, Equatable {
    /// The pod's name.
    public var pod: String
    /// When the sample was taken.
    public var timestamp: Int64
    /// The window it covers.
    public var windowMs: Int64
    /// Usage per container, then per resource name, milli-units.
    public var containers: [String: [String: Int64]]

    /// Creates a sample.
    public init(pod: String, timestamp: Int64, windowMs: Int64,
                containers: [String: [String: Int64]]) {
        self.pod = pod
        self.timestamp = timestamp
        self.windowMs = windowMs
        self.containers = containers
    }
}

/// The scale subresource of the target (`autoscaling/v1 Scale`).
public struct HPAScale: Sendable, Equatable {
    /// `spec.replicas`: what the HPA treats as the current count.
    public var specReplicas: Int32
    /// `status.replicas`: used by Object/External AverageValue targets.
    public var statusReplicas: Int32
    /// `status.selector` in label-selector text form ("" = missing).
    public var selector: String
    /// `selector` already parsed (a client that syncs the same target every period keeps it);
    /// used only when its text is `selector`.
    public var parsedSelector: ParsedLabelSelector?

    /// Creates a scale.
    public init(specReplicas: Int32, statusReplicas: Int32, selector: String,
                parsedSelector: ParsedLabelSelector? = nil) {
        self.specReplicas = specReplicas
        self.statusReplicas = statusReplicas
        self.selector = selector
        self.parsedSelector = parsedSelector
    }
}

/// An error the cluster or a metrics API returned; its text goes into conditions and events.
public struct HPAFetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message, as the API would word it.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// The scale target and its pods, as the controller reaches them through the API server.
public protocol HPAScaleTargetClient {
    /// GET the scale subresource of `ref`.
    func getScale(namespace: String, ref: CrossVersionObjectReference) throws(HPAFetchError)
        -> HPAScale
    /// UPDATE `scale.spec.replicas`.
    mutating func updateScale(namespace: String, ref: CrossVersionObjectReference,
                              replicas: Int32) throws(HPAFetchError)
    /// The pods matching a parsed scale selector (the pod lister).
    func listPods(namespace: String, selector: ParsedLabelSelector) throws(HPAFetchError)
        -> [HPAPod]
    /// Whether another HPA also selects these pods (the controller's `AmbiguousSelector` check).
    func isSelectorAmbiguous(namespace: String, hpaName: String,
                             selector: ParsedLabelSelector) -> Bool
    /// The names of `pods` (what `listPods` returned), numbered.
    func podNames(for pods: [HPAPod]) -> HPAPodNames
}

extension HPAScaleTargetClient {
    /// No other HPA by default.
    public func isSelectorAmbiguous(namespace: String, hpaName: String,
                                    selector: ParsedLabelSelector) -> Bool { false }

    /// The names of `pods` (what `listPods` returned), numbered; a client that lists the
    /// same pods sync after sync can keep them.
    public func podNames(for pods: [HPAPod]) -> HPAPodNames { HPAPodNames(pods) }
}

/// The three metrics APIs (resource, custom, external), as the HPA's metrics client reads them.
public protocol HPAMetricsClient {
    /// metrics.k8s.io: per-pod, per-container usage of the pods matching `selector`.
    func resourceMetrics(namespace: String, selector: ParsedLabelSelector)
        throws(HPAFetchError) -> [PodResourceSample]
    /// custom.metrics.k8s.io, pods: one sample per pod for `metric`.
    func podsMetric(namespace: String, metric: String, selector: ParsedLabelSelector,
                    metricSelector: LabelSelector?) throws(HPAFetchError)
        -> [String: PodMetricSample]
    /// custom.metrics.k8s.io, object: the value of `metric` for `object`, milli-units.
    func objectMetric(namespace: String, metric: String, object: CrossVersionObjectReference,
                      metricSelector: LabelSelector?) throws(HPAFetchError) -> Int64
    /// external.metrics.k8s.io: every series' value of `metric` matching the selector.
    func externalMetric(namespace: String, metric: String, metricSelector: LabelSelector?)
        throws(HPAFetchError) -> [Int64]
    /// metrics.k8s.io reduced to one resource, as the HPA's metrics client does
    /// (metrics/client.go getPodMetrics): `count` is the number of PodMetrics returned (the
    /// client fails on none), `values` each pod's sample of `resource` (the named container's,
    /// or the sum over containers). The default reads `resourceMetrics` and reduces it with
    /// `PodGrouping.podResourceMetrics`; a client holding the usage directly can skip the
    /// per-container maps.
    func resourceMetric(namespace: String, selector: ParsedLabelSelector, resource: String,
                        container: String?) throws(HPAFetchError)
        -> (count: Int, values: [String: PodMetricSample])
    /// `resourceMetric` with each sample matched to the listed pods' `names` (what the
    /// replica calculator reads). The default matches the map `resourceMetric` returns.
    func resourceMetric(namespace: String, selector: ParsedLabelSelector, resource: String,
                        container: String?, names: HPAPodNames) throws(HPAFetchError)
        -> (count: Int, samples: PodSamples)
    /// `podsMetric` with each sample matched to the listed pods' `names`. The default matches
    /// the map `podsMetric` returns.
    func podsMetric(namespace: String, metric: String, selector: ParsedLabelSelector,
                    metricSelector: LabelSelector?, names: HPAPodNames) throws(HPAFetchError)
        -> PodSamples
}

extension HPAMetricsClient {
    /// `resourceMetrics` reduced by `PodGrouping.podResourceMetrics`.
    public func resourceMetric(namespace: String, selector: ParsedLabelSelector,
                               resource: String, container: String?) throws(HPAFetchError)
        -> (count: Int, values: [String: PodMetricSample])
    {
        let samples = try resourceMetrics(namespace: namespace, selector: selector)
        return (samples.count, PodGrouping.podResourceMetrics(samples, resource: resource,
                                                              container: container))
    }

    /// `resourceMetric`'s map matched to `names`.
    public func resourceMetric(namespace: String, selector: ParsedLabelSelector,
                               resource: String, container: String?, names: HPAPodNames)
        throws(HPAFetchError) -> (count: Int, samples: PodSamples)
    {
        let read = try resourceMetric(namespace: namespace, selector: selector,
                                      resource: resource, container: container)
        return (read.count, PodSamples(read.values, names: names))
    }

    /// `podsMetric`'s map matched to `names`.
    public func podsMetric(namespace: String, metric: String, selector: ParsedLabelSelector,
                           metricSelector: LabelSelector?, names: HPAPodNames)
        throws(HPAFetchError) -> PodSamples
    {
        PodSamples(try podsMetric(namespace: namespace, metric: metric, selector: selector,
                                  metricSelector: metricSelector), names: names)
    }
}
