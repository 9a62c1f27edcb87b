/// Stepping a simulation instant by instant, and reading the events each step recorded: what
/// a scripting host needs to run its own code between engine events (a predicate to stop on,
/// a hook on `SuccessfulRescale`) without the engine ever calling out.
extension ClusterSimulation {
    /// Handles every occurrence due at the next pending instant, if that instant is at or
    /// before `limit`, and returns true. Otherwise advances the clock to `limit` (as `run`)
    /// and returns false.
    @discardableResult
    public mutating func runNextInstant(notAfter limit: SimTime) -> Bool {
        guard let t = kernel.nextTime(), t <= limit else {
            run(until: max(limit, now))
            return false
        }
        // Handling may schedule more work at the same instant (a scheduling pass): do it too.
        while let next = kernel.nextTime(), next == t { step() }
        if now < t { run(until: t) }
        return true
    }

    /// Keeps (true) or stops keeping the journal of recorded events that `takeRecordedEvents`
    /// returns. Off by default: a run without hooks stores nothing extra.
    public mutating func setEventJournal(_ on: Bool) {
        kernel.events.journaling = on
        if !on { kernel.events.journal.removeAll() }
    }

    /// The events recorded since the last call (one entry per occurrence: an aggregated record
    /// appears again each time its count grows), oldest first.
    public mutating func takeRecordedEvents() -> [EventRecord] {
        let indices = kernel.events.journal
        kernel.events.journal.removeAll(keepingCapacity: true)
        return indices.map { kernel.events.records[$0] }
    }
}
