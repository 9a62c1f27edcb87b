extension Benchmarks {
    /// The outcome of `churn`.
    public struct ChurnResult: Sendable, CustomStringConvertible {
        /// Nodes in the cluster.
        public var nodes: Int
        /// Pods created before the hour.
        public var pods: Int
        /// Wall-clock seconds to place and start every pod (5 simulated minutes, untimed by
        /// the limit; reported for scale).
        public var settleSeconds: Double
        /// Wall-clock seconds of the simulated hour of churn.
        public var hourSeconds: Double
        /// Pods deleted during the hour (scale-downs, deletions, restarts, eviction).
        public var deleted: Int
        /// Pods created during the hour (replacements and scale-ups).
        public var created: Int
        /// Pods Running and Ready at the end.
        public var ready: Int
        /// Pods Pending at the end.
        public var pending: Int
        /// Occurrences (events and controller ticks) handled during the hour.
        public var occurrences: Int

        /// One line: what happened and the wall time of the hour.
        public var description: String {
            "churn: \(pods) pods on \(nodes) nodes, one simulated hour: \(deleted) pods deleted, "
                + "\(created) created, \(occurrences) occurrences, \(ready) ready and \(pending) "
                + "pending at the end: \(String(format: "%.3f", hourSeconds)) s "
                + "(settle \(String(format: "%.3f", settleSeconds)) s)"
        }
    }

    /// The placement cluster (`placement`'s nodes and Deployments) as a simulation, settled
    /// for five simulated minutes (every pod placed, Running and Ready), then advanced one
    /// simulated hour with churn and no autoscalers: every minute three Deployments are scaled
    /// up or down by up to 100 replicas and 20 random pods are deleted (their ReplicaSets
    /// replace them); from minute 10 one Deployment is restarted a quarter at a time; at
    /// minute 20 a node fails (NotReady after the grace period, its pods evicted after 300s
    /// and rescheduled) and at minute 40 it is deleted. Seeded: the same run every time.
    public static func churn(nodes: Int = 5_000, pods: Int = 150_000,
                             replicasPerWorkload: Int = 1_000, seed: UInt64 = 1) throws -> ChurnResult {
        let cluster = try placementCluster(nodes: nodes, pods: pods,
                                           replicasPerWorkload: replicasPerWorkload, seed: seed)
        var sim = ClusterSimulation(cluster: cluster, seed: seed)
        let workloads = sim.cluster.workloads.map(\.id)
        var random = SeededRandom(seed: seed).stream(named: "churn")
        let clock = ContinuousClock()
        var start = clock.now
        sim.run(for: .minutes(5))
        let settle = seconds(clock.now - start)
        let podsBefore = sim.cluster.pods.count
        let removedBefore = sim.cluster.pods.lazy.filter(\.isRemoved).count
        var occurrences = 0
        start = clock.now
        var restart: [PodID] = []
        var failed: NodeID?
        for minute in 0..<60 where !workloads.isEmpty {
            for _ in 0..<3 {
                let w = workloads[Int(random.below(UInt64(workloads.count)))]
                let current = sim.cluster.workloads[w.index].replicas
                let delta = Int(random.below(100)) + 1
                let target = random.bernoulli(0.5) ? current + delta : max(0, current - delta)
                try sim.scale(w, replicas: target)
            }
            for _ in 0..<20 {
                let id = PodID(Int(random.below(UInt64(sim.cluster.pods.count))))
                if sim.cluster.pods[id.index].isActive { sim.deletePod(id) }
            }
            if minute == 10 {
                let w = workloads[Int(random.below(UInt64(workloads.count)))]
                restart = sim.cluster.activePods(of: w)
            }
            if minute >= 10 && minute < 14 {
                let batch = (restart.count + 3) / 4
                for id in restart.prefix(batch) where sim.cluster.pods[id.index].isActive {
                    sim.deletePod(id)
                }
                restart.removeFirst(min(batch, restart.count))
            }
            if minute == 20 {
                let live = sim.cluster.liveNodes
                let node = live[Int(random.below(UInt64(live.count)))]
                try sim.failNode(node)
                failed = node
            }
            if minute == 40, let failed { sim.removeNode(failed) }
            occurrences += sim.runCounting(for: .minutes(1))
        }
        let hour = seconds(clock.now - start)
        let removedAfter = sim.cluster.pods.lazy.filter(\.isRemoved).count
        var ready = 0, pending = 0
        for pod in sim.cluster.pods where !pod.isRemoved {
            if pod.isReady { ready += 1 }
            if pod.phase == .pending { pending += 1 }
        }
        return ChurnResult(nodes: nodes, pods: podsBefore, settleSeconds: settle, hourSeconds: hour,
                           deleted: removedAfter - removedBefore,
                           created: sim.cluster.pods.count - podsBefore, ready: ready,
                           pending: pending, occurrences: occurrences)
    }

    /// A duration in seconds.
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

extension ClusterSimulation {
    /// Runs for `duration` one occurrence at a time; returns how many were handled.
    mutating func runCounting(for duration: SimDuration) -> Int {
        let end = now + duration
        var handled = 0
        while let next = kernel.nextTime(), next <= end, step() { handled += 1 }
        run(until: end)
        return handled
    }
}
