import Testing

@testable import ScaleLab

/// An adapter rule mapping the `service` label (the pods carry `service=web`, so every series
/// they expose has it) to Services: the Service's request rate, summed over its pods.
private let serviceRuleYAML = """
    rules:
    - seriesQuery: 'myapp_requests_total{namespace!="",service!=""}'
      resources:
        overrides:
          namespace: {resource: "namespace"}
          service: {resource: "service"}
      name:
        matches: "^(.*)_total$"
        as: "${1}_per_second"
      metricsQuery: 'sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)'

    """

/// The Service-metric HPA: 10 requests/s per pod of the Service's total (Object, AverageValue).
private let objectHPAYAML = """
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata:
      name: web
    spec:
      scaleTargetRef:
        apiVersion: apps/v1
        kind: Deployment
        name: myapp
      minReplicas: 1
      maxReplicas: 10
      metrics:
      - type: Object
        object:
          describedObject:
            apiVersion: v1
            kind: Service
            name: web
          metric:
            name: myapp_requests_per_second
          target:
            type: AverageValue
            averageValue: "10"

    """

/// myapp (1 replica, pods labelled app=myapp, service=web) taking 30 requests/s, Prometheus
/// every 15s, the adapter relisting every minute with the Service rule.
private func serviceCluster() throws -> ClusterSimulation {
    var sim = ClusterSimulation(seed: 1)
    let shape = try NodeShape.compute(InstanceCatalog.builtIn.find("n1-standard-4"),
                                      profile: .gke)
    try sim.addPool(NodePool(name: "default", shape: shape, count: 3))
    var spec = PodSpec()
    spec.containers = [Container(name: "myapp", requests: ["cpu": 100, "memory": 64 << 20])]
    let app = try sim.deploy(name: "myapp", replicas: 1, template: PodTemplate(
        labels: ["app": "myapp", "service": "web"], spec: spec))
    sim.setTraffic(app, .constant(30), profile: AppProfile(rpsCapacity: 50))
    sim.installPrometheus(scrapeInterval: 15_000)
    try sim.installAdapter(AdapterConfig.load(yaml: serviceRuleYAML),
                           options: AdapterOptions(metricsRelistInterval: 60_000))
    return sim
}

@Suite struct AdapterObjectMetricsTests {
    /// The adapter serves the Service's metric: the rule's query for `service="web"`, grouped
    /// by `service`; the list form names every Service the series carry.
    @Test func adapterServesAServiceMetric() throws {
        var sim = try serviceCluster()
        sim.run(for: .minutes(5))
        let one = try sim.customObjectMetric("myapp_requests_per_second", resource: "services",
                                             name: "web")
        #expect(abs(one.value - 30) < 0.1)
        #expect(one.name == "web")
        let all = try sim.customObjectMetric("myapp_requests_per_second", resource: "service")
        #expect(all.map(\.name) == ["web"])
        // No such Service: custom-metrics-apiserver's NewMetricNotFoundForSelectorError.
        #expect(throws: MetricsAPIError(
            "unable to fetch metrics from custom metrics API: the server could not find the"
                + " metric myapp_requests_per_second for services other with selector ")) {
            try sim.customObjectMetric("myapp_requests_per_second", resource: "services",
                                       name: "other")
        }
        // The rule maps no label to Ingresses: provider.NewMetricNotFoundError.
        #expect(throws: MetricsAPIError(
            "unable to fetch metrics from custom metrics API: the server could not find the"
                + " metric myapp_requests_per_second for ingresses.networking.k8s.io")) {
            try sim.customObjectMetric("myapp_requests_per_second",
                                       resource: "ingresses.networking.k8s.io", name: "web")
        }
    }

    /// An HPA Object metric end to end: 30 requests/s on the Service at 10 per pod → 3
    /// replicas, through Prometheus, the adapter's relist and its query.
    @Test func hpaObjectMetricScalesThroughTheAdapter() throws {
        var sim = try serviceCluster()
        try sim.applyHPAs(yaml: objectHPAYAML, source: "hpa.yaml")
        sim.run(for: .minutes(10))
        let id = try #require(sim.hpa(named: "web"))
        let status = sim.hpas[id.index].object.status
        #expect(status.desiredReplicas == 3, "\(sim.describeHPA(id))")
        let active = try #require(status.condition("ScalingActive"))
        #expect(active.status == .true && active.reason == "ValidMetricFound")
        let reading = try #require(status.currentMetrics.first?.current.averageValue)
        #expect(abs(reading.milliValue - 10_000) <= 10)
    }

    /// A described object whose kind the RESTMapper does not know: the custom metrics
    /// client's mapping error, in the HPA's FailedGetObjectMetric condition.
    @Test func unknownKindIsAMappingError() throws {
        var sim = try serviceCluster()
        let yaml = objectHPAYAML.replacingOccurrences(of: "kind: Service",
                                                      with: "kind: Widget")
        try sim.applyHPAs(yaml: yaml, source: "hpa.yaml")
        sim.run(for: .minutes(3))
        let id = try #require(sim.hpa(named: "web"))
        let active = try #require(sim.hpas[id.index].object.status.condition("ScalingActive"))
        #expect(active.reason == "FailedGetObjectMetric")
        #expect(active.message.hasSuffix("unable to fetch metrics from custom metrics API: unable"
            + " to map kind Widget to resource: no matches for kind \"Widget\" in group \"\""))
    }
}
