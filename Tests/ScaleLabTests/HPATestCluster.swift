@testable import ScaleLab

/// A minimal cluster for controller tests: one scale target whose pods all report the same
/// custom metric value (per pod, milli-units) and cpu usage.
struct HPATestCluster: HPAScaleTargetClient, HPAMetricsClient {
    var specReplicas: Int32
    var perPodMetricMilli: Int64 = 0
    var cpuUsageMilli: Int64 = 0
    var cpuRequestMilli: Int64 = 1000
    var now: Int64 = 0

    var pods: [HPAPod] {
        (0..<Int(specReplicas)).map { index in
            HPAPod(name: "myapp-\(index)", phase: .running,
                   ready: HPAReadyCondition(status: .true, lastTransitionTime: -3_600_000),
                   startTime: -3_600_000,
                   containers: [HPAContainer(name: "app",
                                             requestsMilli: ["cpu": cpuRequestMilli])])
        }
    }

    func getScale(namespace: String, ref: CrossVersionObjectReference) throws(HPAFetchError)
        -> HPAScale {
        HPAScale(specReplicas: specReplicas, statusReplicas: specReplicas, selector: "app=myapp")
    }

    mutating func updateScale(namespace: String, ref: CrossVersionObjectReference,
                              replicas: Int32) throws(HPAFetchError) {
        specReplicas = replicas
    }

    func listPods(namespace: String, selector: ParsedLabelSelector) throws(HPAFetchError)
        -> [HPAPod] {
        pods.filter { _ in selector.matches(["app": "myapp"]) }
    }

    func resourceMetrics(namespace: String, selector: ParsedLabelSelector)
        throws(HPAFetchError) -> [PodResourceSample] {
        pods.map {
            PodResourceSample(pod: $0.name, timestamp: now - 15_000, windowMs: 30_000,
                              containers: ["app": ["cpu": cpuUsageMilli]])
        }
    }

    func podsMetric(namespace: String, metric: String, selector: ParsedLabelSelector,
                    metricSelector: LabelSelector?) throws(HPAFetchError)
        -> [String: PodMetricSample] {
        var result: [String: PodMetricSample] = [:]
        for pod in pods {
            result[pod.name] = PodMetricSample(valueMilli: perPodMetricMilli,
                                               timestamp: now, windowMs: 120_000)
        }
        return result
    }

    func objectMetric(namespace: String, metric: String, object: CrossVersionObjectReference,
                      metricSelector: LabelSelector?) throws(HPAFetchError) -> Int64 {
        throw HPAFetchError("the server could not find the metric \(metric) for \(object.kind)")
    }

    func externalMetric(namespace: String, metric: String, metricSelector: LabelSelector?)
        throws(HPAFetchError) -> [Int64] {
        throw HPAFetchError("the server could not find the requested resource")
    }
}

/// An HPA on the Pods metric `myapp_requests_per_second`.
func podsMetricHPA(targetMilli: Int64, min: Int32 = 1, max: Int32 = 10,
                   behavior: HPABehavior? = nil) -> HorizontalPodAutoscaler {
    var spec = HPASpec(
        scaleTargetRef: CrossVersionObjectReference(kind: "Deployment", name: "myapp",
                                                    apiVersion: "apps/v1"),
        minReplicas: min, maxReplicas: max,
        metrics: [MetricSpec(type: "Pods", pods: PodsMetricSource(
            metric: MetricIdentifier(name: "myapp_requests_per_second"),
            target: MetricTarget(type: "AverageValue",
                                 averageValue: Quantity(milli: targetMilli))))],
        behavior: behavior)
    HPADefaults.apply(to: &spec)
    return HorizontalPodAutoscaler(name: "myhpa", spec: spec)
}
