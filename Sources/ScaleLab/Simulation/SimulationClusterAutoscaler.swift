// The Cluster Autoscaler inside the simulation: a periodic controller of the kernel at
// `--scan-interval` (10s) that runs `ClusterAutoscaler.runOnce` on the cluster model and
// carries out its decisions: requested nodes register after a seeded provisioning delay (see
// NodeProvisioning.swift) and become Ready later; nodes that never register are given up after
// `--max-node-provision-time`; empty nodes are deleted in bulk; non-empty ones are tainted
// `ToBeDeletedByClusterAutoscaler`, drained (their pods evicted and recreated elsewhere by their
// controllers) and deleted. Upstream: core/static_autoscaler.go (RunOnce),
// core/scaledown/actuation/actuator.go (StartDeletion: empty nodes at once, drained nodes after
// eviction), utils/taints/taints.go (MarkToBeDeleted, value = unix seconds).
//
// Idle cost: after a loop that found no unschedulable pod, no upcoming node, no unneeded node
// and no open request, the controller is paused; it resumes (on its 10 s grid) as soon as a pod
// waits for the scheduler or the nodes' state changes (`Cluster.nodeRevision`).

/// What the autoscaler's actuation schedules on the kernel.
public enum AutoscalerTask: Hashable, Sendable {
    /// A requested node of pool `pool` registers (request number `serial`).
    case registerNode(pool: Int, serial: Int)
    /// A draining node is checked: deleted once its pods are gone.
    case finishDrain(NodeID)
}

/// Counts of what the autoscaler did since it was enabled.
public struct AutoscalerActivity: Sendable, Equatable {
    /// Loops run.
    public var loops = 0
    /// Scale-ups (`ScaledUpGroup`) and the nodes they asked for.
    public var scaleUps = 0
    /// See `scaleUps`.
    public var nodesRequested = 0
    /// Nodes that registered.
    public var nodesRegistered = 0
    /// Empty nodes deleted in bulk and drained nodes deleted.
    public var emptyNodesDeleted = 0
    /// See `emptyNodesDeleted`.
    public var drainedNodesDeleted = 0
    /// Requested nodes given up on after `--max-node-provision-time`.
    public var nodesTimedOut = 0

    /// Creates zero counts.
    public init() {}
}

/// A node registration in flight.
struct PendingRegistration: Sendable {
    var serial: Int
    var ticket: EventTicket?
}

/// The Cluster Autoscaler state of a simulation.
struct SimulationClusterAutoscaler: Sendable {
    var ca: ClusterAutoscaler
    var controller: ControllerID
    var provisioning: NodeProvisioning
    /// Draws provisioning delays and failures (independent of the kernel's stream).
    var random: SeededRandom
    /// Registrations in flight per pool (nodes that will never register have no ticket).
    var inFlight: [Int: [PendingRegistration]] = [:]
    var nextSerial = 0
    /// Draining nodes (index) and when their drain gives up waiting.
    var draining: [Int: SimTime] = [:]
    var asleep = false
    var sleptRevision: UInt64 = 0
    var poolSeries: [Timeline.SeriesID] = []
    var unschedulableSeries: Timeline.SeriesID
    var upcomingSeries: Timeline.SeriesID
    /// When the last loop ran, and the last scale-up / scale-down (for the status).
    var lastProbe: SimTime?
    var lastScaleUp: SimTime?
    var lastScaleDown: SimTime?
    /// Unschedulable pods the last loop saw.
    var unschedulable = 0
    /// What the autoscaler did so far.
    var activity = AutoscalerActivity()

    /// How often the drain checks whether the evicted pods are gone.
    static let drainPollInterval = SimDuration.seconds(5)
    /// `PodEvictionHeadroom` (30s) on top of `--max-graceful-termination-sec`.
    static let podEvictionHeadroom = SimDuration.seconds(30)
}

extension ClusterSimulation {
    /// The Cluster Autoscaler, if enabled (its options, scale-up requests, scale-down timers).
    public var clusterAutoscaler: ClusterAutoscaler? { autoscalerState?.ca }

    /// What the autoscaler did since it was enabled (zero counts when it is not).
    public var autoscalerActivity: AutoscalerActivity {
        autoscalerState?.activity ?? AutoscalerActivity()
    }

    /// How autoscaled nodes come up, if the autoscaler is enabled.
    public var nodeProvisioning: NodeProvisioning? { autoscalerState?.provisioning }

    /// Starts the Cluster Autoscaler on every pool (their `min`/`max` bound it). Its first loop
    /// runs at once, then one every `options.scanInterval`. Calling it again replaces the
    /// options and provisioning model and keeps the autoscaler's state.
    public mutating func enableClusterAutoscaler(
        options: AutoscalingOptions = AutoscalingOptions(),
        provisioning: NodeProvisioning = NodeProvisioning(),
        poolPricesPerHour: [String: Double] = [:]
    ) {
        let period = options.scanInterval
        if var state = autoscalerState {
            state.ca.options = options
            state.ca.poolPricesPerHour = poolPricesPerHour
            state.provisioning = provisioning
            autoscalerState = state
            kernel.setPeriod(state.controller, period)
            wakeClusterAutoscaler()
            return
        }
        let phase = SimDuration.ms(now.milliseconds % max(period.milliseconds, 1))
        let controller = kernel.addController(
            name: "cluster-autoscaler", period: period, phase: phase)
        let streams = kernel.random.stream(named: "cluster-autoscaler")
        autoscalerState = SimulationClusterAutoscaler(
            ca: ClusterAutoscaler(
                options: options, random: streams.stream(named: "expander"),
                poolPricesPerHour: poolPricesPerHour),
            controller: controller, provisioning: provisioning,
            random: streams.stream(named: "provisioning"),
            unschedulableSeries: kernel.timeline.series(named: "autoscaler.unschedulable"),
            upcomingSeries: kernel.timeline.series(named: "autoscaler.upcoming"))
        recordPoolSeries()
    }

    /// Stops the autoscaler's loops (nodes in flight still register; drains still finish).
    public mutating func disableClusterAutoscaler() {
        guard let state = autoscalerState else { return }
        kernel.setEnabled(state.controller, false)
        autoscalerState?.asleep = false
        autoscalerState?.ca.options.scaleDownEnabled = false
    }

    // MARK: The loop

    /// Handles a kernel controller run if it is the autoscaler's loop; false otherwise.
    mutating func runClusterAutoscalerController(_ controller: ControllerID) -> Bool {
        guard let state = autoscalerState, state.controller == controller else { return false }
        runClusterAutoscaler()
        return true
    }

    /// One `RunOnce` and its actuation.
    mutating func runClusterAutoscaler() {
        guard autoscalerState != nil else { return }
        let t = now
        let actions = autoscalerState?.ca.runOnce(in: cluster) ?? AutoscalerActions()
        autoscalerState?.lastProbe = t
        autoscalerState?.activity.loops += 1
        recordAutoscalerEvents(actions.events)
        for (pool, count) in actions.timedOut {
            autoscalerState?.activity.nodesTimedOut += count
            // The instances that never registered are deleted and the target size lowered.
            for pending in autoscalerState?.inFlight[pool] ?? [] {
                if let ticket = pending.ticket { kernel.cancel(ticket) }
            }
            autoscalerState?.inFlight[pool] = nil
        }
        if let up = actions.scaleUp, let pool = up.pool, up.delta > 0 {
            requestNodes(pool: pool, count: up.delta)
            autoscalerState?.lastScaleUp = t
            autoscalerState?.activity.scaleUps += 1
            autoscalerState?.activity.nodesRequested += up.delta
        }
        if let down = actions.scaleDown {
            for node in down.emptyNodes { deleteAutoscaledNode(node.node) }
            autoscalerState?.activity.emptyNodesDeleted += down.emptyNodes.count
            for node in down.drainedNodes { startDrain(node) }
            if !down.emptyNodes.isEmpty || !down.drainedNodes.isEmpty {
                autoscalerState?.lastScaleDown = t
            }
        }
        let unschedulable = (actions.scaleUp?.triggeringPods.count ?? 0)
            + (actions.scaleUp?.waitingForUpcoming.count ?? 0)
            + (actions.scaleUp?.noScaleUpPods.count ?? 0)
            + (actions.scaleUp?.fitExistingNodes.count ?? 0)
        autoscalerState?.unschedulable = unschedulable
        recordPoolSeries()
        sleepIfIdle()
    }

    /// Pauses the loop when the next one would do nothing: no pod waits for the scheduler or
    /// for nodes, no node is upcoming, unneeded or draining, and the scale-down evaluation is
    /// valid until something changes.
    mutating func sleepIfIdle() {
        guard let state = autoscalerState else { return }
        let ca = state.ca
        let idle = state.unschedulable == 0 && cluster.unboundPods == 0
            && ca.unregistered.isEmpty && ca.scaleUpRequests.isEmpty
            && ca.scaleDown.unneeded.isEmpty && state.draining.isEmpty
            && ca.scaleDown.evaluatedRevision == cluster.nodeRevision
            && ca.scaleDown.evaluatedValidUntil == Int64.max
        guard idle else { return }
        kernel.setEnabled(state.controller, false)
        autoscalerState?.asleep = true
        autoscalerState?.sleptRevision = cluster.nodeRevision
    }

    /// Resumes a paused loop when pods wait or the nodes changed (called after every
    /// occurrence; O(1)).
    mutating func observeForClusterAutoscaler() {
        guard let state = autoscalerState, state.asleep else { return }
        if cluster.unboundPods > 0 || cluster.nodeRevision != state.sleptRevision {
            wakeClusterAutoscaler()
        }
    }

    /// Resumes the loop on its grid.
    mutating func wakeClusterAutoscaler() {
        guard let state = autoscalerState, state.asleep else { return }
        autoscalerState?.asleep = false
        kernel.setEnabled(state.controller, true)
    }

    // MARK: Actuation

    /// Asks for `count` nodes of `pool`: each registers after a provisioning delay, unless it
    /// fails (then only the autoscaler's provisioning timeout gets rid of it).
    mutating func requestNodes(pool: Int, count: Int) {
        guard var state = autoscalerState else { return }
        for _ in 0..<count {
            let serial = state.nextSerial
            state.nextSerial += 1
            var pending = PendingRegistration(serial: serial)
            let p = state.provisioning.failureProbability
            if !(p > 0 && state.random.bernoulli(p)) {
                let delay = state.provisioning.registration.sample(&state.random)
                pending.ticket = kernel.schedule(
                    .clusterAutoscaler(.registerNode(pool: pool, serial: serial)), after: delay)
            }
            state.inFlight[pool, default: []].append(pending)
        }
        autoscalerState = state
    }

    /// Handles an actuation task.
    mutating func handleAutoscalerTask(_ task: AutoscalerTask) {
        switch task {
        case .registerNode(let pool, let serial): registerNode(pool: pool, serial: serial)
        case .finishDrain(let node): finishDrain(node)
        }
    }

    /// A requested node's kubelet registers: the Node joins its pool NotReady and becomes
    /// Ready after the provisioning model's readiness delay.
    mutating func registerNode(pool: Int, serial: Int) {
        guard var list = autoscalerState?.inFlight[pool],
              let at = list.firstIndex(where: { $0.serial == serial })
        else { return }
        list.remove(at: at)
        autoscalerState?.inFlight[pool] = list.isEmpty ? nil : list
        let before = cluster.nodes.count
        // Growing a pool only adds nodes (no pod is touched).
        do { try cluster.resizePool(pool, to: cluster.pools[pool].count + 1) } catch { return }
        nodesAdded(from: before, startup: autoscalerState?.provisioning.readiness ?? .zero)
        autoscalerState?.ca.nodeRegistered(pool: pool)
        autoscalerState?.activity.nodesRegistered += 1
        recordPoolSeries()
    }

    /// Deletes an empty node at once (its DaemonSet pods go with it).
    mutating func deleteAutoscaledNode(_ id: NodeID) {
        guard !cluster.nodes[id.index].isRemoved else { return }
        let pool = cluster.nodes[id.index].pool
        removeNode(id)
        if let pool { cluster.pools[pool].count -= 1 }
        autoscalerState?.draining[id.index] = nil
    }

    /// Taints the node `ToBeDeletedByClusterAutoscaler:NoSchedule` (so nothing new lands on
    /// it), evicts the pods the drain simulation moved, and checks back until they are gone.
    mutating func startDrain(_ node: NodeToRemove) {
        let id = node.node
        guard !cluster.nodes[id.index].isRemoved else { return }
        let taint = Taint(key: ScaleDownEligibility.toBeDeletedTaint,
                          value: String(now.milliseconds / 1000), effect: "NoSchedule")
        cluster.setTaints(id, cluster.nodes[id.index].taints + [taint])
        var owners: [WorkloadID] = []
        for pod in node.podsToReschedule {
            let p = cluster.pods[pod.index]
            guard !p.isRemoved, p.deletionTimestamp == nil, p.nodeID == id else { continue }
            cluster.beginDeletion(pod)
            beginTermination(pod)
            if let owner = p.owner, !owners.contains(owner) { owners.append(owner) }
        }
        for owner in owners { cluster.reconcile(owner) }
        syncNewPods()
        let grace = autoscalerState?.ca.options.maxGracefulTermination ?? .seconds(600)
        let deadline = now + grace + SimulationClusterAutoscaler.podEvictionHeadroom
        autoscalerState?.draining[id.index] = deadline
        kernel.schedule(.clusterAutoscaler(.finishDrain(id)),
                        after: SimulationClusterAutoscaler.drainPollInterval)
    }

    /// Deletes a drained node once only DaemonSet pods are left on it (or the wait is over).
    mutating func finishDrain(_ id: NodeID) {
        guard let deadline = autoscalerState?.draining[id.index] else { return }
        guard !cluster.nodes[id.index].isRemoved else {
            autoscalerState?.draining[id.index] = nil
            return
        }
        let busy = cluster.usage[id.index].pods.contains { cluster.pods[$0.index].daemonSet == nil }
        if busy && now < deadline {
            kernel.schedule(.clusterAutoscaler(.finishDrain(id)),
                            after: SimulationClusterAutoscaler.drainPollInterval)
            return
        }
        deleteAutoscaledNode(id)
        autoscalerState?.activity.drainedNodesDeleted += 1
        recordPoolSeries()
    }

    // MARK: Events and series

    /// Records the loop's events (source `cluster-autoscaler`).
    mutating func recordAutoscalerEvents(_ events: [AutoscalerEvent]) {
        for event in events {
            let object: EventObject
            switch event.kind {
            case "Pod", "ConfigMap":
                let parts = event.object.split(separator: "/", maxSplits: 1).map(String.init)
                object = parts.count == 2
                    ? EventObject(kind: event.kind, namespace: parts[0], name: parts[1])
                    : EventObject(kind: event.kind, name: event.object)
            default:
                object = EventObject(kind: event.kind, namespace: "", name: event.object)
            }
            kernel.events.record(
                event.type == "Warning" ? .warning : .normal, reason: event.reason,
                object: object, message: event.message, source: "cluster-autoscaler", at: now)
        }
    }

    /// `nodes.<pool>` (live nodes of each pool), `autoscaler.upcoming` (nodes requested and
    /// not registered) and `autoscaler.unschedulable` (pods the last loop found unschedulable).
    mutating func recordPoolSeries() {
        guard var state = autoscalerState else { return }
        var live = [Int](repeating: 0, count: cluster.pools.count)
        for i in cluster.nodes.indices where !cluster.nodes[i].isRemoved {
            if let pool = cluster.nodes[i].pool { live[pool] += 1 }
        }
        while state.poolSeries.count < cluster.pools.count {
            let name = cluster.pools[state.poolSeries.count].name
            state.poolSeries.append(kernel.timeline.series(named: "nodes.\(name)"))
        }
        for (pool, id) in state.poolSeries.enumerated() {
            kernel.timeline.record(id, Double(live[pool]), at: now)
        }
        let upcoming = state.ca.unregistered.values.reduce(0, +)
        kernel.timeline.record(state.upcomingSeries, Double(upcoming), at: now)
        kernel.timeline.record(state.unschedulableSeries, Double(state.unschedulable), at: now)
        autoscalerState = state
    }
}
