// HPAs as kubectl prints them: `kubectl get hpa` (pkg/printers/internalversion/printers.go:
// printHorizontalPodAutoscaler, formatHPAMetrics) and `kubectl describe hpa`
// (staging/src/k8s.io/kubectl/pkg/describe/describe.go: describeHorizontalPodAutoscalerV2).

extension HorizontalPodAutoscaler {
    /// The TARGETS column: "current/target" per metric, at most two then "+ N more...".
    public var targetsColumn: String {
        let specs = spec.metrics
        if specs.isEmpty { return "<none>" }
        let statuses = status.currentMetrics
        var list: [String] = []
        for (index, metric) in specs.enumerated() {
            let current = index < statuses.count && statuses[index].type == metric.type
                ? statuses[index].current : nil
            list.append(Self.target(metric, current: current))
        }
        if list.count > 2 {
            return list.prefix(2).joined(separator: ", ") + " + \(list.count - 2) more..."
        }
        return list.joined(separator: ", ")
    }

    private static func target(_ metric: MetricSpec, current: MetricValueStatus?) -> String {
        let unknown = "<unknown>"
        func text(_ quantity: Quantity?) -> String { quantity?.description ?? unknown }
        switch metric.type {
        case MetricSourceType.external, MetricSourceType.object:
            let target = metric.external?.target ?? metric.object?.target
            if let average = target?.averageValue {
                return "\(text(current?.averageValue))/\(average) (avg)"
            }
            return "\(text(current?.value))/\(text(target?.value))"
        case MetricSourceType.pods:
            return "\(text(current?.averageValue))/\(text(metric.pods?.target.averageValue))"
        case MetricSourceType.resource, MetricSourceType.containerResource:
            let name = metric.resource?.name ?? metric.containerResource?.name ?? ""
            let target = metric.resource?.target ?? metric.containerResource?.target
            if let average = target?.averageValue {
                return "\(name): \(text(current?.averageValue))/\(average)"
            }
            let now = current?.averageUtilization.map { "\($0)%" } ?? unknown
            let goal = target?.averageUtilization.map { "\($0)%" } ?? "<auto>"
            return "\(name): \(now)/\(goal)"
        default:
            return "<unknown type>"
        }
    }

    /// `kubectl get hpa` with its header; `age` is the time since creation.
    public func getTable(age: SimDuration? = nil) -> String {
        let ref = "\(spec.scaleTargetRef.kind)/\(spec.scaleTargetRef.name)"
        let rows = [["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
                    [name, ref, targetsColumn, spec.minReplicas.map { "\($0)" } ?? "<unset>",
                     "\(spec.maxReplicas)", "\(status.currentReplicas)",
                     age?.humanDescription ?? "<unknown>"]]
        return TextTable.render(rows)
    }

    /// `kubectl describe hpa` (describeHorizontalPodAutoscalerV2): metrics, limits, behavior,
    /// pods, conditions and events, aligned by kubectl's tabwriter (padding 2,
    /// `KubectlTabWriter`). `created` is the CreationTimestamp (simulated time); labels and
    /// annotations are not modelled and print `<none>`.
    public func describe(events: [EventRecord] = [], now: SimTime, created: SimTime? = nil)
        -> String {
        var lines = ["Name:\t\(name)", "Namespace:\t\(namespace)", "Labels:\t<none>",
                     "Annotations:\t<none>"]
        if let created { lines.append("CreationTimestamp:\t\(created)") }
        lines.append("Reference:\t\(spec.scaleTargetRef.kind)/\(spec.scaleTargetRef.name)")
        lines.append("Metrics:\t( current / target )")
        for (index, metric) in spec.metrics.enumerated() {
            let current = index < status.currentMetrics.count
                ? status.currentMetrics[index].current : nil
            lines.append(describeMetric(metric, current: current))
        }
        lines.append("Min replicas:\t" + (spec.minReplicas.map { "\($0)" } ?? "<unset>"))
        lines.append("Max replicas:\t\(spec.maxReplicas)")
        if let behavior = spec.behavior {
            lines.append("Behavior:")
            lines += Self.describeRules("Scale Up", behavior.scaleUp)
            lines += Self.describeRules("Scale Down", behavior.scaleDown)
        }
        lines.append("\(spec.scaleTargetRef.kind) pods:\t"
            + "\(status.currentReplicas) current / \(status.desiredReplicas) desired")
        if !status.conditions.isEmpty {
            lines.append("Conditions:")
            lines.append("  Type\tStatus\tReason\tMessage")
            lines.append("  ----\t------\t------\t-------")
            for c in status.conditions {
                lines.append("  \(c.type)\t\(c.status.rawValue)\t\(c.reason)\t\(c.message)")
            }
        }
        // DescribeEvents: "Events:\t<none>" stays in the current segment (so it aligns with
        // the conditions above it); a list is written after a Flush.
        if events.isEmpty {
            lines.append("Events:\t<none>")
            return KubectlTabWriter.format(lines).joined(separator: "\n")
        }
        var list = ["Events:", "  Type\tReason\tAge\tFrom\tMessage",
                    "  ----\t------\t----\t----\t-------"]
        for event in events.sorted(by: { $0.lastTimestamp < $1.lastTimestamp }) {
            var age = (now - event.lastTimestamp).humanDescription
            if event.count > 1 {
                age += " (x\(event.count) over \((now - event.firstTimestamp).humanDescription))"
            }
            list.append("  \(event.type.rawValue)\t\(event.reason)\t\(age)\t\(event.source)\t"
                + event.message)
        }
        return (KubectlTabWriter.format(lines) + KubectlTabWriter.format(list))
            .joined(separator: "\n")
    }

    /// One metric line of describeHorizontalPodAutoscalerV2 ("label:\tcurrent / target").
    private func describeMetric(_ metric: MetricSpec, current: MetricValueStatus?) -> String {
        let pair = describeMetricPair(metric, current: current)
        guard let value = pair.1 else { return pair.0 }
        return pair.0 + ":\t" + value
    }

    private func describeMetricPair(_ metric: MetricSpec, current: MetricValueStatus?)
        -> (String, String?) {
        let unknown = "<unknown>"
        func text(_ quantity: Quantity?) -> String { quantity?.description ?? unknown }
        switch metric.type {
        case MetricSourceType.pods:
            let name = metric.pods?.metric.name ?? ""
            return ("  \"\(name)\" on pods",
                    "\(text(current?.averageValue)) / \(text(metric.pods?.target.averageValue))")
        case MetricSourceType.object:
            let object = metric.object
            let on = "\(object?.describedObject.kind ?? "")/\(object?.describedObject.name ?? "")"
            let name = "  \"\(object?.metric.name ?? "")\" on \(on)"
            if let average = object?.target.averageValue {
                return (name + " (target average value)",
                        "\(text(current?.averageValue)) / \(average)")
            }
            return (name + " (target value)",
                    "\(text(current?.value)) / \(text(object?.target.value))")
        case MetricSourceType.external:
            let name = "  \"\(metric.external?.metric.name ?? "")\""
            if let average = metric.external?.target.averageValue {
                return (name + " (target average value)",
                        "\(text(current?.averageValue)) / \(average)")
            }
            return (name + " (target value)",
                    "\(text(current?.value)) / \(text(metric.external?.target.value))")
        case MetricSourceType.resource, MetricSourceType.containerResource:
            let resource = metric.resource?.name ?? metric.containerResource?.name ?? ""
            let target = metric.resource?.target ?? metric.containerResource?.target
            var name = "  resource \(resource)"
            if let container = metric.containerResource?.container {
                name += " of container \"\(container)\""
            }
            if let average = target?.averageValue {
                return (name + " on pods", "\(text(current?.averageValue)) / \(average)")
            }
            var now = unknown
            if let utilization = current?.averageUtilization {
                now = "\(utilization)% (\(text(current?.averageValue)))"
            }
            let goal = target?.averageUtilization.map { "\($0)%" } ?? unknown
            return (name + " on pods  (as a percentage of request)", "\(now) / \(goal)")
        default:
            return ("  <unknown metric type \"\(metric.type)\">", nil)
        }
    }

    /// printDirectionBehavior: the select policy (Max when unset) and policies only when there
    /// are policies; each policy is a tabbed row.
    private static func describeRules(_ title: String, _ rules: HPAScalingRules?) -> [String] {
        guard let rules else { return [] }
        var lines = ["  \(title):"]
        if let window = rules.stabilizationWindowSeconds {
            lines.append("    Stabilization Window: \(window) seconds")
        }
        if let policies = rules.policies, !policies.isEmpty {
            lines.append("    Select Policy: \(rules.selectPolicy ?? ScalingPolicySelect.max)")
            lines.append("    Policies:")
            for p in policies {
                lines.append("      - Type: \(p.type)\tValue: \(p.value)\tPeriod: "
                    + "\(p.periodSeconds) seconds")
            }
        }
        return lines
    }
}
