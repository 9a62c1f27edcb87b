/// metrics-server: scrapes every kubelet's resource metrics endpoint every
/// `--metric-resolution` (default 15s, cmd/metrics-server/app/options/options.go) and serves
/// `metrics.k8s.io`. The kubelet reports cumulative CPU seconds and the working set; the
/// server answers with the CPU rate between its last two scrapes of a pod, the window being
/// their distance and the timestamp the later one (pkg/storage/pod.go, podStorage.GetMetrics:
/// a pod scraped only once has no rate yet and is left out).
public struct MetricsServer: Sendable {
    /// `--metric-resolution`, ms.
    public var resolution: Int64
    struct Point: Sendable { var time: Int64; var cpuSeconds: Double; var memory: Double }
    /// The last two scrapes of each pod, by pod name.
    var points: [String: (prev: Point?, last: Point)] = [:]

    /// A metrics-server with the given resolution.
    public init(resolution: Int64 = 15_000) { self.resolution = max(resolution, 1) }

    /// Scrapes the kubelets at `now`: `targets` are, per app, the indices of its Running pods.
    mutating func scrape(at now: Int64, cluster: Cluster, apps: [AppModel], targets: [[Int]]) {
        var seen: Set<String> = []
        for (app, pods) in zip(apps, targets) {
            for index in pods {
                let pod = cluster.pods[index]
                let c = app.counters(ofPod: index)
                let p = Point(time: now, cpuSeconds: c.cpuSecondsTotal, memory: c.memoryBytes)
                points[pod.name] = (points[pod.name]?.last, p)
                seen.insert(pod.name)
            }
        }
        points = points.filter { seen.contains($0.key) }
    }

    /// The `PodMetrics` of the named pods, in the HPA's milli-units (cpu in millicores,
    /// memory in thousandths of a byte), one container named as the pod's first.
    func podMetrics(_ pods: [Pod]) -> [PodResourceSample] {
        pods.compactMap { pod in
            guard let entry = points[pod.name], let prev = entry.prev else { return nil }
            let window = entry.last.time - prev.time
            guard window > 0 else { return nil }
            let cpu = (entry.last.cpuSeconds - prev.cpuSeconds) / (Double(window) / 1_000)
            let name = pod.spec.containers.first?.name ?? pod.name
            return PodResourceSample(
                pod: pod.name, timestamp: entry.last.time, windowMs: window,
                containers: [name: ["cpu": Int64((cpu * 1_000).rounded()),
                                    "memory": Int64(entry.last.memory * 1_000)]])
        }
    }
}
