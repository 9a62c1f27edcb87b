/// The load and metrics pipeline around a cluster simulation: traffic into the apps' pods,
/// Prometheus scraping them, prometheus-adapter relisting and serving the custom and external
/// metrics APIs. Each stage runs on its own clock, so a reader sees what the pipeline
/// delivered, late — exactly the delays the seed warns about.
///
/// Counters are integrated exactly between consecutive simulation events (the Ready set is
/// constant in between); nothing runs per tick except the scrape and relist loops.
public struct MetricsPipeline: Sendable {
    /// The cluster simulation.
    public var simulation: ClusterSimulation
    /// The application models.
    public internal(set) var apps: [AppModel] = []
    /// The Prometheus server, if the scenario has one.
    public internal(set) var prometheus: PrometheusServer?
    /// prometheus-adapter, if installed.
    public internal(set) var adapter: CustomMetricsAdapter?
    /// The registered metrics APIs: none by default, as in a fresh cluster.
    public internal(set) var installedAPIs: Set<MetricsAPI> = []

    /// metrics-server, if installed.
    public internal(set) var metricsServer: MetricsServer?

    var integratedUntil: Int64
    var nextResourceScrape: Int64?
    var nextScrape: Int64?
    var nextRelist: Int64?

    /// A pipeline around `simulation` (nothing installed).
    public init(simulation: ClusterSimulation) {
        self.simulation = simulation
        integratedUntil = simulation.now.milliseconds
    }

    /// The current simulated time, ms.
    public var now: Int64 { simulation.now.milliseconds }

    /// Attaches an application model to a workload (replacing an earlier one).
    public mutating func setTraffic(_ workload: WorkloadID, _ traffic: TrafficModel,
                                    profile: AppProfile = AppProfile()) {
        if let i = apps.firstIndex(where: { $0.workload == workload }) {
            apps[i].traffic = traffic
            apps[i].profile = profile
            return
        }
        let name = simulation.cluster.workloads[workload.index].name
        apps.append(AppModel(workload: workload, name: Self.metricPrefix(name),
                             traffic: traffic, profile: profile))
    }

    /// Metric names allow [a-zA-Z0-9_:]: a workload "my-app" exposes `my_app_requests_total`.
    static func metricPrefix(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    /// Installs Prometheus, first scraping now.
    public mutating func installPrometheus(scrapeInterval: Int64) {
        prometheus = PrometheusServer(scrapeInterval: scrapeInterval)
        nextScrape = now
    }

    /// Installs metrics-server, registering `metrics.k8s.io`; it first scrapes now.
    public mutating func installMetricsServer(resolution: Int64 = 15_000) {
        metricsServer = MetricsServer(resolution: resolution)
        installedAPIs.insert(.resource)
        nextResourceScrape = now
    }

    /// Installs prometheus-adapter (needs Prometheus), registering `custom.metrics.k8s.io`,
    /// and `external.metrics.k8s.io` when the config has externalRules. It relists at start.
    public mutating func installAdapter(_ config: AdapterConfig,
                                        options: AdapterOptions = AdapterOptions())
        throws(AdapterConfigError)
    {
        guard prometheus != nil else {
            throw AdapterConfigError("prometheus-adapter needs a Prometheus server to query")
        }
        adapter = try CustomMetricsAdapter(config: config, options: options)
        installedAPIs.insert(.custom)
        if !config.externalRules.isEmpty { installedAPIs.insert(.external) }
        nextRelist = now
    }

    /// Runs the simulation and the pipeline until `end`.
    public mutating func run(until end: SimTime) {
        while true {
            var t = end.milliseconds
            if let k = simulation.kernel.nextTime()?.milliseconds { t = min(t, k) }
            if let s = nextScrape { t = min(t, s) }
            if let r = nextRelist { t = min(t, r) }
            if let m = nextResourceScrape { t = min(t, m) }
            advanceApps(to: t)
            // More events may be due at t; the stages run after them. A false step means
            // only cancelled entries were due, which run(until:) below drains.
            if let k = simulation.kernel.nextTime()?.milliseconds, k <= t, simulation.step() {
                continue
            }
            simulation.run(until: SimTime(milliseconds: t))
            runStages(at: t)
            if t >= end.milliseconds { break }
        }
    }

    /// Runs for `duration`.
    public mutating func run(for duration: SimDuration) {
        run(until: simulation.now + duration)
    }

    mutating func advanceApps(to t: Int64) {
        guard t > integratedUntil else { return }
        for i in apps.indices {
            apps[i].advance(from: integratedUntil, to: t, cluster: simulation.cluster)
        }
        integratedUntil = t
    }

    mutating func runStages(at t: Int64) {
        if let s = nextScrape, s <= t, var prom = prometheus {
            prom.scrape(at: t, cluster: simulation.cluster, apps: apps)
            prometheus = prom
            nextScrape = s + prom.scrapeInterval
        }
        if let m = nextResourceScrape, m <= t, var server = metricsServer {
            server.scrape(at: t, cluster: simulation.cluster, apps: apps)
            metricsServer = server
            nextResourceScrape = m + server.resolution
        }
        if let r = nextRelist, r <= t, var a = adapter, let prom = prometheus {
            a.relist(prom)
            adapter = a
            nextRelist = r + max(a.options.metricsRelistInterval, 1)
        }
    }

    // MARK: Reading the APIs

    /// A PromQL instant query at the current time.
    public func query(_ q: String) throws -> PromQLValue {
        guard let prometheus else {
            throw MetricsAPIError("no Prometheus server in this cluster")
        }
        return try prometheus.query(q, at: now)
    }

    /// `custom.metrics.k8s.io` for the pods of `namespace` matching `selector`.
    public func customPodsMetric(_ metric: String, namespace: String = "default",
                                 selector: LabelSelector) throws(MetricsAPIError)
        -> [MetricValue]
    {
        guard installedAPIs.contains(.custom), let adapter, let prometheus else {
            throw .notInstalled(.custom, resource: "pods")
        }
        let cluster = simulation.cluster
        let names = cluster.pods.filter {
            !$0.isRemoved && $0.namespace == namespace && selector.matches($0.labels)
        }.map(\.name)
        return try adapter.podsMetric(metric, namespace: namespace, pods: names, at: now,
                                      prom: prometheus)
    }

    /// `metrics.k8s.io` PodMetrics for the pods of `namespace` matching `selector`.
    public func podResourceMetrics(namespace: String = "default", selector: LabelSelector)
        throws(MetricsAPIError) -> [PodResourceSample]
    {
        guard installedAPIs.contains(.resource), let metricsServer else {
            throw .notInstalled(.resource, resource: "pods")
        }
        return metricsServer.podMetrics(simulation.cluster.pods.filter {
            !$0.isRemoved && $0.namespace == namespace && selector.matches($0.labels)
        })
    }

    /// `external.metrics.k8s.io` for `metric`.
    public func externalMetric(_ metric: String, namespace: String = "default",
                               selector: [AdapterSelectorRequirement] = [])
        throws(MetricsAPIError) -> [MetricValue]
    {
        guard installedAPIs.contains(.external), let adapter, let prometheus else {
            throw .notInstalled(.external, resource: metric)
        }
        return try adapter.externalMetric(metric, namespace: namespace, selector: selector,
                                          at: now, prom: prometheus)
    }
}
