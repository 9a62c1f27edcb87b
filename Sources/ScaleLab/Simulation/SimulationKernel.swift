/// A controller that runs at a fixed period (kubelet stats, metrics-server resolution,
/// Prometheus scrape, HPA sync 15s, Cluster Autoscaler scan 10s, ...).
public struct PeriodicController: Hashable, Sendable {
    /// The controller's name (for logs and `describe`).
    public var name: String
    /// Time between runs.
    public var period: SimDuration
    /// Offset of the runs within the period: runs happen at `phase + k × period`.
    public var phase: SimDuration
    /// False while paused: no run is scheduled.
    public var isEnabled: Bool
    /// Bumped on every reschedule so stale ticks are ignored.
    var generation: UInt64 = 0
}

/// Names a registered periodic controller.
public struct ControllerID: Hashable, Sendable {
    /// Index in registration order.
    public let index: Int
}

/// What the kernel hands its owner next: a one-off event or a periodic controller's run.
public enum Occurrence<Event: Sendable>: Sendable {
    /// A one-off event scheduled with `schedule`.
    case event(Event)
    /// A periodic controller is due.
    case controller(ControllerID)
}

/// The generic discrete-event core of a simulation: virtual time in integer milliseconds, one
/// queue ordered by (time, sequence), periodic controllers, a seeded random stream, a timeline
/// and an event log. The owner (the cluster simulation) drives it:
///
///     while let occurrence = kernel.next(until: end) { handle(occurrence) }
///     kernel.advance(to: end)
///
/// Between occurrences nothing is computed, so an idle hour costs nothing. A value type: a copy
/// is an independent fork with the same pending events and random stream.
public struct SimulationKernel<Event: Sendable>: Sendable {
    enum Item: Sendable {
        case event(Event)
        case tick(controller: Int, generation: UInt64)
    }

    /// The current simulated time.
    public private(set) var now: SimTime = .zero
    /// The simulation's random stream.
    public var random: SeededRandom
    /// Named series recorded during the run.
    public var timeline = Timeline()
    /// Kubernetes-style events recorded during the run.
    public var events = EventLog()
    /// Registered controllers, by `ControllerID.index`.
    public private(set) var controllers: [PeriodicController] = []
    private var queue = EventQueue<Item>()

    /// A kernel at time zero with a random stream seeded by `seed`.
    public init(seed: UInt64) { random = SeededRandom(seed: seed) }

    // MARK: Controllers

    /// Registers a controller running at `phase + k × period` (the first run is the first such
    /// instant at or after now). The period must be positive.
    public mutating func addController(
        name: String, period: SimDuration, phase: SimDuration = .zero
    ) -> ControllerID {
        let id = ControllerID(index: controllers.count)
        controllers.append(
            PeriodicController(
                name: name, period: max(period, .ms(1)), phase: phase, isEnabled: true))
        scheduleNextRun(id.index, atOrAfter: now)
        return id
    }

    /// Changes a controller's period (and phase); the next run is realigned from now.
    public mutating func setPeriod(
        _ id: ControllerID, _ period: SimDuration, phase: SimDuration? = nil
    ) {
        controllers[id.index].period = max(period, .ms(1))
        if let phase { controllers[id.index].phase = phase }
        if controllers[id.index].isEnabled { scheduleNextRun(id.index, atOrAfter: now) }
    }

    /// Pauses (false) or resumes (true) a controller. Resuming schedules its next aligned run.
    public mutating func setEnabled(_ id: ControllerID, _ enabled: Bool) {
        guard controllers[id.index].isEnabled != enabled else { return }
        controllers[id.index].isEnabled = enabled
        controllers[id.index].generation += 1
        if enabled { scheduleNextRun(id.index, atOrAfter: now) }
    }

    /// Schedules the first run at or after `time` on the controller's grid.
    private mutating func scheduleNextRun(_ index: Int, atOrAfter time: SimTime) {
        controllers[index].generation += 1
        let c = controllers[index]
        let period = c.period.milliseconds
        let phase = c.phase.milliseconds
        var k = (time.milliseconds - phase) / period
        if phase + k * period < time.milliseconds { k += 1 }
        let due = SimTime(milliseconds: phase + max(k, 0) * period)
        queue.push(.tick(controller: index, generation: c.generation), at: max(due, time))
    }

    // MARK: One-off events

    /// Schedules `event` at `time` (an instant in the past runs now, after what is due now).
    @discardableResult
    public mutating func schedule(_ event: Event, at time: SimTime) -> EventTicket {
        queue.push(.event(event), at: max(time, now))
    }

    /// Schedules `event` after `delay`.
    @discardableResult
    public mutating func schedule(_ event: Event, after delay: SimDuration) -> EventTicket {
        schedule(event, at: now + delay)
    }

    /// Cancels a pending one-off event.
    public mutating func cancel(_ ticket: EventTicket) { queue.cancel(ticket) }

    // MARK: Running

    /// The time of the next pending occurrence.
    public mutating func nextTime() -> SimTime? { queue.nextTime() }

    /// Takes the next occurrence due at or before `limit`, moving `now` to its time; nil when
    /// nothing is due by then (`now` is unchanged: call `advance(to:)`).
    public mutating func next(until limit: SimTime) -> Occurrence<Event>? {
        while let (time, item) = queue.pop(until: limit) {
            now = max(now, time)
            switch item {
            case .event(let event):
                return .event(event)
            case .tick(let index, let generation):
                let c = controllers[index]
                guard c.isEnabled && c.generation == generation else { continue }
                controllers[index].generation += 1
                queue.push(
                    .tick(controller: index, generation: c.generation + 1), at: now + c.period)
                return .controller(ControllerID(index: index))
            }
        }
        return nil
    }

    /// Moves the clock forward to `time` (never backwards).
    public mutating func advance(to time: SimTime) { now = max(now, time) }

    /// Pending queue entries (events and controller runs).
    public var pendingCount: Int { queue.count }
}
