/// A Prometheus server scraping the pods of modelled apps into an in-memory store.
///
/// Every `scrapeInterval` each Running pod of an app is scraped: its counters and gauges are
/// appended with the scrape's timestamp and the target labels Prometheus' Kubernetes pod
/// service discovery relabelled to `namespace` and `pod` (plus the pod's own labels). When a
/// target disappears its series get a staleness marker at the next scrape
/// (scrape/scrape.go: scrapeLoop.endOfRunStaleness / the report's stale markers), so
/// instant queries stop seeing them at once instead of after the 5m lookback.
/// Simplification: all targets are scraped at the same phase (real Prometheus spreads them
/// over the interval by a hash of the target, scrape.go `offset`).
public struct PrometheusServer: Sendable {
    /// `scrape_interval`, ms (Prometheus' default 1m; the scenario sets 15s).
    public var scrapeInterval: Int64
    /// The samples.
    public internal(set) var store = TimeSeriesStore()
    /// The PromQL engine (5m lookback).
    public var engine = PromQLEngine()
    /// Series written by each target at its last scrape, by pod index.
    var targets: [Int: [SeriesID]] = [:]

    /// The targets scraped at the last scrape.
    public var targetCount: Int { targets.count }

    /// A server scraping every `scrapeInterval` ms.
    public init(scrapeInterval: Int64 = 60_000) {
        self.scrapeInterval = max(scrapeInterval, 1)
    }

    /// Scrapes every target at `now`: `targets` are, per app (same order as `apps`), the
    /// indices of its Running pods (Kubernetes pod service discovery lists a pod until it is
    /// deleted, terminating ones included).
    mutating func scrape(at now: Int64, cluster: Cluster, apps: [AppModel], targets: [[Int]]) {
        var seen: Set<Int> = []
        for (app, pods) in zip(apps, targets) {
            for index in pods {
                let pod = cluster.pods[index]
                seen.insert(index)
                let c = app.counters(ofPod: index)
                var base = pod.labels
                base["namespace"] = pod.namespace
                base["pod"] = pod.name
                var container = base
                container["container"] = pod.spec.containers.first?.name ?? app.name
                let samples: [(String, [String: String], Double)] = [
                    ("\(app.name)_requests_total", base, c.requestsTotal),
                    ("\(app.name)_requests_dropped_total", base, c.droppedTotal),
                    ("\(app.name)_request_latency_seconds", base, c.latencySeconds),
                    ("container_cpu_usage_seconds_total", container, c.cpuSecondsTotal),
                    ("container_memory_working_set_bytes", container, c.memoryBytes),
                ]
                var ids: [SeriesID] = []
                for (name, labels, value) in samples {
                    let sid = store.seriesID(for: Labels(metric: name, labels))
                    // Appends are in time order by construction; an out-of-order append
                    // can only come from a caller rewinding time, which the kernel forbids.
                    try? store.append(sid, time: now, value: value)
                    ids.append(sid)
                }
                self.targets[index] = ids
            }
        }
        for (index, ids) in self.targets where !seen.contains(index) {
            for sid in ids { try? store.markStale(sid, time: now) }
            self.targets[index] = nil
        }
    }

    /// An instant query at `time`.
    public func query(_ q: String, at time: Int64) throws(PromQLError) -> PromQLValue {
        try engine.instantQuery(q, at: time, store: store)
    }
}
