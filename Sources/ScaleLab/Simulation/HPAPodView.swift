// How the HPA controller sees the simulation's cluster model: the scale subresource of a
// workload and its pods as `HPAPod` values (what the controller's pod lister returns).

extension LabelSelector {
    /// `metav1.LabelSelectorAsSelector(s).String()`, the form a scale's `status.selector`
    /// carries: requirements sorted by key (labels.internalSelector.Add sorts them), matchLabels
    /// as `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by commas.
    public var selectorText: String {
        var parts: [(key: String, text: String)] = matchLabels.map {
            ($0.key, "\($0.key)=\($0.value)")
        }
        for req in matchExpressions {
            let values = req.values.sorted().joined(separator: ",")
            switch req.operator {
            case "In": parts.append((req.key, "\(req.key) in (\(values))"))
            case "NotIn": parts.append((req.key, "\(req.key) notin (\(values))"))
            case "Exists": parts.append((req.key, req.key))
            case "DoesNotExist": parts.append((req.key, "!\(req.key)"))
            default: continue
            }
        }
        // sort.Stable by key: equal keys keep the order LabelSelectorAsSelector added them.
        let ordered = parts.enumerated().sorted {
            $0.element.key != $1.element.key ? $0.element.key < $1.element.key
                : $0.offset < $1.offset
        }
        return ordered.map(\.element.text).joined(separator: ",")
    }
}

extension Pod {
    /// The pod as the HPA controller reads it: phase, Ready condition and its transition time,
    /// start time, deletion, container requests in milli-units (the cluster model keeps cpu in
    /// millicores and every other resource in base units).
    var hpaPod: HPAPod {
        func milli(_ requests: [String: Int64]) -> [String: Int64] {
            var out: [String: Int64] = [:]
            for (name, value) in requests {
                let (product, overflow) = value.multipliedReportingOverflow(by: 1000)
                out[name] = name == "cpu" ? value : (overflow ? Int64.max : product)
            }
            return out
        }
        func containers(_ list: [Container]) -> [HPAContainer] {
            list.map {
                HPAContainer(name: $0.name, requestsMilli: milli($0.requests),
                             restartPolicyAlways: $0.restartPolicy == "Always")
            }
        }
        var view = HPAPod(
            name: name, containers: containers(spec.containers),
            initContainers: containers(spec.initContainers),
            podLevelRequestsMilli: spec.podLevelRequests.isEmpty
                ? nil : milli(spec.podLevelRequests))
        updateHPAStatus(&view)
        return view
    }

    /// Refreshes the parts of a pod's HPA view that change over its life (phase, Ready,
    /// start time, deletion); name and requests are fixed once the pod exists.
    func updateHPAStatus(_ view: inout HPAPod) {
        view.setStatus(phase: phase, ready: readyCondition, startTime: startTime,
                       deleting: deletionTimestamp != nil)
    }
}

extension Pod {
    /// `pods[index].isActive` (controller.IsPodActive), its fields read in place: calling the
    /// getter on an element copied the whole Pod first.
    static func isActive(_ pods: [Pod], at index: Int) -> Bool {
        pods[index].phase != .succeeded && pods[index].phase != .failed
            && pods[index].deletionTimestamp == nil && !pods[index].isRemoved
    }
}

extension HPAPod {
    /// `pods[index].updateHPAStatus(&self)`, reading the pod's fields in place: copying a Pod
    /// to call a method on it retains every one of its references.
    mutating func refreshStatus(from pods: [Pod], at index: Int) {
        setStatus(phase: pods[index].phase, ready: pods[index].readyCondition,
                  startTime: pods[index].startTime,
                  deleting: pods[index].deletionTimestamp != nil)
    }

    fileprivate mutating func setStatus(phase: PodPhase, ready: PodCondition?, startTime: Int64?,
                                        deleting: Bool) {
        switch phase {
        case .pending: self.phase = .pending
        case .running: self.phase = .running
        case .succeeded: self.phase = .succeeded
        case .failed: self.phase = .failed
        case .unknown: self.phase = .unknown
        }
        self.ready = ready.map {
            HPAReadyCondition(status: ConditionStatus(rawValue: $0.status) ?? .unknown,
                              lastTransitionTime: $0.lastTransitionTime)
        }
        self.startTime = startTime
        self.deleting = deleting
    }
}

/// Whether each pod matches the selector of the workload owning it, by pod index, learnt
/// once per pod: a pod's labels and a workload's selector never change, and a pod never
/// changes owner.
struct OwnerSelectorMatches: Sendable {
    /// By pod index: 0 not looked at yet, 1 matches, 2 does not.
    private var state: [UInt8] = []

    /// Whether pod `index` matches `selector`, the selector of the workload owning it.
    mutating func matches(_ index: Int, in table: [Pod], selector: LabelSelector) -> Bool {
        if state.count <= index {
            state.append(contentsOf: repeatElement(0, count: index + 1 - state.count))
        }
        if state[index] == 0 {
            state[index] = selector.matches(table[index].labels) ? 1 : 2
        }
        return state[index] == 1
    }
}

/// What an HPA's last sync listed: the pods' indices, their views and their names numbered.
/// While a sync lists the same pods the views are refreshed in place (name and requests never
/// change) and handed to the reconcile without copying one.
struct HPAPodListing: Sendable {
    var pods: [Int] = []
    var views: [HPAPod] = []
    var names = HPAPodNames([])
    /// The workload and the revision of its pods (`Cluster.ownedPodsRevision`) the listing
    /// was read at, with the number of active pods then.
    var listedAt: (workload: WorkloadID, revision: UInt64, active: Int32)?

    /// Lists `indices` (pods of `table`) now, for an HPA of `spec`; the requests its
    /// Utilization targets read are computed when the pods change.
    mutating func update(_ indices: [Int], in table: [Pod], spec: HPASpec,
                         podLevelResources: Bool) {
        if indices == pods {
            for position in views.indices {
                views[position].refreshStatus(from: table, at: indices[position])
            }
        } else {
            pods = indices
            views = indices.map { table[$0].hpaPod }
            names = HPAPodNames(views)
            // Pods are listed in creation (index) order; checked, as samples are then matched
            // by a search of the indices.
            if zip(indices, indices.dropFirst()).allSatisfy({ $0 < $1 }) {
                names.podIndices = indices
            }
            keepRequests(spec, podLevelResources: podLevelResources)
        }
    }

    /// Computes the requests by slot of every Utilization target of `spec` (one that fails
    /// is left to the calculator, which reports the error).
    private mutating func keepRequests(_ spec: HPASpec, podLevelResources: Bool) {
        for metric in spec.metrics {
            guard let source = metric.resourceSource, source.target.averageUtilization != nil,
                  names.cachedRequests(resource: source.name, container: source.container,
                                       podLevelResources: podLevelResources) == nil,
                  let values = try? PodGrouping.requests(
                    pods: views, names: names, resource: source.name,
                    container: source.container, podLevelResources: podLevelResources)
            else { continue }
            names.requests.append(SlotRequests(resource: source.name, container: source.container,
                                               podLevelResources: podLevelResources,
                                               values: values))
        }
    }
}

/// Pod ids per owning workload, kept up to date incrementally: pods are only ever appended to
/// the cluster's pod table and never change owner, so each HPA sync reads its workload's pods
/// without scanning the whole table.
struct PodsByOwner: Sendable {
    private(set) var indexed = 0
    private var byOwner: [[Int]] = []

    /// The live (not removed) pods of `owner`, after indexing pods created since the last call.
    mutating func pods(of owner: WorkloadID, in cluster: Cluster) -> [Int] {
        while indexed < cluster.pods.count {
            if let o = cluster.pods[indexed].owner {
                while byOwner.count <= o.index { byOwner.append([]) }
                byOwner[o.index].append(indexed)
            }
            indexed += 1
        }
        guard owner.index < byOwner.count else { return [] }
        // Removed pods leave the list for good (their slots are never reused).
        byOwner[owner.index].removeAll { cluster.pods[$0].isRemoved }
        return byOwner[owner.index]
    }
}
