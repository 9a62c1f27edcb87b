// The metric and normalization steps of a reconcile (horizontal.go: computeReplicasForMetrics,
// normalizeDesiredReplicas, normalizeDesiredReplicasWithBehaviors).

struct ComputedReplicas {
    /// The largest valid proposal, or -1 when the reconcile must not scale.
    var replicas: Int32
    var metricName: String
    var statuses: [MetricStatus]
    var error: String?
}

extension ReconcileRun {
    /// Selector checks, one proposal per metric, the largest wins; an invalid metric blocks a
    /// scale-down (and all-invalid blocks everything) but never a scale-up.
    mutating func computeReplicasForMetrics(
        controller: HorizontalPodAutoscalerController, scale: HPAScale,
        target: some HPAScaleTargetClient, metrics: some HPAMetricsClient,
        explanation: inout HPAExplanation
    ) -> ComputedReplicas {
        guard !scale.selector.isEmpty else {
            let error = "selector is required"
            event("Warning", "SelectorRequired", error)
            condition(HPAConditionType.scalingActive, .false, "InvalidSelector",
                      "the HPA target's scale is missing a selector")
            return ComputedReplicas(replicas: -1, metricName: "", statuses: [], error: error)
        }
        let selector: ParsedLabelSelector
        do throws(HPAFetchError) {
            if let parsed = scale.parsedSelector, parsed.text == scale.selector {
                selector = parsed
            } else {
                selector = try ParsedLabelSelector(parsing: scale.selector)
            }
        } catch {
            let message = "couldn't convert selector into a corresponding internal selector"
                + " object: \(error)"
            event("Warning", "InvalidSelector", message)
            condition(HPAConditionType.scalingActive, .false, "InvalidSelector", message)
            return ComputedReplicas(replicas: -1, metricName: "", statuses: [], error: message)
        }
        if target.isSelectorAmbiguous(namespace: hpa.namespace, hpaName: hpa.name,
                                      selector: selector) {
            let message = "pods by selector \(scale.selector) are controlled by multiple HPAs"
            event("Warning", "AmbiguousSelector", message)
            condition(HPAConditionType.scalingActive, .false, "AmbiguousSelector", message)
            return ComputedReplicas(replicas: -1, metricName: "", statuses: [], error: message)
        }

        let config = controller.config
        var calculator = ReplicaCalculator(
            tolerances: config.tolerances(for: hpa.spec),
            timing: PodReadinessTiming(cpuInitializationPeriodMs: config.cpuInitializationPeriodMs,
                                       initialReadinessDelayMs: config.initialReadinessDelayMs),
            podLevelResources: controller.podLevelResources)
        calculator.recordPodDetail = controller.recordPodDetail
        // The pod lister is read once per reconcile, before the metrics: it has no side
        // effect, and its error is reported only by a metric that comes to need the pods
        // (after its own fetch), as when upstream lists them there.
        let namespace = hpa.namespace
        let listed: Result<ListedPods, HPAFetchError>
        do throws(HPAFetchError) {
            let pods = try target.listPods(namespace: namespace, selector: selector)
            listed = .success(ListedPods(pods: pods, names: target.podNames(for: pods)))
        } catch {
            listed = .failure(HPAFetchError(
                "unable to get pods while calculating replica count: \(error)"))
        }
        let context = MetricContext(
            namespace: namespace, specReplicas: scale.specReplicas,
            statusReplicas: scale.statusReplicas, selector: selector,
            calculator: calculator, now: now, listed: listed)
        var replicas: Int32 = 0
        var metricName = ""
        // Empty, with the storage of the list the last sync replaced.
        var statuses: [MetricStatus] = []
        swap(&statuses, &spares.statuses)
        var invalidCount = 0
        var firstInvalid: (reason: String, error: String, wrapped: String)?
        // Read from a local array: an element of `hpa` (which the run changes) is copied
        // before each call, with every string in it.
        let specs = hpa.spec.metrics
        for position in specs.indices {
            var outcome = MetricProposals.compute(specs[position], context: context,
                                                  metrics: metrics)
            // The explanation and status are moved out, not copied (a copy retains every
            // string and array in them).
            explanation.metrics.append(MetricExplanation())
            swap(&explanation.metrics[explanation.metrics.count - 1], &outcome.explanation)
            statuses.append(.empty)
            swap(&statuses[statuses.count - 1], &outcome.status)
            if let failure = outcome.failure {
                // Each failing metric records a Warning event with its reason.
                event("Warning", failure.reason, failure.error)
                if invalidCount == 0 {
                    firstInvalid = (failure.reason, failure.error, outcome.wrappedError)
                }
                invalidCount += 1
                continue
            }
            if replicas == 0 || outcome.replicas > replicas {
                replicas = outcome.replicas
                metricName = outcome.metricName
            }
        }
        let total = hpa.spec.metrics.count
        if invalidCount >= total || (invalidCount > 0 && replicas < scale.specReplicas) {
            let first = firstInvalid ?? ("", "", "")
            condition(HPAConditionType.scalingActive, .false, first.reason,
                      "the HPA was unable to compute the replica count: \(first.error)")
            let error = "invalid metrics (\(invalidCount) invalid out of \(total)), first error"
                + " is: \(first.wrapped)"
            return ComputedReplicas(replicas: -1, metricName: "", statuses: statuses,
                                    error: error)
        }
        condition(HPAConditionType.scalingActive, .true, "ValidMetricFound",
                  prefix: "the HPA was able to successfully calculate a replica count from ",
                  suffix: metricName)
        var error: String?
        if invalidCount > 0 {
            error = "invalid metrics (\(invalidCount) invalid out of \(total)), first error is:"
                + " \(firstInvalid?.wrapped ?? "")"
        }
        return ComputedReplicas(replicas: replicas, metricName: metricName, statuses: statuses,
                                error: error)
    }

    /// Stabilization, then min/max and rate limits; sets AbleToScale and ScalingLimited.
    mutating func normalize(controller: HorizontalPodAutoscalerController,
                            history: inout HPAScalingHistory, current: Int32, proposal: Int32,
                            minReplicas: Int32, explanation: inout HPAExplanation) -> Int32 {
        let config = controller.config
        var record = NormalizationExplanation()
        record.proposal = proposal
        let stabilized: Int32
        let decision: LimitDecision
        if let behavior = hpa.spec.behavior {
            record.mode = "behavior"
            let up = HPADefaults.scaleUpRules(behavior.scaleUp)
            var down = HPADefaults.scaleDownRules(behavior.scaleDown)
            // maybeInitScaleDownStabilizationWindow: a nil scale-down window takes the flag.
            if down.stabilizationWindowSeconds == nil {
                down.stabilizationWindowSeconds = Int32(clamping: config.downscaleStabilizationMs
                    / 1000)
            }
            record.upWindowMs = Int64(up.stabilizationWindowSeconds ?? 0) * 1000
            record.downWindowMs = Int64(down.stabilizationWindowSeconds ?? 0) * 1000
            let outcome = history.stabilizeWithBehaviors(
                current: current, desired: proposal, upWindowMs: record.upWindowMs,
                downWindowMs: record.downWindowMs, now: now, window: &spares.window)
            stabilized = outcome.replicas
            swap(&record.recommendations, &spares.window)
            if stabilized != proposal {
                condition(HPAConditionType.ableToScale, .true, outcome.reason, outcome.message)
            } else {
                condition(HPAConditionType.ableToScale, .true, "ReadyForNewScale",
                          "recommended size matches current size")
            }
            decision = ScalingLimits.withBehavior(
                current: current, desired: stabilized, minReplicas: minReplicas,
                maxReplicas: hpa.spec.maxReplicas, up: up, down: down, history: history,
                now: now)
            record.selectPolicy = stabilized > current ? up.selectPolicy
                : stabilized < current ? down.selectPolicy : nil
        } else {
            record.downWindowMs = config.downscaleStabilizationMs
            stabilized = history.stabilizeLegacy(
                proposal, windowMs: config.downscaleStabilizationMs, now: now,
                window: &spares.window)
            swap(&record.recommendations, &spares.window)
            if stabilized != proposal {
                condition(HPAConditionType.ableToScale, .true, "ScaleDownStabilized",
                          "recent recommendations were higher than current one, applying the"
                              + " highest recent recommendation")
            } else {
                condition(HPAConditionType.ableToScale, .true, "ReadyForNewScale",
                          "recommended size matches current size")
            }
            decision = ScalingLimits.legacy(
                current: current, desired: stabilized, minReplicas: minReplicas,
                maxReplicas: hpa.spec.maxReplicas, factor: config.scaleUpLimitFactor,
                minimum: config.scaleUpLimitMinimum)
        }
        condition(HPAConditionType.scalingLimited, decision.replicas == stabilized ? .false : .true,
                  decision.reason, decision.message)
        record.stabilized = stabilized
        record.policies = decision.policies
        record.limit = decision.limit
        record.result = decision.replicas
        record.limitReason = decision.reason
        explanation.normalization = record
        return decision.replicas
    }
}
