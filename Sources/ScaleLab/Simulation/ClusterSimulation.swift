/// A cluster in simulated time: the cluster model and kube-scheduler driven by the
/// discrete-event kernel, with the pod lifecycle (scheduled → start-up → Running → Ready;
/// graceful termination) and node lifecycle (new nodes becoming Ready; lost nodes going
/// NotReady after the node-monitor grace period and their pods evicted after the default 300s
/// toleration).
/// Everything that happens is recorded in the kernel's timeline and event log.
///
/// A value type: copying a simulation forks it (same pending events and random stream).
public struct ClusterSimulation: Sendable {
    /// The cluster model (read it freely; change it through this type so the lifecycle sees
    /// every change, or through `mutate`).
    public internal(set) var cluster: Cluster
    /// kube-scheduler.
    public var scheduler: Scheduler
    /// Time, events, random stream, timeline and event log.
    public internal(set) var kernel: SimulationKernel<LifecycleEvent>
    /// Control-plane timing.
    public var settings: LifecycleSettings

    struct PodTrack: Sendable {
        var startTicket: EventTicket?
        var readyTicket: EventTicket?
        var terminating = false
        var countedPending = false
        var countedRunning = false
        var countedReady = false
    }

    var tracks: [PodTrack] = []
    var timings: [Int: PodTiming] = [:]
    var nodeLostAt: [Int: SimTime] = [:]
    var evictionTickets: [Int: EventTicket] = [:]
    var passScheduled = false
    /// kube-scheduler's scheduling queue (activeQ, backoffQ, unschedulablePods).
    var queue = SchedulingQueue()
    /// When the armed backoff flush fires (ms), if one is armed.
    var backoffFlushAt: Int64?
    var pendingCount = 0
    var runningCount = 0
    var readyCount = 0
    var workloadReady: [Int] = []
    var dirtyWorkloads: [Int] = []
    var readyNodes = 0
    var unschedulableFlush: ControllerID
    var series = Series()
    var autoscaling = SimulationAutoscaling()
    /// The load and metrics pipeline (apps, Prometheus, metrics-server, adapter, metrics APIs).
    public internal(set) var metrics = MetricsPipelineState()
    var autoscalerState: SimulationClusterAutoscaler?

    /// Timeline series ids, created once.
    struct Series: Sendable {
        var pending: Timeline.SeriesID?
        var running: Timeline.SeriesID?
        var ready: Timeline.SeriesID?
        var nodesReady: Timeline.SeriesID?
        var workloadReplicas: [Timeline.SeriesID] = []
        var workloadReady: [Timeline.SeriesID] = []
    }

    /// A simulation of `cluster` (empty by default) with a random stream seeded by `seed`.
    public init(
        cluster: Cluster = Cluster(), seed: UInt64, settings: LifecycleSettings = .init(),
        profile: SchedulerProfile = SchedulerProfile()
    ) {
        self.cluster = cluster
        self.settings = settings
        scheduler = Scheduler(profile: profile)
        kernel = SimulationKernel(seed: seed)
        // kube-scheduler's flushUnschedulablePodsLeftover runs every 30s.
        unschedulableFlush = kernel.addController(
            name: "scheduler-unschedulable-flush", period: .seconds(30))
        self.cluster.now = 0
        recountNodes()
        syncNewPods()
        recordCounts()
    }

    /// The current simulated time.
    public var now: SimTime { kernel.now }

    // MARK: Changing the cluster

    /// Adds a node pool. With a `startup` delay its nodes join NotReady (tainted
    /// `node.kubernetes.io/not-ready:NoSchedule`) and become Ready when it has passed.
    @discardableResult
    public mutating func addPool(_ pool: NodePool, startup: SimDuration = .zero) throws -> Int {
        let before = cluster.nodes.count
        let index = try cluster.addPool(pool)
        nodesAdded(from: before, startup: startup)
        return index
    }

    /// Grows or shrinks a pool (new nodes join as in `addPool`; removed nodes lose their pods).
    public mutating func resizePool(
        _ index: Int, to count: Int, startup: SimDuration = .zero
    ) throws {
        let before = cluster.nodes.count
        let live = Set(cluster.liveNodes)
        let podsBefore = live.flatMap { cluster.usage[$0.index].pods }
        try cluster.resizePool(index, to: count)
        podsRemovedWithNodes(podsBefore)
        nodesAdded(from: before, startup: startup)
    }

    /// Creates a workload with the scale subresource; its pods start with `timing`.
    @discardableResult
    public mutating func deploy(
        kind: WorkloadKind = .deployment, name: String, namespace: String = "default",
        replicas: Int, template: PodTemplate, selector: LabelSelector? = nil,
        timing: PodTiming = PodTiming()
    ) throws -> WorkloadID {
        let id = try cluster.createWorkload(
            kind: kind, name: name, namespace: namespace, replicas: replicas, template: template,
            selector: selector)
        timings[id.index] = timing
        afterChange(deletions: false)
        return id
    }

    /// Creates a DaemonSet (a pod on each matching node).
    @discardableResult
    public mutating func addDaemonSet(
        name: String, namespace: String = "kube-system", template: PodTemplate
    ) throws -> Int {
        let index = try cluster.createDaemonSet(
            name: name, namespace: namespace, template: template)
        afterChange(deletions: false)
        return index
    }

    /// The scale subresource: sets `spec.replicas`; surplus pods terminate gracefully.
    public mutating func scale(_ id: WorkloadID, replicas: Int) throws {
        try cluster.scale(id, replicas: replicas)
        dirtyWorkloads.append(id.index)
        afterChange(deletions: true)
    }

    /// Cordons (true) or uncordons a node.
    public mutating func cordon(_ id: NodeID, _ value: Bool = true) {
        cluster.setUnschedulable(id, value)
        if !value { clusterEventMayHelp() }  // NodeUpdate: schedulable again
        recordCounts()
    }

    /// Runs `body` on the cluster model, then brings the lifecycle up to date (new pods are
    /// scheduled, deleted ones terminate). For changes this type has no method for.
    public mutating func mutate<R>(_ body: (inout Cluster) throws -> R) rethrows -> R {
        let live = Set(cluster.liveNodes)
        let podsBefore = live.flatMap { cluster.usage[$0.index].pods }
        let before = cluster.nodes.count
        let result = try body(&cluster)
        podsRemovedWithNodes(podsBefore)
        nodesAdded(from: before, startup: .zero)
        afterChange(deletions: true)
        // The body may have changed anything (labels, taints, requests, pods), and which of
        // kube-scheduler's cluster events it amounts to is not known here: every
        // unschedulable pod is retried, as MoveAllToActiveOrBackoffQueue does for a node
        // update. A retry that still fails only costs an attempt; a missed event would leave a
        // pod pending until the 5-minute flush.
        clusterEventMayHelp()
        return result
    }

    /// Sets the start-up timing of a workload's future pods.
    public mutating func setTiming(_ id: WorkloadID, _ timing: PodTiming) {
        timings[id.index] = timing
    }

    /// The timing a pod starts with.
    func timing(of pod: Pod) -> PodTiming {
        if pod.daemonSet != nil { return settings.daemonSetTiming }
        if let owner = pod.owner, let t = timings[owner.index] { return t }
        return PodTiming()
    }

    // MARK: Running

    /// Runs until `end`; returns false if `cancel` asked to stop first (checked every 64
    /// occurrences, since the engine never runs Lua hooks: one occurrence can be a scheduling
    /// pass over many pods, and 4096 of them took tens of seconds in a debug build on a loaded
    /// machine; a check is an atomic load and a clock read, a few ns per occurrence here).
    /// PromQL evaluated inside the run (the adapter's queries for the HPA and its relists)
    /// polls `cancel` too, so one costly query cannot hold the run past it.
    @discardableResult
    public mutating func run(until end: SimTime, cancel: (() -> Bool)? = nil) -> Bool {
        let queriesStop = cancel != nil && metrics.prometheus != nil
        if let cancel, queriesStop {
            metrics.prometheus?.engine.cancellation = QueryCancellation(cancel)
        }
        defer { if queriesStop { metrics.prometheus?.engine.cancellation = nil } }
        var handled = 0
        while let occurrence = kernel.next(until: end) {
            cluster.now = kernel.now.milliseconds
            handle(occurrence)
            recordCounts()
            handled += 1
            if handled & 63 == 0, let cancel, cancel() { return false }
        }
        kernel.advance(to: end)
        cluster.now = end.milliseconds
        advanceTraffic()
        return true
    }

    /// Runs for `duration` from now.
    @discardableResult
    public mutating func run(for duration: SimDuration, cancel: (() -> Bool)? = nil) -> Bool {
        run(until: now + duration, cancel: cancel)
    }

    /// Handles the next occurrence, if any is pending; returns false when none is.
    @discardableResult
    public mutating func step() -> Bool {
        guard let time = kernel.nextTime(), let occurrence = kernel.next(until: time) else {
            return false
        }
        cluster.now = kernel.now.milliseconds
        handle(occurrence)
        recordCounts()
        return true
    }

    mutating func handle(_ occurrence: Occurrence<LifecycleEvent>) {
        advanceTraffic()
        switch occurrence {
        case .controller(let id):
            if id == unschedulableFlush {
                flushUnschedulable()
            } else if !runPipelineController(id), !runHPAController(id) {
                _ = runClusterAutoscalerController(id)
            }
        case .event(let event):
            switch event {
            case .schedulingPass: schedulingPass()
            case .backoffFlush: backoffFlush()
            case .containersStarted(let pod): containersStarted(pod)
            case .podReady(let pod): podBecameReady(pod)
            case .podTerminated(let pod): podTerminated(pod)
            case .nodeHeartbeatCheck(let node): nodeHeartbeatCheck(node)
            case .taintEviction(let node): taintEviction(node)
            case .nodeBecameReady(let node): nodeBecameReady(node)
            case .clusterAutoscaler(let task): handleAutoscalerTask(task)
            }
        }
        observeForClusterAutoscaler()
    }

    // MARK: Bookkeeping

    /// Picks up pods the cluster model created since the last look.
    mutating func syncNewPods() {
        guard tracks.count < cluster.pods.count else { return }
        var newPending = false
        for index in tracks.count..<cluster.pods.count {
            var track = PodTrack()
            let pod = cluster.pods[index]
            if !pod.isRemoved && pod.phase == .pending {
                track.countedPending = true
                pendingCount += 1
                if pod.nodeID == nil {
                    newPending = true
                    queue.add(pod.id, now: now.milliseconds)
                }
            }
            tracks.append(track)
        }
        if newPending { requestPass() }
    }

    /// After an API change: new pods, and (when the change may delete) pods that began
    /// terminating or were removed outright.
    mutating func afterChange(deletions: Bool) {
        syncNewPods()
        if deletions {
            for index in cluster.takeDeletions(all: tracks.count) {
                let pod = cluster.pods[index]
                if pod.isRemoved {
                    if tracks[index].countedPending || tracks[index].countedRunning {
                        uncount(index)
                    }
                } else if pod.deletionTimestamp != nil && !tracks[index].terminating {
                    beginTermination(pod.id)
                }
            }
        }
        recordCounts()
    }

    /// Forgets a removed pod's counters and pending events.
    mutating func uncount(_ index: Int) {
        trafficServingMayChange(index)
        var t = tracks[index]
        if t.countedPending { pendingCount -= 1 }
        if t.countedRunning { runningCount -= 1 }
        if t.countedReady {
            readyCount -= 1
            adjustWorkloadReady(cluster.pods[index].owner, -1)
        }
        if let ticket = t.startTicket { kernel.cancel(ticket) }
        if let ticket = t.readyTicket { kernel.cancel(ticket) }
        t.countedPending = false
        t.countedRunning = false
        t.countedReady = false
        t.startTicket = nil
        t.readyTicket = nil
        tracks[index] = t
    }

    /// Changes a workload's Ready pod count.
    mutating func adjustWorkloadReady(_ owner: WorkloadID?, _ delta: Int) {
        guard let owner else { return }
        while workloadReady.count <= owner.index {
            let w = cluster.workloads[workloadReady.count]
            workloadReady.append(0)
            series.workloadReplicas.append(kernel.timeline.series(named: "\(w.name).replicas"))
            series.workloadReady.append(kernel.timeline.series(named: "\(w.name).ready"))
            dirtyWorkloads.append(w.id.index)
        }
        workloadReady[owner.index] += delta
        dirtyWorkloads.append(owner.index)
    }

    /// Schedules a scheduling pass now unless one is already due or activeQ is empty. Every
    /// change that puts a pod in activeQ calls it (`syncNewPods`, `clusterEventMayHelp`, the
    /// leftover and backoff flushes); a call after any other change does nothing.
    mutating func requestPass() {
        guard !passScheduled, queue.hasActive else { return }
        passScheduled = true
        kernel.schedule(.schedulingPass, at: now)
    }

    /// Stretches `d` by the timing's jitter, drawing from the seeded stream.
    mutating func jittered(_ d: SimDuration, _ timing: PodTiming) -> SimDuration {
        timing.jitter > 0 ? kernel.random.jitter(d, maxFactor: timing.jitter) : d
    }

    /// Records the state series at the current time (workload series only for workloads
    /// whose numbers may have changed).
    mutating func recordCounts() {
        let t = now
        if series.pending == nil {
            series.pending = kernel.timeline.series(named: "pods.pending")
            series.running = kernel.timeline.series(named: "pods.running")
            series.ready = kernel.timeline.series(named: "pods.ready")
            series.nodesReady = kernel.timeline.series(named: "nodes.ready")
        }
        if let id = series.pending { kernel.timeline.record(id, Double(pendingCount), at: t) }
        if let id = series.running { kernel.timeline.record(id, Double(runningCount), at: t) }
        if let id = series.ready { kernel.timeline.record(id, Double(readyCount), at: t) }
        if let id = series.nodesReady { kernel.timeline.record(id, Double(readyNodes), at: t) }
        if let last = cluster.workloads.last, workloadReady.count <= last.id.index {
            adjustWorkloadReady(last.id, 0)
        }
        for i in dirtyWorkloads {
            let replicas = Double(cluster.workloads[i].replicas)
            kernel.timeline.record(series.workloadReplicas[i], replicas, at: t)
            kernel.timeline.record(series.workloadReady[i], Double(workloadReady[i]), at: t)
        }
        dirtyWorkloads.removeAll(keepingCapacity: true)
    }

    /// Recounts Ready nodes (after a node change; nodes change rarely).
    mutating func recountNodes() {
        readyNodes = cluster.nodes.reduce(0) {
            $0 + ($1.isRemoved || $1.readiness != .ready ? 0 : 1)
        }
    }
}
