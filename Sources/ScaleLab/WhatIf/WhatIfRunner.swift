/// One scenario of a comparison or sweep, ready to run: a simulation (already changed and
/// given its traffic) and what to measure.
public struct WhatIfJob: Sendable {
    /// The run's label (`baseline`, `fast`, `#12`).
    public var name: String
    /// The simulation, at the instant the run starts.
    public var simulation: ClusterSimulation
    /// What the figures are measured on.
    public var subject: WhatIfSubject

    /// A job.
    public init(name: String, simulation: ClusterSimulation, subject: WhatIfSubject) {
        self.name = name
        self.simulation = simulation
        self.subject = subject
    }
}

/// What one job produced.
public struct WhatIfOutcome: Sendable {
    /// The run's label.
    public var name: String
    /// The figures over the run.
    public var figures: RunFigures
    /// The workload's replicas over the run as sparkline bucket peaks.
    public var trend: [Double?]
    /// The simulation at the end (kept only when asked: a sweep drops it).
    public var simulation: ClusterSimulation?
    /// When the run started.
    public var start: SimTime
    /// False when a stop request ended the run early.
    public var completed: Bool
}

/// Runs what-if jobs in parallel (``ParallelRuns``): each job advances its own copy of the
/// simulation for the same duration, with no Lua involved.
public enum WhatIfRunner {
    /// The width of the replicas sparkline in tables.
    public static let trendWidth = 16

    /// Runs every job for `duration` on `threads` threads. `poll` runs on the calling thread
    /// (see ``ParallelRuns/run(count:threads:stop:pollInterval:poll:job:)``).
    public static func run(
        _ jobs: [WhatIfJob], duration: SimDuration, threads: Int, stop: StopFlag,
        keepSimulations: Bool, poll: (Int) -> Void = { _ in }
    ) -> [WhatIfOutcome?] {
        ParallelRuns.run(count: jobs.count, threads: threads, stop: stop, poll: poll) { i in
            run(jobs[i], duration: duration, stop: stop, keepSimulation: keepSimulations)
        }
    }

    /// Runs one job on the calling thread.
    public static func run(
        _ job: WhatIfJob, duration: SimDuration, stop: StopFlag, keepSimulation: Bool
    ) -> WhatIfOutcome {
        var sim = job.simulation
        let start = WhatIfStart(sim, subject: job.subject)
        let completed = sim.run(for: duration, cancel: { stop.isSet })
        let figures = RunFigures(sim, since: start, subject: job.subject)
        var trend: [Double?] = []
        if job.subject.workload.index < sim.cluster.workloads.count {
            let name = sim.cluster.workloads[job.subject.workload.index].name + ".replicas"
            trend = (try? Sparkline.peaks(sim.kernel.timeline, series: name, from: start.time,
                                          to: sim.now, width: trendWidth)) ?? []
        }
        return WhatIfOutcome(name: job.name, figures: figures, trend: trend,
                             simulation: keepSimulation ? sim : nil, start: start.time,
                             completed: completed)
    }
}
