// The HPA controller's reconcile (pkg/controller/podautoscaler/horizontal.go:
// reconcileAutoscaler, computeReplicasForMetrics, normalizeDesiredReplicas,
// normalizeDesiredReplicasWithBehaviors), driven by the simulation once per sync period.

/// An event the controller records on the HPA (`kubectl get events` style).
public struct HPAEvent: Sendable, Equatable {
    /// When it was recorded.
    public var time: Int64
    /// "Normal" or "Warning".
    public var type: String
    /// The reason, e.g. "SuccessfulRescale".
    public var reason: String
    /// The message, e.g. "New size: 4; reason: cpu resource utilization (percentage of request)
    /// above target".
    public var message: String
}

/// What one reconcile did.
public struct HPAReconcileResult: Sendable, Equatable {
    /// Events recorded, in order.
    public var events: [HPAEvent] = []
    /// The step-by-step record.
    public var explanation = HPAExplanation()
    /// The error the reconcile returned upstream (it still may have scaled), nil on success.
    public var error: String?
}

/// The HPA controller: its flags and its in-memory state per HPA.
public struct HorizontalPodAutoscalerController: Sendable {
    /// The kube-controller-manager flags.
    public var config: HPAControllerConfig
    /// Gate PodLevelResources (pod-level requests take precedence in utilization).
    public var podLevelResources = false
    /// Whether `explain()` lists every pod's value (turn off for thousands of large HPAs).
    public var recordPodDetail = true
    /// Recommendations and scale events per HPA key (`namespace/name`).
    public var histories: [String: HPAScalingHistory] = [:]
    /// The last reconcile of each HPA key, for `explain()`.
    public internal(set) var lastExplanations: [String: HPAExplanation] = [:]
    /// Every event the controller recorded, aggregated as client-go's event recorder does
    /// (source "horizontal-pod-autoscaler"); `records(for: HorizontalPodAutoscalerController
    /// .eventObject(hpa))` gives one HPA's events.
    public var events = EventLog()

    /// Creates a controller with the given flags.
    public init(config: HPAControllerConfig = HPAControllerConfig()) {
        self.config = config
    }

    /// Forgets an HPA's state (the HPA was deleted).
    public mutating func forget(key: String) {
        histories[key] = nil
        lastExplanations[key] = nil
    }

    /// One reconcile of `hpa` at `now`: reads the target's scale and pods through `target`, the
    /// metrics through `metrics`, may update the scale, and rewrites `hpa.status`.
    /// `hpa.spec` must be defaulted (`HPADefaults.apply`), as the API server stores it.
    public mutating func reconcile(_ hpa: inout HorizontalPodAutoscaler,
                                   target: inout some HPAScaleTargetClient,
                                   metrics: some HPAMetricsClient, now: Int64)
        -> HPAReconcileResult {
        let key = hpa.key
        var history = histories[key] ?? HPAScalingHistory()
        let result = reconcile(&hpa, history: &history, target: &target, metrics: metrics,
                               now: now)
        histories[key] = history
        lastExplanations[key] = result.explanation
        if !result.events.isEmpty { record(result.events, hpa: hpa) }
        return result
    }

    /// One reconcile with the HPA's in-memory state held by the caller (`history`, kept by
    /// HPA index rather than by key): nothing is stored in the controller, and the events are
    /// only returned, for the caller to record.
    public func reconcile(_ hpa: inout HorizontalPodAutoscaler,
                          history: inout HPAScalingHistory,
                          target: inout some HPAScaleTargetClient,
                          metrics: some HPAMetricsClient, now: Int64) -> HPAReconcileResult {
        var explanation = HPAExplanation()
        var spares = ReconcileSpares()
        var result = reconcile(&hpa, history: &history, target: &target, metrics: metrics,
                               now: now, explanation: &explanation, spares: &spares)
        result.explanation = consume explanation
        return result
    }

    /// One reconcile that writes its step-by-step record into `explanation` rather than into
    /// the result (whose `explanation` stays empty). What `explanation` held (the previous
    /// record) is dropped, but the storage of its lists is reused, as is the storage kept in
    /// `spares`: a caller that keeps both from sync to sync allocates no new lists.
    func reconcile(_ hpa: inout HorizontalPodAutoscaler, history: inout HPAScalingHistory,
                   target: inout some HPAScaleTargetClient, metrics: some HPAMetricsClient,
                   now: Int64, explanation: inout HPAExplanation,
                   spares: inout ReconcileSpares) -> HPAReconcileResult {
        // The object is moved into the run and back rather than copied (a copy retains all
        // of its spec and status); the run changes only its status.
        let placeholder = HPASpec(scaleTargetRef: CrossVersionObjectReference(kind: "", name: ""),
                                  maxReplicas: 0)
        var run = ReconcileRun(hpa: HorizontalPodAutoscaler(name: "", spec: placeholder),
                               now: now)
        swap(&run.hpa, &hpa)
        swap(&run.spares, &spares)
        run.execute(controller: self, history: &history, target: &target, metrics: metrics,
                    explanation: &explanation)
        swap(&run.hpa, &hpa)
        swap(&run.spares, &spares)
        return run.result
    }

    /// The involved object of an HPA's events.
    public static func eventObject(_ hpa: HorizontalPodAutoscaler) -> EventObject {
        EventObject(kind: "HorizontalPodAutoscaler", namespace: hpa.namespace, name: hpa.name)
    }

    private mutating func record(_ recorded: [HPAEvent], hpa: HorizontalPodAutoscaler) {
        let object = Self.eventObject(hpa)
        for event in recorded {
            events.record(event.type == "Warning" ? .warning : .normal, reason: event.reason,
                          object: object, message: event.message,
                          source: "horizontal-pod-autoscaler",
                          at: SimTime(milliseconds: event.time))
        }
    }
}

/// Empty lists whose storage a reconcile fills instead of allocating new ones: the
/// `status.currentMetrics` the previous sync replaced, and the stabilization window of the
/// record it dropped.
struct ReconcileSpares: Sendable {
    var statuses: [MetricStatus] = []
    var window: [WindowEntry] = []
}

/// The state of one reconcile in progress. Its record is written into the `explanation`
/// passed to `execute` (the result's stays empty).
struct ReconcileRun {
    var hpa: HorizontalPodAutoscaler
    let now: Int64
    var result = HPAReconcileResult()
    var spares = ReconcileSpares()

    init(hpa: HorizontalPodAutoscaler, now: Int64) {
        self.hpa = hpa
        self.now = now
    }

    /// Sets `status.currentMetrics` to `statuses`; the list it replaces is emptied and kept
    /// as the next sync's.
    mutating func setCurrentMetrics(_ statuses: inout [MetricStatus]) {
        swap(&hpa.status.currentMetrics, &statuses)
        statuses.removeAll(keepingCapacity: true)
        swap(&spares.statuses, &statuses)
    }

    mutating func event(_ type: String, _ reason: String, _ message: String) {
        result.events.append(HPAEvent(time: now, type: type, reason: reason, message: message))
    }

    mutating func condition(_ type: String, _ status: ConditionStatus, _ reason: String,
                            _ message: String) {
        hpa.status.setCondition(type, status, reason: reason, message: (message, ""), now: now)
    }

    /// A condition whose message is `prefix + suffix`, joined only if it changed.
    mutating func condition(_ type: String, _ status: ConditionStatus, _ reason: String,
                            prefix: String, suffix: String) {
        hpa.status.setCondition(type, status, reason: reason, message: (prefix, suffix),
                                now: now)
    }

    mutating func execute(controller: HorizontalPodAutoscalerController,
                          history: inout HPAScalingHistory,
                          target: inout some HPAScaleTargetClient,
                          metrics: some HPAMetricsClient, explanation: inout HPAExplanation) {
        explanation.restart(at: now, window: &spares.window)
        // Fields are read one by one: a copy of the spec retains all of it.
        let ref = hpa.spec.scaleTargetRef
        let scale: HPAScale
        do throws(HPAFetchError) {
            try Self.checkGroupVersion(ref.apiVersion ?? "")
            scale = try target.getScale(namespace: hpa.namespace, ref: ref)
        } catch {
            event("Warning", "FailedGetScale", error.description)
            condition(HPAConditionType.ableToScale, .false, "FailedGetScale",
                      "the HPA controller was unable to get the target's current scale: \(error)")
            explanation.shortCircuit = "FailedGetScale: \(error)"
            result.error = "failed to query scale subresource for \(reference): \(error)"
            return
        }
        condition(HPAConditionType.ableToScale, .true, "SucceededGetScale",
                  "the HPA controller was able to get the target's current scale")
        let current = scale.specReplicas
        history.recordInitialRecommendation(current, now: now)
        let minReplicas = hpa.spec.minReplicas ?? 1
        let maxReplicas = hpa.spec.maxReplicas
        explanation.currentReplicas = current
        explanation.statusReplicas = scale.statusReplicas
        explanation.minReplicas = minReplicas
        explanation.maxReplicas = maxReplicas

        var desired: Int32 = 0
        var rescale = true
        var reason = ""
        var statuses: [MetricStatus] = []
        if current == 0 && minReplicas != 0 {
            // A target scaled to zero by hand: autoscaling is paused.
            rescale = false
            condition(HPAConditionType.scalingActive, .false, "ScalingDisabled",
                      "scaling is disabled since the replica count of the target is zero")
            explanation.shortCircuit = "scaling disabled: the target was scaled to zero"
        } else if current > maxReplicas {
            reason = "Current number of replicas above Spec.MaxReplicas"
            desired = maxReplicas
            explanation.shortCircuit = reason
        } else if current < minReplicas {
            reason = "Current number of replicas below Spec.MinReplicas"
            desired = minReplicas
            explanation.shortCircuit = reason
        } else {
            let computed = computeReplicasForMetrics(controller: controller, scale: scale,
                                                     target: target, metrics: metrics,
                                                     explanation: &explanation)
            statuses = computed.statuses
            if computed.replicas == -1 {
                hpa.status.currentReplicas = current
                setCurrentMetrics(&statuses)
                let error = computed.error ?? ""
                event("Warning", "FailedComputeMetricsReplicas", error)
                result.error = "failed to compute desired number of replicas based on listed"
                    + " metrics for \(reference): \(error)"
                explanation.desiredReplicas = hpa.status.desiredReplicas
                return
            }
            result.error = computed.error
            var rescaleMetric = ""
            if computed.replicas > desired {
                desired = computed.replicas
                rescaleMetric = computed.metricName
            }
            if desired > current { reason = "\(rescaleMetric) above target" }
            if desired < current { reason = "All metrics below target" }
            explanation.chosenMetric = computed.metricName
            desired = normalize(controller: controller, history: &history, current: current,
                                proposal: desired, minReplicas: minReplicas,
                                explanation: &explanation)
            rescale = desired != current
        }

        if rescale {
            do throws(HPAFetchError) {
                try target.updateScale(namespace: hpa.namespace, ref: ref, replicas: desired)
            } catch {
                event("Warning", "FailedRescale",
                      "New size: \(desired); reason: \(reason); error: \(error)")
                condition(HPAConditionType.ableToScale, .false, "FailedUpdateScale",
                          "the HPA controller was unable to update the target scale: \(error)")
                hpa.status.currentReplicas = current
                result.error = "failed to rescale \(reference): \(error)"
                explanation.desiredReplicas = hpa.status.desiredReplicas
                explanation.reason = reason
                return
            }
            condition(HPAConditionType.ableToScale, .true, "SucceededRescale",
                      "the HPA controller was able to update the target scale to \(desired)")
            event("Normal", "SuccessfulRescale", "New size: \(desired); reason: \(reason)")
            if let behavior = hpa.spec.behavior {
                history.storeScaleEvent(upRules: HPADefaults.scaleUpRules(behavior.scaleUp),
                                        downRules: HPADefaults.scaleDownRules(behavior.scaleDown),
                                        previous: current, new: desired, now: now)
            }
            hpa.status.lastScaleTime = now
        } else {
            desired = current
        }
        hpa.status.currentReplicas = current
        hpa.status.desiredReplicas = desired
        setCurrentMetrics(&statuses)
        explanation.desiredReplicas = desired
        explanation.rescaled = rescale
        explanation.reason = reason
    }

    /// The scale target in the controller's error messages (only built on an error).
    var reference: String {
        "\(hpa.spec.scaleTargetRef.kind)/\(hpa.namespace)/\(hpa.spec.scaleTargetRef.name)"
    }

    /// schema.ParseGroupVersion: "", "v1" and "group/version" are valid. Read byte by byte:
    /// it runs on every sync, so it splits nothing.
    static func checkGroupVersion(_ text: String) throws(HPAFetchError) {
        let slash = UInt8(ascii: "/")
        var slashes = 0
        var previous: UInt8?
        var emptyPart = false
        for byte in text.utf8 {
            if byte == slash {
                slashes += 1
                // "/v1", "apps//v1": an empty group (or version) before this slash.
                if previous == nil || previous == slash { emptyPart = true }
            }
            previous = byte
        }
        // "apps/": an empty version after the last slash.
        if previous == slash { emptyPart = true }
        if slashes > 1 || (slashes == 1 && emptyPart) {
            throw HPAFetchError("unexpected GroupVersion string: \(text)")
        }
    }
}
