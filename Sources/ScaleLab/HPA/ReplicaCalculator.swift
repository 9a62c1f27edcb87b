// The per-metric replica proposals for pod-based metrics
// (pkg/controller/podautoscaler/replica_calculator.go: GetResourceReplicas,
// calcPlainMetricReplicas; metrics/utilization.go: GetResourceUtilizationRatio,
// GetMetricUtilizationRatio). Object and External metrics: ObjectExternalReplicas.swift.

/// A metric's replica proposal and the numbers the status reports.
public struct ReplicaProposal: Sendable, Equatable {
    /// The proposed replica count.
    public var replicas: Int32
    /// The first-pass utilization percent (Utilization targets).
    public var utilization: Int32?
    /// The first-pass usage in milli-units: raw average (resource), average (plain metrics) or
    /// the value the status reports (object/external).
    public var usageMilli: Int64
    /// How the proposal was reached.
    public var explanation: MetricExplanation
}

/// Computes replica proposals with the controller's tolerance and readiness settings.
public struct ReplicaCalculator: Sendable {
    /// The tolerance band (flag, overridden per HPA and direction).
    public var tolerances: HPATolerances
    /// The cpu initialization period and initial readiness delay.
    public var timing: PodReadinessTiming
    /// Gate PodLevelResources: pod-level requests take precedence.
    public var podLevelResources: Bool
    /// Whether explanations list every pod (off saves work for very many HPAs).
    public var recordPodDetail = true

    /// Creates a calculator.
    public init(tolerances: HPATolerances, timing: PodReadinessTiming,
                podLevelResources: Bool = false) {
        self.tolerances = tolerances
        self.timing = timing
        self.podLevelResources = podLevelResources
    }

    /// Resource / ContainerResource with a `Utilization` target (GetResourceReplicas).
    public func resourceUtilizationReplicas(
        currentReplicas: Int32, targetUtilization: Int32, resource: String, container: String?,
        pods: [HPAPod], metrics: [String: PodMetricSample], now: Int64
    ) throws(HPAFetchError) -> ReplicaProposal {
        let names = HPAPodNames(pods)
        return try resourceUtilizationReplicas(
            currentReplicas: currentReplicas, targetUtilization: targetUtilization,
            resource: resource, container: container, pods: pods, names: names,
            samples: PodSamples(metrics, names: names), now: now)
    }

    /// `resourceUtilizationReplicas` over samples matched to the pods' names.
    func resourceUtilizationReplicas(
        currentReplicas: Int32, targetUtilization: Int32, resource: String, container: String?,
        pods: [HPAPod], names: HPAPodNames, samples: PodSamples, now: Int64
    ) throws(HPAFetchError) -> ReplicaProposal {
        let (groups, ready) = try readySamples(pods: pods, names: names, samples: samples,
                                               resource: resource, now: now)
        var values = ready
        let requests: [Int64?]
        if let kept = names.cachedRequests(resource: resource, container: container,
                                           podLevelResources: podLevelResources) {
            requests = kept
        } else {
            requests = try PodGrouping.requests(pods: pods, names: names, resource: resource,
                                                container: container,
                                                podLevelResources: podLevelResources)
        }
        guard values.contains(where: { $0 != nil }) else {
            throw HPAFetchError("did not receive metrics for targeted pods (pods might be unready)")
        }
        let first = try Self.utilizationRatio(values, requests: requests,
                                              target: targetUtilization)
        var explanation = explain(pods, names: names, groups: groups, samples: samples,
                                  requests: requests)
        explanation.usage = Int64(first.utilization)
        explanation.target = Int64(targetUtilization)
        let proposal = try decide(
            currentReplicas: currentReplicas, ratio: first.ratio, names: names, groups: groups,
            values: &values, explanation: &explanation,
            fillMissingOnScaleDown: { slot in
                // Missing pods on a scale-down are assumed to use 100% of their request, or the
                // target when it is above 100%, so they can never cause the scale-down.
                (requests[slot] ?? 0) * Int64(max(100, targetUtilization)) / 100
            },
            ratioOf: { values throws(HPAFetchError) in
                try Self.utilizationRatio(values, requests: requests,
                                          target: targetUtilization).ratio
            })
        return ReplicaProposal(replicas: proposal, utilization: first.utilization,
                               usageMilli: first.rawAverage, explanation: explanation)
    }

    /// Resource / ContainerResource `AverageValue` (`resource` = its name) and Pods metrics
    /// (`resource` = ""): calcPlainMetricReplicas.
    public func plainMetricReplicas(
        currentReplicas: Int32, targetAverageMilli: Int64, resource: String, pods: [HPAPod],
        metrics: [String: PodMetricSample], now: Int64
    ) throws(HPAFetchError) -> ReplicaProposal {
        let names = HPAPodNames(pods)
        return try plainMetricReplicas(
            currentReplicas: currentReplicas, targetAverageMilli: targetAverageMilli,
            resource: resource, pods: pods, names: names,
            samples: PodSamples(metrics, names: names), now: now)
    }

    /// `plainMetricReplicas` over samples matched to the pods' names.
    func plainMetricReplicas(
        currentReplicas: Int32, targetAverageMilli: Int64, resource: String, pods: [HPAPod],
        names: HPAPodNames, samples: PodSamples, now: Int64
    ) throws(HPAFetchError) -> ReplicaProposal {
        let (groups, ready) = try readySamples(pods: pods, names: names, samples: samples,
                                               resource: resource, now: now)
        var values = ready
        guard values.contains(where: { $0 != nil }) else {
            throw HPAFetchError("did not receive metrics for targeted pods (pods might be unready)")
        }
        let first = Self.averageRatio(values, target: targetAverageMilli)
        var explanation = explain(pods, names: names, groups: groups, samples: samples,
                                  requests: nil)
        explanation.usage = first.average
        explanation.target = targetAverageMilli
        let proposal = try decide(
            currentReplicas: currentReplicas, ratio: first.ratio, names: names, groups: groups,
            values: &values, explanation: &explanation,
            // Missing pods on a scale-down are assumed to be exactly at the target.
            fillMissingOnScaleDown: { _ in targetAverageMilli },
            ratioOf: { values in Self.averageRatio(values, target: targetAverageMilli).ratio })
        return ReplicaProposal(replicas: proposal, utilization: nil, usageMilli: first.average,
                               explanation: explanation)
    }

    /// groupPods, then the values by slot without those of ignored and unready pods
    /// (removeMetricsForPods).
    private func readySamples(pods: [HPAPod], names: HPAPodNames, samples: PodSamples,
                              resource: String, now: Int64) throws(HPAFetchError)
        -> (PodPositionGroups, [Int64?]) {
        guard !pods.isEmpty else {
            throw HPAFetchError("no pods returned by selector while calculating replica count")
        }
        let groups = PodGrouping.group(pods: pods, names: names, samples: samples,
                                       resource: resource, timing: timing, now: now)
        var values = samples.values
        for position in groups.ignored { values[names.slot(ofPod: position)] = nil }
        for position in groups.unready { values[names.slot(ofPod: position)] = nil }
        return (groups, values)
    }

    /// The shared decision of both pod-based calculations; `values` by slot.
    private func decide(
        currentReplicas: Int32, ratio: Double, names: HPAPodNames, groups: PodPositionGroups,
        values: inout [Int64?], explanation: inout MetricExplanation,
        fillMissingOnScaleDown: (Int) -> Int64,
        ratioOf: ([Int64?]) throws(HPAFetchError) -> Double
    ) throws(HPAFetchError) -> Int32 {
        explanation.ratio = ratio
        explanation.tolerances = tolerances
        explanation.baseReplicas = currentReplicas
        // Unready pods matter only when scaling up: then they are assumed at 0.
        let scaleUpWithUnready = !groups.unready.isEmpty && ratio > 1
        if !scaleUpWithUnready && groups.missing.isEmpty {
            if tolerances.isWithin(ratio) {
                explanation.withinTolerance = true
                explanation.notes.append("usage ratio within tolerance: keep current replicas")
                return currentReplicas
            }
            return HPAArithmetic.ceilInt32(ratio * Double(groups.readyCount))
        }
        // The values assumed, by slot (of listed names only).
        var assumed = [Int64?](repeating: nil, count: names.count)
        if !groups.missing.isEmpty {
            if ratio < 1 {
                for position in groups.missing {
                    let slot = names.slot(ofPod: position)
                    assumed[slot] = fillMissingOnScaleDown(slot)
                }
            } else if ratio > 1 {
                for position in groups.missing { assumed[names.slot(ofPod: position)] = 0 }
            }
        }
        if scaleUpWithUnready {
            for position in groups.unready { assumed[names.slot(ofPod: position)] = 0 }
        }
        for (slot, value) in assumed.enumerated() where value != nil { values[slot] = value }
        // Explained pods are the listed ones, in order (none without pod detail).
        for index in explanation.pods.indices {
            explanation.pods[index].assumedMilli = assumed[names.slot(ofPod: index)]
        }
        let newRatio = try ratioOf(values)
        explanation.rebalancedRatio = newRatio
        if tolerances.isWithin(newRatio) {
            explanation.withinTolerance = true
            explanation.notes.append("rebalanced ratio within tolerance: keep current replicas")
            return currentReplicas
        }
        if (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1) {
            explanation.notes.append("rebalancing would reverse the scale direction: keep current")
            return currentReplicas
        }
        let count = values.reduce(0) { $1 == nil ? $0 : $0 + 1 }
        let newReplicas = HPAArithmetic.ceilInt32(newRatio * Double(count))
        if (newRatio < 1 && newReplicas > currentReplicas)
            || (newRatio > 1 && newReplicas < currentReplicas) {
            explanation.notes.append(
                "\(newReplicas) replicas would move against the ratio's direction: keep current")
            return currentReplicas
        }
        return newReplicas
    }

    /// Each pod's part, in pod order, and the samples of names not listed (superfluous).
    /// `requests` by slot (Utilization targets).
    private func explain(_ pods: [HPAPod], names: HPAPodNames, groups: PodPositionGroups,
                         samples: PodSamples, requests: [Int64?]?) -> MetricExplanation {
        var explanation = MetricExplanation()
        guard recordPodDetail else { return explanation }
        explanation.pods.reserveCapacity(pods.count)
        for position in pods.indices {
            let slot = names.slot(ofPod: position)
            explanation.pods.append(PodContribution(
                pod: pods[position].name, disposition: groups.dispositions[position],
                valueMilli: samples.bySlot[slot]?.valueMilli, requestMilli: requests?[slot],
                assumedMilli: nil))
        }
        // Every slot past the listed names holds a sample.
        explanation.superfluousSamples = samples.bySlot.count - samples.listed
        return explanation
    }

    /// GetResourceUtilizationRatio: over samples whose pod has a request,
    /// utilization = (Σ usage × 100) div Σ request (int64, truncated, stored as int32 percent);
    /// the raw average is Σ usage div count. `values` and `requests` by slot: names not listed
    /// have no request.
    static func utilizationRatio(_ values: [Int64?], requests: [Int64?], target: Int32)
        throws(HPAFetchError) -> (ratio: Double, utilization: Int32, rawAverage: Int64) {
        var metricsTotal: Int64 = 0
        var requestsTotal: Int64 = 0
        var entries: Int64 = 0
        for slot in 0..<min(values.count, requests.count) {
            // Samples for pods without a request are extraneous (pods gone from the list).
            guard let value = values[slot], let request = requests[slot] else { continue }
            metricsTotal = HPAArithmetic.saturatingAdd(metricsTotal, value)
            requestsTotal = HPAArithmetic.saturatingAdd(requestsTotal, request)
            entries += 1
        }
        guard requestsTotal != 0 else {
            throw HPAFetchError("no metrics returned matched known pods")
        }
        let percent = HPAArithmetic.saturatingMultiply(metricsTotal, 100) / requestsTotal
        let utilization = Int32(clamping: percent)
        return (Double(utilization) / Double(target), utilization, metricsTotal / entries)
    }

    /// GetMetricUtilizationRatio: average = Σ value div count over all samples.
    static func averageRatio(_ values: [Int64?], target: Int64)
        -> (ratio: Double, average: Int64) {
        var total: Int64 = 0
        var count: Int64 = 0
        for case let value? in values {
            total = HPAArithmetic.saturatingAdd(total, value)
            count += 1
        }
        let average = count == 0 ? 0 : total / count
        return (Double(average) / Double(target), average)
    }
}
