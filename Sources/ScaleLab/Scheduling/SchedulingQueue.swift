import Collections

/// kube-scheduler's scheduling queue (`PriorityQueue`,
/// kubernetes/kubernetes pkg/scheduler/internal/queue/scheduling_queue.go): pending pods wait
/// in one of three sub-queues.
/// - activeQ: pods to try at the next scheduling pass, taken in `PrioritySort` order (higher
///   priority first, then the earlier `Timestamp`).
/// - backoffQ: pods an event moved out of unschedulablePods while their backoff
///   (`podInitialBackoffSeconds` 1s doubled per attempt up to `podMaxBackoffSeconds` 10s,
///   counted from the last failure: `getBackoffTime` = `Timestamp` + `calculateBackoffDuration`)
///   had not run out; `flushBackoffQCompleted` moves them to activeQ when it has.
/// - unschedulablePods: pods that failed. Only a cluster event that may make them schedulable
///   (`MoveAllToActiveOrBackoffQueue`) or `flushUnschedulablePodsLeftover` (after
///   `podMaxInUnschedulablePodsDuration`) moves them on; nothing else retries them.
///
/// Each pod's state is kept by pod index; the sub-queues hold pod ids with a generation, and an
/// entry whose pod moved on since (or was bound or removed: the scheduling pass skips those)
/// is dropped when it is reached, so no operation walks the pods that stay where they are.
public struct SchedulingQueue: Sendable {
    /// Where a pod is.
    enum Place: UInt8, Sendable { case none, active, backoff, unschedulable }

    /// A pod's `QueuedPodInfo`.
    struct Info: Sendable {
        var place = Place.none
        /// `Attempts`: scheduling attempts so far (incremented when popped).
        var attempts: Int32 = 0
        /// `Timestamp` (ms): when the pod was added, or last failed (`AddUnschedulableIfNotPresent`
        /// refreshes it, "since the pod is re-added").
        var timestamp: Int64 = 0
        /// Bumped whenever the pod changes place, so older sub-queue entries are known stale.
        var generation: UInt32 = 0
    }

    /// A sub-queue entry.
    struct Entry: Sendable, Comparable {
        var pod: PodID
        var generation: UInt32
        /// The backoff expiry (backoffQ) or the failure time (unschedulablePods), in ms.
        var time: Int64

        /// backoffQ's order: the earlier expiry, then the earlier created pod (deterministic
        /// ties).
        static func < (a: Entry, b: Entry) -> Bool {
            a.time != b.time ? a.time < b.time : a.pod.index < b.pod.index
        }
    }

    var infos: [Info] = []
    var active: [PodID] = []
    /// backoffQ, by backoff expiry.
    var backoff = Heap<Entry>()
    /// unschedulablePods as FIFOs: failures are appended at the current time, which never goes
    /// back, so entries are in `Timestamp` order and the leftover flush takes a prefix.
    /// Unschedulable pods whose placement depends only on nodes and on the pods the cluster
    /// frees (resources, ports, taints...): a pod being bound cannot help them.
    var unschedulableByNodes = Deque<Entry>()
    /// Unschedulable pods with required pod (anti-)affinity terms or topology spread
    /// constraints: a pod being bound elsewhere (`AssignedPodAdd`) may make them fit.
    var unschedulableByPods = Deque<Entry>()
    /// `podInitialBackoffSeconds` and `podMaxBackoffSeconds`, in ms (kube-scheduler's
    /// defaults, 1s and 10s).
    public var initialBackoff: Int64 = 1000
    /// See `initialBackoff`.
    public var maxBackoff: Int64 = 10_000

    /// An empty queue.
    public init() {}

    /// Whether activeQ holds a pod.
    public var hasActive: Bool { !active.isEmpty }

    mutating func info(_ pod: PodID) -> Info {
        while infos.count <= pod.index { infos.append(Info()) }
        return infos[pod.index]
    }

    mutating func place(_ pod: PodID, _ place: Place, timestamp: Int64? = nil) {
        var i = info(pod)
        i.place = place
        i.generation &+= 1
        if let timestamp { i.timestamp = timestamp }
        infos[pod.index] = i
    }

    /// `Add`: a new pending pod goes to activeQ, stamped `now`.
    public mutating func add(_ pod: PodID, now: Int64) {
        place(pod, .active, timestamp: now)
        active.append(pod)
    }

    /// `Pop` for a whole pass: activeQ's pods in `PrioritySort` order (priority higher first
    /// when `byPriority`, then the earlier `Timestamp`, then the earlier created), each counted
    /// as an attempt. activeQ is empty afterwards.
    public mutating func popActive(_ cluster: Cluster, byPriority: Bool) -> [PodID] {
        var popped: [PodID] = []
        popped.reserveCapacity(active.count)
        for pod in active where infos[pod.index].place == .active {
            infos[pod.index].place = .none
            infos[pod.index].attempts += 1
            infos[pod.index].generation &+= 1
            popped.append(pod)
        }
        active.removeAll(keepingCapacity: true)
        let infos = self.infos
        let before = { (a: PodID, b: PodID) -> Bool in
            PrioritySort.less(cluster, a, b, byPriority: byPriority) {
                let ta = infos[a.index].timestamp, tb = infos[b.index].timestamp
                return ta != tb ? ta < tb : a.index < b.index
            }
        }
        // Often already in order (the unschedulable FIFOs drain in Timestamp order, new pods
        // come last): one linear check instead of a sort of every retried pod.
        if zip(popped, popped.dropFirst()).contains(where: { before($1, $0) }) {
            popped.sort(by: before)
        }
        return popped
    }

    /// `AddUnschedulableIfNotPresent`: a pod that failed goes to unschedulablePods, stamped
    /// `now`. (Upstream sends it to backoffQ instead when a move request arrived while it was
    /// being scheduled; a pass here is instantaneous, and the pods it binds are handled by
    /// `moveAll(podsOnly:)` after it, which takes the pods that failed in it too.)
    public mutating func failed(_ pod: PodID, now: Int64, dependsOnPods: Bool) {
        place(pod, .unschedulable, timestamp: now)
        let e = Entry(pod: pod, generation: infos[pod.index].generation, time: now)
        if dependsOnPods { unschedulableByPods.append(e) } else { unschedulableByNodes.append(e) }
    }

    /// `calculateBackoffDuration`: the initial backoff doubled for each attempt after the
    /// first, at most the maximum.
    func backoffDuration(attempts: Int32) -> Int64 {
        var d = initialBackoff
        var i: Int32 = 1
        while i < attempts {
            d *= 2
            if d > maxBackoff { return maxBackoff }
            i += 1
        }
        return d
    }

    /// `MoveAllToActiveOrBackoffQueue` for a cluster event that may make them schedulable:
    /// every unschedulable pod (`podsOnly`: only those that depend on other pods' placement)
    /// goes to backoffQ while it is backing off, to activeQ otherwise. Returns whether activeQ
    /// got a pod.
    public mutating func moveAll(now: Int64, podsOnly: Bool = false) -> Bool {
        var activated = drain(byPods: true, now: now, olderThan: nil)
        if !podsOnly {
            activated = drain(byPods: false, now: now, olderThan: nil) || activated
        }
        return activated
    }

    /// `flushUnschedulablePodsLeftover`: pods unschedulable for longer than `maxAge` ms move on
    /// as in `moveAll`. Returns whether activeQ got a pod.
    public mutating func flushLeftover(now: Int64, maxAge: Int64) -> Bool {
        let a = drain(byPods: true, now: now, olderThan: maxAge)
        let b = drain(byPods: false, now: now, olderThan: maxAge)
        return a || b
    }

    /// Moves the live entries of one unschedulable FIFO (with `olderThan`, only those whose
    /// pod failed more than that long ago: `currentTime.Sub(lastScheduleTime) >
    /// podMaxInUnschedulablePodsDuration`).
    mutating func drain(byPods: Bool, now: Int64, olderThan: Int64?) -> Bool {
        // The usual case, at the 30s tick or after a pod is deleted: nothing waits there.
        if byPods ? unschedulableByPods.isEmpty : unschedulableByNodes.isEmpty { return false }
        // Taken out while it drains (the moves below change other parts of `self`).
        var fifo = Deque<Entry>()
        func exchange() {
            if byPods {
                swap(&fifo, &unschedulableByPods)
            } else {
                swap(&fifo, &unschedulableByNodes)
            }
        }
        exchange()
        defer { exchange() }
        var activated = false
        while let e = fifo.first {
            if let olderThan, now - e.time <= olderThan { break }
            fifo.removeFirst()
            let i = infos[e.pod.index]
            guard i.place == .unschedulable, i.generation == e.generation else { continue }
            // `isPodBackingoff`: the backoff counts from the last failure (`Timestamp`).
            let expiry = i.timestamp + backoffDuration(attempts: i.attempts)
            if expiry > now {
                place(e.pod, .backoff)
                backoff.insert(Entry(pod: e.pod, generation: infos[e.pod.index].generation,
                                     time: expiry))
            } else {
                place(e.pod, .active)
                active.append(e.pod)
                activated = true
            }
        }
        return activated
    }

    /// The earliest backoff expiry in backoffQ (ms), if any.
    public var nextBackoffExpiry: Int64? { backoff.min?.time }

    /// `flushBackoffQCompleted`: pods whose backoff ran out by `now` go to activeQ. Returns
    /// whether activeQ got a pod.
    public mutating func flushBackoff(now: Int64) -> Bool {
        var activated = false
        while let top = backoff.min, top.time <= now {
            backoff.removeMin()
            let i = infos[top.pod.index]
            guard i.place == .backoff, i.generation == top.generation else { continue }
            place(top.pod, .active)
            active.append(top.pod)
            activated = true
        }
        return activated
    }

    /// How many pods wait in unschedulablePods (counting entries not yet found stale).
    public var unschedulableEntries: Int {
        unschedulableByNodes.count + unschedulableByPods.count
    }
}

/// kube-scheduler's default queue sort plugin, `PrioritySort` (`Less`): the pod of higher
/// `spec.priority` first; at equal priority the caller's order of arrival decides (activeQ:
/// the earlier `Timestamp`, then the earlier created).
enum PrioritySort {
    /// Whether `a` goes before `b`; `byPriority` false when no pod has a priority (all 0).
    static func less(_ cluster: Cluster, _ a: PodID, _ b: PodID, byPriority: Bool,
                     earlier: () -> Bool) -> Bool {
        if byPriority {
            let pa = cluster.pods[a.index].spec.priority
            let pb = cluster.pods[b.index].spec.priority
            if pa != pb { return pa > pb }
        }
        return earlier()
    }
}
