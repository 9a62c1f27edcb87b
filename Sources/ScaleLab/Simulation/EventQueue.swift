import Collections

/// Names a scheduled event so it can be cancelled.
public struct EventTicket: Hashable, Sendable {
    /// The event's sequence number: its rank among events due at the same instant.
    public let sequence: UInt64
}

/// The one deterministic event queue: a binary min-heap ordered by (time, sequence), where the
/// sequence number is the order of scheduling. Two events due at the same millisecond therefore
/// fire in the order they were scheduled, on every run. A value type (copy-on-write storage),
/// so a cloned simulation carries its pending events.
public struct EventQueue<Event: Sendable>: Sendable {
    struct Entry: Comparable, Sendable {
        let time: Int64
        let sequence: UInt64
        let event: Event

        static func < (a: Entry, b: Entry) -> Bool {
            a.time != b.time ? a.time < b.time : a.sequence < b.sequence
        }
        static func == (a: Entry, b: Entry) -> Bool { a.sequence == b.sequence }
    }

    private var heap = Heap<Entry>()
    private var nextSequence: UInt64 = 0
    /// Cancelled events still in the heap; dropped when they reach the top.
    private var cancelled: Set<UInt64> = []

    /// An empty queue.
    public init() {}

    /// Schedules `event` at `time`; returns its ticket.
    @discardableResult
    public mutating func push(_ event: Event, at time: SimTime) -> EventTicket {
        let sequence = nextSequence
        nextSequence += 1
        heap.insert(Entry(time: time.milliseconds, sequence: sequence, event: event))
        return EventTicket(sequence: sequence)
    }

    /// Cancels a pending event (cancelling one that already fired has no effect on others).
    public mutating func cancel(_ ticket: EventTicket) {
        if ticket.sequence < nextSequence { cancelled.insert(ticket.sequence) }
    }

    /// Drops cancelled entries from the top of the heap.
    private mutating func dropCancelled() {
        while let top = heap.min, cancelled.contains(top.sequence) {
            cancelled.remove(top.sequence)
            _ = heap.popMin()
        }
    }

    /// The time of the earliest pending event.
    public mutating func nextTime() -> SimTime? {
        dropCancelled()
        return heap.min.map { SimTime(milliseconds: $0.time) }
    }

    /// Removes and returns the earliest pending event, if it is due at or before `limit`.
    public mutating func pop(until limit: SimTime) -> (time: SimTime, event: Event)? {
        dropCancelled()
        guard let top = heap.min, top.time <= limit.milliseconds else { return nil }
        _ = heap.popMin()
        return (SimTime(milliseconds: top.time), top.event)
    }

    /// Pending events, cancelled ones included until they are dropped.
    public var count: Int { heap.count }

    /// True when nothing is pending.
    public var isEmpty: Bool { heap.count == cancelled.count }
}
