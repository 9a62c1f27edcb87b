import Foundation

/// The behavior/*, legacy/*, docs/* vectors (the stabilization, rate-limit and scale-event
/// functions of horizontal.go in isolation), defaults/behavior (GenerateHPAScale*Rules) and
/// validation (ValidateHorizontalPodAutoscaler on validation_test.go's base object).
enum HPAConformanceNormalization {
    static func check(_ input: VectorValue, _ checker: inout ExpectationChecker) throws {
        let now = HPAConformance.now
        let function = input["function"].string ?? ""
        var history = HPAScalingHistory(
            recommendations: input["recommendations"].array.map {
                TimestampedRecommendation(replicas: $0["replicas"].int32 ?? 0,
                                          timestamp: now - Int64(($0["age_s"].double ?? 0) * 1000))
            },
            scaleUpEvents: events(input["scale_up_events"]),
            scaleDownEvents: events(input["scale_down_events"]))
        let current = input["current_replicas"].int32 ?? 0
        switch function {
        case "convertDesiredReplicasWithBehaviorRate":
            let decision = ScalingLimits.withBehavior(
                current: current, desired: input["desired_replicas"].int32 ?? 0,
                minReplicas: input["min_replicas"].int32 ?? 0,
                maxReplicas: input["max_replicas"].int32 ?? 0,
                up: HPADefaults.scaleUpRules(try rules(input["scale_up_rules"])),
                down: HPADefaults.scaleDownRules(try rules(input["scale_down_rules"])),
                history: history, now: now)
            checker.expect("replicas", "\(decision.replicas)")
            checker.expect("reason", decision.reason)
        case "calculateScaleUpLimitWithScalingRules":
            let rules = HPADefaults.scaleUpRules(try rules(input["rules"]))
            let limit = ScalingLimits.scaleUpLimit(current: current, rules: rules,
                                                   history: history, now: now).limit
            checker.expect("limit", "\(limit)")
        case "calculateScaleDownLimitWithBehaviors":
            let rules = HPADefaults.scaleDownRules(try rules(input["rules"]))
            let limit = ScalingLimits.scaleDownLimit(current: current, rules: rules,
                                                     history: history, now: now).limit
            checker.expect("limit", "\(limit)")
        case "stabilizeRecommendationWithBehaviors":
            let outcome = history.stabilizeWithBehaviors(
                current: current, desired: input["desired_replicas"].int32 ?? 0,
                upWindowMs: Int64(input["scale_up_stabilization_window_s"].double ?? 0) * 1000,
                downWindowMs: Int64(input["scale_down_stabilization_window_s"].double ?? 0) * 1000,
                now: now)
            checker.expect("replicas", "\(outcome.replicas)")
            let stored = (history.recommendations ?? []).map { "\($0.replicas)" }
            checker.expect("stored_recommendations_after",
                           "[" + stored.joined(separator: ", ") + "]")
        case "stabilizeRecommendation":
            let outcome = history.stabilizeLegacy(
                input["prenormalized_desired_replicas"].int32 ?? 0,
                windowMs: Int64(input["downscale_stabilization_window_s"].double ?? 300) * 1000,
                now: now)
            checker.expect("replicas", "\(outcome.replicas)")
            checker.expect("recommendation_log_length_after",
                           "\(history.recommendations?.count ?? 0)")
        case "convertDesiredReplicasWithRules":
            let decision = ScalingLimits.legacy(
                current: current, desired: input["desired_replicas"].int32 ?? 0,
                minReplicas: input["min_replicas"].int32 ?? 0,
                maxReplicas: input["max_replicas"].int32 ?? 0,
                factor: input["scale_up_limit_factor"].double ?? 2,
                minimum: input["scale_up_limit_minimum"].double ?? 4)
            checker.expect("replicas", "\(decision.replicas)")
            checker.expect("condition_reason", decision.reason)
        case "getReplicasChangePerPeriod + storeScaleEvent":
            try checkScaleEvents(input, &checker)
        default:
            throw ConformanceError("unknown function '\(function)'")
        }
    }

    private static func events(_ value: VectorValue) -> [TimestampedScaleEvent] {
        value.array.map {
            TimestampedScaleEvent(
                replicaChange: $0["replica_change"].int32 ?? 0,
                timestamp: HPAConformance.now - Int64(($0["age_s"].double ?? 0) * 1000),
                outdated: $0["outdated"].bool ?? false)
        }
    }

    static func rules(_ value: VectorValue) throws -> HPAScalingRules? {
        guard value.isPresent, let raw = value.raw else { return nil }
        return try HPASpecDecoder(reader: ManifestFieldReader(source: "vector"))
            .rules(ManifestDocuments.node(fromJSON: raw), "rules")
    }

    /// Both directions: 10 → 15 on the scale-up list, 10 → 5 on the scale-down list.
    private static func checkScaleEvents(_ input: VectorValue,
                                         _ checker: inout ExpectationChecker) throws {
        let now = HPAConformance.now
        let previous = events(input["previous_events"])
        let rules = try rules(input["direction_rules"])
        let period = input["period_for_change_s"].int32 ?? 60
        let prev = input["prev_replicas"].int32 ?? 10
        for (direction, new) in [("up", input["new_replicas_up"].int32 ?? 15),
                                 ("down", input["new_replicas_down"].int32 ?? 5)] {
            var history = direction == "up"
                ? HPAScalingHistory(scaleUpEvents: previous)
                : HPAScalingHistory(scaleDownEvents: previous)
            let change = HPAScalingHistory.replicasChange(periodSeconds: period,
                                                          events: previous, now: now)
            if let rules {
                history.storeScaleEvent(upRules: rules, downRules: rules, previous: prev,
                                        new: new, now: now)
            }
            var sub = ExpectationChecker(expected: checker.expected)
            sub.expect("replicas_change_in_last_\(period)s", "\(change)")
            let after = direction == "up" ? history.scaleUpEvents : history.scaleDownEvents
            let got = after.map { "\($0.replicaChange)/\($0.outdated)" }
            let want = checker.expected["events_after"].array.map {
                "\($0["replica_change"].int32 ?? 0)/\($0["outdated"].bool ?? false)"
            }
            if got != want { sub.fail("events_after: expected \(want), got \(got)") }
            checker.problems += sub.problems.map { "scale \(direction): \($0)" }
        }
    }

    static func checkDefaults(_ input: VectorValue, _ checker: inout ExpectationChecker) throws {
        let given = try rules(input["rules"])
        let result = input["function"].string == "GenerateHPAScaleUpRules"
            ? HPADefaults.scaleUpRules(given) : HPADefaults.scaleDownRules(given)
        checker.expect("selectPolicy", result.selectPolicy ?? "null")
        checker.expect("stabilizationWindowSeconds",
                       result.stabilizationWindowSeconds.map { "\($0)" } ?? "null")
        let got = (result.policies ?? []).map { "\($0.type)/\($0.value)/\($0.periodSeconds)" }
        let want = checker.expected["policies"].array.map {
            "\($0["type"].string ?? "")/\($0["value"].int32 ?? 0)/\($0["periodSeconds"].int32 ?? 0)"
        }
        if got != want { checker.fail("policies: expected \(want), got \(got)") }
    }

    /// validation_test.go's valid base object, with `spec_overrides` replacing spec fields
    /// (null removes one), validated without defaulting as the test does.
    static func checkValidation(_ input: VectorValue, _ checker: inout ExpectationChecker) throws {
        var spec: [String: Any] = [
            "scaleTargetRef": ["kind": "ReplicationController", "name": "myrc"],
            "minReplicas": 1, "maxReplicas": 5,
            "metrics": [["type": "Resource", "resource": [
                "name": "cpu", "target": ["type": "Utilization", "averageUtilization": 70]]]],
        ]
        for (key, value) in input["spec_overrides"].dictionary {
            spec[key] = value.isNull ? nil : value.raw
        }
        let object: [String: Any] = [
            "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": ["name": "myautoscaler", "namespace": "default"], "spec": spec,
        ]
        let hpa = try HPAManifest.decode(object: ManifestDocuments.node(fromJSON: object),
                                         source: "vector")
        var gates = HPAFeatureGates()
        gates.hpaScaleToZero = input["feature_gates"]["HPAScaleToZero"].bool ?? false
        gates.hpaConfigurableTolerance =
            input["feature_gates"]["HPAConfigurableTolerance"].bool ?? true
        let errors = HPAValidation.validate(hpa, gates: gates)
        if let valid = checker.expected["valid"].bool, valid != errors.isEmpty {
            checker.fail("valid: expected \(valid), got \(errors.isEmpty): \(errors)")
        }
        if let want = checker.expected["first_error_contains"].string {
            let first = errors.first?.description ?? "no error"
            if !first.contains(want) {
                checker.fail("first error: expected one containing \"\(want)\", got \"\(first)\"")
            }
        }
    }
}
