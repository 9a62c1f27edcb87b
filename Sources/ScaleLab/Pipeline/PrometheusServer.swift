/// A Prometheus server scraping the pods of modelled apps into an in-memory store.
///
/// Each Running pod of an app is a scrape target (Kubernetes pod service discovery, relabelled
/// to `namespace` and `pod` plus the pod's own labels). As in Prometheus, every target is
/// scraped once per `scrapeInterval` at its own offset inside the interval (see
/// `ScrapeTargets`), its counters and gauges appended with the scrape's timestamp together
/// with the scrape's report series `up` and `scrape_samples_scraped`. When a target
/// disappears its series get staleness markers (scrape.go endOfRunStaleness), so instant
/// queries stop seeing them instead of holding the last value for the 5m lookback.
///
/// Retention: the store keeps only what a query can still read — the longest lookback of
/// every registered query (the adapter's metricsQuery, rules), at least the lookback delta,
/// plus one scrape interval — and is compacted every retention window, so memory stays flat
/// over a simulated week. A query reaching further back sees what a Prometheus whose
/// retention had dropped those blocks sees: nothing. `retentionOverride` keeps more
/// (`--storage.tsdb.retention.time`).
public struct PrometheusServer: Sendable {
    /// `scrape_interval`, ms (Prometheus' default 1m; the scenario sets 15s).
    public let scrapeInterval: Int64
    /// The samples.
    public internal(set) var store = TimeSeriesStore()
    /// The PromQL engine (5m lookback).
    public var engine = PromQLEngine() {
        // Only the lookback delta bears on the retention (applying it also resets the
        // compaction schedule, which a run setting its cancellation must not move).
        didSet { if engine.lookbackDelta != oldValue.lookbackDelta { applyRetention() } }
    }
    /// A fixed retention (ms) replacing the automatic one, or nil.
    public var retentionOverride: Int64? {
        didSet { applyRetention() }
    }
    /// The queries whose lookback bounds the retention.
    public private(set) var registeredQueries: [PromQLExpr] = []
    /// The scrape pool: targets with their offsets and series.
    var pool: ScrapeTargets
    /// When the next compaction is due.
    var nextCompaction: Int64 = 0

    /// The targets currently scraped.
    public var targetCount: Int { pool.targets.count }

    /// The scrape config's `metric_relabel_configs`: which scraped app series are stored.
    public var metricRelabelConfigs: [MetricRelabelConfig] { pool.metricRelabelConfigs }

    /// A server scraping every `scrapeInterval` ms; `spreadTargets` gives each target its
    /// own offset inside the interval as Prometheus does (false: all at the interval start);
    /// `metricRelabelConfigs` filter the scraped series before they are stored.
    public init(scrapeInterval: Int64 = 60_000, spreadTargets: Bool = false,
                metricRelabelConfigs: [MetricRelabelConfig] = []) {
        self.scrapeInterval = max(scrapeInterval, 1)
        pool = ScrapeTargets(interval: self.scrapeInterval, spread: spreadTargets,
                             metricRelabelConfigs: metricRelabelConfigs)
        applyRetention()
    }

    /// How long samples are kept, ms: `retentionOverride`, or the longest lookback of the
    /// registered queries and of an instant query at the lookback delta, plus one scrape
    /// interval (a window ending now starts no earlier than that).
    public var retention: Int64 {
        if let retentionOverride { return retentionOverride }
        let delta = engine.lookbackDelta
        let longest = registeredQueries.map { $0.maxLookback(lookbackDelta: delta) }.max() ?? 0
        return max(longest, delta) + scrapeInterval
    }

    /// Registers a query evaluated again and again (an adapter rule's metricsQuery, a
    /// recording rule): the store keeps samples for its longest lookback.
    public mutating func register(_ query: PromQLExpr) {
        registeredQueries.append(query)
        applyRetention()
    }

    private mutating func applyRetention() {
        store.retention = retention
        nextCompaction = 0
    }

    /// Runs the scrape pool at `now`: syncs the targets when `discovered` is given (per app,
    /// the indices of its Running pods), scrapes the targets whose offset is now, writes the
    /// staleness markers that are due, and compacts the store when due. Returns the time of
    /// the next instant the pool has work (at most one interval ahead).
    mutating func tick(at now: Int64, cluster: Cluster, apps: [AppModel], discovered: [[Int]]?)
        -> Int64
    {
        if let discovered { pool.sync(discovered, apps: apps, cluster: cluster, at: now) }
        pool.scrapeDue(at: now, cluster: cluster, apps: apps, into: &store)
        pool.writeDueStaleness(at: now, into: &store)
        if now >= nextCompaction {
            store.compact(now: now)
            nextCompaction = now + max(store.retention, scrapeInterval)
        }
        return pool.nextWork(after: now)
    }

    /// Whether the scrape pool should re-read the service discovery at `now`.
    func discoveryDue(at now: Int64) -> Bool { pool.discoveryDue(at: now) }

    /// An instant query at `time`, stopping when `cancellation` asks to.
    public func query(_ q: String, at time: Int64, cancellation: QueryCancellation? = nil)
        throws(PromQLError) -> PromQLValue
    {
        try engine.instantQuery(q, at: time, store: store, cancellation: cancellation)
    }
}
