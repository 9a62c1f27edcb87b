// The HorizontalPodAutoscaler controller inside the simulation: each HPA is a periodic
// controller of the kernel at the controller's sync period (kube-controller-manager
// --horizontal-pod-autoscaler-sync-period, 15s), scaling the simulation's workloads through the
// same path as `scale`. See docs/HPA.md for the engine it drives.

/// An HPA the simulation reconciles.
public struct SimulatedHPA: Sendable {
    /// The object: spec (defaulted, validated) and the status the controller writes.
    public internal(set) var object: HorizontalPodAutoscaler
    /// When it was created (for `kubectl get hpa`'s AGE).
    public let creationTime: SimTime
    /// The kernel controller that resyncs it; nil once deleted.
    var controller: ControllerID?
    var series: (desired: Timeline.SeriesID, current: Timeline.SeriesID)
    /// `<hpa>.<metric name>` by the metric's position in `status.currentMetrics` (the name is
    /// kept to check the position still holds that metric): no lookup by name per sync.
    var metricSeries: [(name: String, id: Timeline.SeriesID)] = []
    /// Lookups that change only when workloads or HPAs are added or deleted.
    var lookups = HPATargetLookups()
    /// The controller's memory of this HPA (its recommendations and scale events), held here
    /// by HPA index rather than in the controller by key: a sync builds no key.
    var history = HPAScalingHistory()
    /// The last reconcile, for `explainHPA`.
    var lastExplanation: HPAExplanation?
    /// Lists the next reconcile fills in place of allocating them.
    var spares = ReconcileSpares()
    /// The pods the last sync listed, their views and names.
    var listing = HPAPodListing()
    /// The pods the metrics APIs' pod listers returned at the last sync (kept until the
    /// scraped pods change).
    var candidates = CandidateCache()
}

/// An HPA's scale target as last looked up: workloads are only ever added (never renamed or
/// removed) and a workload's selector is immutable (apps/v1), so a found target, its selector
/// text and its parsed form stay valid; a missing target is looked up again once the workload
/// count changes, and the AmbiguousSelector answer once HPAs or workloads change.
struct HPATargetLookups: Sendable {
    var workloadCount = -1
    var workload: WorkloadID?
    var selectorText = ""
    var parsedSelector: ParsedLabelSelector?
    var ambiguity: (generation: Int, workloadCount: Int, shared: Bool)?
}

/// The HPA state of a simulation.
struct SimulationAutoscaling: Sendable {
    var controller = HorizontalPodAutoscalerController()
    var hpas: [SimulatedHPA] = []
    /// HPA index by kernel controller index.
    var byController: [Int: Int] = [:]
    var podsByOwner = PodsByOwner()
    var ownerMatches = OwnerSelectorMatches()
    /// Bumped when an HPA is added or deleted (the AmbiguousSelector answers depend on it).
    var generation = 0
    /// How many live HPAs scale a workload of each (namespace, selector text), counted once
    /// per `generation` and workload count: each HPA's AmbiguousSelector answer reads it, so
    /// a wave of first syncs costs one pass over the HPAs rather than one per HPA.
    var selectorOwners: (generation: Int, workloadCount: Int, counts: [HPASelectorKey: Int])?
}

/// A namespace and a scale target's selector text (the AmbiguousSelector comparison).
struct HPASelectorKey: Hashable, Sendable {
    var namespace: String
    var selector: String
}

/// Names an HPA of a simulation (its index in `hpas`).
public struct HPAID: Hashable, Sendable {
    /// The index.
    public let index: Int
}

extension ClusterSimulation {
    /// The HPAs added so far (deleted ones included, with their last status).
    public var hpas: [SimulatedHPA] { autoscaling.hpas }

    /// The HPAs not deleted, in creation order.
    public var liveHPAs: [HPAID] {
        autoscaling.hpas.indices.filter { autoscaling.hpas[$0].controller != nil }
            .map(HPAID.init)
    }

    /// The HPA controller (its flags, in-memory state, explanations). The simulation keeps
    /// each HPA's history and last explanation by HPA index; they are put in by key here. The
    /// controller's event log is not used: the simulation records events in `kernel.events`.
    public var hpaController: HorizontalPodAutoscalerController {
        var controller = autoscaling.controller
        for hpa in autoscaling.hpas where hpa.controller != nil {
            controller.histories[hpa.object.key] = hpa.history
            controller.lastExplanations[hpa.object.key] = hpa.lastExplanation
        }
        return controller
    }

    /// The HPA named `name` in `namespace`, if it exists and is not deleted.
    public func hpa(named name: String, namespace: String = "default") -> HPAID? {
        autoscaling.hpas.firstIndex {
            $0.controller != nil && $0.object.name == name && $0.object.namespace == namespace
        }.map(HPAID.init)
    }

    /// Creates an HPA. `hpa.spec` must be defaulted and valid, as the API server stores it
    /// (`HPAManifest.load` does both; `HPADefaults.apply` / `HPAValidation.validate` in code).
    /// Like the controller's informer, the first reconcile happens at once (at the current
    /// instant, once the simulation runs), then one every sync period.
    @discardableResult
    public mutating func addHPA(_ hpa: HorizontalPodAutoscaler) throws -> HPAID {
        if self.hpa(named: hpa.name, namespace: hpa.namespace) != nil {
            // The API server's AlreadyExists wording.
            throw ClusterError("horizontalpodautoscalers.autoscaling \"\(hpa.name)\" already"
                + " exists")
        }
        let id = HPAID(index: autoscaling.hpas.count)
        let period = SimDuration.ms(autoscaling.controller.config.syncPeriodMs)
        let phase = SimDuration.ms(now.milliseconds % max(period.milliseconds, 1))
        let controller = kernel.addController(
            name: "horizontal-pod-autoscaler/\(hpa.key)", period: period, phase: phase)
        let series = (desired: kernel.timeline.series(named: "\(hpa.name).desired"),
                      current: kernel.timeline.series(named: "\(hpa.name).current"))
        autoscaling.hpas.append(SimulatedHPA(object: hpa, creationTime: now,
                                             controller: controller, series: series))
        autoscaling.byController[controller.index] = id.index
        autoscaling.generation += 1
        return id
    }

    /// Creates every HPA of a manifest (YAML or JSON, one or several documents, `kind: List`).
    @discardableResult
    public mutating func applyHPAs(yaml text: String, source: String = "<input>") throws
        -> [HPAID] {
        let loaded = try HPAManifest.load(yaml: text, source: source)
        return try loaded.map { try addHPA($0) }
    }

    /// Deletes an HPA: no more reconciles, the controller forgets its recommendations.
    public mutating func deleteHPA(_ id: HPAID) {
        guard let controller = autoscaling.hpas[id.index].controller else { return }
        kernel.setEnabled(controller, false)
        autoscaling.byController[controller.index] = nil
        autoscaling.hpas[id.index].controller = nil
        autoscaling.generation += 1
        // The controller forgets its recommendations.
        autoscaling.hpas[id.index].history = HPAScalingHistory()
        autoscaling.hpas[id.index].lastExplanation = nil
    }

    /// Sets the controller's flags (kube-controller-manager's --horizontal-pod-autoscaler-*);
    /// a new sync period realigns every HPA's next resync.
    public mutating func setHPAControllerConfig(_ config: HPAControllerConfig) {
        autoscaling.controller.config = config
        let period = SimDuration.ms(config.syncPeriodMs)
        for hpa in autoscaling.hpas {
            if let controller = hpa.controller { kernel.setPeriod(controller, period) }
        }
    }

    /// Whether `explainHPA` lists every pod's value (off for thousands of large HPAs: the
    /// decisions are the same, only the record is shorter).
    public mutating func setHPARecordPodDetail(_ on: Bool) {
        autoscaling.controller.recordPodDetail = on
    }

    /// `kubectl describe hpa`, with the HPA's events from the simulation's event log.
    public func describeHPA(_ id: HPAID) -> String {
        let object = autoscaling.hpas[id.index].object
        let events = kernel.events.records(
            for: HorizontalPodAutoscalerController.eventObject(object))
        return object.describe(events: events, now: now,
                               created: autoscaling.hpas[id.index].creationTime)
    }

    /// `kubectl get hpa` for one HPA.
    public func getHPATable(_ id: HPAID) -> String {
        let hpa = autoscaling.hpas[id.index]
        return hpa.object.getTable(age: now - hpa.creationTime)
    }

    /// The last reconcile step by step (empty text before the first one).
    public func explainHPA(_ id: HPAID) -> String {
        let hpa = autoscaling.hpas[id.index]
        return hpa.lastExplanation?.text ?? "no reconcile of \(hpa.object.key) yet"
    }

    // MARK: Reconcile

    /// Handles a kernel controller run if it is an HPA's resync; false otherwise.
    mutating func runHPAController(_ controller: ControllerID) -> Bool {
        guard let index = autoscaling.byController[controller.index] else { return false }
        reconcileHPA(index)
        return true
    }

    /// The HPA's scale target and its selector, looked up again only when it may have
    /// changed (see HPATargetLookups).
    mutating func hpaTarget(_ index: Int) -> HPATargetLookups {
        refreshHPATarget(index)
        return autoscaling.hpas[index].lookups
    }

    /// Looks the HPA's scale target up again if it may have changed; the answer is read in
    /// place from `lookups` (a copy retains its selector).
    mutating func refreshHPATarget(_ index: Int) {
        if autoscaling.hpas[index].lookups.workload == nil
            && autoscaling.hpas[index].lookups.workloadCount != cluster.workloads.count {
            var lookups = autoscaling.hpas[index].lookups
            let object = autoscaling.hpas[index].object
            let ref = object.spec.scaleTargetRef
            lookups.workloadCount = cluster.workloads.count
            lookups.workload = WorkloadKind(rawValue: ref.kind).flatMap {
                cluster.workload(named: ref.name, kind: $0, namespace: object.namespace)
            }
            if let workload = lookups.workload {
                let selector = cluster.workloads[workload.index].selector
                lookups.selectorText = selector.selectorText
                lookups.parsedSelector = try? ParsedLabelSelector(parsing: lookups.selectorText)
            }
            autoscaling.hpas[index].lookups = lookups
        }
    }

    /// One reconcile of the HPA at `index` against the cluster model as it is now.
    mutating func reconcileHPA(_ index: Int) {
        let namespace = autoscaling.hpas[index].object.namespace
        refreshHPATarget(index)
        let workload = autoscaling.hpas[index].lookups.workload
        // Assigned once in each branch: a snapshot made and then replaced was copied.
        var target: HPAClusterSnapshot
        if let workload {
            // Fields are read in place, from local references to the pod and workload tables:
            // a Pod or Workload copy retains every one of its references.
            let workloads = cluster.workloads
            let revision = cluster.ownedPodsRevision(of: workload)
            // The listing, its views and the active count are kept while none of the
            // workload's pods was created or changed status (a pod's labels, namespace and
            // owner never change, nor does the workload's selector).
            // Read as a plain value: a method called on the listing in the HPA array copied
            // the whole HPA entry.
            let listedAt = autoscaling.hpas[index].listing.listedAt
            var active = listedAt?.active ?? 0
            if listedAt?.workload != workload || listedAt?.revision != revision {
                var listed: [Int] = []
                active = 0
                let table = cluster.pods
                for podIndex in autoscaling.podsByOwner.pods(of: workload, in: cluster) {
                    if Pod.isActive(table, at: podIndex) { active += 1 }
                    // The pod lister: pods in the namespace matching the scale's selector.
                    if table[podIndex].namespace == namespace,
                       autoscaling.ownerMatches.matches(
                        podIndex, in: table, selector: workloads[workload.index].selector) {
                        listed.append(podIndex)
                    }
                }
                let spec = autoscaling.hpas[index].object.spec
                autoscaling.hpas[index].listing.update(
                    listed, in: table, spec: spec,
                    podLevelResources: autoscaling.controller.podLevelResources)
                autoscaling.hpas[index].listing.listedAt = (workload, revision, active)
            }
            // The snapshot shares the listing's views (they are refreshed in place again at
            // the next sync, once the snapshot is gone).
            target = HPAClusterSnapshot(
                scale: HPAScale(specReplicas: Int32(clamping: workloads[workload.index].replicas),
                                statusReplicas: active,
                                selector: autoscaling.hpas[index].lookups.selectorText,
                                parsedSelector: autoscaling.hpas[index].lookups.parsedSelector),
                pods: autoscaling.hpas[index].listing.views)
            target.selectorAmbiguous = isSelectorShared(index)
            target.podNames = autoscaling.hpas[index].listing.names
        } else {
            target = HPAClusterSnapshot(scale: nil)
        }
        var history = autoscaling.hpas[index].history
        // Moved out for the reconcile so they are not copied when they change.
        autoscaling.hpas[index].history = HPAScalingHistory()
        var candidates = CandidateCache()
        swap(&candidates, &autoscaling.hpas[index].candidates)
        // The last record is rewritten in place (the storage of its lists is reused); moved,
        // not copied: a copy retains every string and array of it.
        var explanation = autoscaling.hpas[index].lastExplanation.take() ?? HPAExplanation()
        var spares = ReconcileSpares()
        swap(&spares, &autoscaling.hpas[index].spares)
        let time = now.milliseconds
        let result = Self.reconcile(index, &autoscaling, history: &history, target: &target,
                                    candidates: &candidates, explanation: &explanation,
                                    spares: &spares,
                                    cluster: &cluster, metrics: &metrics, now: time)
        autoscaling.hpas[index].history = history
        swap(&candidates, &autoscaling.hpas[index].candidates)
        swap(&spares, &autoscaling.hpas[index].spares)
        autoscaling.hpas[index].lastExplanation = consume explanation
        if !result.events.isEmpty {
            let eventObject = HorizontalPodAutoscalerController.eventObject(
                autoscaling.hpas[index].object)
            for event in result.events {
                kernel.events.record(event.type == "Warning" ? .warning : .normal,
                                     reason: event.reason, object: eventObject,
                                     message: event.message, source: "horizontal-pod-autoscaler",
                                     at: SimTime(milliseconds: event.time))
            }
        }
        if let workload, let replicas = target.updatedReplicas {
            // The same path as the scale subresource; replicas are validated by the controller.
            try? scale(workload, replicas: Int(replicas))
        }
        recordHPASeries(index)
    }

    /// Whether another live HPA in the namespace scales a workload with the same selector
    /// (the controller's AmbiguousSelector check, for the selectors the simulation builds:
    /// upstream compares each HPA's selector with the pods, hpaSelectors in horizontal.go).
    /// The answer is kept until an HPA or a workload is added or deleted.
    mutating func isSelectorShared(_ index: Int) -> Bool {
        let generation = autoscaling.generation
        let workloads = cluster.workloads.count
        if let cached = autoscaling.hpas[index].lookups.ambiguity,
           cached.generation == generation, cached.workloadCount == workloads {
            return cached.shared
        }
        let counts: [HPASelectorKey: Int]
        if let owners = autoscaling.selectorOwners, owners.generation == generation,
           owners.workloadCount == workloads {
            counts = owners.counts
        } else {
            // A target's selector text is the one its lookup kept (a workload's selector
            // never changes).
            var counted: [HPASelectorKey: Int] = [:]
            for other in autoscaling.hpas.indices where autoscaling.hpas[other].controller != nil {
                refreshHPATarget(other)
                guard autoscaling.hpas[other].lookups.workload != nil else { continue }
                counted[HPASelectorKey(namespace: autoscaling.hpas[other].object.namespace,
                                       selector: autoscaling.hpas[other].lookups.selectorText),
                        default: 0] += 1
            }
            autoscaling.selectorOwners = (generation, workloads, counted)
            counts = counted
        }
        // This HPA (live, with a target) is one of the count: shared when another is too.
        refreshHPATarget(index)
        let key = HPASelectorKey(namespace: autoscaling.hpas[index].object.namespace,
                                 selector: autoscaling.hpas[index].lookups.selectorText)
        let shared = (counts[key] ?? 0) > 1
        autoscaling.hpas[index].lookups.ambiguity = (generation, workloads, shared)
        return shared
    }

    /// Records `<hpa>.desired`, `<hpa>.current` and one series per metric
    /// (`<hpa>.<metric name>`: the current average value, value or utilization).
    mutating func recordHPASeries(_ index: Int) {
        let t = now
        // Fields are read in place: a copy of the SimulatedHPA retains all of it.
        let series = autoscaling.hpas[index].series
        kernel.timeline.record(
            series.desired, Double(autoscaling.hpas[index].object.status.desiredReplicas), at: t)
        kernel.timeline.record(
            series.current, Double(autoscaling.hpas[index].object.status.currentReplicas), at: t)
        let count = autoscaling.hpas[index].object.status.currentMetrics.count
        for position in 0..<count {
            // Read field by field: a MetricStatus copy retains every string in it.
            let value: Double
            if let utilization = autoscaling.hpas[index].object.status.currentMetrics[position]
                .current.averageUtilization
            {
                value = Double(utilization)
            } else if let q = autoscaling.hpas[index].object.status.currentMetrics[position]
                .current.averageValue
                ?? autoscaling.hpas[index].object.status.currentMetrics[position].current.value
            {
                value = Double(q.milliValue) / 1000
            } else {
                continue
            }
            let name = autoscaling.hpas[index].object.status.currentMetrics[position].name
            guard !name.isEmpty else { continue }
            kernel.timeline.record(metricSeriesID(index, position: position, name: name),
                                   value, at: t)
        }
    }

    /// The series `<hpa>.<metric name>` of the metric at `position` of the HPA's status:
    /// looked up by name (the timeline returns the existing series of a name) only when the
    /// position is new or held another metric.
    private mutating func metricSeriesID(_ index: Int, position: Int, name: String)
        -> Timeline.SeriesID
    {
        if position < autoscaling.hpas[index].metricSeries.count,
           autoscaling.hpas[index].metricSeries[position].name == name {
            return autoscaling.hpas[index].metricSeries[position].id
        }
        let id = kernel.timeline.series(named: "\(autoscaling.hpas[index].object.name).\(name)")
        while autoscaling.hpas[index].metricSeries.count <= position {
            // Positions skipped so far (no value yet) hold "", which names no metric.
            autoscaling.hpas[index].metricSeries.append(("", id))
        }
        autoscaling.hpas[index].metricSeries[position] = (name, id)
        return id
    }
}
