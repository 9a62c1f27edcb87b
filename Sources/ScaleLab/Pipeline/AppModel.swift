/// How one workload's application behaves under load.
public struct AppProfile: Sendable, Equatable {
    /// Requests per second one pod serves; beyond that requests are dropped.
    public var rpsCapacity: Double
    /// CPU used when idle, millicores.
    public var cpuBaseMilli: Double
    /// CPU per request/s served, millicores.
    public var cpuPerRPSMilli: Double
    /// Memory used when idle, bytes.
    public var memoryBaseBytes: Double
    /// Memory per request/s served, bytes.
    public var memoryPerRPSBytes: Double
    /// Latency of one request on an idle pod, seconds.
    public var baseLatency: Double

    /// Creates a profile.
    public init(rpsCapacity: Double = 50, cpuBaseMilli: Double = 5, cpuPerRPSMilli: Double = 2,
                memoryBaseBytes: Double = 32 * 1_048_576, memoryPerRPSBytes: Double = 0,
                baseLatency: Double = 0.02) {
        self.rpsCapacity = rpsCapacity
        self.cpuBaseMilli = cpuBaseMilli
        self.cpuPerRPSMilli = cpuPerRPSMilli
        self.memoryBaseBytes = memoryBaseBytes
        self.memoryPerRPSBytes = memoryPerRPSBytes
        self.baseLatency = baseLatency
    }
}

/// One pod's application counters, advanced as simulated time passes.
public struct PodAppCounters: Sendable, Equatable {
    /// `<app>_requests_total`: requests served.
    public var requestsTotal = 0.0
    /// `<app>_requests_dropped_total`: requests refused for lack of capacity.
    public var droppedTotal = 0.0
    /// `container_cpu_usage_seconds_total`: CPU seconds used.
    public var cpuSecondsTotal = 0.0
    /// Offered requests/s over the last interval (gauge).
    public var offeredRPS = 0.0
    /// CPU in use over the last interval, millicores (gauge).
    public var cpuMilli = 0.0
    /// Memory in use, bytes (`container_memory_working_set_bytes`).
    public var memoryBytes = 0.0
    /// Estimated request latency over the last interval, seconds.
    public var latencySeconds = 0.0
}

/// The application model of one workload: its traffic spread over its Ready pods.
public struct AppModel: Sendable {
    /// The workload.
    public var workload: WorkloadID
    /// The app's name: the metric prefix (`<app>_requests_total`).
    public var name: String
    /// Incoming traffic, requests/s in total.
    public var traffic: TrafficModel
    /// Per-pod behaviour.
    public var profile: AppProfile
    /// Counters by pod index (only pods that ever ran).
    public internal(set) var counters: [Int: PodAppCounters] = [:]

    /// Creates a model.
    public init(workload: WorkloadID, name: String, traffic: TrafficModel,
                profile: AppProfile) {
        self.workload = workload
        self.name = name
        self.traffic = traffic
        self.profile = profile
    }

    /// Advances every counter over [a, b), during which the set of Ready pods is constant
    /// (the pipeline calls this between consecutive simulation events, so it is exact for a
    /// rate that is constant over the interval and uses the interval's mean rate otherwise).
    /// Arrivals are spread evenly over the Ready pods, as a Service's kube-proxy does on
    /// average; each pod serves up to its capacity and drops the rest. CPU is base + cost per
    /// request served, bounded by the container's CPU limit (CFS throttling).
    mutating func advance(from a: Int64, to b: Int64, cluster: Cluster) {
        guard b > a else { return }
        let seconds = Double(b - a) / 1_000
        let ready = cluster.activePods(of: workload).filter { cluster.pods[$0.index].isReady }
        let arrivals = traffic.integral(from: a, to: b)
        guard !ready.isEmpty else { return }
        let offeredRPS = arrivals / seconds / Double(ready.count)
        let servedRPS = min(offeredRPS, profile.rpsCapacity)
        for id in ready {
            let pod = cluster.pods[id.index]
            let limit = pod.spec.containers.reduce(0.0) { total, c in
                guard let l = c.limits["cpu"] else { return .infinity }
                return total + Double(l)
            }
            let cpu = min(profile.cpuBaseMilli + profile.cpuPerRPSMilli * servedRPS, limit)
            var c = counters[id.index] ?? PodAppCounters()
            c.requestsTotal += servedRPS * seconds
            c.droppedTotal += (offeredRPS - servedRPS) * seconds
            c.cpuSecondsTotal += cpu / 1_000 * seconds
            c.offeredRPS = offeredRPS
            c.cpuMilli = cpu
            c.memoryBytes = profile.memoryBaseBytes + profile.memoryPerRPSBytes * servedRPS
            // M/M/1 sojourn time 1/(μ−λ), held at 10× the base once saturated.
            let mu = profile.rpsCapacity
            let utilization = mu > 0 ? servedRPS / mu : 1
            c.latencySeconds = utilization < 0.9
                ? profile.baseLatency / (1 - utilization) : profile.baseLatency * 10
            counters[id.index] = c
        }
    }
}
