// Which nodes may be considered for scale-down, and why the others may not.
// Upstream: cluster-autoscaler/core/scaledown/eligibility/eligibility.go
// (Checker.FilterOutUnremovable, unremovableReasonAndNodeUtilization,
// isNodeBelowUtilizationThreshold), simulator/cluster.go (UnremovableReason names),
// core/scaledown/actuation/delete_in_batch.go (IsNodeBeingDeleted).

/// Why a node cannot be removed (`simulator.UnremovableReason`; the names are the autoscaler's).
public enum UnremovableReason: String, Sendable, CaseIterable {
    /// No reason: the node may be removed.
    case noReason = "NoReason"
    /// Something failed while checking the node.
    case unexpectedError = "UnexpectedError"
    /// The node was found unremovable recently and is not rechecked yet.
    case recentlyUnremovable = "RecentlyUnremovable"
    /// The node is being deleted (it carries a fresh ToBeDeletedByClusterAutoscaler taint).
    case currentlyBeingDeleted = "CurrentlyBeingDeleted"
    /// The node has `cluster-autoscaler.kubernetes.io/scale-down-disabled: "true"`.
    case scaleDownDisabledAnnotation = "ScaleDownDisabledAnnotation"
    /// The node belongs to no node group.
    case notAutoscaled = "NotAutoscaled"
    /// The node is not Ready and `--scale-down-unready-enabled` is false.
    case scaleDownUnreadyDisabled = "ScaleDownUnreadyDisabled"
    /// The node's utilization is above the threshold.
    case notUnderutilized = "NotUnderutilized"
    /// The node group is at its minimum size.
    case nodeGroupMinSizeReached = "NodeGroupMinSizeReached"
    /// A pod on the node cannot move elsewhere.
    case blockedByPod = "BlockedByPod"
    /// Removing the node would take the cluster under a minimal resource limit.
    case minimalResourceLimitExceeded = "MinimalResourceLimitExceeded"
    /// Some pods could not be placed on other nodes.
    case noPlaceToMovePods = "NoPlaceToMovePods"
}

/// The scale-down options that eligibility reads (AutoscalingOptions / NodeGroupDefaults).
public struct ScaleDownEligibilityOptions: Sendable, Equatable {
    /// `--scale-down-utilization-threshold` (0.5).
    public var utilizationThreshold = 0.5
    /// `--scale-down-gpu-utilization-threshold` (0.5).
    public var gpuUtilizationThreshold = 0.5
    /// `--ignore-daemonsets-utilization` (false).
    public var ignoreDaemonSetsUtilization = false
    /// `--ignore-mirror-pods-utilization` (false).
    public var ignoreMirrorPodsUtilization = false
    /// `--scale-down-unready-enabled` (true).
    public var scaleDownUnreadyEnabled = true
    /// `--enable-dynamic-resource-allocation` (false).
    public var draEnabled = false

    /// The defaults.
    public init() {}
}

/// A scale-down candidate node, as eligibility needs it.
public struct EligibilityNode: Sendable {
    /// The node name.
    public var name: String
    /// The node group id, nil for a node no group owns.
    public var nodeGroupID: String?
    /// Whether the node's Ready condition is True.
    public var isReady: Bool
    /// The node's annotations.
    public var annotations: [String: String]
    /// The time of the node's `ToBeDeletedByClusterAutoscaler` taint (the taint's value is a
    /// unix time), in milliseconds; nil when the node has no such taint.
    public var toBeDeletedTaintMillis: Int64?
    /// The node's GPU config, nil for a node without GPUs.
    public var gpuConfig: GPUConfig?
    /// The node's allocatable by resource name (cpu in millicores).
    public var allocatable: [String: Int64]
    /// The pods on the node.
    public var pods: [UtilizationPod]
    /// The node's local DRA ResourceSlices.
    public var resourceSlices: [DRAResourceSlice]

    /// Creates a candidate.
    public init(
        name: String, nodeGroupID: String?, isReady: Bool, annotations: [String: String] = [:],
        toBeDeletedTaintMillis: Int64? = nil, gpuConfig: GPUConfig? = nil,
        allocatable: [String: Int64], pods: [UtilizationPod],
        resourceSlices: [DRAResourceSlice] = []
    ) {
        self.name = name
        self.nodeGroupID = nodeGroupID
        self.isReady = isReady
        self.annotations = annotations
        self.toBeDeletedTaintMillis = toBeDeletedTaintMillis
        self.gpuConfig = gpuConfig
        self.allocatable = allocatable
        self.pods = pods
        self.resourceSlices = resourceSlices
    }
}

/// The result of `filterOutUnremovable`.
public struct EligibilityResult: Sendable {
    /// Nodes that are underutilized, in candidate order ("currently unneeded").
    public var unneeded: [String] = []
    /// The utilization of every node that got far enough to compute it.
    public var utilization: [String: UtilizationInfo] = [:]
    /// Nodes that cannot be removed, with why, in candidate order.
    public var unremovable: [(node: String, reason: UnremovableReason)] = []
}

/// The scale-down eligibility check (`eligibility.Checker`).
public enum ScaleDownEligibility {
    /// The annotation that keeps a node from being scaled down.
    public static let scaleDownDisabledAnnotation =
        "cluster-autoscaler.kubernetes.io/scale-down-disabled"
    /// The taint the autoscaler puts on nodes it deletes.
    public static let toBeDeletedTaint = "ToBeDeletedByClusterAutoscaler"
    /// A ToBeDeleted taint younger than this means the node is being deleted now
    /// (delete_in_batch.go: 5 min, or 3 min — the larger decides).
    public static let beingDeletedWindowMillis: Int64 = 5 * 60_000

    /// Splits candidates into unneeded (underutilized) and unremovable nodes.
    /// - Parameters:
    ///   - candidates: the nodes to check, in order.
    ///   - options: the options of each node group (`NodeGroupConfigProcessor`); nodes of a
    ///     group missing here use `defaults`.
    ///   - recentlyUnremovable: nodes found unremovable recently (not rechecked yet).
    ///   - nowMillis: the current (simulated) time.
    ///   - utilization: computes a node's utilization under its group's options instead of
    ///     `NodeUtilization.calculate` over `node.pods` (the simulation sums its own pod
    ///     table without building per-pod request maps); nil uses `node.pods`.
    public static func filterOutUnremovable(
        _ candidates: [EligibilityNode], defaults: ScaleDownEligibilityOptions,
        groupOptions: [String: ScaleDownEligibilityOptions] = [:],
        recentlyUnremovable: Set<String> = [], nowMillis: Int64,
        utilization: ((EligibilityNode, ScaleDownEligibilityOptions) throws -> UtilizationInfo)?
            = nil
    ) -> EligibilityResult {
        var result = EligibilityResult()
        for node in candidates {
            if recentlyUnremovable.contains(node.name) {
                result.unremovable.append((node.name, .recentlyUnremovable))
                continue
            }
            let (reason, info) = reasonAndUtilization(
                node, defaults: defaults, groupOptions: groupOptions, nowMillis: nowMillis,
                utilization: utilization)
            if let info { result.utilization[node.name] = info }
            if reason != .noReason {
                result.unremovable.append((node.name, reason))
            } else {
                result.unneeded.append(node.name)
            }
        }
        return result
    }

    /// Why one node cannot be removed (`.noReason` if it can), with its utilization when
    /// computed (`unremovableReasonAndNodeUtilization`).
    public static func reasonAndUtilization(
        _ node: EligibilityNode, defaults: ScaleDownEligibilityOptions,
        groupOptions: [String: ScaleDownEligibilityOptions] = [:], nowMillis: Int64,
        utilization: ((EligibilityNode, ScaleDownEligibilityOptions) throws -> UtilizationInfo)?
            = nil
    ) -> (UnremovableReason, UtilizationInfo?) {
        if let tainted = node.toBeDeletedTaintMillis,
            nowMillis - tainted < beingDeletedWindowMillis
        {
            return (.currentlyBeingDeleted, nil)
        }
        if node.annotations[scaleDownDisabledAnnotation] == "true" {
            return (.scaleDownDisabledAnnotation, nil)
        }
        guard let group = node.nodeGroupID else { return (.notAutoscaled, nil) }
        let options = groupOptions[group] ?? defaults
        let info: UtilizationInfo
        do {
            if let utilization {
                info = try utilization(node, options)
            } else {
                info = try NodeUtilization.calculate(
                nodeName: node.name, allocatable: node.allocatable, pods: node.pods,
                resourceSlices: node.resourceSlices,
                skipDaemonSetPods: options.ignoreDaemonSetsUtilization,
                skipMirrorPods: options.ignoreMirrorPodsUtilization,
                draEnabled: options.draEnabled, gpuConfig: node.gpuConfig, nowMillis: nowMillis)
            }
        } catch {
            return (.unexpectedError, nil)
        }
        if !options.scaleDownUnreadyEnabled && !node.isReady {
            return (.scaleDownUnreadyDisabled, nil)
        }
        let threshold = node.gpuConfig != nil
            ? options.gpuUtilizationThreshold : options.utilizationThreshold
        // Strictly above the threshold keeps the node; at or below it is unneeded.
        if info.utilization > threshold { return (.notUnderutilized, info) }
        return (.noReason, info)
    }
}
