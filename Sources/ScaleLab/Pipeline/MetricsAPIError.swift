/// The metrics APIs a cluster may have installed (APIService registrations); none by default.
public enum MetricsAPI: String, Sendable, CaseIterable {
    /// `metrics.k8s.io` (metrics-server).
    case resource = "metrics.k8s.io"
    /// `custom.metrics.k8s.io` (e.g. prometheus-adapter).
    case custom = "custom.metrics.k8s.io"
    /// `external.metrics.k8s.io` (e.g. prometheus-adapter's externalRules).
    case external = "external.metrics.k8s.io"

    /// Hashes the case, not its raw value: RawRepresentable's default `hash(into:)` would
    /// build and hash the group's name on every `installedAPIs` lookup (one per HPA sync).
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .resource: hasher.combine(0 as UInt8)
        case .custom: hasher.combine(1 as UInt8)
        case .external: hasher.combine(2 as UInt8)
        }
    }
}

/// An error a metrics API returns, worded as the HPA's metrics client reports it.
public struct MetricsAPIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message.
    public let description: String
    init(_ description: String) { self.description = description }

    /// The API group is not registered. The custom metrics client discovers its group first
    /// and fails with "no custom metrics API (custom.metrics.k8s.io) registered"
    /// (k8s.io/metrics pkg/client/custom_metrics/discovery.go, apiVersionsFromDiscovery
    /// .fetchVersions). The resource and external clients call the group directly, so the
    /// aggregator answers 404, which client-go's StatusError words "the server could not find
    /// the requested resource (get <resource>.<group>)" (apimachinery
    /// errors.NewGenericServerResponse, StatusReasonNotFound). The HPA's REST metrics client
    /// wraps both (pkg/controller/podautoscaler/metrics/client.go: "unable to fetch metrics
    /// from custom metrics API: %v", and likewise for the resource and external APIs).
    static func notInstalled(_ api: MetricsAPI, resource: String) -> MetricsAPIError {
        switch api {
        case .custom:
            return MetricsAPIError("unable to fetch metrics from custom metrics API: no custom "
                + "metrics API (custom.metrics.k8s.io) registered")
        case .resource, .external:
            let what = api == .resource ? "resource metrics API" : "external metrics API"
            return MetricsAPIError(
                "unable to fetch metrics from \(what): the server could not find the requested "
                    + "resource (get \(resource).\(api.rawValue))")
        }
    }

    /// A PromQL query while the scenario has no Prometheus server.
    static let noPrometheus = MetricsAPIError("no Prometheus server in this cluster")

    /// The adapter knows no such metric: custom-metrics-apiserver's provider.NewMetricNotFound
    /// error (pkg/provider/errors.go) "the server could not find the metric %s for %s".
    static func metricNotFound(_ metric: String, for resource: String) -> MetricsAPIError {
        MetricsAPIError(
            "unable to fetch metrics from custom metrics API: the server could not find the "
                + "metric \(metric) for \(resource)")
    }

    /// An empty answer (client.go, GetRawMetric: `len(metrics.Items) == 0`).
    static let noMetrics = MetricsAPIError("no metrics returned from custom metrics API")
}
