import Collections

/// A least-recently-used cache with string keys, like the `golang/groupcache/lru` caches that
/// client-go's event recorder keeps (maxLruCacheEntries = 4096): once full, using a new key
/// forgets the key used least recently. Amortized O(1): every use appends to a queue and stale
/// queue entries are skipped when evicting.
struct LRUCache<Value: Equatable & Sendable>: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        var value: Value
        var tick: UInt64
    }

    struct Use: Equatable, Sendable {
        var key: String
        var tick: UInt64
    }

    let capacity: Int
    private var entries: [String: Entry] = [:]
    private var order = Deque<Use>()
    private var tick: UInt64 = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The value for `key`, marking it used.
    mutating func get(_ key: String) -> Value? {
        guard var entry = entries[key] else { return nil }
        tick += 1
        entry.tick = tick
        entries[key] = entry
        order.append(Use(key: key, tick: tick))
        compactIfNeeded()
        return entry.value
    }

    /// Stores `value` for `key`, evicting the least recently used key when full.
    mutating func set(_ key: String, _ value: Value) {
        tick += 1
        entries[key] = Entry(value: value, tick: tick)
        order.append(Use(key: key, tick: tick))
        while entries.count > capacity, let oldest = order.popFirst() {
            if entries[oldest.key]?.tick == oldest.tick { entries[oldest.key] = nil }
        }
        compactIfNeeded()
    }

    var count: Int { entries.count }

    /// Drops stale queue entries once the queue is much longer than the cache.
    private mutating func compactIfNeeded() {
        guard order.count > 4 * capacity else { return }
        order = Deque(order.filter { entries[$0.key]?.tick == $0.tick })
    }
}
