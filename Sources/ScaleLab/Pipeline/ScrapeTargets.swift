/// Prometheus' scrape pool for the modelled apps' pods: one target per Running pod, each
/// scraped every interval at its own offset, with the scrape report series and the staleness
/// markers of targets that went away.
///
/// Offsets (scrape/target.go `Target.offset`): a target's scrapes happen at
/// `hash(target) % interval` past each multiple of the interval, so targets are spread over
/// the interval instead of all being scraped at once. Prometheus hashes the target's labels and
/// URL with FNV-1a (`Target.hash`); pods here have no IP, so the hash is FNV-1a of
/// `namespace/pod`. The offset is rounded down to a whole second (for intervals of a second or
/// more) so that one scrape pass serves every target of that second: at most one pass per
/// second however many pods there are.
///
/// Discovery (scrape/manager.go `reloader`): target updates from service discovery reach the
/// scrape pool at most every 5 s (`DiscoveryReloadInterval`); a new target is first scraped at
/// its next offset after that.
///
/// Staleness (scrape/scrape.go `scrapeLoop.endOfRunStaleness`): when a target goes, its loop
/// waits for the time its next scrape would have been (the markers' timestamp), one more
/// interval and a tenth of an interval, then writes a staleness marker on every series of its
/// last scrape, `up` included.
///
/// Layout: the targets are kept in scrape order (offset, then pod index), so a scrape pass
/// reads a run of adjacent targets, each carrying what its scrape needs — its series ids and
/// its pod's counter state — instead of reaching into the pod table and the app's
/// dictionaries (a cache miss each, per target per scrape). A target's series are created at
/// its first scrape: a pod's labels are fixed for its life here (no API changes them) and a
/// pod index is never reused, so the label sets stay right.
struct ScrapeTargets: Sendable {
    /// The report series Prometheus adds to every scrape (scrape.go scrapeHealthMetricName,
    /// scrapeSamplesMetricName). `scrape_duration_seconds` is not modelled: a simulated scrape
    /// takes no time.
    static let upMetric = "up"
    static let samplesScrapedMetric = "scrape_samples_scraped"
    /// scrape/manager.go: Options.DiscoveryReloadInterval defaults to 5s.
    static let discoveryReloadInterval: Int64 = 5_000

    struct Target: Sendable {
        /// The pod's index in the cluster.
        var pod: Int
        /// The app the pod belongs to (index in the pipeline's apps).
        var app: Int
        /// The scrape offset inside the interval, ms.
        var offset: Int64
        /// The series of the last scrape: the app's metrics kept by the metric relabel
        /// configs, then `up` and `scrape_samples_scraped` (none before the first scrape).
        var series = TargetSeries()
        /// Which of the app's metrics (bit k: `seriesLabels`' k-th) the metric relabel
        /// configs keep, decided when the series are created (the labels are fixed then).
        var kept: UInt8 = Self.allApp
        /// Every app metric kept.
        static let allApp: UInt8 = (1 << ScrapeTargets.appMetricCount) - 1
        /// The last scrape's timestamp.
        var lastScrape: Int64?
        /// The pod's counter state in its app, read at the app's `membership` value
        /// `countersAt` (nil: not read yet).
        var counterState = AppModel.PodCounterState()
        var countersAt: UInt64?
    }

    struct PendingStaleness: Sendable {
        var writeAt: Int64
        var staleTime: Int64
        var series: [SeriesID]
    }

    /// The app metrics each pod exposes (`seriesLabels` before the two report series).
    static let appMetricCount = 5

    let interval: Int64
    /// The scrape config's `metric_relabel_configs` (keep/drop), applied to the app series.
    let metricRelabelConfigs: [MetricRelabelConfig]
    /// Whether targets get their own offsets; false scrapes every target at the start of
    /// each interval and re-reads discovery at every pass (the behaviour the workshop's
    /// figures were recorded with).
    let spread: Bool
    /// The targets in scrape order (offset, then pod index), each scraped in place.
    var targets: [Target] = []
    /// Slot in `targets` by pod index.
    var slotOfPod: [Int: Int] = [:]
    /// The discovered targets last applied: an unchanged discovery costs one comparison.
    var lastDiscovered: [[Int]] = []
    var pendingStaleness: [PendingStaleness] = []
    var nextDiscovery: Int64 = .min
    /// Scratch for a scrape pass: the series ids and values of its samples (sized for the
    /// largest pass so far; a pass writes a prefix).
    var passIDs: [SeriesID] = []
    var passValues: [Double] = []

    init(interval: Int64, spread: Bool, metricRelabelConfigs: [MetricRelabelConfig] = []) {
        self.interval = interval
        self.spread = spread
        self.metricRelabelConfigs = metricRelabelConfigs
    }

    /// The offset of a pod's target inside the interval.
    static func offset(namespace: String, pod: String, interval: Int64) -> Int64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a 64, as Target.hash
        for byte in namespace.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        hash = (hash ^ UInt64(UInt8(ascii: "/"))) &* 0x0000_0100_0000_01B3
        for byte in pod.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let offset = Int64(hash % UInt64(interval))
        return interval >= 1_000 ? offset - offset % 1_000 : offset
    }

    func discoveryDue(at now: Int64) -> Bool { !spread || now >= nextDiscovery }

    /// Applies service discovery's current targets: per app, its Running pods. Unspread, all
    /// offsets are 0.
    mutating func sync(_ discovered: [[Int]], apps: [AppModel], cluster: Cluster, at now: Int64) {
        nextDiscovery = (now / Self.discoveryReloadInterval + 1) * Self.discoveryReloadInterval
        // The same target groups as at the last reload: nothing to add or stop.
        guard discovered != lastDiscovered else { return }
        lastDiscovered = discovered
        var current: Set<Int> = []
        var added: [Target] = []
        for (app, pods) in discovered.enumerated() {
            for index in pods {
                current.insert(index)
                guard slotOfPod[index] == nil else { continue }
                let pod = cluster.pods[index]
                added.append(Target(
                    pod: index, app: app,
                    offset: spread ? Self.offset(namespace: pod.namespace, pod: pod.name,
                                                 interval: interval) : 0))
            }
        }
        let before = targets.count
        targets.removeAll { target in
            guard !current.contains(target.pod) else { return false }
            guard let lastScrape = target.lastScrape, !target.series.isEmpty else { return true }
            // The loop is stopped now; its next tick would have been at `staleTime`.
            let staleTime = lastScrape
                + max(1, (now - lastScrape + interval - 1) / interval) * interval
            pendingStaleness.append(PendingStaleness(
                writeAt: staleTime + interval + interval / 10, staleTime: staleTime,
                series: target.series.array))
            return true
        }
        guard !added.isEmpty || targets.count != before else { return }
        targets.append(contentsOf: added)
        targets.sort { $0.offset != $1.offset ? $0.offset < $1.offset : $0.pod < $1.pod }
        slotOfPod = Dictionary(uniqueKeysWithValues: targets.indices.map { (targets[$0].pod, $0) })
    }

    /// Scrapes every target whose offset is `now`'s position in the interval. The pass's
    /// samples are gathered first and appended in one call: the store is borrowed once per
    /// pass, and its append loop, short and free of calls, has many series' cache misses in
    /// flight at once instead of one target's at a time. Each series gets one sample per
    /// pass, so the order of the appends across series changes nothing. The targets write
    /// into buffers sized for the pass up front (no per-sample `Array.append`).
    mutating func scrapeDue(
        at now: Int64, cluster: Cluster, apps: [AppModel], into store: inout TimeSeriesStore
    ) {
        let slot = now % interval
        // Both ends by binary search: a scan to the end would be a first touch of every
        // target of the pass (232 bytes each) before the scrape loop reads them again.
        let first = firstTarget(atOrAfter: slot)
        let end = firstTarget(atOrAfter: slot + 1)
        guard end > first else { return }
        // A target adds at most `TargetSeries.capacity` samples.
        let most = (end - first) * TargetSeries.capacity
        if passIDs.count < most {
            passIDs = Array(repeating: SeriesID(raw: -1), count: most)
            passValues = Array(repeating: 0, count: most)
        }
        // Moved out of `self` for the pass, so the buffers and the targets are borrowed
        // together.
        var targets = self.targets
        var ids = passIDs
        var values = passValues
        self.targets = []
        passIDs = []
        passValues = []
        let relabel = metricRelabelConfigs
        ids.withUnsafeMutableBufferPointer { ids in
            values.withUnsafeMutableBufferPointer { values in
                apps.withUnsafeBufferPointer { apps in
                    var n = 0
                    for i in first..<end {
                        n = Self.scrape(&targets[i], at: now, cluster: cluster, apps: apps,
                                        relabel: relabel, store: &store, ids: ids,
                                        values: values, from: n)
                    }
                    guard n > 0 else { return }
                    store.appendScrape(pass: slot, UnsafeBufferPointer(rebasing: ids[0..<n]),
                                       time: now,
                                       values: UnsafeBufferPointer(rebasing: values[0..<n]))
                }
            }
        }
        self.targets = targets
        passIDs = ids
        passValues = values
    }

    /// The first target (in scrape order) whose offset is `slot` or later.
    private func firstTarget(atOrAfter slot: Int64) -> Int {
        var lo = 0
        var hi = targets.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if targets[mid].offset < slot { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Scrapes one target: creates its series at its first scrape, then writes its samples
    /// (series ids and values, in the same order) to the pass's buffers from index `from`
    /// (room for `TargetSeries.capacity` of them); returns the index after the last.
    private static func scrape(
        _ target: inout Target, at now: Int64, cluster: Cluster,
        apps: UnsafeBufferPointer<AppModel>, relabel: [MetricRelabelConfig],
        store: inout TimeSeriesStore, ids: UnsafeMutableBufferPointer<SeriesID>,
        values passValues: UnsafeMutableBufferPointer<Double>, from n: Int
    ) -> Int {
        let index = target.pod
        if target.series.isEmpty {
            // A new target: its series, created once (the pod's labels are fixed).
            let pod = cluster.pods[index]
            var labels = seriesLabels(pod: pod, app: apps[target.app])
            target.kept = Target.allApp
            if !relabel.isEmpty {
                for k in (0..<appMetricCount).reversed()
                where !MetricRelabelConfig.keeps(labels[k], relabel) {
                    target.kept &= ~(1 << k)
                    labels.remove(at: k)
                }
            }
            target.series = TargetSeries(labels.map { store.seriesID(for: $0) })
        }
        let app = target.app
        if target.countersAt != apps[app].membership {
            target.counterState = apps[app].counterState(ofPod: index)
            target.countersAt = apps[app].membership
        }
        let c = apps[app].counters(target.counterState)
        // Appends are in time order by construction; an out-of-order append can only come
        // from a caller rewinding time, which the kernel forbids. `scrape_samples_scraped`
        // counts the samples exposed, before metric relabelling (scrape.go `report`).
        let values = (c.requestsTotal, c.droppedTotal, c.latencySeconds, c.cpuSecondsTotal,
                      c.memoryBytes, 1.0, Double(appMetricCount))
        // One value per series by construction (`kept` chose both); should they ever differ,
        // the extra entries go so later targets stay paired.
        let kept = target.kept
        let count = target.series.withBuffer { series in
            withUnsafeBytes(of: values) { raw in
                let all = raw.bindMemory(to: Double.self)
                var j = 0
                // The kept values, in order, then the report series'.
                for k in 0..<all.count
                where j < series.count && (k >= appMetricCount || kept & (1 << k) != 0) {
                    ids[n + j] = series[j]
                    passValues[n + j] = all[k]
                    j += 1
                }
                return j
            }
        }
        target.lastScrape = now
        return n + count
    }

    /// The label sets of a pod target's series, in the order of `scrape`'s values.
    static func seriesLabels(pod: Pod, app: AppModel) -> [Labels] {
        var base = pod.labels
        base["namespace"] = pod.namespace
        base["pod"] = pod.name
        var container = base
        container["container"] = pod.spec.containers.first?.name ?? app.name
        return [
            Labels(metric: "\(app.name)_requests_total", base),
            Labels(metric: "\(app.name)_requests_dropped_total", base),
            Labels(metric: "\(app.name)_request_latency_seconds", base),
            Labels(metric: "container_cpu_usage_seconds_total", container),
            Labels(metric: "container_memory_working_set_bytes", container),
            Labels(metric: upMetric, base),
            Labels(metric: samplesScrapedMetric, base),
        ]
    }

    /// Writes the staleness markers whose time has come.
    mutating func writeDueStaleness(at now: Int64, into store: inout TimeSeriesStore) {
        guard pendingStaleness.contains(where: { $0.writeAt <= now }) else { return }
        for pending in pendingStaleness where pending.writeAt <= now {
            // A series scraped again since (a recreated target) rejects the older marker,
            // as Prometheus' out-of-order check does.
            for sid in pending.series { try? store.markStale(sid, time: pending.staleTime) }
        }
        pendingStaleness.removeAll { $0.writeAt <= now }
    }

    /// The next instant after `now` with work: a target's offset, a discovery reload or a
    /// staleness write; at most one interval ahead.
    func nextWork(after now: Int64) -> Int64 {
        var next = now + interval
        // Unspread, every pass is at an interval start; markers wait for the next pass.
        guard spread else { return next }
        let slot = now % interval
        let base = now - slot
        if let first = targets.first {
            let i = firstTarget(atOrAfter: slot + 1)
            next = min(next, i < targets.count ? base + targets[i].offset
                                               : base + interval + first.offset)
        }
        next = min(next, nextDiscovery)
        for pending in pendingStaleness { next = min(next, pending.writeAt) }
        return max(next, now + 1)
    }
}
