import Testing

@testable import ScaleLab

/// 3 × n1-standard-4 on GKE, myapp with 2 pods (100m, 64Mi), 50 rps capacity, 10 rps.
private func makeScenario(prometheus: Bool = true) throws -> ClusterSimulation {
    var sim = ClusterSimulation(seed: 1)
    let shape = try NodeShape.compute(
        InstanceCatalog.builtIn.find("n1-standard-4"), profile: .gke)
    try sim.addPool(NodePool(name: "default", shape: shape, count: 3))
    var spec = PodSpec()
    spec.containers = [
        Container(name: "myapp", requests: ["cpu": 100, "memory": 64 * 1_048_576])
    ]
    let app = try sim.deploy(
        name: "myapp", replicas: 2, template: PodTemplate(labels: ["app": "myapp"], spec: spec))
    sim.setTraffic(app, .constant(10), profile: AppProfile(rpsCapacity: 50))
    if prometheus {
        sim.installPrometheus(scrapeInterval: 15_000)
        try sim.installAdapter(AdapterConfig.load(yaml: acceptanceAdapterYAML))
    }
    return sim
}

@Suite struct MetricsPipelineTests {
    /// Issue 4's acceptance scenario at engine level.
    @Test func acceptanceScenario() throws {
        var p = try makeScenario()
        p.run(for: .minutes(10))
        let v = try #require(try p.query("sum(rate(myapp_requests_total[2m]))").vector)
        #expect(v.count == 1)
        #expect(abs((v.first?.value ?? 0) - 10) < 0.1)
        let perPod = try p.customPodsMetric(
            "myapp_requests_per_second", selector: LabelSelector(matchLabels: ["app": "myapp"]))
        #expect(perPod.count == 2)
        #expect(perPod.allSatisfy { abs($0.value - 5) < 0.1 && $0.timestamp == 600_000 })
    }

    @Test func countersIntegrateExactlyOverReadyPods() throws {
        var p = try makeScenario(prometheus: false)
        p.run(for: .minutes(5))
        let app = try #require(p.metrics.apps.first)
        let ready = p.cluster.pods.filter { $0.isReady }
        let readySince = ready.compactMap { $0.readyCondition?.lastTransitionTime }.max() ?? 0
        let served = app.counters.values.reduce(0) { $0 + $1.requestsTotal }
        // Before both pods are Ready some traffic is served by one pod or none.
        #expect(served <= 3_000 + 1e-6)
        #expect(served >= Double(300_000 - readySince) / 1_000 * 10 - 1e-6)
        for c in app.counters.values {
            // 5 rps each: 5 + 2·5 millicores.
            #expect(abs(c.cpuMilli - 15) < 1e-9 && c.droppedTotal == 0)
        }
    }

    @Test func overloadDropsAndCPUIsBoundedByTheLimit() throws {
        var sim = ClusterSimulation(seed: 2)
        let shape = try NodeShape.compute(
            InstanceCatalog.builtIn.find("n1-standard-4"), profile: .gke)
        try sim.addPool(NodePool(name: "default", shape: shape, count: 1))
        var spec = PodSpec()
        spec.containers = [Container(name: "api", requests: ["cpu": 100], limits: ["cpu": 200])]
        let id = try sim.deploy(
            name: "api", replicas: 1, template: PodTemplate(labels: ["app": "api"], spec: spec))
        var p = sim
        p.setTraffic(id, .constant(100), profile: AppProfile(rpsCapacity: 40, cpuPerRPSMilli: 10))
        p.run(for: .minutes(2))
        let c = try #require(p.metrics.apps.first?.counters.values.first)
        #expect(c.droppedTotal > 0 && abs(c.cpuMilli - 200) < 1e-9)
        #expect(abs(c.droppedTotal / c.requestsTotal - 60.0 / 40) < 1e-9)
    }

    @Test func stalenessWhenAPodDisappears() throws {
        var p = try makeScenario()
        p.run(for: .minutes(5))
        try p.scale(p.metrics.apps[0].workload, replicas: 1)
        p.run(for: .minutes(2))
        let v = try #require(try p.query("myapp_requests_total").vector)
        #expect(v.count == 1)
    }

    @Test func registryErrorsUseKubernetesWording() throws {
        var p = try makeScenario(prometheus: false)
        p.run(for: .minutes(1))
        let sel = LabelSelector(matchLabels: ["app": "myapp"])
        #expect(throws: MetricsAPIError(
            "unable to fetch metrics from custom metrics API: no custom metrics API "
                + "(custom.metrics.k8s.io) registered")) {
            try p.customPodsMetric("myapp_requests_per_second", selector: sel)
        }
        var q = try makeScenario()
        q.run(for: .minutes(10))
        #expect(throws: MetricsAPIError(
            "unable to fetch metrics from custom metrics API: the server could not find the "
                + "metric nope_per_second for pods")) {
            try q.customPodsMetric("nope_per_second", selector: sel)
        }
        #expect(throws: MetricsAPIError("no metrics returned from custom metrics API")) {
            try q.customPodsMetric(
                "myapp_requests_per_second", selector: LabelSelector(matchLabels: ["app": "x"]))
        }
    }

    /// The adapter only knows metrics its last relist saw: with a 10m relist, a metric whose
    /// series appear after the start is missing until the next relist.
    @Test func relistDelaysDiscovery() throws {
        var p = try makeScenario()
        p.run(for: .minutes(9))
        #expect(p.metrics.adapter?.metricNames == [])
        p.run(for: .minutes(1))
        #expect(p.metrics.adapter?.metricNames == ["myapp_requests_per_second"])
    }

    @Test func metricsServerReportsCPURateOverItsWindow() throws {
        var p = try makeScenario(prometheus: false)
        let sel = LabelSelector(matchLabels: ["app": "myapp"])
        #expect(throws: MetricsAPIError(
            "unable to fetch metrics from resource metrics API: the server could not find the "
                + "requested resource (get pods.metrics.k8s.io)")) {
            try p.podResourceMetrics(selector: sel)
        }
        p.installMetricsServer()
        p.run(for: .minutes(5))
        let samples = try p.podResourceMetrics(selector: sel)
        #expect(samples.count == 2)
        for s in samples {
            #expect(s.windowMs == 15_000 && s.timestamp == 300_000)
            // 5 + 2·5 millicores = 15m, in milli-units.
            #expect(s.containers["myapp"]?["cpu"] == 15)
        }
    }

    /// metrics-server serves whole nanocores and whole bytes, and the HPA reads them with
    /// `Quantity.MilliValue()`, which rounds up: 10.2 requests/s over two pods is 5m + 2m ×
    /// 5.1 = 15.2m of CPU, read as 16m (not 15m); a working set of 32 MiB + 0.3 B per
    /// request/s is 33,554,433.53 B, served as 33,554,433 B.
    @Test func metricsServerServesWholeNanocoresAndBytesReadRoundedUp() throws {
        var p = try makeScenario(prometheus: false)
        let app = try #require(p.cluster.workloads.first { $0.name == "myapp" }?.id)
        p.setTraffic(app, .constant(10.2), profile: AppProfile(
            rpsCapacity: 50, memoryPerRPSBytes: 0.3))
        p.installMetricsServer()
        p.run(for: .minutes(5))
        let samples = try p.podResourceMetrics(selector: LabelSelector(matchLabels: ["app": "myapp"]))
        #expect(samples.count == 2)
        for s in samples {
            #expect(s.containers["myapp"]?["cpu"] == 16)
            #expect(s.containers["myapp"]?["memory"] == 33_554_433_000)
        }
    }

    @Test func hpaMetricsClientReadsThePipeline() throws {
        var p = try makeScenario()
        p.installMetricsServer()
        p.run(for: .minutes(10))
        let client = p.metricsClient
        let sel = try ParsedLabelSelector(parsing: "app=myapp")
        let custom = try client.podsMetric(
            namespace: "default", metric: "myapp_requests_per_second", selector: sel,
            metricSelector: nil)
        #expect(custom.count == 2 && custom.values.allSatisfy { abs($0.valueMilli - 5_000) < 100 })
        #expect(try client.resourceMetrics(namespace: "default", selector: sel).count == 2)
    }
}

@Test func wrappedReadsAnOptionalFieldsValueInPlace() {
    // PipelineReads reads the adapter and the Prometheus server through this, in place.
    struct Inner: Equatable { var x: Int; var y: String }
    struct Holder {
        var a = 1
        var text: String? = "payload"
        var none: [Int]? = nil
        var flag: Bool? = false
        var inner: Inner? = Inner(x: 7, y: "seven")
        var missing: Inner? = nil
    }
    var holder = Holder()
    withUnsafePointer(to: &holder) { p in
        #expect(p.wrapped(\.text)?.pointee == "payload")
        #expect(p.wrapped(\.none) == nil)
        #expect(p.wrapped(\.flag)?.pointee == false)
        #expect(p.wrapped(\.inner)?.pointee == Inner(x: 7, y: "seven"))
        #expect(p.wrapped(\.missing) == nil)
    }
}

@Test func adapterQuantitiesTruncateLikeGo() {
    // provider.go metricFor: resource.NewMilliQuantity(int64(value*1000.0), DecimalSI).
    #expect(CustomMetricsAdapter.milli(1.5) == 1_500)
    #expect(CustomMetricsAdapter.milli(0.0019) == 1)
    #expect(CustomMetricsAdapter.milli(-0.0019) == -1)
    #expect(CustomMetricsAdapter.milli(.nan) == 0)
    #expect(CustomMetricsAdapter.milli(1e300) == .max)
    #expect(CustomMetricsAdapter.milli(-.infinity) == .min)
}
