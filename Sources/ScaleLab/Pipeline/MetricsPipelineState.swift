/// The load and metrics pipeline of a simulation: traffic into the apps' pods, Prometheus
/// scraping them, metrics-server scraping the kubelets, prometheus-adapter relisting and serving
/// the custom and external metrics APIs, and the registry of installed metrics APIs.
///
/// It lives inside `ClusterSimulation` (`simulation.metrics`) and runs on the simulation's one
/// event queue: each stage is a periodic kernel controller on its own clock, so a reader (the
/// HPA, a query) sees what the pipeline delivered, late — exactly the delays the seed warns
/// about. Counters are integrated between consecutive occurrences (the serving set is constant
/// in between). Nothing is installed by default and a scenario without apps or stages pays
/// nothing.
public struct MetricsPipelineState: Sendable {
    /// The application models, in the order they were attached.
    public internal(set) var apps: [AppModel] = []
    /// App index by workload index.
    var appByWorkload: [Int: Int] = [:]
    /// Every app's counters are integrated at least up to this time (ms).
    var trafficAdvancedTo = Int64.min
    /// The Prometheus server, if the scenario has one.
    public internal(set) var prometheus: PrometheusServer?
    /// prometheus-adapter, if installed.
    public internal(set) var adapter: CustomMetricsAdapter?
    /// metrics-server, if installed.
    public internal(set) var metricsServer: MetricsServer?
    /// The registered metrics APIs (APIService objects): none by default, as in a fresh cluster.
    public internal(set) var installedAPIs: Set<MetricsAPI> = []

    /// Pods scraped by Prometheus or metrics-server and not removed since: the only pods any
    /// metrics API can have a value for, so a read lists its candidate pods from here instead
    /// of the whole pod table (the answer is the same: other pods have no series).
    var scrapedPods = ScrapedPodIndex()

    /// The last service discovery (per app, its Running pods) and what it was read from: the
    /// cluster's `podPhaseRevision` and the apps' workloads. Discovery runs every 5 s for
    /// Prometheus and at every metrics-server scrape; while no pod was created, changed phase
    /// or went away it is this answer again, without a pass over the apps' pods.
    var lastDiscovery: (revision: UInt64, workloads: [WorkloadID], targets: [[Int]])?

    /// The kernel controllers of the stages, once installed.
    var scrapeController: ControllerID?
    var resourceScrapeController: ControllerID?
    var relistController: ControllerID?

    /// An empty pipeline: no app, nothing installed.
    public init() {}

    /// The app model of a workload, if it has one.
    public func app(of workload: WorkloadID) -> AppModel? {
        appByWorkload[workload.index].map { apps[$0] }
    }

    /// Records a scrape's targets and forgets removed pods.
    mutating func noteScraped(_ targets: [[Int]], _ cluster: Cluster) {
        scrapedPods.note(targets, cluster)
    }

    // MARK: The APIs, as served at `now`

    /// `custom.metrics.k8s.io` pods metric for the named pods of `namespace`.
    func customPodsMetric(_ metric: String, namespace: String, pods: [String], at now: Int64)
        throws(MetricsAPIError) -> [MetricValue]
    {
        guard installedAPIs.contains(.custom), let adapter, let prometheus else {
            throw .notInstalled(.custom, resource: "pods")
        }
        return try adapter.podsMetric(metric, namespace: namespace, pods: pods, at: now,
                                      prom: prometheus)
    }

    /// `metrics.k8s.io` PodMetrics of the pods at `indices`.
    func podResourceMetrics(_ indices: [Int], _ table: [Pod]) throws(MetricsAPIError)
        -> [PodResourceSample]
    {
        try resourceServer().podMetrics(indices.map { table[$0] })
    }

    /// metrics-server, if `metrics.k8s.io` is registered.
    func resourceServer() throws(MetricsAPIError) -> MetricsServer {
        guard installedAPIs.contains(.resource), let metricsServer else {
            throw .notInstalled(.resource, resource: "pods")
        }
        return metricsServer
    }

    /// `external.metrics.k8s.io` for `metric` in `namespace`.
    func externalMetric(_ metric: String, namespace: String,
                        selector: [AdapterSelectorRequirement], at now: Int64)
        throws(MetricsAPIError) -> [MetricValue]
    {
        guard installedAPIs.contains(.external), let adapter, let prometheus else {
            throw .notInstalled(.external, resource: metric)
        }
        return try adapter.externalMetric(metric, namespace: namespace, selector: selector,
                                          at: now, prom: prometheus)
    }

    /// A PromQL instant query against the Prometheus server.
    func query(_ q: String, at now: Int64, cancellation: QueryCancellation? = nil) throws
        -> PromQLValue
    {
        guard let prometheus else { throw MetricsAPIError.noPrometheus }
        return try prometheus.query(q, at: now, cancellation: cancellation)
    }
}
