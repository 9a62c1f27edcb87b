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
        let (groups, ready) = try readySamples(pods: pods, metrics: metrics, resource: resource,
                                               now: now)
        var values = ready
        let requests = try PodGrouping.requests(pods: pods, resource: resource,
                                                container: container,
                                                podLevelResources: podLevelResources)
        guard !values.isEmpty else {
            throw HPAFetchError("did not receive metrics for targeted pods (pods might be unready)")
        }
        let first = try Self.utilizationRatio(values, requests: requests,
                                              target: targetUtilization)
        var explanation = explain(groups, metrics: metrics, requests: requests)
        explanation.usage = Int64(first.utilization)
        explanation.target = Int64(targetUtilization)
        let proposal = try decide(
            currentReplicas: currentReplicas, ratio: first.ratio, groups: groups,
            values: &values, explanation: &explanation,
            fillMissingOnScaleDown: { name in
                // Missing pods on a scale-down are assumed to use 100% of their request, or the
                // target when it is above 100%, so they can never cause the scale-down.
                (requests[name] ?? 0) * Int64(max(100, targetUtilization)) / 100
            },
            ratioOf: { map throws(HPAFetchError) in
                try Self.utilizationRatio(map, requests: requests, target: targetUtilization).ratio
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
        let (groups, ready) = try readySamples(pods: pods, metrics: metrics, resource: resource,
                                               now: now)
        var values = ready
        guard !values.isEmpty else {
            throw HPAFetchError("did not receive metrics for targeted pods (pods might be unready)")
        }
        let first = Self.averageRatio(values, target: targetAverageMilli)
        var explanation = explain(groups, metrics: metrics, requests: [:])
        explanation.usage = first.average
        explanation.target = targetAverageMilli
        let proposal = try decide(
            currentReplicas: currentReplicas, ratio: first.ratio, groups: groups,
            values: &values, explanation: &explanation,
            // Missing pods on a scale-down are assumed to be exactly at the target.
            fillMissingOnScaleDown: { _ in targetAverageMilli },
            ratioOf: { map in Self.averageRatio(map, target: targetAverageMilli).ratio })
        return ReplicaProposal(replicas: proposal, utilization: nil, usageMilli: first.average,
                               explanation: explanation)
    }

    /// groupPods, then the samples without ignored and unready pods.
    private func readySamples(pods: [HPAPod], metrics: [String: PodMetricSample],
                              resource: String, now: Int64) throws(HPAFetchError)
        -> (PodGroups, [String: PodMetricSample]) {
        guard !pods.isEmpty else {
            throw HPAFetchError("no pods returned by selector while calculating replica count")
        }
        let groups = PodGrouping.group(pods: pods, metrics: metrics, resource: resource,
                                       timing: timing, now: now)
        var values = metrics
        for name in groups.ignored { values[name] = nil }
        for name in groups.unready { values[name] = nil }
        return (groups, values)
    }

    /// The shared decision of both pod-based calculations.
    private func decide(
        currentReplicas: Int32, ratio: Double, groups: PodGroups,
        values: inout [String: PodMetricSample], explanation: inout MetricExplanation,
        fillMissingOnScaleDown: (String) -> Int64,
        ratioOf: ([String: PodMetricSample]) throws(HPAFetchError) -> Double
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
        var assumed: [String: Int64] = [:]
        if !groups.missing.isEmpty {
            if ratio < 1 {
                for name in groups.missing { assumed[name] = fillMissingOnScaleDown(name) }
            } else if ratio > 1 {
                for name in groups.missing { assumed[name] = 0 }
            }
        }
        if scaleUpWithUnready {
            for name in groups.unready { assumed[name] = 0 }
        }
        for (name, value) in assumed {
            values[name] = PodMetricSample(valueMilli: value, timestamp: 0, windowMs: 0)
        }
        for index in explanation.pods.indices {
            explanation.pods[index].assumedMilli = assumed[explanation.pods[index].pod]
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
        let newReplicas = HPAArithmetic.ceilInt32(newRatio * Double(values.count))
        if (newRatio < 1 && newReplicas > currentReplicas)
            || (newRatio > 1 && newReplicas < currentReplicas) {
            explanation.notes.append(
                "\(newReplicas) replicas would move against the ratio's direction: keep current")
            return currentReplicas
        }
        return newReplicas
    }

    private func explain(_ groups: PodGroups, metrics: [String: PodMetricSample],
                         requests: [String: Int64]) -> MetricExplanation {
        var explanation = MetricExplanation()
        guard recordPodDetail else { return explanation }
        // The samples of listed pods, by position in `metrics`: the others are superfluous.
        // (Dispositions list every pod once, in pod order; no set of names is built.)
        var listed: [Dictionary<String, PodMetricSample>.Index] = []
        listed.reserveCapacity(groups.dispositions.count)
        explanation.pods = groups.dispositions.map { entry in
            let sample = metrics.index(forKey: entry.pod)
            if let sample { listed.append(sample) }
            return PodContribution(pod: entry.pod, disposition: entry.disposition,
                                   valueMilli: sample.map { metrics[$0].value.valueMilli },
                                   requestMilli: requests[entry.pod], assumedMilli: nil)
        }
        // A name listed twice has one sample.
        listed.sort()
        var distinct = 0
        var previous: Dictionary<String, PodMetricSample>.Index?
        for sample in listed where sample != previous {
            distinct += 1
            previous = sample
        }
        explanation.superfluousSamples = metrics.count - distinct
        return explanation
    }

    /// GetResourceUtilizationRatio: over samples whose pod has a request,
    /// utilization = (Σ usage × 100) div Σ request (int64, truncated, stored as int32 percent);
    /// the raw average is Σ usage div count.
    static func utilizationRatio(_ metrics: [String: PodMetricSample], requests: [String: Int64],
                                 target: Int32) throws(HPAFetchError)
        -> (ratio: Double, utilization: Int32, rawAverage: Int64) {
        var metricsTotal: Int64 = 0
        var requestsTotal: Int64 = 0
        var entries: Int64 = 0
        for (name, metric) in metrics {
            // Samples for pods without a request are extraneous (pods gone from the list).
            guard let request = requests[name] else { continue }
            metricsTotal = HPAArithmetic.saturatingAdd(metricsTotal, metric.valueMilli)
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
    static func averageRatio(_ metrics: [String: PodMetricSample], target: Int64)
        -> (ratio: Double, average: Int64) {
        var total: Int64 = 0
        for metric in metrics.values {
            total = HPAArithmetic.saturatingAdd(total, metric.valueMilli)
        }
        let average = metrics.isEmpty ? 0 : total / Int64(metrics.count)
        return (Double(average) / Double(target), average)
    }
}
