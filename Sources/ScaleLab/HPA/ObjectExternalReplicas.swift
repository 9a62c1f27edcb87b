// Object and External metric proposals (replica_calculator.go: GetObjectMetricReplicas,
// GetObjectPerPodMetricReplicas, GetExternalMetricReplicas, GetExternalPerPodMetricReplicas,
// getUsageRatioReplicaCount).

extension ReplicaCalculator {
    /// Object or External with a `Value` target: ratio = usage / target, times the number of
    /// Running and Ready pods. From 0 replicas (scale-to-zero) the proposal is ceil(ratio), with
    /// no tolerance and no pod count.
    public func valueReplicas(currentReplicas: Int32, usageMilli: Int64, targetMilli: Int64,
                              pods: [HPAPod]) throws(HPAFetchError) -> ReplicaProposal {
        let ratio = Double(usageMilli) / Double(targetMilli)
        var explanation = MetricExplanation()
        explanation.usage = usageMilli
        explanation.target = targetMilli
        explanation.ratio = ratio
        explanation.tolerances = tolerances
        explanation.baseReplicas = currentReplicas
        let replicas: Int32
        if currentReplicas != 0 {
            if tolerances.isWithin(ratio) {
                explanation.withinTolerance = true
                explanation.notes.append("usage ratio within tolerance: keep current replicas")
                return ReplicaProposal(replicas: currentReplicas, utilization: nil,
                                       usageMilli: usageMilli, explanation: explanation)
            }
            guard !pods.isEmpty else {
                throw HPAFetchError("unable to calculate ready pods: no pods returned by selector"
                    + " while calculating replica count")
            }
            // Deletion is not checked here: Running and Ready is enough (getReadyPodsCount).
            let ready = pods.reduce(0) { $1.phase == .running && $1.isReady ? $0 + 1 : $0 }
            explanation.notes.append("\(ready) Running and Ready pods")
            replicas = HPAArithmetic.ceilInt32(ratio * Double(ready))
        } else {
            explanation.notes.append("scaling from zero: ceil(ratio), no tolerance")
            replicas = HPAArithmetic.ceilInt32(ratio)
        }
        return ReplicaProposal(replicas: replicas, utilization: nil, usageMilli: usageMilli,
                               explanation: explanation)
    }

    /// Object or External with an `AverageValue` target: the tolerance test and the reported
    /// average use `scale.status.replicas`; the proposal is ceil(usage / target) and does not
    /// depend on pod readiness.
    public func perPodReplicas(statusReplicas: Int32, usageMilli: Int64,
                               targetAverageMilli: Int64) -> ReplicaProposal {
        var explanation = MetricExplanation()
        explanation.usage = usageMilli
        explanation.target = targetAverageMilli
        explanation.tolerances = tolerances
        explanation.baseReplicas = statusReplicas
        var replicas = statusReplicas
        let ratio = Double(usageMilli) / (Double(targetAverageMilli) * Double(statusReplicas))
        explanation.ratio = ratio
        if tolerances.isWithin(ratio) {
            explanation.withinTolerance = true
            explanation.notes.append("usage ratio within tolerance: keep status replicas")
        } else {
            replicas = HPAArithmetic.ceilInt32(Double(usageMilli) / Double(targetAverageMilli))
        }
        // With status.replicas == 0 Go divides by zero (±Inf/NaN); the clamps keep that finite.
        let average = usageMilli == Int64.max
            ? Int64.max
            : HPAArithmetic.clampedInt64((Double(usageMilli) / Double(statusReplicas))
                .rounded(.up))
        return ReplicaProposal(replicas: replicas, utilization: nil, usageMilli: average,
                               explanation: explanation)
    }

    /// The sum of the external series, capped at MaxInt64 on overflow.
    public static func externalUsage(_ values: [Int64]) -> Int64 {
        values.reduce(0) { HPAArithmetic.saturatingAdd($0, $1) }
    }
}
