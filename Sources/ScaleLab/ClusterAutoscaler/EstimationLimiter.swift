// Folds the thresholds into one node and duration limit per estimation and counts the nodes
// the estimator adds.
// Upstream: cluster-autoscaler/estimator/threshold_based_limiter.go
// (thresholdBasedEstimationLimiter: StartEstimation, EndEstimation, PermissionToAddNode,
// getMinLimit).

/// The smaller of two limits where 0 means "no limit": −1 if either is negative, otherwise the
/// smaller positive one, or 0 when neither is set (`getMinLimit`).
public func minEstimationLimit<T: BinaryInteger>(_ base: T, _ target: T) -> T {
    if base < 0 || target < 0 { return -1 }
    if base == 0 { return target }
    if target == 0 { return base }
    return min(base, target)
}

/// Says whether the estimator may add one more node (`EstimationLimiter`).
public struct ThresholdBasedLimiter {
    /// The thresholds, folded at each `startEstimation`.
    public var thresholds: [any EstimationThreshold]
    /// Nodes added in the current estimation.
    public private(set) var nodes = 0
    /// The folded node limit (0 = none, negative = none may be added).
    public private(set) var maxNodes = 0
    /// The folded duration limit in nanoseconds (0 = none, negative = stop at once).
    public private(set) var maxDurationNanoseconds: Int64 = 0
    /// When the current estimation started, in nanoseconds of the clock.
    public private(set) var startNanoseconds: Int64 = 0
    /// The clock, in nanoseconds. A simulation passes its virtual time, which does not move
    /// during a scan, so only a negative duration limit can stop an estimation.
    public var now: () -> Int64

    /// Creates a limiter over `thresholds` reading time from `now`.
    public init(thresholds: [any EstimationThreshold], now: @escaping () -> Int64 = { 0 }) {
        self.thresholds = thresholds
        self.now = now
    }

    /// Resets the node count and folds the thresholds' limits (`StartEstimation`).
    public mutating func startEstimation(nodeGroup: NodeGroupSize?, context: EstimationContext?) {
        nodes = 0
        startNanoseconds = now()
        maxNodes = 0
        maxDurationNanoseconds = 0
        for threshold in thresholds {
            maxNodes = minEstimationLimit(
                maxNodes, threshold.nodeLimit(nodeGroup: nodeGroup, context: context))
            maxDurationNanoseconds = minEstimationLimit(
                maxDurationNanoseconds,
                threshold.durationLimit(nodeGroup: nodeGroup, context: context))
        }
    }

    /// Ends the estimation (`EndEstimation`: nothing to release; kept for symmetry).
    public mutating func endEstimation() {}

    /// Moves the recorded start time (a test hook for the duration limit).
    public mutating func shiftStart(byNanoseconds delta: Int64) {
        startNanoseconds += delta
    }

    /// True, counting the node, when one more node may be added (`PermissionToAddNode`).
    public mutating func permissionToAddNode() -> Bool {
        if maxNodes < 0 || (maxNodes > 0 && nodes >= maxNodes) { return false }
        if maxDurationNanoseconds < 0 { return false }
        if maxDurationNanoseconds > 0 && now() > startNanoseconds + maxDurationNanoseconds {
            return false
        }
        nodes += 1
        return true
    }
}
