// API-server validation of HPAs (pkg/apis/autoscaling/validation/validation.go:
// validateHorizontalPodAutoscalerSpec, validateMetrics, validateMetricSpec, validateBehavior,
// validateScalingRules, validateScalingPolicy, validateMetricTarget), reported as field errors
// in k8s.io/apimachinery/pkg/util/validation/field's format.

/// The feature gates that change HPA validation and behaviour.
public struct HPAFeatureGates: Sendable, Equatable {
    /// HPAScaleToZero (alpha, off): allows `minReplicas: 0` with Object/External metrics.
    public var hpaScaleToZero = false
    /// HPAConfigurableTolerance (beta, on): allows `behavior.*.tolerance`.
    public var hpaConfigurableTolerance = true
    /// PodLevelResources: pod-level requests count for utilization.
    public var podLevelResources = false
    /// The defaults of a current cluster.
    public init() {}
}

/// One validation error: `<path>: <type>: <detail>`.
public struct FieldError: Sendable, Equatable, CustomStringConvertible {
    /// The error types of `field.ErrorType`.
    public enum Kind: Sendable, Equatable {
        /// "Required value".
        case required
        /// "Invalid value: <value>".
        case invalid(String)
        /// "Unsupported value: <value>: supported values: ...".
        case notSupported(String, [String])
        /// "Forbidden".
        case forbidden
    }

    /// The field path, e.g. "spec.maxReplicas".
    public var path: String
    /// The error type and bad value.
    public var kind: Kind
    /// The detail ("" for none).
    public var detail: String

    /// `field.Error.Error()`.
    public var description: String {
        var body: String
        switch kind {
        case .required: body = "Required value"
        case .forbidden: body = "Forbidden"
        case .invalid(let value): body = "Invalid value: \(value)"
        case .notSupported(let value, let supported):
            body = "Unsupported value: \(value)"
            if !supported.isEmpty {
                body += ": supported values: " + supported.map { "\"\($0)\"" }
                    .joined(separator: ", ")
            }
        }
        return detail.isEmpty ? "\(path): \(body)" : "\(path): \(body): \(detail)"
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// Validates HPAs as the API server does (after defaulting, on create).
public enum HPAValidation {
    /// The errors of `hpa`, all checks run; empty when valid.
    public static func validate(_ hpa: HorizontalPodAutoscaler,
                                gates: HPAFeatureGates = HPAFeatureGates()) -> [FieldError] {
        var errors: [FieldError] = []
        if hpa.name.isEmpty {
            errors.append(FieldError(path: "metadata.name", kind: .required,
                                     detail: "name or generateName is required"))
        } else if let message = NameRules.dns1123Subdomain(hpa.name) {
            errors.append(FieldError(path: "metadata.name",
                                     kind: .invalid(FieldError.quoted(hpa.name)), detail: message))
        }
        errors += validateSpec(hpa.spec, gates: gates)
        return errors
    }

    /// validateHorizontalPodAutoscalerSpec.
    public static func validateSpec(_ spec: HPASpec, gates: HPAFeatureGates) -> [FieldError] {
        var errors: [FieldError] = []
        let lowerBound: Int32 = gates.hpaScaleToZero ? 0 : 1
        if let min = spec.minReplicas, min < lowerBound {
            errors.append(FieldError(path: "spec.minReplicas", kind: .invalid("\(min)"),
                                     detail: "must be greater than or equal to \(lowerBound)"))
        }
        if spec.maxReplicas < 1 {
            errors.append(FieldError(path: "spec.maxReplicas",
                                     kind: .invalid("\(spec.maxReplicas)"),
                                     detail: "must be greater than 0"))
        }
        if let min = spec.minReplicas, spec.maxReplicas < min {
            errors.append(FieldError(path: "spec.maxReplicas",
                                     kind: .invalid("\(spec.maxReplicas)"),
                                     detail: "must be greater than or equal to `minReplicas`"))
        }
        errors += reference(spec.scaleTargetRef, "spec.scaleTargetRef")
        var hasObjectOrExternal = false
        for (index, metric) in spec.metrics.enumerated() {
            errors += HPAMetricValidation.metricSpec(metric, "spec.metrics[\(index)]")
            if metric.type == MetricSourceType.object || metric.type == MetricSourceType.external {
                hasObjectOrExternal = true
            }
        }
        if spec.minReplicas == 0 && !hasObjectOrExternal {
            errors.append(FieldError(path: "spec.metrics", kind: .forbidden,
                detail: "must specify at least one Object or External metric to support scaling"
                    + " to zero replicas"))
        }
        if let behavior = spec.behavior {
            errors += scalingRules(behavior.scaleUp, "spec.behavior.scaleUp", gates: gates)
            errors += scalingRules(behavior.scaleDown, "spec.behavior.scaleDown", gates: gates)
        }
        return errors
    }

    /// ValidateCrossVersionObjectReference.
    static func reference(_ ref: CrossVersionObjectReference, _ path: String) -> [FieldError] {
        var errors: [FieldError] = []
        for (field, value) in [("kind", ref.kind), ("name", ref.name)] {
            if value.isEmpty {
                errors.append(FieldError(path: "\(path).\(field)", kind: .required, detail: ""))
            } else {
                for message in NameRules.pathSegment(value) {
                    errors.append(FieldError(path: "\(path).\(field)",
                                             kind: .invalid(FieldError.quoted(value)),
                                             detail: message))
                }
            }
        }
        return errors
    }

    /// validateScalingRules and validateScalingPolicy.
    static func scalingRules(_ rules: HPAScalingRules?, _ path: String,
                             gates: HPAFeatureGates) -> [FieldError] {
        guard let rules else { return [] }
        var errors: [FieldError] = []
        if let window = rules.stabilizationWindowSeconds {
            if window < 0 {
                errors.append(FieldError(path: "\(path).stabilizationWindowSeconds",
                                         kind: .invalid("\(window)"),
                                         detail: "must be greater than or equal to zero"))
            }
            if window > 3600 {
                errors.append(FieldError(path: "\(path).stabilizationWindowSeconds",
                                         kind: .invalid("\(window)"),
                                         detail: "must be less than or equal to 3600"))
            }
        }
        if let select = rules.selectPolicy, !["Disabled", "Max", "Min"].contains(select) {
            errors.append(FieldError(path: "\(path).selectPolicy",
                                     kind: .notSupported(FieldError.quoted(select),
                                                         ["Disabled", "Max", "Min"]),
                                     detail: ""))
        }
        let policies = rules.policies ?? []
        if policies.isEmpty {
            errors.append(FieldError(path: "\(path).policies", kind: .required,
                                     detail: "must specify at least one Policy"))
        }
        for (index, policy) in policies.enumerated() {
            let itemPath = "\(path).policies[\(index)]"
            if policy.type != HPAScalingPolicy.pods && policy.type != HPAScalingPolicy.percent {
                errors.append(FieldError(path: "\(itemPath).type",
                                         kind: .notSupported(FieldError.quoted(policy.type),
                                                             ["Percent", "Pods"]),
                                         detail: ""))
            }
            if policy.value <= 0 {
                errors.append(FieldError(path: "\(itemPath).value",
                                         kind: .invalid("\(policy.value)"),
                                         detail: "must be greater than zero"))
            }
            if policy.periodSeconds <= 0 {
                errors.append(FieldError(path: "\(itemPath).periodSeconds",
                                         kind: .invalid("\(policy.periodSeconds)"),
                                         detail: "must be greater than zero"))
            }
            if policy.periodSeconds > 1800 {
                errors.append(FieldError(path: "\(itemPath).periodSeconds",
                                         kind: .invalid("\(policy.periodSeconds)"),
                                         detail: "must be less than or equal to 1800"))
            }
        }
        if let tolerance = rules.tolerance {
            // The exact upstream wording was not located; tests check "greater or equal to
            // zero" and "not supported" (validation_test.go, ConfigurableTolerance cases).
            if !gates.hpaConfigurableTolerance {
                errors.append(FieldError(path: "\(path).tolerance", kind: .forbidden,
                    detail: "tolerance is not supported when the HPAConfigurableTolerance feature"
                        + " gate is not enabled"))
            } else if tolerance.sign < 0 {
                errors.append(FieldError(path: "\(path).tolerance",
                                         kind: .invalid(tolerance.description),
                                         detail: "must be greater or equal to zero"))
            }
        }
        return errors
    }

    /// kubectl's form: `The HorizontalPodAutoscaler "x" is invalid: <error>` (one error) or a
    /// bulleted list.
    public static func describe(_ errors: [FieldError], name: String) -> String {
        let head = "The HorizontalPodAutoscaler \"\(name)\" is invalid: "
        if errors.count == 1 { return head + errors[0].description }
        return head + "\n" + errors.map { "* \($0.description)" }.joined(separator: "\n")
    }
}
