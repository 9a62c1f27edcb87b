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

    /// These counters plus the totals `b − a` (the gauges are left alone).
    func adding(_ b: PodAppCounters, minus a: PodAppCounters) -> PodAppCounters {
        var c = self
        c.requestsTotal += b.requestsTotal - a.requestsTotal
        c.droppedTotal += b.droppedTotal - a.droppedTotal
        c.cpuSecondsTotal += b.cpuSecondsTotal - a.cpuSecondsTotal
        return c
    }
}

/// The application model of one workload: its traffic spread over the pods that serve it.
///
/// A pod serves while it is active (not being deleted) and Ready: that is when the
/// EndpointSlice controller lists it as a ready endpoint and kube-proxy sends it new
/// connections (a terminating endpoint gets none while ready ones exist). Every serving pod
/// takes the same share, so the model keeps one running total per app ("what one serving pod
/// has accumulated since the app was modelled") and each pod remembers the total when it
/// joined: integrating an interval costs O(1) however many pods serve, and a pod's counters are
/// read in O(1). A pod out of service takes no requests and its counters hold still.
public struct AppModel: Sendable {
    /// The workload.
    public var workload: WorkloadID
    /// The app's name: the metric prefix (`<app>_requests_total`).
    public var name: String
    /// Incoming traffic, requests/s in total.
    public var traffic: TrafficModel
    /// Per-pod behaviour.
    public var profile: AppProfile
    /// The pods' CPU limit, millicores (infinite when a container has none).
    var cpuLimitMilli: Double
    /// Counters are integrated up to this time.
    var integratedUntil: Int64
    /// What one serving pod accumulated since the model started, with the current gauges.
    var perPod = PodAppCounters()
    /// Requests offered to the app since it was modelled (what-if figures read it).
    public internal(set) var offeredRequests = 0.0
    /// Requests not served since it was modelled: refused by full pods, or lost while the
    /// Service had no ready endpoint.
    public internal(set) var droppedRequests = 0.0
    /// Serving pods (pod index → `perPod` when it joined).
    private(set) var serving: [Int: PodAppCounters] = [:]
    /// Counters of pods as they stood when they last left service.
    private(set) var held: [Int: PodAppCounters] = [:]
    /// Bumped whenever a pod joins or leaves service or is forgotten: a `PodCounterState` read
    /// at the same value is still the pod's (a scrape target keeps its pod's and skips the two
    /// dictionary lookups while the app's serving set is unchanged).
    private(set) var membership: UInt64 = 0

    /// What a pod's counters are computed from besides the app's running totals.
    struct PodCounterState: Sendable {
        /// Its counters when it last left service (nil: it never served).
        var held: PodAppCounters?
        /// The running totals when it joined (nil: not serving).
        var joined: PodAppCounters?
    }

    /// Creates a model starting at `now`; `limits` are the pod template's containers' limits.
    init(workload: WorkloadID, name: String, traffic: TrafficModel, profile: AppProfile,
         containers: [Container], now: Int64) {
        self.workload = workload
        self.name = name
        self.traffic = traffic
        self.profile = profile
        cpuLimitMilli = containers.reduce(0.0) { total, c in
            guard let l = c.limits["cpu"] else { return .infinity }
            return total + Double(l)
        }
        integratedUntil = now
    }

    /// The number of pods serving now.
    public var servingCount: Int { serving.count }

    /// One pod's counters (a pod that never served: zero, at its idle memory).
    public func counters(ofPod index: Int) -> PodAppCounters {
        counters(counterState(ofPod: index))
    }

    /// A pod's counter state, valid while `membership` is unchanged.
    func counterState(ofPod index: Int) -> PodCounterState {
        PodCounterState(held: held[index], joined: serving[index])
    }

    /// The counters of a pod in `state` (read at the current `membership`).
    func counters(_ state: PodCounterState) -> PodAppCounters {
        let base = state.held ?? PodAppCounters(memoryBytes: profile.memoryBaseBytes)
        guard let joined = state.joined else { return base }
        var c = base.adding(perPod, minus: joined)
        c.offeredRPS = perPod.offeredRPS
        c.cpuMilli = perPod.cpuMilli
        c.memoryBytes = perPod.memoryBytes
        c.latencySeconds = perPod.latencySeconds
        return c
    }

    /// Counters by pod index, for every pod that ever served.
    public var counters: [Int: PodAppCounters] {
        var out: [Int: PodAppCounters] = [:]
        for index in Set(held.keys).union(serving.keys) { out[index] = counters(ofPod: index) }
        return out
    }

    /// Advances the counters to `t`. The serving set is constant since the last call (the
    /// simulation calls this before every occurrence and before any change to the set), so
    /// the split is exact for a rate constant over the interval and uses the interval's mean
    /// rate otherwise. Arrivals are spread evenly over the serving pods, as a Service's
    /// kube-proxy does on average; each pod serves up to its capacity and drops the rest
    /// (arrivals while no pod serves are lost: the Service has no endpoints). CPU is base +
    /// cost per request served, bounded by the container's CPU limit (CFS throttling).
    mutating func advance(to t: Int64) {
        let a = integratedUntil
        guard t > a else { return }
        integratedUntil = t
        let arrivals = traffic.integral(from: a, to: t)
        offeredRequests += arrivals
        guard !serving.isEmpty else {
            droppedRequests += arrivals
            return
        }
        let seconds = Double(t - a) / 1_000
        let offered = arrivals / seconds / Double(serving.count)
        let served = min(offered, profile.rpsCapacity)
        droppedRequests += (offered - served) * seconds * Double(serving.count)
        let cpu = min(profile.cpuBaseMilli + profile.cpuPerRPSMilli * served, cpuLimitMilli)
        perPod.requestsTotal += served * seconds
        perPod.droppedTotal += (offered - served) * seconds
        perPod.cpuSecondsTotal += cpu / 1_000 * seconds
        perPod.offeredRPS = offered
        perPod.cpuMilli = cpu
        perPod.memoryBytes = profile.memoryBaseBytes + profile.memoryPerRPSBytes * served
        // M/M/1 sojourn time 1/(μ−λ), held at 10× the base once saturated.
        let mu = profile.rpsCapacity
        let utilization = mu > 0 ? served / mu : 1
        perPod.latencySeconds = utilization < 0.9
            ? profile.baseLatency / (1 - utilization) : profile.baseLatency * 10
    }

    /// Puts a pod in or out of service at `t` (integrating up to `t` first); a removed pod's
    /// counters are forgotten.
    mutating func setServing(_ index: Int, _ isServing: Bool, removed: Bool = false,
                             at t: Int64) {
        advance(to: t)
        if isServing {
            guard serving[index] == nil else { return }
            serving[index] = perPod
            membership &+= 1
        } else if serving[index] != nil {
            var c = counters(ofPod: index)
            c.offeredRPS = 0
            held[index] = c
            serving[index] = nil
            membership &+= 1
        }
        if removed, held.removeValue(forKey: index) != nil { membership &+= 1 }
    }
}
