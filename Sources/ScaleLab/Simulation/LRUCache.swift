import Collections

/// A least-recently-used cache, like the `golang/groupcache/lru` caches that client-go's
/// event recorder keeps (maxLruCacheEntries = 4096): once full, using a new key forgets the
/// key used least recently. Amortized O(1): every use appends to a queue and stale queue
/// entries are skipped when evicting. Keys are structured values (hashed field by field), so
/// a lookup builds no joined string.
struct LRUCache<Key: Hashable & Sendable, Value: Equatable & Sendable>: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        var value: Value
        var tick: UInt64
    }

    struct Use: Equatable, Sendable {
        var key: Key
        var tick: UInt64
    }

    let capacity: Int
    private var entries: [Key: Entry] = [:]
    private var order = Deque<Use>()
    private var tick: UInt64 = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The value for `key`, marking it used.
    mutating func get(_ key: Key) -> Value? {
        guard let i = entries.index(forKey: key) else { return nil }
        tick += 1
        entries.values[i].tick = tick
        order.append(Use(key: key, tick: tick))
        compactIfNeeded()
        return entries.values[i].value
    }

    /// Stores `value` for `key`, evicting the least recently used key when full.
    mutating func set(_ key: Key, _ value: Value) {
        tick += 1
        entries[key] = Entry(value: value, tick: tick)
        order.append(Use(key: key, tick: tick))
        evictIfNeeded()
        compactIfNeeded()
    }

    /// Changes the value for `key` in place (starting from `initial` when the key is absent)
    /// and marks it used: the same as `get` followed by `set`, with one hash lookup.
    mutating func update<R>(_ key: Key, initial: @autoclosure () -> Value,
                            _ body: (inout Value) -> R) -> R {
        tick += 1
        let stamp = tick
        func touch(_ entry: inout Entry) -> R {
            entry.tick = stamp
            return body(&entry.value)
        }
        let result = touch(&entries[key, default: Entry(value: initial(), tick: stamp)])
        order.append(Use(key: key, tick: stamp))
        evictIfNeeded()
        compactIfNeeded()
        return result
    }

    var count: Int { entries.count }

    private mutating func evictIfNeeded() {
        while entries.count > capacity, let oldest = order.popFirst() {
            if entries[oldest.key]?.tick == oldest.tick { entries[oldest.key] = nil }
        }
    }

    /// Drops stale queue entries once the queue is much longer than the cache.
    private mutating func compactIfNeeded() {
        guard order.count > 4 * capacity else { return }
        order = Deque(order.filter { entries[$0.key]?.tick == $0.tick })
    }
}
