// The seed article's scenario ("How to autoscale apps on Kubernetes with custom metrics",
// seed-notes.md claims 5 and 9) as a ready-made simulation: myapp counts its requests in
// myapp_requests_total, Prometheus scrapes it, prometheus-adapter serves
// rate(myapp_requests_total[2m]) as myapp_requests_per_second on the Custom Metrics API, and
// the article's HPA keeps 2 requests/s per pod between 1 and 10 replicas. Benchmarks and
// embedders start from it; the Lua demo builds the same thing in Lua.

/// The seed's manifests and a builder for its scenario.
public enum SeedScenario {
    /// The article's hpa.yaml, verbatim (autoscaling/v2beta2; examples/manifests/hpa.yaml).
    public static let hpaYAML = hpaYAML(averageValue: 2)

    /// The article's hpa.yaml with another per-pod target (requests/s); the article itself
    /// also discusses a target of 10.
    public static func hpaYAML(averageValue: Int) -> String {
        """
            apiVersion: autoscaling/v2beta2
            kind: HorizontalPodAutoscaler
            metadata:
              name: myhpa
            spec:
              scaleTargetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: myapp
              minReplicas: 1
              maxReplicas: 10
              metrics:
                - type: Pods
                  pods:
                    metric:
                      name: myapp_requests_per_second
                    target:
                      type: AverageValue
                      averageValue: \(averageValue)

            """
    }

    /// The adapter rule of the article (examples/manifests/adapter.yaml): the counter's
    /// per-second rate over 2 minutes, per pod, renamed `_total` → `_per_second`.
    public static let adapterYAML = """
        rules:
        - seriesQuery: 'myapp_requests_total{namespace!="",pod!=""}'
          resources:
            overrides:
              namespace: {resource: "namespace"}
              pod: {resource: "pod"}
          name:
            matches: "^(.*)_total$"
            as: "${1}_per_second"
          metricsQuery: 'sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)'

        """

    /// What the builder varies.
    public struct Options: Sendable {
        /// The seed of the run.
        public var seed: UInt64 = 1
        /// myapp's traffic (requests/s).
        public var traffic = TrafficModel.diurnal(mean: 10, amplitude: 8)
        /// Prometheus's scrape_interval (ms).
        public var scrapeIntervalMs: Int64 = 15_000
        /// prometheus-adapter's --metrics-relist-interval (ms).
        public var relistIntervalMs: Int64 = 60_000
        /// Requests/s one pod serves.
        public var rpsCapacity: Double = 50

        /// The defaults: diurnal traffic of 2 to 18 requests/s, Prometheus every 15s, the
        /// adapter relisting every minute.
        public init() {}
    }

    /// The issue-5 cluster (GKE, 3 × n1-standard-4; myapp: 1 replica of 100m / 64Mi) with
    /// traffic, Prometheus, the adapter and the seed's HPA.
    public static func build(_ options: Options = Options()) throws -> ClusterSimulation {
        var sim = ClusterSimulation(seed: options.seed)
        let shape = try NodeShape.compute(InstanceCatalog.builtIn.find("n1-standard-4"),
                                          profile: .gke)
        try sim.addPool(NodePool(name: "default", shape: shape, count: 3))
        var spec = PodSpec()
        spec.containers = [Container(name: "myapp",
                                     requests: ["cpu": 100, "memory": 64 * 1_048_576])]
        let app = try sim.deploy(name: "myapp", replicas: 1,
                                 template: PodTemplate(labels: ["app": "myapp"], spec: spec))
        sim.setTraffic(app, options.traffic, profile: AppProfile(rpsCapacity: options.rpsCapacity))
        sim.installPrometheus(scrapeInterval: options.scrapeIntervalMs)
        try sim.installAdapter(AdapterConfig.load(yaml: adapterYAML),
                               options: AdapterOptions(
                                   metricsRelistInterval: options.relistIntervalMs))
        try sim.applyHPAs(yaml: hpaYAML, source: "hpa.yaml")
        return sim
    }
}
