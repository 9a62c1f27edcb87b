// The metrics pipeline on the simulation's one event queue: apps are integrated before every
// occurrence, and Prometheus' scrape loop, metrics-server's scrape loop and the adapter's relist
// are periodic kernel controllers. See MetricsPipelineState for the data flow.

extension ClusterSimulation {
    // MARK: Scenario

    /// Attaches an application model to a workload, or changes its traffic (and its profile,
    /// when one is given; its counters carry on). Its pods serve while active and Ready.
    public mutating func setTraffic(_ workload: WorkloadID, _ traffic: TrafficModel,
                                    profile: AppProfile? = nil) {
        let t = now.milliseconds
        if let i = metrics.appByWorkload[workload.index] {
            metrics.apps[i].advance(to: t)
            metrics.apps[i].traffic = traffic
            if let profile { metrics.apps[i].profile = profile }
            return
        }
        let w = cluster.workloads[workload.index]
        var app = AppModel(workload: workload, name: Self.metricPrefix(w.name), traffic: traffic,
                           profile: profile ?? AppProfile(), containers: w.template.spec.containers,
                           now: t)
        for index in autoscaling.podsByOwner.pods(of: workload, in: cluster) {
            let pod = cluster.pods[index]
            app.setServing(index, pod.isActive && pod.isReady, at: t)
        }
        metrics.appByWorkload[workload.index] = metrics.apps.count
        metrics.apps.append(app)
    }

    /// Sets how a workload's app behaves under load; a workload without an app model gets one
    /// with no traffic yet (its pods are scraped, serving nothing).
    public mutating func setAppProfile(_ workload: WorkloadID, _ profile: AppProfile) {
        if let i = metrics.appByWorkload[workload.index] {
            metrics.apps[i].advance(to: now.milliseconds)
            metrics.apps[i].profile = profile
        } else {
            setTraffic(workload, .constant(0), profile: profile)
        }
    }

    /// Metric names allow [a-zA-Z0-9_:]: a workload "my-app" exposes `my_app_requests_total`.
    static func metricPrefix(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    /// Installs Prometheus scraping every `scrapeInterval` ms, first now (a new install
    /// replaces the server and its data).
    /// `spreadTargets` scrapes each target at its own offset inside the interval, as
    /// Prometheus does (scrape/target.go Target.offset); it is off by default for now because
    /// the workshop's recorded figures (WORKSHOP.md lessons 03 and 04, the demo) were taken
    /// with every target scraped at the interval start. `metricRelabelConfigs` (the scrape
    /// config's `metric_relabel_configs`, keep/drop) choose which app series are stored.
    public mutating func installPrometheus(
        scrapeInterval: Int64, spreadTargets: Bool = false,
        metricRelabelConfigs: [MetricRelabelConfig] = []
    ) {
        var server = PrometheusServer(scrapeInterval: scrapeInterval,
                                      spreadTargets: spreadTargets,
                                      metricRelabelConfigs: metricRelabelConfigs)
        // A new server keeps the adapter's queries in its retention.
        for query in metrics.adapter.map(Self.adapterQueries) ?? [] { server.register(query) }
        metrics.prometheus = server
        metrics.scrapeController = stageController(
            metrics.scrapeController, name: "prometheus-scrape", period: server.scrapeInterval)
    }

    /// Sets the Prometheus server's lookback delta (`--query.lookback-delta`, default 5m).
    public mutating func setPrometheusLookbackDelta(_ ms: Int64) {
        metrics.prometheus?.engine.lookbackDelta = max(ms, 1)
    }

    /// Sets how long Prometheus keeps samples (`--storage.tsdb.retention.time`), ms; nil
    /// restores the automatic retention (the longest lookback of the registered queries and
    /// the lookback delta, plus one scrape interval).
    public mutating func setPrometheusRetention(_ ms: Int64?) {
        metrics.prometheus?.retentionOverride = ms.map { max($0, 1) }
    }

    /// The adapter's queries as the store's retention must serve them: each rule's
    /// metricsQuery expanded for a placeholder series (the lookback does not depend on the
    /// series, the matchers or the grouping).
    static func adapterQueries(_ adapter: CustomMetricsAdapter) -> [PromQLExpr] {
        (adapter.rules + adapter.externalRules).compactMap { rule in
            guard let q = try? rule.externalQuery(forSeries: "scalelab_lookback_probe",
                                                  namespace: "")
            else { return nil }
            return try? PromQLEngine.parse(q)
        }
    }

    /// Installs metrics-server, registering `metrics.k8s.io`; it first scrapes now.
    public mutating func installMetricsServer(resolution: Int64 = 15_000) {
        let server = MetricsServer(resolution: resolution)
        metrics.metricsServer = server
        metrics.installedAPIs.insert(.resource)
        metrics.resourceScrapeController = stageController(
            metrics.resourceScrapeController, name: "metrics-server-scrape",
            period: server.resolution)
    }

    /// Installs prometheus-adapter (needs Prometheus), registering `custom.metrics.k8s.io`,
    /// and `external.metrics.k8s.io` when the config has externalRules. It relists at start
    /// (after the scrape due at the same instant, if Prometheus was installed first), then
    /// every `options.metricsRelistInterval`.
    public mutating func installAdapter(_ config: AdapterConfig,
                                        options: AdapterOptions = AdapterOptions())
        throws(AdapterConfigError)
    {
        guard metrics.prometheus != nil else {
            throw AdapterConfigError("prometheus-adapter needs a Prometheus server to query")
        }
        _ = try options.effectiveMaxAge()
        let adapter = try CustomMetricsAdapter(config: config, options: options)
        metrics.adapter = adapter
        for query in Self.adapterQueries(adapter) { metrics.prometheus?.register(query) }
        metrics.installedAPIs.insert(.custom)
        if !config.externalRules.isEmpty { metrics.installedAPIs.insert(.external) }
        metrics.relistController = stageController(
            metrics.relistController, name: "prometheus-adapter-relist",
            period: max(options.metricsRelistInterval, 1))
    }

    /// Registers a stage's controller, first due now, or realigns an existing one.
    mutating func stageController(_ existing: ControllerID?, name: String, period: Int64)
        -> ControllerID
    {
        let phase = SimDuration.ms(now.milliseconds % period)
        if let existing {
            kernel.setPeriod(existing, .ms(period), phase: phase)
            return existing
        }
        return kernel.addController(name: name, period: .ms(period), phase: phase)
    }

    // MARK: Running (called by the simulation's loop)

    /// Integrates every app up to now: called before each occurrence is handled and at the end
    /// of a run, so each interval is integrated with the serving set it had.
    mutating func advanceTraffic() {
        let t = now.milliseconds
        // Every app is integrated up to `trafficAdvancedTo` already: the many occurrences of
        // one instant (a thousand HPA syncs) pay one comparison, not one per app.
        guard !metrics.apps.isEmpty, t > metrics.trafficAdvancedTo else { return }
        for i in metrics.apps.indices { metrics.apps[i].advance(to: t) }
        metrics.trafficAdvancedTo = t
    }

    /// A pod's serving state may have changed (Ready, not Ready, terminating, removed): puts it
    /// in or out of its app's service at the current instant.
    mutating func trafficServingMayChange(_ index: Int) {
        guard !metrics.apps.isEmpty, let owner = cluster.pods[index].owner,
              let a = metrics.appByWorkload[owner.index]
        else { return }
        let pod = cluster.pods[index]
        metrics.apps[a].setServing(index, pod.isActive && pod.isReady, removed: pod.isRemoved,
                                   at: now.milliseconds)
    }

    /// Runs a pipeline stage if `controller` is one; false otherwise. Each stage is taken out
    /// of the state while it works so its storage is mutated in place, not copied.
    mutating func runPipelineController(_ controller: ControllerID) -> Bool {
        let t = now.milliseconds
        // `take()` moves a stage out (a binding would copy it, retaining all of it).
        if controller == metrics.scrapeController, var prom = metrics.prometheus.take() {
            let targets = prom.discoveryDue(at: t) ? scrapeTargets() : nil
            // Unchanged targets add no scraped pod (and every reader skips removed pods).
            let changed = targets.map { $0 != prom.pool.lastDiscovered } ?? false
            let next = prom.tick(at: t, cluster: cluster, apps: metrics.apps, discovered: targets)
            let interval = prom.scrapeInterval
            metrics.prometheus = consume prom
            if let targets, changed { metrics.noteScraped(targets, cluster) }
            // The next pass: the next target offset, discovery reload or staleness write. The
            // kernel already queued now + interval; realign only when work comes sooner.
            if next < t + interval {
                kernel.setPeriod(controller, .ms(interval), phase: .ms(next % interval))
            }
        } else if controller == metrics.resourceScrapeController,
                  var server = metrics.metricsServer.take() {
            let targets = scrapeTargets()
            server.scrape(at: t, cluster: cluster, apps: metrics.apps, targets: targets)
            metrics.metricsServer = server
            metrics.noteScraped(targets, cluster)
        } else if controller == metrics.relistController, metrics.prometheus != nil,
                  var adapter = metrics.adapter.take() {
            if let prom = metrics.prometheus.take() {
                adapter.relist(prom)
                metrics.prometheus = prom
            }
            metrics.adapter = adapter
        } else {
            return false
        }
        return true
    }

    /// Per app, the indices of its Running pods (the scrape targets); the last answer while
    /// no pod was created, changed phase or was removed since.
    mutating func scrapeTargets() -> [[Int]] {
        let workloads = metrics.apps.map(\.workload)
        if let last = metrics.lastDiscovery, last.revision == cluster.podPhaseRevision,
            last.workloads == workloads
        {
            return last.targets
        }
        let targets = metrics.apps.map { app in
            autoscaling.podsByOwner.pods(of: app.workload, in: cluster).filter {
                cluster.pods[$0].phase == .running
            }
        }
        metrics.lastDiscovery = (cluster.podPhaseRevision, workloads, targets)
        return targets
    }
}
