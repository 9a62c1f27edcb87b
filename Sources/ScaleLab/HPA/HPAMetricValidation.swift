// Metric validation (validation.go: validateMetricSpec, validateObjectSource,
// validateExternalSource, validatePodsSource, validateContainerResourceSource,
// validateResourceSource, validateMetricTarget, validateMetricIdentifier).

enum HPAMetricValidation {
    static func metricSpec(_ spec: MetricSpec, _ path: String) -> [FieldError] {
        var errors: [FieldError] = []
        if spec.type.isEmpty {
            errors.append(FieldError(path: "\(path).type", kind: .required,
                                     detail: "must specify a metric source type"))
        }
        let unsupported = FieldError(path: "\(path).type",
                                     kind: .notSupported(FieldError.quoted(spec.type),
                                                         MetricSourceType.all),
                                     detail: "")
        if !MetricSourceType.all.contains(spec.type) { errors.append(unsupported) }
        // Only the first populated source is validated in depth; the others are forbidden.
        var present: [String] = []
        if let object = spec.object {
            present.append("object")
            if present.count == 1 { errors += objectSource(object, "\(path).object") }
        }
        if let external = spec.external {
            present.append("external")
            if present.count == 1 { errors += externalSource(external, "\(path).external") }
        }
        if let pods = spec.pods {
            present.append("pods")
            if present.count == 1 { errors += podsSource(pods, "\(path).pods") }
        }
        if let resource = spec.resource {
            present.append("resource")
            if present.count == 1 { errors += resourceSource(resource, "\(path).resource") }
        }
        if let container = spec.containerResource {
            present.append("containerResource")
            if present.count == 1 {
                errors += containerSource(container, "\(path).containerResource")
            }
        }
        let expected: String
        switch spec.type {
        case MetricSourceType.object: expected = "object"
        case MetricSourceType.pods: expected = "pods"
        case MetricSourceType.resource: expected = "resource"
        case MetricSourceType.external: expected = "external"
        case MetricSourceType.containerResource: expected = "containerResource"
        default:
            errors.append(unsupported)
            expected = ""
        }
        if !expected.isEmpty && !present.contains(expected) {
            errors.append(FieldError(path: "\(path).\(expected)", kind: .required,
                                     detail: "must populate information for the given metric"
                                        + " source"))
        }
        if present.count != 1 {
            for field in present.sorted() where field != expected {
                errors.append(FieldError(path: "\(path).\(field)", kind: .forbidden,
                                         detail: "must populate the given metric source only"))
            }
        }
        return errors
    }

    static func objectSource(_ source: ObjectMetricSource, _ path: String) -> [FieldError] {
        var errors = HPAValidation.reference(source.describedObject, "\(path).describedObject")
        errors += identifier(source.metric, "\(path).metric")
        errors += target(source.target, "\(path).target")
        if source.target.value == nil && source.target.averageValue == nil {
            errors.append(FieldError(path: "\(path).target.averageValue", kind: .required,
                                     detail: "must set either a target value or averageValue"))
        }
        return errors
    }

    static func externalSource(_ source: ExternalMetricSource, _ path: String) -> [FieldError] {
        var errors = identifier(source.metric, "\(path).metric")
        errors += target(source.target, "\(path).target")
        if source.target.value == nil && source.target.averageValue == nil {
            errors.append(FieldError(path: "\(path).target.averageValue", kind: .required,
                detail: "must set either a target value for metric or a per-pod target"))
        }
        if source.target.value != nil && source.target.averageValue != nil {
            errors.append(FieldError(path: "\(path).target.value", kind: .forbidden,
                detail: "may not set both a target value for metric and a per-pod target"))
        }
        return errors
    }

    static func podsSource(_ source: PodsMetricSource, _ path: String) -> [FieldError] {
        var errors = identifier(source.metric, "\(path).metric")
        errors += target(source.target, "\(path).target")
        if source.target.averageValue == nil {
            errors.append(FieldError(path: "\(path).target.averageValue", kind: .required,
                                     detail: "must specify a positive target averageValue"))
        }
        return errors
    }

    static func containerSource(_ source: ContainerResourceMetricSource, _ path: String)
        -> [FieldError] {
        var errors: [FieldError] = []
        if source.name.isEmpty {
            errors.append(FieldError(path: "\(path).name", kind: .required,
                                     detail: "must specify a resource name"))
        } else if !NameRules.isContainerResourceName(source.name) {
            errors.append(FieldError(path: "\(path).name",
                                     kind: .invalid(FieldError.quoted(source.name)),
                                     detail: "must be a standard resource type or fully qualified"))
        }
        if source.container.isEmpty {
            errors.append(FieldError(path: "\(path).container", kind: .required,
                                     detail: "must specify a container"))
        } else if let message = NameRules.dns1123Label(source.container) {
            errors.append(FieldError(path: "\(path).container",
                                     kind: .invalid(FieldError.quoted(source.container)),
                                     detail: message))
        }
        errors += target(source.target, "\(path).target")
        errors += rawOrUtilization(source.target, "\(path).target")
        return errors
    }

    static func resourceSource(_ source: ResourceMetricSource, _ path: String) -> [FieldError] {
        var errors: [FieldError] = []
        if source.name.isEmpty {
            errors.append(FieldError(path: "\(path).name", kind: .required,
                                     detail: "must specify a resource name"))
        }
        errors += target(source.target, "\(path).target")
        errors += rawOrUtilization(source.target, "\(path).target")
        return errors
    }

    private static func rawOrUtilization(_ target: MetricTarget, _ path: String) -> [FieldError] {
        if target.averageUtilization == nil && target.averageValue == nil {
            return [FieldError(path: "\(path).averageUtilization", kind: .required,
                               detail: "must set either a target raw value or a target"
                                + " utilization")]
        }
        if target.averageUtilization != nil && target.averageValue != nil {
            return [FieldError(path: "\(path).averageValue", kind: .forbidden,
                               detail: "may not set both a target raw value and a target"
                                + " utilization")]
        }
        return []
    }

    static func target(_ target: MetricTarget, _ path: String) -> [FieldError] {
        var errors: [FieldError] = []
        if target.type.isEmpty {
            errors.append(FieldError(path: "\(path).type", kind: .required,
                                     detail: "must specify a metric target type"))
        }
        if ![MetricTargetType.utilization, MetricTargetType.value, MetricTargetType.averageValue]
            .contains(target.type) {
            errors.append(FieldError(path: "\(path).type",
                                     kind: .invalid(FieldError.quoted(target.type)),
                                     detail: "must be either Utilization, Value, or AverageValue"))
        }
        if let value = target.value, value.sign != 1 {
            errors.append(FieldError(path: "\(path).value", kind: .invalid(value.description),
                                     detail: "must be positive"))
        }
        if let value = target.averageValue, value.sign != 1 {
            errors.append(FieldError(path: "\(path).averageValue",
                                     kind: .invalid(value.description), detail: "must be positive"))
        }
        if let utilization = target.averageUtilization, utilization < 1 {
            errors.append(FieldError(path: "\(path).averageUtilization",
                                     kind: .invalid("\(utilization)"),
                                     detail: "must be greater than 0"))
        }
        return errors
    }

    static func identifier(_ id: MetricIdentifier, _ path: String) -> [FieldError] {
        if id.name.isEmpty {
            return [FieldError(path: "\(path).name", kind: .required,
                               detail: "must specify a metric name")]
        }
        return NameRules.pathSegment(id.name).map {
            FieldError(path: "\(path).name", kind: .invalid(FieldError.quoted(id.name)), detail: $0)
        }
    }
}

/// Kubernetes' name rules (apimachinery validation: IsDNS1123Subdomain, IsDNS1123Label,
/// path.IsValidPathSegmentName; core validation: ValidateContainerResourceName).
enum NameRules {
    static func pathSegment(_ name: String) -> [String] {
        if name == "." || name == ".." { return ["may not be '\(name)'"] }
        var messages: [String] = []
        for illegal in ["/", "%"] where name.contains(illegal) {
            messages.append("may not contain '\(illegal)'")
        }
        return messages
    }

    private static func isLabel(_ text: Substring) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        let alnum: (Character) -> Bool = { $0.isASCII && ($0.isLowercase || $0.isNumber) }
        return alnum(first) && alnum(last) && text.allSatisfy { alnum($0) || $0 == "-" }
    }

    static func dns1123Label(_ name: String) -> String? {
        if name.count > 63 { return "must be no more than 63 characters" }
        if isLabel(Substring(name)) { return nil }
        return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or"
            + " '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or"
            + " '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    }

    static func dns1123Subdomain(_ name: String) -> String? {
        if name.count > 253 { return "must be no more than 253 characters" }
        if name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isLabel) {
            return nil
        }
        return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
            + " '-' or '.', and must start and end with an alphanumeric character (e.g."
            + " 'example.com', regex used for validation is"
            + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    }

    static func isContainerResourceName(_ name: String) -> Bool {
        ["cpu", "memory", "ephemeral-storage", "storage"].contains(name)
            || name.hasPrefix("hugepages-") || name.contains("/")
    }
}
