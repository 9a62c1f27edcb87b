// The min/max clamps and rate limits after stabilization (horizontal.go:
// convertDesiredReplicasWithRules for HPAs without `behavior`, and
// convertDesiredReplicasWithBehaviorRate, calculateScaleUpLimitWithScalingRules,
// calculateScaleDownLimitWithBehaviors for HPAs with it).

/// The outcome of clamping: replicas plus the ScalingLimited reason and message.
public struct LimitDecision: Sendable, Equatable {
    /// The allowed replicas.
    public var replicas: Int32
    /// DesiredWithinRange, TooManyReplicas, TooFewReplicas, ScaleUpLimit or ScaleDownLimit.
    public var reason: String
    /// Kubernetes' message for the reason.
    public var message: String
    /// The rate limit computed (behavior) or the legacy scale-up cap.
    public var limit: Int32?
    /// The policies evaluated (behavior), in order.
    public var policies: [PolicyEvaluation] = []

    static func within(_ replicas: Int32, limit: Int32?, policies: [PolicyEvaluation])
        -> LimitDecision {
        LimitDecision(replicas: replicas, reason: "DesiredWithinRange",
                      message: "the desired count is within the acceptable range",
                      limit: limit, policies: policies)
    }
}

/// The clamping functions; pure, so they can be tested and explained in isolation.
public enum ScalingLimits {
    static let tooMany = "the desired replica count is more than the maximum replica count"
    static let tooFew = "the desired replica count is less than the minimum replica count"
    static let upRate = "the desired replica count is increasing faster than the maximum scale rate"
    static let downRate =
        "the desired replica count is decreasing faster than the maximum scale rate"

    /// convertDesiredReplicasWithRules (no behavior): min/max, and a scale-up cap of
    /// max(factor × current, minimum) per reconcile, against bogus usage spikes
    /// (kubernetes issue #32304).
    public static func legacy(current: Int32, desired: Int32, minReplicas: Int32,
                              maxReplicas: Int32, factor: Double, minimum: Double)
        -> LimitDecision {
        let cap = HPAArithmetic.ceilInt32(max(factor * Double(current), minimum).rounded(.down))
        let (maxAllowed, reason, message) = maxReplicas > cap
            ? (cap, "ScaleUpLimit", upRate) : (maxReplicas, "TooManyReplicas", tooMany)
        if desired < minReplicas {
            return LimitDecision(replicas: minReplicas, reason: "TooFewReplicas", message: tooFew,
                                 limit: cap)
        }
        if desired > maxAllowed {
            return LimitDecision(replicas: maxAllowed, reason: reason, message: message,
                                 limit: cap)
        }
        return .within(desired, limit: cap, policies: [])
    }

    /// convertDesiredReplicasWithBehaviorRate: the stabilized `desired` limited by the policies
    /// of its direction and by min/max. Rules must be defaulted (selectPolicy and policies set).
    public static func withBehavior(current: Int32, desired: Int32, minReplicas: Int32,
                                    maxReplicas: Int32, up: HPAScalingRules,
                                    down: HPAScalingRules, history: HPAScalingHistory,
                                    now: Int64) -> LimitDecision {
        if desired > current {
            let (computed, policies) = scaleUpLimit(current: current, rules: up,
                                                    history: history, now: now)
            // Earlier events may have used the budget: hold, never reverse.
            let limit = max(computed, current)
            let (maxAllowed, reason, message) = maxReplicas > limit
                ? (limit, "ScaleUpLimit", upRate) : (maxReplicas, "TooManyReplicas", tooMany)
            if desired > maxAllowed {
                return LimitDecision(replicas: maxAllowed, reason: reason, message: message,
                                     limit: limit, policies: policies)
            }
            return .within(desired, limit: limit, policies: policies)
        }
        if desired < current {
            let (computed, policies) = scaleDownLimit(current: current, rules: down,
                                                      history: history, now: now)
            let limit = min(computed, current)
            let (minAllowed, reason, message) = minReplicas < limit
                ? (limit, "ScaleDownLimit", downRate) : (minReplicas, "TooFewReplicas", tooFew)
            if desired < minAllowed {
                return LimitDecision(replicas: minAllowed, reason: reason, message: message,
                                     limit: limit, policies: policies)
            }
            return .within(desired, limit: limit, policies: policies)
        }
        return .within(desired, limit: nil, policies: [])
    }

    /// Replicas at the start of a policy's period: scale events of both directions within the
    /// period are replayed backwards.
    static func periodStart(current: Int32, period: Int32, history: HPAScalingHistory,
                            now: Int64) -> Int32 {
        let up = HPAScalingHistory.replicasChange(periodSeconds: period,
                                                  events: history.scaleUpEvents, now: now)
        let down = HPAScalingHistory.replicasChange(periodSeconds: period,
                                                    events: history.scaleDownEvents, now: now)
        return current &- up &+ down
    }

    /// calculateScaleUpLimitWithScalingRules: Pods adds `value`, Percent multiplies by
    /// (1 + value/100) rounded up; Max picks the largest limit, Min the smallest, Disabled
    /// keeps `current`.
    public static func scaleUpLimit(current: Int32, rules: HPAScalingRules,
                                    history: HPAScalingHistory, now: Int64)
        -> (limit: Int32, policies: [PolicyEvaluation]) {
        let select = rules.selectPolicy ?? ScalingPolicySelect.max
        if select == ScalingPolicySelect.disabled { return (current, []) }
        let useMin = select == ScalingPolicySelect.min
        var result = useMin ? Int32.max : Int32.min
        var evaluations: [PolicyEvaluation] = []
        for policy in rules.policies ?? [] {
            let start = periodStart(current: current, period: policy.periodSeconds,
                                    history: history, now: now)
            let proposed = policy.type == HPAScalingPolicy.pods
                ? start &+ policy.value
                : HPAArithmetic.ceilInt32(Double(start) * (1 + Double(policy.value) / 100))
            evaluations.append(PolicyEvaluation(policy: policy, periodStartReplicas: start,
                                                proposedLimit: proposed))
            result = useMin ? min(result, proposed) : max(result, proposed)
        }
        return (result, evaluations)
    }

    /// calculateScaleDownLimitWithBehaviors: Pods removes `value`, Percent keeps
    /// start × (1 − value/100) truncated (so the number removed rounds up); Max picks the
    /// lowest limit (biggest change), Min the highest, Disabled keeps `current`.
    public static func scaleDownLimit(current: Int32, rules: HPAScalingRules,
                                      history: HPAScalingHistory, now: Int64)
        -> (limit: Int32, policies: [PolicyEvaluation]) {
        let select = rules.selectPolicy ?? ScalingPolicySelect.max
        if select == ScalingPolicySelect.disabled { return (current, []) }
        let useMin = select == ScalingPolicySelect.min
        var result = useMin ? Int32.min : Int32.max
        var evaluations: [PolicyEvaluation] = []
        for policy in rules.policies ?? [] {
            let start = periodStart(current: current, period: policy.periodSeconds,
                                    history: history, now: now)
            let proposed: Int32
            if policy.type == HPAScalingPolicy.pods {
                proposed = start &- policy.value
            } else {
                let kept = Double(start) * (1 - Double(policy.value) / 100)
                proposed = Int32(clamping: HPAArithmetic.clampedInt64(kept))
            }
            evaluations.append(PolicyEvaluation(policy: policy, periodStartReplicas: start,
                                                proposedLimit: proposed))
            result = useMin ? max(result, proposed) : min(result, proposed)
        }
        return (result, evaluations)
    }
}
