import Foundation

/// The controller/* vectors: one full reconcile with the horizontal_test.go harness (pods,
/// samples and metric values already expanded in the vector), through the same
/// `HorizontalPodAutoscalerController.reconcile` a simulation calls every sync period.
enum HPAConformanceReconcile {
    static func check(_ input: VectorValue, _ checker: inout ExpectationChecker) throws {
        guard let raw = input["hpa"].raw else { throw ConformanceError("vector has no 'hpa'") }
        var hpa = try HPAManifest.decode(object: ManifestDocuments.node(fromJSON: raw),
                                         source: "vector")
        HPADefaults.apply(to: &hpa.spec)
        hpa.status.currentReplicas = input["hpa"]["status"]["currentReplicas"].int32 ?? 0
        hpa.status.desiredReplicas = input["hpa"]["status"]["desiredReplicas"].int32 ?? 0

        let flags = input["controller"]
        var config = HPAControllerConfig()
        config.tolerance = flags["tolerance"].double ?? config.tolerance
        config.cpuInitializationPeriodMs =
            Int64(flags["cpu_initialization_period_s"].double ?? 300) * 1000
        config.initialReadinessDelayMs =
            Int64(flags["delay_of_initial_readiness_status_s"].double ?? 30) * 1000
        config.downscaleStabilizationMs =
            Int64(flags["downscale_stabilization_window_s"].double ?? 300) * 1000
        config.scaleUpLimitFactor = flags["scale_up_limit_factor"].double ?? 2
        config.scaleUpLimitMinimum = flags["scale_up_limit_minimum"].double ?? 4
        var controller = HorizontalPodAutoscalerController(config: config)
        if input["recommendations"].isPresent {
            controller.histories[hpa.key] = HPAScalingHistory(
                recommendations: input["recommendations"].array.map {
                    TimestampedRecommendation(
                        replicas: $0["replicas"].int32 ?? 0,
                        timestamp: HPAConformance.now - Int64(($0["age_s"].double ?? 0) * 1000))
                })
        }

        var cluster = VectorCluster(input: input, metrics: hpa.spec.metrics)
        _ = controller.reconcile(&hpa, target: &cluster, metrics: cluster, now: HPAConformance.now)

        checker.expect("desired_replicas", "\(hpa.status.desiredReplicas)")
        let got = hpa.status.conditions.map { "\($0.type)/\($0.status.rawValue)/\($0.reason)" }
        let want = checker.expected["conditions"].array.map {
            "\($0["type"].string ?? "")/\($0["status"].string ?? "")/\($0["reason"].string ?? "")"
        }
        if checker.expected["conditions"].isPresent && got != want {
            checker.fail("conditions: expected \(want), got \(got)")
        }
        let utilization = hpa.status.currentMetrics.first {
            $0.type == MetricSourceType.resource && $0.name == "cpu"
        }?.current.averageUtilization
        checker.expect("cpu_utilization_percent", utilization.map { "\($0)" } ?? "none")
    }
}

/// The fake API server, metrics APIs and pod lister of horizontal_test.go, built from a vector.
struct VectorCluster: HPAScaleTargetClient, HPAMetricsClient {
    var scale: HPAScale
    var getScaleFails: Bool
    var updateScaleFails: Bool
    var pods: [HPAPod]
    var resourceSamples: [PodResourceSample]
    var podSamples: [String: PodMetricSample] = [:]
    var objectValue: Int64?
    var externalValues: [Int64]
    /// "resource", "pods:<name>", "object:<name>", "external:<name>" whose fetch fails.
    var failing: Set<String> = []

    init(input: VectorValue, metrics: [MetricSpec]) {
        let selector = input["selector_problem"].string == "InvalidSelector"
            ? "name in (test-pod" : "name=test-pod"
        scale = HPAScale(specReplicas: input["scale"]["spec_replicas"].int32 ?? 0,
                         statusReplicas: input["scale"]["status_replicas"].int32 ?? 0,
                         selector: selector)
        getScaleFails = input["get_scale_fails"].bool ?? false
        updateScaleFails = input["update_scale_fails"].bool ?? false
        pods = input["pods"].array.map(HPAConformance.pod)
        resourceSamples = input["resource_metrics"].array.map(HPAConformance.resourceSample)
        for sample in input["pods_metrics"].array {
            podSamples[sample["pod"].string ?? ""] = HPAConformance.podSample(sample)
        }
        objectValue = input["object_metric_milli"].int64
        externalValues = input["external_metrics_milli"].array.compactMap(\.int64)
        for index in input["metric_fetch_errors"].array.compactMap(\.int64) {
            guard index >= 0 && Int(index) < metrics.count else { continue }
            let spec = metrics[Int(index)]
            switch spec.type {
            case MetricSourceType.resource, MetricSourceType.containerResource:
                failing.insert("resource")
            case MetricSourceType.pods: failing.insert("pods:\(spec.pods?.metric.name ?? "")")
            case MetricSourceType.object:
                failing.insert("object:\(spec.object?.metric.name ?? "")")
            case MetricSourceType.external:
                failing.insert("external:\(spec.external?.metric.name ?? "")")
            default: break
            }
        }
    }

    func getScale(namespace: String, ref: CrossVersionObjectReference) throws(HPAFetchError)
        -> HPAScale {
        if getScaleFails { throw HPAFetchError("fake scale get error") }
        return scale
    }

    mutating func updateScale(namespace: String, ref: CrossVersionObjectReference,
                              replicas: Int32) throws(HPAFetchError) {
        if updateScaleFails { throw HPAFetchError("fake scale update error") }
        scale.specReplicas = replicas
    }

    func listPods(namespace: String, selector: ParsedLabelSelector) throws(HPAFetchError)
        -> [HPAPod] { pods }

    func resourceMetrics(namespace: String, selector: ParsedLabelSelector)
        throws(HPAFetchError) -> [PodResourceSample] {
        if failing.contains("resource") { throw HPAFetchError("fake metrics error") }
        return resourceSamples
    }

    func podsMetric(namespace: String, metric: String, selector: ParsedLabelSelector,
                    metricSelector: LabelSelector?) throws(HPAFetchError)
        -> [String: PodMetricSample] {
        if failing.contains("pods:\(metric)") { throw HPAFetchError("fake metrics error") }
        return podSamples
    }

    func objectMetric(namespace: String, metric: String, object: CrossVersionObjectReference,
                      metricSelector: LabelSelector?) throws(HPAFetchError) -> Int64 {
        if failing.contains("object:\(metric)") { throw HPAFetchError("fake metrics error") }
        guard let objectValue else { throw HPAFetchError("no object metric in the vector") }
        return objectValue
    }

    func externalMetric(namespace: String, metric: String, metricSelector: LabelSelector?)
        throws(HPAFetchError) -> [Int64] {
        if failing.contains("external:\(metric)") { throw HPAFetchError("fake metrics error") }
        return externalValues
    }
}
