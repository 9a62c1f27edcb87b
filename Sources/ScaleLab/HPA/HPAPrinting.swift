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

    /// `kubectl describe hpa`: metrics, limits, behavior, pods, conditions and events.
    public func describe(events: [EventRecord] = [], now: SimTime) -> String {
        var top: [(String, String)] = [
            ("Name", name), ("Namespace", namespace),
            ("Reference", "\(spec.scaleTargetRef.kind)/\(spec.scaleTargetRef.name)"),
            ("Metrics", "( current / target )"),
        ]
        for (index, metric) in spec.metrics.enumerated() {
            let current = index < status.currentMetrics.count
                ? status.currentMetrics[index].current : nil
            top.append(describeMetric(metric, current: current))
        }
        top.append(("Min replicas", spec.minReplicas.map { "\($0)" } ?? "<unset>"))
        top.append(("Max replicas", "\(spec.maxReplicas)"))
        let pods = ("\(spec.scaleTargetRef.kind) pods",
                    "\(status.currentReplicas) current / \(status.desiredReplicas) desired")
        var lines: [String]
        if let behavior = spec.behavior {
            // "Behavior:" has no tab, so kubectl's tabwriter aligns the blocks separately.
            lines = Self.aligned(top)
            lines.append("Behavior:")
            lines += Self.describeRules("Scale Up", behavior.scaleUp)
            lines += Self.describeRules("Scale Down", behavior.scaleDown)
            lines += Self.aligned([pods])
        } else {
            lines = Self.aligned(top + [pods])
        }
        if status.conditions.isEmpty {
            lines.append("Conditions:  <none>")
        } else {
            lines.append("Conditions:")
            var rows = [["Type", "Status", "Reason", "Message"], ["----", "------", "------",
                                                                 "-------"]]
            for condition in status.conditions {
                rows.append([condition.type, condition.status.rawValue, condition.reason,
                             condition.message])
            }
            lines += TextTable.render(rows).split(separator: "\n").map { "  " + $0 }
        }
        if events.isEmpty {
            lines.append("Events:  <none>")
        } else {
            lines.append("Events:")
            var rows = [["Type", "Reason", "Age", "From", "Message"],
                        ["----", "------", "----", "----", "-------"]]
            for event in events.sorted(by: { $0.lastTimestamp < $1.lastTimestamp }) {
                var age = (now - event.lastTimestamp).humanDescription
                if event.count > 1 {
                    let span = (now - event.firstTimestamp).humanDescription
                    age += " (x\(event.count) over \(span))"
                }
                rows.append([event.type.rawValue, event.reason, age, event.source, event.message])
            }
            lines += TextTable.render(rows).split(separator: "\n").map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    private func describeMetric(_ metric: MetricSpec, current: MetricValueStatus?)
        -> (String, String) {
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
            return ("  <unknown metric type \"\(metric.type)\">", "")
        }
    }

    private static func describeRules(_ title: String, _ rules: HPAScalingRules?) -> [String] {
        guard let rules else { return [] }
        var lines = ["  \(title):"]
        if let window = rules.stabilizationWindowSeconds {
            lines.append("    Stabilization Window: \(window) seconds")
        }
        if let select = rules.selectPolicy { lines.append("    Select Policy: \(select)") }
        if let tolerance = rules.tolerance { lines.append("    Tolerance: \(tolerance)") }
        lines.append("    Policies:")
        let rows = (rules.policies ?? []).map {
            ["- Type: \($0.type)", "Value: \($0.value)", "Period: \($0.periodSeconds) seconds"]
        }
        lines += TextTable.render(rows).split(separator: "\n").map { "      " + $0 }
        return lines
    }

    /// "Key:" and value columns, aligned like kubectl's tabwriter (padding 2).
    private static func aligned(_ pairs: [(String, String)]) -> [String] {
        let width = (pairs.map { $0.0.count }.max() ?? 0) + 3
        return pairs.map { key, value in
            let label = key + ":"
            return label + String(repeating: " ", count: max(2, width - label.count)) + value
        }
    }
}
