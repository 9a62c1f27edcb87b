import Foundation
import Testing

@testable import ScaleLab

private func repoFile(_ path: String) throws -> String {
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while dir.path != "/" {
        let candidate = dir.appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: candidate.path) {
            return try String(contentsOf: candidate, encoding: .utf8)
        }
        dir = dir.deletingLastPathComponent()
    }
    throw ManifestError("\(path) not found")
}

@Test func seedHPAManifestLoadsVerbatim() throws {
    let text = try repoFile("examples/manifests/hpa.yaml")
    let hpas = try HPAManifest.load(yaml: text, source: "hpa.yaml")
    #expect(hpas.count == 1)
    let hpa = try #require(hpas.first)
    #expect(hpa.name == "myhpa")
    #expect(hpa.namespace == "default")
    #expect(hpa.apiVersion == "autoscaling/v2beta2")
    #expect(hpa.spec.scaleTargetRef == CrossVersionObjectReference(
        kind: "Deployment", name: "myapp", apiVersion: "apps/v1"))
    #expect(hpa.spec.minReplicas == 1)
    #expect(hpa.spec.maxReplicas == 10)
    #expect(hpa.spec.behavior == nil)
    let metric = try #require(hpa.spec.metrics.first)
    #expect(metric.type == "Pods")
    #expect(metric.pods?.metric.name == "myapp_requests_per_second")
    #expect(metric.pods?.target.type == "AverageValue")
    // A bare YAML number is a Quantity: 2 → 2000 milli.
    #expect(metric.pods?.target.averageValueMilli == 2000)
}

@Test func v1ManifestBecomesACPUUtilizationMetric() throws {
    let yaml = """
        apiVersion: autoscaling/v1
        kind: HorizontalPodAutoscaler
        metadata: {name: web, namespace: shop}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          maxReplicas: 5
          targetCPUUtilizationPercentage: 60
        """
    let hpa = try #require(try HPAManifest.load(yaml: yaml).first)
    #expect(hpa.key == "shop/web")
    #expect(hpa.spec.minReplicas == 1)  // defaulted
    #expect(hpa.spec.metrics == [MetricSpec(
        type: "Resource", resource: ResourceMetricSource(
            name: "cpu", target: MetricTarget(type: "Utilization", averageUtilization: 60)))])
}

@Test func multiDocumentListAndJSONAllLoad() throws {
    let yaml = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: autoscaling/v2
          kind: HorizontalPodAutoscaler
          metadata: {name: a}
          spec:
            scaleTargetRef: {kind: Deployment, name: a}
            maxReplicas: 3
        ---
        {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
         "metadata": {"name": "b"},
         "spec": {"scaleTargetRef": {"kind": "StatefulSet", "name": "b"}, "maxReplicas": 4,
                  "behavior": {"scaleDown": {"stabilizationWindowSeconds": 60}}}}
        """
    let hpas = try HPAManifest.load(yaml: yaml)
    #expect(hpas.map(\.name) == ["a", "b"])
    // Defaulting: no metrics → cpu 80%; behavior present → both directions filled.
    #expect(hpas[0].spec.metrics == [MetricSpec.defaultCPU])
    let behavior = try #require(hpas[1].spec.behavior)
    #expect(behavior.scaleUp == HPAScalingRules(stabilizationWindowSeconds: 0, selectPolicy: "Max",
                                                policies: HPADefaults.scaleUpPolicies))
    #expect(behavior.scaleDown == HPAScalingRules(stabilizationWindowSeconds: 60,
                                                  selectPolicy: "Max",
                                                  policies: HPADefaults.scaleDownPolicies))
}

private let validBase = """
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata: {name: myhpa}
    spec:
      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: myapp}
    """

@Test(arguments: [
    ("  minReplicas: 0\n  maxReplicas: 5",
     "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1"),
    ("  maxReplicas: 0",
     "spec.maxReplicas: Invalid value: 0: must be greater than 0"),
    ("  minReplicas: 4\n  maxReplicas: 2",
     "spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`"),
    ("  maxReplicas: 3\n  metrics:\n  - type: Pods\n    pods:\n      metric: {name: qps}\n"
        + "      target: {type: AverageValue, averageValue: \"-1\"}",
     "spec.metrics[0].pods.target.averageValue: Invalid value: -1: must be positive"),
    ("  maxReplicas: 3\n  metrics:\n  - type: Cheese",
     "spec.metrics[0].type: Unsupported value: \"Cheese\": supported values: "
        + "\"ContainerResource\", \"External\", \"Object\", \"Pods\", \"Resource\""),
    ("  maxReplicas: 3\n  behavior:\n    scaleDown:\n      selectPolicy: Fastest",
     "spec.behavior.scaleDown.selectPolicy: Unsupported value: \"Fastest\": supported values: "
        + "\"Disabled\", \"Max\", \"Min\""),
    ("  maxReplicas: 3\n  behavior:\n    scaleUp:\n      stabilizationWindowSeconds: 3601",
     "spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: must be less than "
        + "or equal to 3600"),
    ("  maxReplicas: 3\n  behavior:\n    scaleUp:\n      tolerance: -0.05",
     "spec.behavior.scaleUp.tolerance: Invalid value: -50m: must be greater or equal to zero"),
])
func validationMessagesUseKubernetesWording(specTail: String, message: String) {
    do {
        _ = try HPAManifest.load(yaml: validBase + "\n" + specTail, source: "bad.yaml")
        Issue.record("expected a validation error")
    } catch {
        #expect(error.description.contains(message), "\(error.description)")
        #expect(error.description.hasPrefix("bad.yaml: The HorizontalPodAutoscaler \"myhpa\""))
    }
}

@Test func decodingErrorsNameTheFileLineAndField() {
    let cases = [
        ("  maxReplicas: ten", "bad.yaml:6:16: spec.maxReplicas: expected an integer (int32)"),
        ("  maxReplicas: 3\n  metrics:\n  - type: Pods\n    pods:\n      metric: {name: q}\n"
            + "      target: {type: AverageValue, averageValue: 2K}",
         "spec.metrics[0].pods.target.averageValue: invalid quantity \"2K\""),
        ("  maxReplica: 3", "spec.maxReplica: unknown field \"maxReplica\""),
    ]
    for (tail, message) in cases {
        do {
            _ = try HPAManifest.load(yaml: validBase + "\n" + tail, source: "bad.yaml")
            Issue.record("expected an error for \(tail)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }
    #expect(throws: ManifestError.self) {
        _ = try HPAManifest.load(yaml: "apiVersion: autoscaling/v2beta1\nkind: "
            + "HorizontalPodAutoscaler\nspec: {maxReplicas: 1}")
    }
}
