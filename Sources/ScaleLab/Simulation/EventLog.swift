/// The object an event is about (an event's `involvedObject`).
public struct EventObject: Hashable, Sendable, CustomStringConvertible {
    /// `Pod`, `Node`, `Deployment`, `HorizontalPodAutoscaler`, ...
    public var kind: String
    /// The namespace (empty for cluster-scoped objects such as nodes).
    public var namespace: String
    /// The object's name.
    public var name: String

    /// Creates a reference.
    public init(kind: String, namespace: String = "default", name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `pod/web-1`, as kubectl's OBJECT column prints it.
    public var description: String { kind.lowercased() + "/" + name }
}

/// One event as `kubectl get events` shows it, after the event recorder's aggregation.
public struct EventRecord: Hashable, Sendable {
    /// `Normal` or `Warning`.
    public enum Kind: String, Hashable, Sendable {
        /// Routine (Scheduled, Pulled, Started, ScalingReplicaSet, ...).
        case normal = "Normal"
        /// Something went wrong (FailedScheduling, NodeNotReady, ...).
        case warning = "Warning"
    }

    /// Normal or Warning.
    public var type: Kind
    /// The machine-readable reason, e.g. `FailedScheduling`.
    public var reason: String
    /// The involved object.
    public var object: EventObject
    /// The human message.
    public var message: String
    /// The reporting component (`default-scheduler`, `kubelet`, `horizontal-pod-autoscaler`).
    public var source: String
    /// When the event was first seen.
    public var firstTimestamp: SimTime
    /// When it was last seen.
    public var lastTimestamp: SimTime
    /// How many times it was seen.
    public var count: Int
}

/// The run's event log, with client-go's event recorder semantics
/// (k8s.io/client-go/tools/record/events_cache.go):
/// - identical events (same source, object, type, reason and message) are one record whose
///   `count` and `lastTimestamp` grow (eventLogger.eventObserve);
/// - when one object sees 10 or more distinct messages for the same reason within 10 minutes,
///   further ones are folded into a single `(combined from similar events): <message>` record
///   (EventAggregator, defaultAggregateMaxEvents = 10, defaultAggregateIntervalInSeconds = 600).
/// Like client-go, the recorder remembers only the 4096 most recently used keys
/// (maxLruCacheEntries): an identical event whose key was forgotten starts a new record.
/// The recorder's spam filter (a token bucket per object: burst 25, one token per 5 minutes)
/// drops events in a real cluster; it is off by default here, since the log explains a run,
/// and can be enabled with `spamFilter`.
public struct EventLog: Equatable, Sendable {
    /// The records, in order of first appearance.
    public private(set) var records: [EventRecord] = []
    /// Apply the recorder's per-object spam filter (drops events past the token bucket).
    public var spamFilter = false
    /// Events dropped by the spam filter.
    public private(set) var dropped = 0
    /// Record indices touched since the last `takeJournal()`, kept while `journaling` is on
    /// (event hooks read it; see Simulation/SimulationStepping.swift).
    public var journaling = false
    var journal: [Int] = []

    private struct AggregateRecord: Equatable, Sendable {
        var messages: Set<Prehashed<String>> = []
        var last: SimTime
    }

    private struct Bucket: Equatable, Sendable {
        var tokens: Double
        var last: SimTime
    }

    /// The spam filter's key: source and involved object (getSpamKey).
    private struct SpamKey: Hashable, Sendable {
        var source: String
        var object: EventObject
    }

    /// The aggregator's key (getEventAggregateKey minus the message): source, involved
    /// object, type and reason.
    private struct AggregateKey: Hashable, Sendable {
        var source: String
        var object: EventObject
        var type: EventRecord.Kind
        var reason: String
    }

    /// A key with its hash computed once, when it is made: one event probes and updates
    /// several caches with its aggregate key and its message (messages can be long, e.g. a
    /// FailedScheduling FitError), and evicting an entry hashes its key again.
    struct Prehashed<Value: Hashable & Sendable>: Hashable, Sendable {
        let value: Value
        let digest: Int

        init(_ value: Value) {
            self.value = value
            digest = value.hashValue
        }

        static func == (a: Self, b: Self) -> Bool { a.digest == b.digest && a.value == b.value }

        func hash(into hasher: inout Hasher) { hasher.combine(digest) }
    }

    /// The logger's key (getEventKey): the aggregate key and the message, or no message for
    /// the combined record.
    private struct RecordKey: Hashable, Sendable {
        var aggregate: Prehashed<AggregateKey>
        var message: Prehashed<String>?
    }

    /// maxLruCacheEntries in client-go tools/record/events_cache.go.
    static let maxLruCacheEntries = 4096
    private var byKey = LRUCache<RecordKey, Int>(capacity: maxLruCacheEntries)
    private var aggregates = LRUCache<Prehashed<AggregateKey>, AggregateRecord>(
        capacity: maxLruCacheEntries)
    private var buckets = LRUCache<SpamKey, Bucket>(capacity: maxLruCacheEntries)

    static let aggregateMaxEvents = 10
    static let aggregateInterval = SimDuration.seconds(600)
    static let spamBurst = 25.0
    static let spamRefill = SimDuration.seconds(300)

    /// An empty log.
    public init() {}

    /// Records an event at `time`, deduplicating and aggregating as the event recorder does.
    /// The keys are structured (no joined strings), each cache is probed once.
    public mutating func record(
        _ type: EventRecord.Kind, reason: String, object: EventObject, message: String,
        source: String, at time: SimTime
    ) {
        record(type, reason: reason, object: object, hashedMessage: Prehashed(message),
               source: source, at: time)
    }

    /// `record` with the message hashed by the caller, who records one message for many
    /// objects (a scheduling pass's FitError for the pods of one template).
    mutating func record(
        _ type: EventRecord.Kind, reason: String, object: EventObject,
        hashedMessage: Prehashed<String>, source: String, at time: SimTime
    ) {
        if spamFilter && !takeToken(SpamKey(source: source, object: object), at: time) {
            dropped += 1
            return
        }
        let message = hashedMessage.value
        let aggregateKey = Prehashed(
            AggregateKey(source: source, object: object, type: type, reason: reason))
        let combined = aggregates.update(aggregateKey, initial: AggregateRecord(last: time)) {
            aggregate in
            if time - aggregate.last > EventLog.aggregateInterval {
                aggregate = AggregateRecord(last: time)
            }
            aggregate.messages.insert(hashedMessage)
            aggregate.last = time
            guard aggregate.messages.count >= EventLog.aggregateMaxEvents else { return false }
            // do not grow the local key set any larger than max
            aggregate.messages.remove(hashedMessage)
            return true
        }
        let key = RecordKey(aggregate: aggregateKey, message: combined ? nil : hashedMessage)
        let text = combined ? "(combined from similar events): " + message : message
        if let index = byKey.get(key) {
            records[index].count += 1
            records[index].lastTimestamp = time
            records[index].message = text
            if journaling { journal.append(index) }
            return
        }
        byKey.set(key, records.count)
        if journaling { journal.append(records.count) }
        records.append(
            EventRecord(
                type: type, reason: reason, object: object, message: text, source: source,
                firstTimestamp: time, lastTimestamp: time, count: 1))
    }

    /// EventSourceObjectSpamFilter: a token bucket per source and object.
    private mutating func takeToken(_ key: SpamKey, at time: SimTime) -> Bool {
        buckets.update(key, initial: Bucket(tokens: EventLog.spamBurst, last: time)) { bucket in
            let elapsed = Double((time - bucket.last).milliseconds)
            bucket.tokens = min(
                EventLog.spamBurst,
                bucket.tokens + elapsed / Double(EventLog.spamRefill.milliseconds))
            bucket.last = time
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            return allowed
        }
    }

    /// Records about one object, in order of first appearance.
    public func records(for object: EventObject) -> [EventRecord] {
        records.filter { $0.object == object }
    }

    /// The log as `kubectl get events` prints it at `now` (sorted by last timestamp; LAST SEEN
    /// reads `5m (x3 over 12m)` for repeated events, as kubectl's event printer does).
    public func table(now: SimTime) -> String {
        let sorted = records.enumerated().sorted {
            ($0.element.lastTimestamp, $0.offset) < ($1.element.lastTimestamp, $1.offset)
        }.map(\.element)
        var rows = [["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]]
        for r in sorted {
            var lastSeen = (now - r.lastTimestamp).humanDescription
            if r.count > 1 {
                lastSeen += " (x\(r.count) over \((now - r.firstTimestamp).humanDescription))"
            }
            rows.append([lastSeen, r.type.rawValue, r.reason, r.object.description, r.message])
        }
        return TextTable.render(rows)
    }
}

/// Left-aligned columns separated by three spaces, like kubectl's tabwriter output.
public enum TextTable {
    /// The rows as aligned text (the last column unpadded).
    public static func render(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i] + 3)
            }.joined()
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
