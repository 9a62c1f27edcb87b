// The autoscaling/v2 HorizontalPodAutoscaler API types (k8s.io/api autoscaling/v2/types.go).
// autoscaling/v2beta2 has the same field names (without behavior.*.tolerance) and autoscaling/v1
// is converted into these types by the manifest loader. The controller compares quantities as
// int64 milli-units (`resource.Quantity.MilliValue()`).

/// A HorizontalPodAutoscaler object: metadata, spec and status, as autoscaling/v2 defines them.
public struct HorizontalPodAutoscaler: Sendable, Equatable {
    /// The object's name (`metadata.name`).
    public var name: String
    /// The object's namespace (`metadata.namespace`, "default" when absent).
    public var namespace: String
    /// The `apiVersion` the object was read as (autoscaling/v1, v2beta2 or v2).
    public var apiVersion: String
    /// The desired behaviour.
    public var spec: HPASpec
    /// The observed state, written by the controller.
    public var status: HPAStatus

    /// Creates an HPA.
    public init(name: String, namespace: String = "default", apiVersion: String = "autoscaling/v2",
                spec: HPASpec, status: HPAStatus = HPAStatus()) {
        self.name = name
        self.namespace = namespace
        self.apiVersion = apiVersion
        self.spec = spec
        self.status = status
    }

    /// The controller's key for this object: `namespace/name`.
    public var key: String { "\(namespace)/\(name)" }
}

/// `HorizontalPodAutoscalerSpec`.
public struct HPASpec: Sendable, Equatable {
    /// The object whose scale subresource is driven.
    public var scaleTargetRef: CrossVersionObjectReference
    /// The lower limit (nil = 1 after defaulting; 0 needs the HPAScaleToZero gate).
    public var minReplicas: Int32?
    /// The upper limit.
    public var maxReplicas: Int32
    /// The metrics; the largest proposal wins.
    public var metrics: [MetricSpec]
    /// Scaling behaviour; nil selects the legacy normalization.
    public var behavior: HPABehavior?

    /// Creates a spec.
    public init(scaleTargetRef: CrossVersionObjectReference, minReplicas: Int32? = nil,
                maxReplicas: Int32, metrics: [MetricSpec] = [], behavior: HPABehavior? = nil) {
        self.scaleTargetRef = scaleTargetRef
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.metrics = metrics
        self.behavior = behavior
    }
}

/// `CrossVersionObjectReference`: kind, name and optional apiVersion of a referent.
public struct CrossVersionObjectReference: Sendable, Equatable {
    /// The referent's kind, e.g. "Deployment".
    public var kind: String
    /// The referent's name.
    public var name: String
    /// The referent's API version, e.g. "apps/v1".
    public var apiVersion: String?

    /// Creates a reference.
    public init(kind: String, name: String, apiVersion: String? = nil) {
        self.kind = kind
        self.name = name
        self.apiVersion = apiVersion
    }
}

/// The metric source types (`MetricSourceType`).
public enum MetricSourceType {
    /// A resource of the pods (cpu, memory) from the resource metrics API.
    public static let resource = "Resource"
    /// A resource of one container of each pod.
    public static let containerResource = "ContainerResource"
    /// A per-pod custom metric (custom.metrics.k8s.io).
    public static let pods = "Pods"
    /// A metric describing one object (custom.metrics.k8s.io).
    public static let object = "Object"
    /// A metric not tied to any object (external.metrics.k8s.io).
    public static let external = "External"
    /// All valid types, sorted as the API server lists them in messages.
    public static let all = ["ContainerResource", "External", "Object", "Pods", "Resource"]
}

/// The metric target types (`MetricTargetType`).
public enum MetricTargetType {
    /// A percentage of the pods' requests.
    public static let utilization = "Utilization"
    /// A total value.
    public static let value = "Value"
    /// A value per pod.
    public static let averageValue = "AverageValue"
}

/// `MetricSpec`: one metric and its target. `type` is kept as text so that an unknown type
/// survives loading and is reported by the controller (`InvalidMetricSourceType`).
public struct MetricSpec: Sendable, Equatable {
    /// The source type, one of `MetricSourceType`.
    public var type: String
    /// Set for `Resource`.
    public var resource: ResourceMetricSource?
    /// Set for `ContainerResource`.
    public var containerResource: ContainerResourceMetricSource?
    /// Set for `Pods`.
    public var pods: PodsMetricSource?
    /// Set for `Object`.
    public var object: ObjectMetricSource?
    /// Set for `External`.
    public var external: ExternalMetricSource?

    /// Creates a metric spec with its sources.
    public init(type: String, resource: ResourceMetricSource? = nil,
                containerResource: ContainerResourceMetricSource? = nil,
                pods: PodsMetricSource? = nil, object: ObjectMetricSource? = nil,
                external: ExternalMetricSource? = nil) {
        self.type = type
        self.resource = resource
        self.containerResource = containerResource
        self.pods = pods
        self.object = object
        self.external = external
    }

    /// The default metric when `spec.metrics` is empty: cpu at 80% of requests
    /// (`SetDefaults_HorizontalPodAutoscaler`, pkg/apis/autoscaling/v2/defaults.go).
    public static let defaultCPU = MetricSpec(
        type: MetricSourceType.resource,
        resource: ResourceMetricSource(
            name: "cpu", target: MetricTarget(type: MetricTargetType.utilization,
                                              averageUtilization: 80)))
}

/// `MetricTarget`: the target value.
public struct MetricTarget: Sendable, Equatable {
    /// Utilization, Value or AverageValue.
    public var type: String
    /// The total target (`value`).
    public var value: Quantity?
    /// The per-pod target (`averageValue`).
    public var averageValue: Quantity?
    /// The target percentage of requests (`averageUtilization`).
    public var averageUtilization: Int32?

    /// Creates a target.
    public init(type: String, value: Quantity? = nil, averageValue: Quantity? = nil,
                averageUtilization: Int32? = nil) {
        self.type = type
        self.value = value
        self.averageValue = averageValue
        self.averageUtilization = averageUtilization
    }

    /// `value.MilliValue()`.
    public var valueMilli: Int64? { value?.milliValue }
    /// `averageValue.MilliValue()`.
    public var averageValueMilli: Int64? { averageValue?.milliValue }
}

/// `MetricIdentifier`: a metric name and an optional label selector.
public struct MetricIdentifier: Sendable, Equatable {
    /// The metric's name.
    public var name: String
    /// Narrows the series; nil = all.
    public var selector: LabelSelector?

    /// Creates an identifier.
    public init(name: String, selector: LabelSelector? = nil) {
        self.name = name
        self.selector = selector
    }
}

/// `ResourceMetricSource`.
public struct ResourceMetricSource: Sendable, Equatable {
    /// The resource name, e.g. "cpu".
    public var name: String
    /// The target.
    public var target: MetricTarget
    /// Creates a source.
    public init(name: String, target: MetricTarget) {
        self.name = name
        self.target = target
    }
}

/// `ContainerResourceMetricSource`.
public struct ContainerResourceMetricSource: Sendable, Equatable {
    /// The resource name, e.g. "cpu".
    public var name: String
    /// The container whose usage counts.
    public var container: String
    /// The target.
    public var target: MetricTarget
    /// Creates a source.
    public init(name: String, container: String, target: MetricTarget) {
        self.name = name
        self.container = container
        self.target = target
    }
}

/// `PodsMetricSource`.
public struct PodsMetricSource: Sendable, Equatable {
    /// The metric.
    public var metric: MetricIdentifier
    /// The target (AverageValue).
    public var target: MetricTarget
    /// Creates a source.
    public init(metric: MetricIdentifier, target: MetricTarget) {
        self.metric = metric
        self.target = target
    }
}

/// `ObjectMetricSource`.
public struct ObjectMetricSource: Sendable, Equatable {
    /// The object the metric describes.
    public var describedObject: CrossVersionObjectReference
    /// The metric.
    public var metric: MetricIdentifier
    /// The target (Value or AverageValue).
    public var target: MetricTarget
    /// Creates a source.
    public init(describedObject: CrossVersionObjectReference, metric: MetricIdentifier,
                target: MetricTarget) {
        self.describedObject = describedObject
        self.metric = metric
        self.target = target
    }
}

/// `ExternalMetricSource`.
public struct ExternalMetricSource: Sendable, Equatable {
    /// The metric.
    public var metric: MetricIdentifier
    /// The target (Value or AverageValue).
    public var target: MetricTarget
    /// Creates a source.
    public init(metric: MetricIdentifier, target: MetricTarget) {
        self.metric = metric
        self.target = target
    }
}

/// `HorizontalPodAutoscalerBehavior`: scaling rules per direction.
public struct HPABehavior: Sendable, Equatable {
    /// Rules for scaling up (nil = defaults after API defaulting).
    public var scaleUp: HPAScalingRules?
    /// Rules for scaling down.
    public var scaleDown: HPAScalingRules?
    /// Creates a behavior.
    public init(scaleUp: HPAScalingRules? = nil, scaleDown: HPAScalingRules? = nil) {
        self.scaleUp = scaleUp
        self.scaleDown = scaleDown
    }
}

/// `HPAScalingRules`.
public struct HPAScalingRules: Sendable, Equatable {
    /// The stabilization window, 0...3600 s (nil for scaleDown = the controller flag).
    public var stabilizationWindowSeconds: Int32?
    /// Max, Min or Disabled (nil = Max after defaulting).
    public var selectPolicy: String?
    /// The rate-limiting policies (nil = the default list after defaulting).
    public var policies: [HPAScalingPolicy]?
    /// The per-direction tolerance (`tolerance`, gate HPAConfigurableTolerance), e.g. `0.05`.
    public var tolerance: Quantity?

    /// Creates rules.
    public init(stabilizationWindowSeconds: Int32? = nil, selectPolicy: String? = nil,
                policies: [HPAScalingPolicy]? = nil, tolerance: Quantity? = nil) {
        self.stabilizationWindowSeconds = stabilizationWindowSeconds
        self.selectPolicy = selectPolicy
        self.policies = policies
        self.tolerance = tolerance
    }
}

/// The `selectPolicy` values.
public enum ScalingPolicySelect {
    /// The policy allowing the biggest change.
    public static let max = "Max"
    /// The policy allowing the smallest change.
    public static let min = "Min"
    /// No scaling in this direction.
    public static let disabled = "Disabled"
}

/// `HPAScalingPolicy`: at most `value` pods or percent per `periodSeconds`.
public struct HPAScalingPolicy: Sendable, Equatable {
    /// "Pods" or "Percent".
    public var type: String
    /// The amount of change allowed.
    public var value: Int32
    /// The window the change is counted over, 1...1800 s.
    public var periodSeconds: Int32

    /// Creates a policy.
    public init(type: String, value: Int32, periodSeconds: Int32) {
        self.type = type
        self.value = value
        self.periodSeconds = periodSeconds
    }

    /// The `Pods` policy type.
    public static let pods = "Pods"
    /// The `Percent` policy type.
    public static let percent = "Percent"
}
