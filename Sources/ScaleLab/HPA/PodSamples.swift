// One metric's samples matched to the pods of a reconcile, by position: the replica
// calculator's input. Upstream keeps them in a map by pod name (metricsclient.PodMetricsInfo)
// and looks each pod up by name at every step (groupPods, removeMetricsForPods, the ratio,
// the second pass); here a sample is matched to its pod once, when it is read, and every
// later step indexes arrays parallel to the pod list.

/// The distinct names of a pod list, numbered ("slots"): a sample belongs to a name, so
/// pods of one name share a slot. (A pod lister never returns two pods of one name, since it
/// lists one namespace, but a hand-made list may, and the map semantics are kept for it: one
/// sample, one request — the last pod's — per name.)
public struct HPAPodNames: Sendable {
    /// The slot of each pod, by position; nil when every name is distinct (pod i is slot i).
    let slotOfPod: [Int]?
    /// Slot by name.
    let slotByName: [String: Int]
    /// The names in slot order when there are few: a read compares a sample's pod name with
    /// each instead of hashing it (a few short comparisons cost less than one hash).
    private let fewNames: [String]?
    /// The pods' indices in the simulation's pod table, ascending, when the lister knows
    /// them: a sample read for the pod at a listed index lands in the slot of that pod's name
    /// without hashing the name (a sample of an unlisted index is matched by name).
    var podIndices: [Int]?
    /// Requests by slot (`PodGrouping.requests` of the same pods) the lister computed when
    /// it numbered the names, for the resources it knew would be asked: a pod's requests
    /// never change, so they hold while the same pods are listed.
    var requests: [SlotRequests] = []

    /// Numbers the names of `pods` in pod order.
    public init(_ pods: [HPAPod]) {
        var slots: [String: Int] = [:]
        slots.reserveCapacity(pods.count)
        var slotOfPod: [Int]?
        for (position, pod) in pods.enumerated() {
            if let slot = slots[pod.name] {
                // The first repeated name: every pod so far had its own slot.
                if slotOfPod == nil { slotOfPod = Array(0..<position) }
                slotOfPod?.append(slot)
            } else {
                slots[pod.name] = slots.count
                slotOfPod?.append(slots.count - 1)
            }
        }
        self.slotByName = slots
        self.slotOfPod = slotOfPod
        if slots.count <= Self.fewNamesLimit {
            var names = Array(repeating: "", count: slots.count)
            for (name, slot) in slots { names[slot] = name }
            fewNames = names
        } else {
            fewNames = nil
        }
    }

    /// Up to this many names a lookup scans them.
    private static let fewNamesLimit = 16

    /// The number of distinct names.
    public var count: Int { slotByName.count }

    /// The slot of the pod at `position`.
    @inline(__always)
    func slot(ofPod position: Int) -> Int { slotOfPod?[position] ?? position }

    /// The position of the listed pod at `podIndex` of the pod table, when `podIndices` are
    /// known and hold it; `hint` is checked first (samples read in pod order come at the
    /// position after the previous one's).
    func position(ofPodIndex podIndex: Int, hint: Int = 0) -> Int? {
        guard let indices = podIndices else { return nil }
        if hint < indices.count && indices[hint] == podIndex { return hint }
        var low = 0
        var high = indices.count
        while low < high {
            let mid = (low + high) / 2
            if indices[mid] < podIndex { low = mid + 1 } else { high = mid }
        }
        return low < indices.count && indices[low] == podIndex ? low : nil
    }

    /// The slot of `name`, nil when no listed pod has it.
    @inline(__always)
    func slot(named name: String, hint: Int = 0) -> Int? {
        guard let fewNames else { return slotByName[name] }
        // Samples mostly come in slot order: the slot after the last one first.
        if hint < fewNames.count, fewNames[hint] == name { return hint }
        return fewNames.firstIndex(of: name)
    }

    /// The requests computed for these arguments, if kept.
    func cachedRequests(resource: String, container: String?, podLevelResources: Bool)
        -> [Int64?]? {
        requests.first {
            $0.resource == resource && $0.container == container
                && $0.podLevelResources == podLevelResources
        }?.values
    }
}

/// `PodGrouping.requests` of a pod list by slot, with its arguments.
struct SlotRequests: Sendable {
    var resource: String
    var container: String?
    var podLevelResources: Bool
    var values: [Int64?]
}

/// A metric's samples by slot: first one per listed name (nil: the name has no sample), then
/// one per name not in the pod list (samples the utilization sums skip and plain averages
/// count, as upstream does with its map).
public struct PodSamples: Sendable, Equatable {
    /// The samples by slot.
    public internal(set) var bySlot: [PodMetricSample?]
    /// How many slots name listed pods (the others name pods not in the list).
    public let listed: Int

    /// No sample yet for any of `names`.
    public init(names: HPAPodNames) {
        bySlot = Array(repeating: nil, count: names.count)
        listed = names.count
    }

    /// The samples of a map by pod name.
    public init(_ values: [String: PodMetricSample], names: HPAPodNames) {
        self.init(names: names)
        for (name, sample) in values {
            if let slot = names.slot(named: name) { bySlot[slot] = sample } else {
                bySlot.append(sample)
            }
        }
    }

    /// Whether there is no sample at all.
    public var isEmpty: Bool { !bySlot.contains { $0 != nil } }

    /// The samples of listed names (in slot order), then the others.
    var values: [Int64?] { bySlot.map { $0?.valueMilli } }
}

/// Builds a `PodSamples` from samples arriving one by one with their pod's name: of two
/// samples for one name the last is kept, as when they are put in a map.
struct PodSamplesBuilder {
    private(set) var samples: PodSamples
    private let names: HPAPodNames
    /// Slots of names not in the pod list, made only when one arrives.
    private var unlisted: [String: Int] = [:]
    /// The position after the last sample's pod (where the next one usually is).
    private var next = 0
    /// The slot after the last sample's named slot (where the next one usually is).
    private var nextSlot = 0

    init(names: HPAPodNames) {
        self.names = names
        samples = PodSamples(names: names)
    }

    /// `add(_:name:)` for the sample of the pod at `podIndex` of the pod table, found by its
    /// index when the names know the listed pods' indices.
    mutating func add(_ sample: PodMetricSample, podIndex: Int, name: @autoclosure () -> String) {
        if let position = names.position(ofPodIndex: podIndex, hint: next) {
            next = position + 1
            samples.bySlot[names.slot(ofPod: position)] = sample
        } else {
            add(sample, name: name())
        }
    }

    mutating func add(_ sample: PodMetricSample, name: String) {
        if let slot = names.slot(named: name, hint: nextSlot) {
            nextSlot = slot + 1
            samples.bySlot[slot] = sample
        } else if let slot = unlisted[name] {
            samples.bySlot[slot] = sample
        } else {
            unlisted[name] = samples.bySlot.count
            samples.bySlot.append(sample)
        }
    }
}
