/// metrics-server: scrapes every kubelet's resource metrics endpoint every
/// `--metric-resolution` and serves `metrics.k8s.io` for pods and nodes.
///
/// The binary's default resolution is 60s (cmd/metrics-server/app/options/options.go
/// NewOptions); the project's own deployment manifests (manifests/base/deployment.yaml, the
/// components.yaml everyone installs) pass `--metric-resolution=15s`, which is the default
/// here. The kubelet reports cumulative CPU seconds and the working set; the server keeps the
/// last two points of each pod and node and answers with the CPU rate between them, the window
/// being their distance and the timestamp the later one (pkg/storage/pod.go and node.go,
/// resourceUsage in types.go). A pod or node missing from a scrape is dropped, so one scraped
/// only once (or not at the last scrape) has no value yet and is left out.
///
/// Points live in flat arrays indexed by pod and node index, so a scrape of 100,000 pods and
/// an HPA reading its 100 pods touch no dictionary and no string.
public struct MetricsServer: Sendable {
    /// `--metric-resolution`, ms.
    public var resolution: Int64
    /// What the system itself (kubelet, container runtime, OS daemons) uses on every node, on
    /// top of its pods: node usage is the root cgroup's, which contains both.
    public var nodeOverhead: NodeOverhead

    /// The last two points of one pod or node. Their times are those of the scrapes that
    /// took them, kept once for all (`scrapeTimes`): a point is only ever taken by a scrape,
    /// at its time. (32 bytes, not 48: an HPA sync reads the points of all its pods.)
    struct Points: Sendable {
        /// The scrape (1-based count) that produced `last`; 0 = never scraped.
        var lastScrape: Int32 = 0
        /// Whether `prev` is the point of the scrape before `lastScrape`.
        var hasPrev = false
        var prevCPU = 0.0
        var lastCPU = 0.0
        /// Working set at the last point, bytes.
        var memory = 0.0
    }

    /// What a scrape reads of one pod besides its app's running totals: its counter state
    /// in its app (`AppModel.PodCounterState`, reduced to cpu and memory) as of the app's
    /// `membership`, and its node (a bound pod never changes node).
    struct PodSource: Sendable {
        /// The app's `membership` the state was read at; nil: not read yet.
        var membership: UInt64?
        /// Whether the pod serves (then its counters run with the app's).
        var serving = false
        /// CPU seconds when it last left service (0: never served).
        var heldCPU = 0.0
        /// The app's running CPU total when it joined.
        var joinedCPU = 0.0
        /// Working set when it last left service; nil: it never served (then the app's
        /// idle memory, read at the scrape: the profile may change).
        var heldMemory: Double?
        /// Node index, -1 until bound.
        var node = -1
    }

    /// Scrapes so far.
    var scrapes: Int32 = 0
    /// The times of the last scrape and of the one before it, ms.
    var scrapeTimes: (last: Int64, previous: Int64) = (0, 0)
    /// By pod index.
    var pods: [Points] = []
    /// By pod index.
    var sources: [PodSource] = []
    /// By node index (CPU: cumulative seconds since the node's first scrape).
    var nodes: [Points] = []

    /// A metrics-server with the given resolution and per-node system overhead.
    public init(resolution: Int64 = 15_000, nodeOverhead: NodeOverhead = NodeOverhead()) {
        self.resolution = max(resolution, 1)
        self.nodeOverhead = nodeOverhead
    }

    /// Scrapes the kubelets at `now`: `targets` are, per app, the indices of its Running pods;
    /// every Ready node is scraped too (a node whose kubelet does not answer is skipped).
    mutating func scrape(at now: Int64, cluster: Cluster, apps: [AppModel], targets: [[Int]]) {
        scrapes += 1
        let n = scrapes
        scrapeTimes = (now, scrapeTimes.last)
        if pods.count < cluster.pods.count {
            pods.append(contentsOf: repeatElement(Points(), count: cluster.pods.count - pods.count))
        }
        if sources.count < cluster.pods.count {
            sources.append(contentsOf: repeatElement(PodSource(),
                                                     count: cluster.pods.count - sources.count))
        }
        if nodes.count < cluster.nodes.count {
            nodes.append(
                contentsOf: repeatElement(Points(), count: cluster.nodes.count - nodes.count))
        }
        // CPU seconds and memory of each node's pods over this scrape.
        var nodeCPU = [Double](repeating: 0, count: nodes.count)
        var nodeMemory = [Double](repeating: 0, count: nodes.count)
        // Through buffers, the apps read in place: element writes checked each array's
        // uniqueness, and iterating the apps copied each AppModel (retaining its references),
        // once per pod per scrape and once per app per scrape.
        pods.withUnsafeMutableBufferPointer { points in
            sources.withUnsafeMutableBufferPointer { sources in
                nodeCPU.withUnsafeMutableBufferPointer { nodeCPU in
                    nodeMemory.withUnsafeMutableBufferPointer { nodeMemory in
                        for a in apps.indices where a < targets.count {
                            let running = apps[a].perPod
                            for index in targets[a] {
                                let c = Self.counters(&sources[index], ofPod: index, apps, a,
                                                      running: running, cluster: cluster)
                                let before = points[index].lastScrape == n - 1
                                    ? points[index].lastCPU : 0
                                Self.advance(&points[index], scrape: n, cpu: c.cpu)
                                points[index].memory = c.memory
                                if c.node >= 0 {
                                    nodeCPU[c.node] += c.cpu - before
                                    nodeMemory[c.node] += c.memory
                                }
                            }
                        }
                    }
                }
            }
        }
        for index in nodes.indices {
            let node = cluster.nodes[index]
            guard !node.isRemoved, node.readiness == .ready else { continue }
            var p = nodes[index]
            // The node's last point is the previous scrape's, taken at its time.
            let elapsed = p.lastScrape == n - 1 ? Double(now - scrapeTimes.previous) / 1_000 : 0
            let cpu = (p.lastScrape == n - 1 ? p.lastCPU : 0) + nodeCPU[index]
                + nodeOverhead.cpuMilli / 1_000 * elapsed
            Self.advance(&p, scrape: n, cpu: cpu)
            p.memory = nodeMemory[index] + nodeOverhead.memoryBytes
            nodes[index] = p
        }
    }

    /// `apps[a].counters(ofPod: index)`'s cpu seconds and memory (the same arithmetic on the
    /// same numbers) and the pod's node, from the pod's `source`, read again from the app
    /// only after its serving set changed: no dictionary lookup per pod per scrape.
    private static func counters(_ source: inout PodSource, ofPod index: Int, _ apps: [AppModel],
                                 _ a: Int, running: PodAppCounters, cluster: Cluster)
        -> (cpu: Double, memory: Double, node: Int)
    {
        if source.membership != apps[a].membership {
            let state = apps[a].counterState(ofPod: index)
            source.membership = apps[a].membership
            source.serving = state.joined != nil
            source.heldCPU = state.held?.cpuSecondsTotal ?? 0
            source.joinedCPU = state.joined?.cpuSecondsTotal ?? 0
            source.heldMemory = state.held?.memoryBytes
        }
        if source.node < 0, let node = cluster.pods[index].nodeID?.index {
            source.node = node
        }
        guard source.serving else {
            return (source.heldCPU, source.heldMemory ?? apps[a].profile.memoryBaseBytes,
                    source.node)
        }
        // AppModel.counters: held (or zero) + (running − joined); gauges are the running ones.
        return (source.heldCPU + (running.cpuSecondsTotal - source.joinedCPU),
                running.memoryBytes, source.node)
    }

    /// Moves the last point to previous when it is the previous scrape's (else there is no
    /// previous: the object was missing from a scrape) and stores the new one.
    private static func advance(_ p: inout Points, scrape n: Int32, cpu: Double) {
        if p.lastScrape == n - 1 && n > 1 {
            p.prevCPU = p.lastCPU
            p.hasPrev = true
        } else {
            p.hasPrev = false
        }
        p.lastScrape = n
        p.lastCPU = cpu
    }

    /// The usage of the points, if they are current and have a window (resourceUsage), as
    /// the HPA's metrics client reads it: CPU in millicores, memory in whole bytes.
    ///
    /// metrics-server decodes the kubelet's float counters to integers
    /// (pkg/scraper/client/resource/decode.go: `CumulativeCPUUsed = uint64(value * 1e9)`,
    /// `MemoryUsage = uint64(value)`), and resourceUsage (pkg/storage/types.go) serves the CPU
    /// rate as whole nanocores, `uint64(float64(last - prev) / window.Seconds())` with scale
    /// -9. The HPA reads it with `Quantity.MilliValue()`, "the value of ceil(q * 1000)"
    /// (apimachinery resource/quantity.go): 9,000,001n is 10m.
    @inline(__always)
    private func usage(_ p: Points) -> (cpuMilli: Int64, memoryBytes: Int64, timestamp: Int64,
                                        window: Int64)? {
        // Current points are the last scrape's, and the previous ones the scrape's before.
        guard p.lastScrape == scrapes, p.hasPrev else { return nil }
        let window = scrapeTimes.last - scrapeTimes.previous
        let last = Self.whole(p.lastCPU * 1e9), prev = Self.whole(p.prevCPU * 1e9)
        // resourceUsage rejects a decreasing cumulative CPU; a zero window has no rate.
        guard window > 0, last >= prev else { return nil }
        let nanocores = Self.whole(Double(last - prev) / (Double(window) / 1_000))
        return ((nanocores + 999_999) / 1_000_000, Self.whole(p.memory), scrapeTimes.last,
                window)
    }

    /// Go's `uint64(x)` of a float, truncating, for the values met here (0 ≤ x < 9.2e18:
    /// 292 years of CPU in nanoseconds, 9.2 EB); clamped outside, where Go's result is
    /// unspecified or beyond an int64 quantity.
    @inline(__always)
    private static func whole(_ x: Double) -> Int64 {
        x > 0 ? Int64(min(x, 9.2e18)) : 0
    }

    /// The `PodMetrics` of the given pods, in the HPA's milli-units (cpu in millicores,
    /// memory in thousandths of a byte), one container named as the pod's first.
    func podMetrics(_ list: [Pod]) -> [PodResourceSample] {
        list.compactMap { pod in
            let index = pod.id.index
            guard index < pods.count, let u = usage(pods[index]) else { return nil }
            let name = pod.spec.containers.first?.name ?? pod.name
            return PodResourceSample(
                pod: pod.name, timestamp: u.timestamp, windowMs: u.window,
                containers: [name: [
                    "cpu": u.cpuMilli,
                    "memory": HPAArithmetic.saturatingMultiply(u.memoryBytes, 1_000),
                ]])
        }
    }

    /// What `podMetrics` answers for the pods at `indices`, reduced to one resource as the
    /// HPA's metrics client reduces it (`PodGrouping.podResourceMetrics`: the named container's
    /// value, or the sum over containers), without building the per-container maps: each pod
    /// here has one container, named as its first, holding cpu and memory. Each sample goes
    /// to `add` with its pod's index, in `indices` order; returns the number of PodMetrics
    /// `podMetrics` would return. Pods are read in place from the pod table.
    func resourceSamples(_ indices: [Int], pods table: [Pod], resource: String,
                         container: String?, _ add: (Int, PodMetricSample) -> Void) -> Int
    {
        var count = 0
        for index in indices {
            guard index < pods.count, let u = usage(pods[index]) else { continue }
            count += 1
            let value: Int64
            switch resource {
            case "cpu": value = u.cpuMilli
            case "memory": value = HPAArithmetic.saturatingMultiply(u.memoryBytes, 1_000)
            default: continue
            }
            if let container, !container.isEmpty,
               container != table[index].spec.containers.first?.name ?? table[index].name {
                continue
            }
            add(index, PodMetricSample(valueMilli: value, timestamp: u.timestamp,
                                       windowMs: u.window))
        }
        return count
    }

    /// The `NodeMetrics` of every node metrics-server has a value for, in node order.
    func nodeMetrics(_ cluster: Cluster) -> [NodeResourceSample] {
        nodes.indices.compactMap { index in
            guard index < cluster.nodes.count, !cluster.nodes[index].isRemoved,
                  let u = usage(nodes[index])
            else { return nil }
            let node = cluster.nodes[index]
            return NodeResourceSample(node: node.name, labels: node.labels,
                                      timestamp: u.timestamp, windowMs: u.window,
                                      cpuMilli: u.cpuMilli, memoryBytes: u.memoryBytes)
        }
    }
}

/// The system's own resource use on a node, outside any pod.
public struct NodeOverhead: Sendable, Equatable {
    /// CPU, millicores.
    public var cpuMilli: Double
    /// Memory (working set), bytes.
    public var memoryBytes: Double

    /// A modelling default, not a Kubernetes constant: an idle node's kubelet, container
    /// runtime and OS use about 0.1 core and 512 MiB (what `kubectl top node` shows on an
    /// empty node, kube-system pods aside).
    public init(cpuMilli: Double = 100, memoryBytes: Double = 512 * 1_048_576) {
        self.cpuMilli = cpuMilli
        self.memoryBytes = memoryBytes
    }
}

/// One `NodeMetrics` item of metrics.k8s.io/v1beta1 (pkg/api/node.go: name and labels of
/// the node, `timestamp` and `window` of the points, `usage` cpu and memory).
public struct NodeResourceSample: Sendable, Equatable {
    /// The node's name.
    public var node: String
    /// The node's labels (metadata.labels).
    public var labels: [String: String]
    /// When the later point was taken, ms.
    public var timestamp: Int64
    /// The distance between the two points, ms.
    public var windowMs: Int64
    /// CPU usage, millicores.
    public var cpuMilli: Int64
    /// Memory working set, bytes.
    public var memoryBytes: Int64
}

extension ClusterSimulation {
    /// GET `metrics.k8s.io/v1beta1/nodes` (NodeMetricsList): every node with a value, or only
    /// those whose labels `selector` matches.
    public func nodeResourceMetrics(selector: LabelSelector? = nil) throws(MetricsAPIError)
        -> [NodeResourceSample]
    {
        guard metrics.installedAPIs.contains(.resource), let server = metrics.metricsServer
        else { throw .notInstalled(.resource, resource: "nodes") }
        let all = server.nodeMetrics(cluster)
        guard let selector else { return all }
        return all.filter { selector.matches($0.labels) }
    }

    /// Sets the system overhead metrics-server sees on every node (from its next scrape).
    public mutating func setMetricsServerNodeOverhead(_ overhead: NodeOverhead) {
        metrics.metricsServer?.nodeOverhead = overhead
    }
}
