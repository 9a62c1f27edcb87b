/// The pods a metrics API can have a value for (scraped by Prometheus or metrics-server and not
/// removed since), indexed so that a read lists its candidates without sorting or scanning the
/// whole set: a flag per pod index, the set as a list, and the pods of each label pair in
/// creation (index) order.
///
/// A pod's labels never change in the cluster model (they are set when the pod is created), so
/// a pod enters the label lists once, when first scraped, and leaves them when it is removed.
/// A read with an equality requirement (`app=web`, the selectors workloads get) walks the
/// shortest matching list: an HPA over 100 pods reads 100 entries, not the 100,000 scraped pods.
struct ScrapedPodIndex: Sendable {
    /// A label pair `key=value`.
    struct LabelPair: Hashable, Sendable {
        var key: String
        var value: String
    }

    /// The members carrying one label pair, ascending pod index, and when the list last
    /// changed.
    struct PairMembers: Sendable {
        var pods: [Int] = []
        var stamp: UInt64 = 0
    }

    /// Whether each pod index is in the set.
    private var isMember: [Bool] = []
    /// The members, in the order they entered.
    private var members: [Int] = []
    /// Members by label pair.
    private var byLabel: [LabelPair: PairMembers] = [:]
    /// Bumped at every change of the set or of a pair's list; a list's `stamp` is the value
    /// at its last change, so stamps are never reused.
    private var revision: UInt64 = 0
    /// `Cluster.podPhaseRevision` and the number of target lists at the last `note`: the same
    /// targets again at the same revision change nothing.
    private var noted: (revision: UInt64, apps: Int)?

    /// An empty set.
    init() {}

    /// The indices of the pods of `namespace` whose labels `matches` accepts, among the set,
    /// in creation order, as the API server's pod lister would list them (removed pods are
    /// gone). `required` are label pairs every pod `matches` accepts carries (the selector's
    /// equalities): only members carrying them are looked at.
    func candidates(_ table: [Pod], namespace: String, required: [LabelPair],
                    where matches: ([String: String]) -> Bool) -> [Int]
    {
        // Fields are read in place: copying a Pod retains every one of its references.
        ascending(carrying: required).filter { index in
            !table[index].isRemoved && table[index].namespace == namespace
                && matches(table[index].labels)
        }
    }

    /// Whether `index` is in the set.
    func contains(_ index: Int) -> Bool {
        index < isMember.count && isMember[index]
    }

    /// Adds a scrape's targets and forgets removed pods. The targets are the service
    /// discovery's answer, which changes only with `Cluster.podPhaseRevision` (pods created,
    /// changing phase, removed) or the apps: at the revision of the last note there is
    /// nothing new.
    mutating func note(_ targets: [[Int]], _ cluster: Cluster) {
        if let noted, noted.revision == cluster.podPhaseRevision, noted.apps == targets.count {
            return
        }
        noted = (cluster.podPhaseRevision, targets.count)
        if isMember.count < cluster.pods.count {
            isMember.append(
                contentsOf: repeatElement(false, count: cluster.pods.count - isMember.count))
        }
        for pods in targets {
            for index in pods where !isMember[index] {
                isMember[index] = true
                members.append(index)
                revision &+= 1
                for (key, value) in cluster.pods[index].labels {
                    let pair = LabelPair(key: key, value: value)
                    Self.insertSorted(index, into: &byLabel[pair, default: PairMembers()].pods)
                    byLabel[pair]?.stamp = revision
                }
            }
        }
        var kept = 0
        for position in members.indices {
            let index = members[position]
            if cluster.pods[index].isRemoved {
                isMember[index] = false
                revision &+= 1
                for (key, value) in cluster.pods[index].labels {
                    let pair = LabelPair(key: key, value: value)
                    byLabel[pair]?.pods.removeAll { $0 == index }
                    byLabel[pair]?.stamp = revision
                    if byLabel[pair]?.pods.isEmpty == true { byLabel[pair] = nil }
                }
            } else {
                members[kept] = index
                kept += 1
            }
        }
        members.removeLast(members.count - kept)
    }

    /// Inserts `index` keeping `list` ascending (new pods have the highest index: an append).
    private static func insertSorted(_ index: Int, into list: inout [Int]) {
        guard let last = list.last, last > index else {
            list.append(index)
            return
        }
        var low = 0
        var high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < index { low = mid + 1 } else { high = mid }
        }
        list.insert(index, at: low)
    }

    /// The members, ascending, that carry every pair of `required` (all members when it is
    /// empty): the shortest pair list when there are pairs, else a scan of the flags.
    func ascending(carrying required: [LabelPair]) -> [Int] {
        guard !required.isEmpty else {
            return isMember.indices.filter { isMember[$0] }
        }
        var shortest: [Int] = []
        for (n, pair) in required.enumerated() {
            guard let list = byLabel[pair]?.pods else { return [] }
            if n == 0 || list.count < shortest.count { shortest = list }
        }
        return shortest
    }

    /// `candidates` for one reader that reads the same selector again and again (an HPA at
    /// every sync), kept in `cache` between reads: recomputed only when a list it was taken
    /// from changed (the stamps of the required pairs' lists, or the set's revision when
    /// there is none); pods removed since (`podPhaseRevision` moved) are dropped from it,
    /// since a pod's labels and namespace never change and a removed pod never comes back.
    func candidates(_ table: [Pod], namespace: String, selector: ParsedLabelSelector,
                    podPhaseRevision: UInt64, cache: inout CandidateCache) -> [Int]
    {
        if cache.namespace != namespace || cache.selector != selector.text {
            cache = CandidateCache(namespace: namespace, selector: selector.text,
                                   required: selector.requiredPairs)
        }
        if cache.checkedAt != nil, stampsMatch(cache) {
            if cache.checkedAt != podPhaseRevision {
                cache.pods.removeAll { table[$0].isRemoved }
                cache.checkedAt = podPhaseRevision
            }
            return cache.pods
        }
        cache.pods = candidates(table, namespace: namespace, required: cache.required) {
            selector.matches($0)
        }
        cache.stamps = cache.required.isEmpty ? [revision]
            : cache.required.map { byLabel[$0]?.stamp ?? 0 }
        cache.checkedAt = podPhaseRevision
        return cache.pods
    }

    /// Whether the lists `cache` was computed from are unchanged (one lookup per pair).
    private func stampsMatch(_ cache: CandidateCache) -> Bool {
        if cache.required.isEmpty { return cache.stamps == [revision] }
        guard cache.stamps.count == cache.required.count else { return false }
        for n in cache.required.indices
        where (byLabel[cache.required[n]]?.stamp ?? 0) != cache.stamps[n] {
            return false
        }
        return true
    }
}

/// One reader's last candidates (see `ScrapedPodIndex.candidates(_:namespace:selector:...)`).
struct CandidateCache: Sendable {
    /// The namespace and selector text they are for.
    var namespace = ""
    var selector = ""
    /// The selector's required pairs (built once, not at every read).
    var required: [ScrapedPodIndex.LabelPair] = []
    /// The stamps of the required pairs' lists (0: no list) when they were computed.
    var stamps: [UInt64] = []
    /// The candidates, ascending.
    var pods: [Int] = []
    /// `Cluster.podPhaseRevision` when removed pods were last dropped; nil: not computed.
    var checkedAt: UInt64?
}

extension ParsedLabelSelector {
    /// The `key=value` pairs every matching pod carries: its requirements `k=v`, `k==v` and
    /// `k in (v)` (other requirements narrow nothing an index can use).
    var requiredPairs: [ScrapedPodIndex.LabelPair] { requirements.equalityPairs }
}

extension LabelSelector {
    /// The `key=value` pairs every matching pod carries (matchLabels and single-value `In`).
    var requiredPairs: [ScrapedPodIndex.LabelPair] {
        matchLabels.map { ScrapedPodIndex.LabelPair(key: $0.key, value: $0.value) }
            + matchExpressions.equalityPairs
    }
}

extension [LabelSelectorRequirement] {
    /// The single-value `In` requirements as label pairs.
    var equalityPairs: [ScrapedPodIndex.LabelPair] {
        compactMap {
            $0.operator == "In" && $0.values.count == 1
                ? ScrapedPodIndex.LabelPair(key: $0.key, value: $0.values[0]) : nil
        }
    }
}
