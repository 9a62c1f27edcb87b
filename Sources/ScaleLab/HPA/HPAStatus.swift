// HorizontalPodAutoscalerStatus and its conditions (k8s.io/api autoscaling/v2/types.go).
// Times are simulated milliseconds.

/// `HorizontalPodAutoscalerStatus`: what the controller last observed and decided.
public struct HPAStatus: Sendable, Equatable {
    /// The scale target's replicas when last reconciled (`scale.spec.replicas`).
    public var currentReplicas: Int32
    /// The replicas the controller last asked for.
    public var desiredReplicas: Int32
    /// When the controller last changed the scale (simulated ms), nil if never.
    public var lastScaleTime: Int64?
    /// The value of each metric at the last reconcile, in `spec.metrics` order.
    public var currentMetrics: [MetricStatus]
    /// AbleToScale, ScalingActive, ScalingLimited, in first-insertion order.
    public var conditions: [HPACondition]

    /// Creates a status.
    public init(currentReplicas: Int32 = 0, desiredReplicas: Int32 = 0, lastScaleTime: Int64? = nil,
                currentMetrics: [MetricStatus] = [], conditions: [HPACondition] = []) {
        self.currentReplicas = currentReplicas
        self.desiredReplicas = desiredReplicas
        self.lastScaleTime = lastScaleTime
        self.currentMetrics = currentMetrics
        self.conditions = conditions
    }

    /// The condition of the given type, if set.
    public func condition(_ type: String) -> HPACondition? {
        conditions.first { $0.type == type }
    }

    /// Sets a condition like the controller's `setConditionInList`: replaced in place (its
    /// transition time changes only when its status changes) or appended if absent.
    public mutating func setCondition(_ type: String, _ status: ConditionStatus, reason: String,
                                      message: String, now: Int64) {
        setCondition(type, status, reason: reason, message: (message, ""), now: now)
    }

    /// `setCondition` with the message in two parts, joined only when the condition does not
    /// already hold that message: a sync that changes nothing builds no string. Equal fields
    /// are not written again (writing releases the old value, which is out of cache by the
    /// next sync).
    mutating func setCondition(_ type: String, _ status: ConditionStatus, reason: String,
                               message: (prefix: String, suffix: String), now: Int64) {
        guard let index = conditions.firstIndex(where: { $0.type == type }) else {
            conditions.append(HPACondition(type: type, status: status, reason: reason,
                                           message: message.prefix + message.suffix,
                                           lastTransitionTime: now))
            return
        }
        if conditions[index].status != status {
            conditions[index].lastTransitionTime = now
            conditions[index].status = status
        }
        if !Self.isJoined(conditions[index].reason, reason, "") {
            conditions[index].reason = reason
        }
        if !Self.isJoined(conditions[index].message, message.prefix, message.suffix) {
            conditions[index].message = message.prefix + message.suffix
        }
    }

    /// Whether `text` is `prefix + suffix`, compared byte by byte (as the assignment it
    /// saves would have stored them; `==` compares by canonical equivalence). The same
    /// literal given again is recognized by its address.
    private static func isJoined(_ text: String, _ prefix: String, _ suffix: String) -> Bool {
        let head = prefix.utf8.count
        let count = text.utf8.count
        guard count == head + suffix.utf8.count else { return false }
        let joined = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let base = bytes.baseAddress else { return true }
            let front = prefix.utf8.withContiguousStorageIfAvailable {
                equalBytes(base, $0.baseAddress, head)
            }
            let back = suffix.utf8.withContiguousStorageIfAvailable {
                equalBytes(base + head, $0.baseAddress, count - head)
            }
            return front == true && back == true
        }
        return joined == true
    }

    /// Whether the `count` bytes at `a` and `b` are equal (`b` is nil only when empty).
    private static func equalBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?,
                                   _ count: Int) -> Bool {
        guard count > 0 else { return true }
        guard let b else { return false }
        if a == b { return true }
        for offset in 0..<count where a[offset] != b[offset] { return false }
        return true
    }
}

/// A condition's status.
public enum ConditionStatus: String, Sendable, Equatable {
    /// The condition holds.
    case `true` = "True"
    /// The condition does not hold.
    case `false` = "False"
    /// Not known.
    case unknown = "Unknown"
}

/// `HorizontalPodAutoscalerCondition`.
public struct HPACondition: Sendable, Equatable {
    /// AbleToScale, ScalingActive or ScalingLimited.
    public var type: String
    /// True, False or Unknown.
    public var status: ConditionStatus
    /// A CamelCase reason, e.g. "ValidMetricFound".
    public var reason: String
    /// A human-readable message, Kubernetes' wording.
    public var message: String
    /// When the status last changed (simulated ms).
    public var lastTransitionTime: Int64

    /// Creates a condition.
    public init(type: String, status: ConditionStatus, reason: String, message: String,
                lastTransitionTime: Int64) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
    }
}

/// The HPA condition types.
public enum HPAConditionType {
    /// Whether the controller can read and update the target's scale.
    public static let ableToScale = "AbleToScale"
    /// Whether a replica count could be computed from the metrics.
    public static let scalingActive = "ScalingActive"
    /// Whether the desired count was clamped by min/max or a rate limit.
    public static let scalingLimited = "ScalingLimited"
}

/// `MetricValueStatus`: the current value of a metric (`resource.NewMilliQuantity` values).
public struct MetricValueStatus: Sendable, Equatable {
    /// The total value (Object/External Value targets).
    public var value: Quantity?
    /// The per-pod value.
    public var averageValue: Quantity?
    /// The percentage of requests (Utilization targets).
    public var averageUtilization: Int32?

    /// Creates a value status from milli-values, as the controller reports them.
    public init(valueMilli: Int64? = nil, averageValueMilli: Int64? = nil,
                averageUtilization: Int32? = nil) {
        self.value = valueMilli.map { Quantity(milli: $0) }
        self.averageValue = averageValueMilli.map { Quantity(milli: $0) }
        self.averageUtilization = averageUtilization
    }
}

/// `MetricStatus`: one entry of `status.currentMetrics`. The source fields are flattened:
/// `name` is the resource or metric name, `container` and `describedObject` are set where the
/// source has them.
public struct MetricStatus: Sendable, Equatable {
    /// The source type ("" when the metric could not be computed).
    public var type: String
    /// The resource name (Resource/ContainerResource) or the metric name.
    public var name: String
    /// The container (ContainerResource).
    public var container: String?
    /// The metric's selector (Pods/Object/External).
    public var selector: LabelSelector?
    /// The described object (Object with a Value target).
    public var describedObject: CrossVersionObjectReference?
    /// The current value.
    public var current: MetricValueStatus

    /// Creates a metric status.
    public init(type: String, name: String, container: String? = nil,
                selector: LabelSelector? = nil,
                describedObject: CrossVersionObjectReference? = nil,
                current: MetricValueStatus) {
        self.type = type
        self.name = name
        self.container = container
        self.selector = selector
        self.describedObject = describedObject
        self.current = current
    }

    /// The status the controller leaves for a metric it could not compute (Go's zero value).
    public static let empty = MetricStatus(type: "", name: "", current: MetricValueStatus())
}
