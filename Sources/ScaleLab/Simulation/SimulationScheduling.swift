/// kube-scheduler in the simulation: scheduling passes over activeQ, and the cluster events and
/// timers that move pods between the scheduling queue's sub-queues (`SchedulingQueue`).
extension ClusterSimulation {
    /// kube-scheduler pops activeQ's pods one after another (a pass here, at one instant).
    /// Bound pods get a `Scheduled` event and start; the others stay Pending with
    /// `PodScheduled=False`, a `FailedScheduling` event carrying the FitError message (one per
    /// attempt, as `handleSchedulingFailure` records it), and go to unschedulablePods.
    mutating func schedulingPass() {
        passScheduled = false
        let candidates = queue.popActive(cluster, byPriority: cluster.hasPrioritizedPods)
        scheduler.schedule(candidates, in: &cluster)
        var boundAny = false
        // The pods of one template fail with the same message: hashed once per run of them.
        var lastMessage = EventLog.Prehashed("")
        for id in candidates {
            // Fields are read in place: a Pod copy retains every one of its references.
            let i = id.index
            if cluster.pods[i].isRemoved || cluster.pods[i].deletionTimestamp != nil { continue }
            let object = EventObject(kind: "Pod", namespace: cluster.pods[i].namespace,
                                     name: cluster.pods[i].name)
            if let node = cluster.pods[i].nodeID {
                boundAny = true
                if settings.recordPodEvents {
                    kernel.events.record(
                        .normal, reason: "Scheduled", object: object,
                        message: "Successfully assigned \(object.namespace)/\(object.name) to "
                            + cluster.nodes[node.index].name,
                        source: "default-scheduler", at: now)
                }
                scheduleStart(id)
            } else {
                queue.failed(id, now: now.milliseconds,
                             dependsOnPods: cluster.pods[i].hasPodAffinityTerms
                                || !cluster.pods[i].spec.topologySpreadConstraints.isEmpty)
                let message = cluster.pods[i].scheduledCondition?.message ?? ""
                if message != lastMessage.value { lastMessage = EventLog.Prehashed(message) }
                kernel.events.record(
                    .warning, reason: "FailedScheduling", object: object,
                    hashedMessage: lastMessage, source: "default-scheduler", at: now)
            }
        }
        cluster.compactPendingIfSparse()
        // `AssignedPodAdd` (InterPodAffinity, PodTopologySpread): a pod bound elsewhere may
        // satisfy a pending pod's affinity or spread; resources only shrink.
        if boundAny { clusterEventMayHelp(podsOnly: true) }
        carryOutPreemptions()
    }

    /// A cluster event that may make unschedulable pods schedulable (`NodeAdd`, `NodeUpdate`,
    /// `AssignedPodDelete`; `podsOnly`: `AssignedPodAdd`): kube-scheduler's event handlers call
    /// `MoveAllToActiveOrBackoffQueue`, which the NodeResourcesFit, NodePorts, TaintToleration,
    /// NodeAffinity... plugins registered for (`EventsToRegister`). Pods still backing off
    /// wait in backoffQ.
    mutating func clusterEventMayHelp(podsOnly: Bool = false) {
        if queue.moveAll(now: now.milliseconds, podsOnly: podsOnly) { requestPass() }
        armBackoffFlush()
    }

    /// kube-scheduler's `flushUnschedulablePodsLeftover` (every 30s): pods unschedulable for
    /// longer than podMaxInUnschedulablePodsDuration are retried (cluster events retry them
    /// sooner).
    mutating func flushUnschedulable() {
        if queue.flushLeftover(now: now.milliseconds,
                               maxAge: settings.podMaxInUnschedulablePodsDuration.milliseconds) {
            requestPass()
        }
        armBackoffFlush()
    }

    /// Arms the backoff flush for backoffQ's earliest expiry. `flushBackoffQCompleted` runs
    /// every second from the scheduler's start (`wait.Until(p.flushBackoffQCompleted,
    /// 1.0*time.Second, ...)`), so a pod moves at the first whole second at or after its
    /// expiry; only the ticks that find one are simulated.
    mutating func armBackoffFlush() {
        guard let expiry = queue.nextBackoffExpiry else { return }
        let tick = (expiry + 999) / 1000 * 1000
        if let armed = backoffFlushAt, armed <= tick { return }
        backoffFlushAt = tick
        kernel.schedule(.backoffFlush, at: SimTime(milliseconds: max(tick, now.milliseconds)))
    }

    /// The backoff flush tick: pods whose backoff is over go to activeQ.
    mutating func backoffFlush() {
        if let armed = backoffFlushAt, armed <= now.milliseconds { backoffFlushAt = nil }
        if queue.flushBackoff(now: now.milliseconds) { requestPass() }
        armBackoffFlush()
    }
}
