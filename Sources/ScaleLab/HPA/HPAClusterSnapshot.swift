// A ready-made implementation of the controller's two client protocols over plain values: the
// simulation (or a test) fills in what the API server and the metrics APIs would return at this
// instant, calls `reconcile`, and reads back `updatedReplicas`.

/// What the cluster looks like to one HPA at one reconcile.
public struct HPAClusterSnapshot: HPAScaleTargetClient, HPAMetricsClient, Sendable {
    /// The target's scale subresource; nil when the target does not exist.
    public var scale: HPAScale?
    /// The pods matching the scale's selector.
    public var pods: [HPAPod]
    /// metrics.k8s.io samples; nil when no resource metrics API (metrics-server) is installed.
    public var resourceMetrics: [PodResourceSample]?
    /// custom.metrics.k8s.io pod metrics by metric name, then pod name; nil when no custom
    /// metrics API (e.g. prometheus-adapter) is installed.
    public var podsMetrics: [String: [String: PodMetricSample]]?
    /// custom.metrics.k8s.io object metrics by `objectMetricKey`; nil when not installed.
    public var objectMetrics: [String: Int64]?
    /// external.metrics.k8s.io series values by metric name; nil when not installed.
    public var externalMetrics: [String: [Int64]]?
    /// Fetch failures to inject, by `"resource"`, `"pods:<metric>"`, `"object:<metric>"` or
    /// `"external:<metric>"`.
    public var fetchErrors: [String: String] = [:]
    /// An error the scale update returns (nil = succeeds).
    public var updateError: String?
    /// Whether another HPA selects the same pods.
    public var selectorAmbiguous = false
    /// The replicas the controller wrote, if it rescaled.
    public private(set) var updatedReplicas: Int32?
    /// The names of `pods` numbered, when the maker keeps them from sync to sync (nil: they
    /// are numbered at each reconcile).
    var podNames: HPAPodNames?

    /// Creates a snapshot.
    public init(scale: HPAScale?, pods: [HPAPod] = [],
                resourceMetrics: [PodResourceSample]? = nil,
                podsMetrics: [String: [String: PodMetricSample]]? = nil,
                objectMetrics: [String: Int64]? = nil, externalMetrics: [String: [Int64]]? = nil) {
        self.scale = scale
        self.pods = pods
        self.resourceMetrics = resourceMetrics
        self.podsMetrics = podsMetrics
        self.objectMetrics = objectMetrics
        self.externalMetrics = externalMetrics
    }

    /// The key of an object metric: `<metric>@<Kind>/<name>`.
    public static func objectMetricKey(metric: String, object: CrossVersionObjectReference)
        -> String {
        "\(metric)@\(object.kind)/\(object.name)"
    }

    public func getScale(namespace: String, ref: CrossVersionObjectReference)
        throws(HPAFetchError) -> HPAScale {
        guard let scale else {
            // The API server's NotFound: `deployments.apps "myapp" not found`.
            var resource = ref.kind.lowercased() + "s"
            let parts = (ref.apiVersion ?? "").split(separator: "/")
            if parts.count == 2 { resource += ".\(parts[0])" }
            throw HPAFetchError("\(resource) \"\(ref.name)\" not found")
        }
        return scale
    }

    public mutating func updateScale(namespace: String, ref: CrossVersionObjectReference,
                                     replicas: Int32) throws(HPAFetchError) {
        if let updateError { throw HPAFetchError(updateError) }
        scale?.specReplicas = replicas
        updatedReplicas = replicas
    }

    public func listPods(namespace: String, selector: ParsedLabelSelector)
        throws(HPAFetchError) -> [HPAPod] { pods }

    public func isSelectorAmbiguous(namespace: String, hpaName: String,
                                    selector: ParsedLabelSelector) -> Bool { selectorAmbiguous }

    public func podNames(for pods: [HPAPod]) -> HPAPodNames { podNames ?? HPAPodNames(pods) }

    private func injected(_ key: String) throws(HPAFetchError) {
        if let message = fetchErrors[key] { throw HPAFetchError(message) }
    }

    public func resourceMetrics(namespace: String, selector: ParsedLabelSelector)
        throws(HPAFetchError) -> [PodResourceSample] {
        try injected("resource")
        guard let resourceMetrics else {
            throw HPAFetchError("unable to fetch metrics from resource metrics API: the server"
                + " could not find the requested resource (get pods.metrics.k8s.io)")
        }
        return resourceMetrics
    }

    public func podsMetric(namespace: String, metric: String, selector: ParsedLabelSelector,
                           metricSelector: LabelSelector?) throws(HPAFetchError)
        -> [String: PodMetricSample] {
        try injected("pods:\(metric)")
        guard let podsMetrics else {
            throw HPAFetchError("unable to fetch metrics from custom metrics API: no custom"
                + " metrics API (custom.metrics.k8s.io) registered")
        }
        return podsMetrics[metric] ?? [:]
    }

    public func objectMetric(namespace: String, metric: String,
                             object: CrossVersionObjectReference,
                             metricSelector: LabelSelector?) throws(HPAFetchError) -> Int64 {
        try injected("object:\(metric)")
        guard let objectMetrics else {
            throw HPAFetchError("unable to fetch metrics from custom metrics API: no custom"
                + " metrics API (custom.metrics.k8s.io) registered")
        }
        guard let value = objectMetrics[Self.objectMetricKey(metric: metric, object: object)]
        else {
            throw HPAFetchError("the server could not find the metric \(metric) for"
                + " \(object.kind.lowercased())s \(object.name)")
        }
        return value
    }

    public func externalMetric(namespace: String, metric: String, metricSelector: LabelSelector?)
        throws(HPAFetchError) -> [Int64] {
        try injected("external:\(metric)")
        guard let externalMetrics else {
            throw HPAFetchError("unable to fetch metrics from external metrics API: no external"
                + " metrics API (external.metrics.k8s.io) registered")
        }
        return externalMetrics[metric] ?? []
    }
}
