// The explanation of one reconcile as text, step by step: what `h:explain()` prints.

extension HPAExplanation {
    /// The reconcile as numbered steps, one fact per line.
    public var text: String {
        var lines: [String] = []
        lines.append("reconcile at \(SimTime(milliseconds: time)): the target has"
            + " \(currentReplicas) replicas (spec), \(statusReplicas) (status);"
            + " min \(minReplicas), max \(maxReplicas)")
        if let shortCircuit {
            lines.append("stopped before reading metrics: \(shortCircuit)")
            lines.append(decisionLine)
            return lines.joined(separator: "\n")
        }
        for (index, metric) in metrics.enumerated() {
            lines += metric.lines(number: index + 1)
        }
        if let chosenMetric, !chosenMetric.isEmpty {
            lines.append("largest proposal: \(chosenMetric)")
        }
        if let normalization { lines += normalization.lines }
        lines.append(decisionLine)
        return lines.joined(separator: "\n")
    }

    private var decisionLine: String {
        if rescaled { return "decision: scale to \(desiredReplicas) (\(reason))" }
        return "decision: keep \(desiredReplicas) replicas"
    }
}

extension MetricExplanation {
    /// Milli-units as a quantity string ("1500m", "2").
    static func quantity(_ milli: Int64) -> String { Quantity(milli: milli).description }

    private var isUtilization: Bool { metricName.contains("percentage of request") }

    private func value(_ milli: Int64) -> String {
        Self.quantity(milli)
    }

    func lines(number: Int) -> [String] {
        var lines = ["metric \(number): \(metricName.isEmpty ? sourceType : metricName)"]
        if let error {
            lines.append("  failed: \(error)")
            return lines
        }
        for pod in pods {
            var line = "  pod \(pod.pod): "
            if let milli = pod.valueMilli {
                line += value(milli)
                if let request = pod.requestMilli {
                    line += " of \(value(request)) requested"
                }
            } else {
                line += "no sample"
            }
            line += pod.disposition == .counted ? " (counted)" : " (\(pod.disposition.rawValue))"
            if let assumed = pod.assumedMilli {
                line += "; assumed \(value(assumed)) in the second pass"
            }
            lines.append(line)
        }
        if superfluousSamples > 0 {
            lines.append("  \(superfluousSamples) samples for pods not selected (ignored)")
        }
        let usageText = isUtilization ? "\(usage)%" : value(usage)
        let targetText = isUtilization ? "\(target)%" : value(target)
        var ratioLine = "  usage \(usageText) / target \(targetText)"
        if let ratio { ratioLine += " = ratio \(Self.format(ratio))" }
        if let tolerances {
            ratioLine += "; tolerance band [\(Self.format(1 - tolerances.scaleDown)),"
                + " \(Self.format(1 + tolerances.scaleUp))]"
        }
        lines.append(ratioLine)
        if let rebalancedRatio {
            lines.append(
                "  with missing/unready pods filled in: ratio \(Self.format(rebalancedRatio))")
        }
        lines.append(withinTolerance ? "  within tolerance" : "  outside tolerance")
        for note in notes { lines.append("  \(note)") }
        if let proposal {
            lines.append("  proposal: \(proposal) replicas (from \(baseReplicas))")
        }
        return lines
    }

    /// A ratio with three decimals.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let scaled = (value * 1000).rounded()
        let whole = Int64(scaled) / 1000
        let fraction = abs(Int64(scaled) % 1000)
        let sign = scaled < 0 && whole == 0 ? "-" : ""
        let digits = String(fraction)
        return "\(sign)\(whole)." + String(repeating: "0", count: 3 - digits.count) + digits
    }
}

extension NormalizationExplanation {
    var lines: [String] {
        var lines: [String] = []
        let seconds = { (ms: Int64) in SimDuration(milliseconds: ms).description }
        if mode == "behavior" {
            lines.append("stabilization (behavior): scale-up window \(seconds(upWindowMs)),"
                + " scale-down window \(seconds(downWindowMs))")
        } else {
            lines.append("stabilization (no behavior): highest recommendation of the last"
                + " \(seconds(downWindowMs))")
        }
        for entry in recommendations {
            lines.append("  recommendation \(entry.replicas), \(seconds(entry.ageMs)) ago"
                + (entry.inside ? " (in the window)" : " (outside)"))
        }
        lines.append("  proposal \(proposal) → stabilized \(stabilized)")
        for evaluation in policies {
            let policy = evaluation.policy
            lines.append("  policy \(policy.type) \(policy.value) per \(policy.periodSeconds)s:"
                + " \(evaluation.periodStartReplicas) at the period's start → limit"
                + " \(evaluation.proposedLimit)")
        }
        var limitLine = "limits: \(limitReason)"
        if let selectPolicy { limitLine += " (selectPolicy \(selectPolicy))" }
        if let limit { limitLine += mode == "behavior" ? ", rate limit \(limit)"
            : ", scale-up cap \(limit)" }
        lines.append(limitLine + " → \(result)")
        return lines
    }
}
