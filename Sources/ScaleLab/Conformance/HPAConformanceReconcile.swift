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

        var cluster = VectorCluster.snapshot(input: input, metrics: hpa.spec.metrics)
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

/// The fake API server, metrics APIs and pod lister of horizontal_test.go, built from a vector
/// as the engine's `HPAClusterSnapshot`.
enum VectorCluster {
    static func snapshot(input: VectorValue, metrics: [MetricSpec]) -> HPAClusterSnapshot {
        let selector = input["selector_problem"].string == "InvalidSelector"
            ? "name in (test-pod" : "name=test-pod"
        var snapshot = HPAClusterSnapshot(
            scale: input["get_scale_fails"].bool == true ? nil : HPAScale(
                specReplicas: input["scale"]["spec_replicas"].int32 ?? 0,
                statusReplicas: input["scale"]["status_replicas"].int32 ?? 0,
                selector: selector),
            pods: input["pods"].array.map(HPAConformance.pod),
            resourceMetrics: input["resource_metrics"].array.map(HPAConformance.resourceSample))
        var samples: [String: PodMetricSample] = [:]
        for sample in input["pods_metrics"].array {
            samples[sample["pod"].string ?? ""] = HPAConformance.podSample(sample)
        }
        let values = input["external_metrics_milli"].array.compactMap(\.int64)
        var pods: [String: [String: PodMetricSample]] = [:]
        var objects: [String: Int64] = [:]
        var external: [String: [Int64]] = [:]
        // The harness serves the same values for whichever metric is asked for.
        for spec in metrics {
            if let name = spec.pods?.metric.name { pods[name] = samples }
            if let object = spec.object, let value = input["object_metric_milli"].int64 {
                objects[HPAClusterSnapshot.objectMetricKey(metric: object.metric.name,
                                                           object: object.describedObject)] = value
            }
            if let name = spec.external?.metric.name { external[name] = values }
        }
        snapshot.podsMetrics = pods
        snapshot.objectMetrics = objects
        snapshot.externalMetrics = external
        if input["update_scale_fails"].bool == true {
            snapshot.updateError = "fake scale update error"
        }
        for index in input["metric_fetch_errors"].array.compactMap(\.int64) {
            guard index >= 0 && Int(index) < metrics.count else { continue }
            let spec = metrics[Int(index)]
            let key: String
            switch spec.type {
            case MetricSourceType.resource, MetricSourceType.containerResource: key = "resource"
            case MetricSourceType.pods: key = "pods:\(spec.pods?.metric.name ?? "")"
            case MetricSourceType.object: key = "object:\(spec.object?.metric.name ?? "")"
            case MetricSourceType.external: key = "external:\(spec.external?.metric.name ?? "")"
            default: continue
            }
            snapshot.fetchErrors[key] = "fake metrics error"
        }
        return snapshot
    }
}
