import Testing

@testable import ScaleLab

/// Runs reconciles every 15 s from `start` for `count` syncs; returns the replicas after each.
private func sync(_ controller: inout HorizontalPodAutoscalerController,
                  _ hpa: inout HorizontalPodAutoscaler, _ cluster: inout HPATestCluster,
                  from start: Int64, count: Int) -> [Int32] {
    var replicas: [Int32] = []
    for step in 0..<count {
        cluster.now = start + Int64(step) * controller.config.syncPeriodMs
        _ = controller.reconcile(&hpa, target: &cluster, metrics: cluster, now: cluster.now)
        replicas.append(cluster.specReplicas)
    }
    return replicas
}

@Test func articleNumbersTargetTenCurrentTwentyScalesUp() {
    // The article: X = N × (c / t); target 10 req/s per pod, current 20 → twice the pods.
    var hpa = podsMetricHPA(targetMilli: 10_000)
    var cluster = HPATestCluster(specReplicas: 2, perPodMetricMilli: 20_000)
    var controller = HorizontalPodAutoscalerController()
    let result = controller.reconcile(&hpa, target: &cluster, metrics: cluster, now: 0)
    #expect(cluster.specReplicas == 4)
    #expect(hpa.status.desiredReplicas == 4)
    #expect(hpa.status.currentReplicas == 2)
    #expect(hpa.status.lastScaleTime == 0)
    #expect(result.events.map(\.message) == [
        "New size: 4; reason: pods metric myapp_requests_per_second above target"])
    #expect(hpa.status.currentMetrics.first?.current.averageValue?.description == "20")
    let explanation = result.explanation
    #expect(explanation.metrics.first?.ratio == 2.0)
    #expect(explanation.metrics.first?.pods.count == 2)
    #expect(explanation.normalization?.limitReason == "DesiredWithinRange")
    #expect(hpa.status.conditions.map(\.reason) == [
        "SucceededRescale", "ValidMetricFound", "DesiredWithinRange"])
}

@Test func articleNumbersCurrentTwoScalesDownAfterTheStabilizationWindow() {
    var hpa = podsMetricHPA(targetMilli: 10_000)
    var cluster = HPATestCluster(specReplicas: 4, perPodMetricMilli: 2_000)
    var controller = HorizontalPodAutoscalerController()
    // A fresh HPA seeds its history with the current size, so the legacy 5-minute window
    // (--horizontal-pod-autoscaler-downscale-stabilization) holds the scale-down.
    let held = sync(&controller, &hpa, &cluster, from: 0, count: 20)
    #expect(held.allSatisfy { $0 == 4 })
    #expect(hpa.status.condition("AbleToScale")?.reason == "ScaleDownStabilized")
    // 4 × 2/10 = 0.8 → 1 once the seed has aged out of the window (strictly older than 5m).
    let after = sync(&controller, &hpa, &cluster, from: 300_001, count: 1)
    #expect(after == [1])
    #expect(hpa.status.desiredReplicas == 1)
}

@Test func toleranceKeepsSmallChanges() {
    var hpa = podsMetricHPA(targetMilli: 10_000)
    var cluster = HPATestCluster(specReplicas: 5, perPodMetricMilli: 10_900)  // ratio 1.09
    var controller = HorizontalPodAutoscalerController()
    let result = controller.reconcile(&hpa, target: &cluster, metrics: cluster, now: 0)
    #expect(cluster.specReplicas == 5)
    #expect(result.explanation.metrics.first?.withinTolerance == true)
    // A per-direction tolerance of 5% lets the same ratio scale up.
    var tight = podsMetricHPA(targetMilli: 10_000, behavior: HPABehavior(
        scaleUp: HPAScalingRules(tolerance: Quantity(milli: 50))))
    var second = HorizontalPodAutoscalerController()
    _ = second.reconcile(&tight, target: &cluster, metrics: cluster, now: 0)
    #expect(cluster.specReplicas == 6)  // ceil(5 × 1.09)
}

@Test func legacyScaleUpIsCappedAtTwiceCurrentOrFour() {
    var hpa = podsMetricHPA(targetMilli: 1_000, max: 100)
    var cluster = HPATestCluster(specReplicas: 1, perPodMetricMilli: 50_000)
    var controller = HorizontalPodAutoscalerController()
    let steps = sync(&controller, &hpa, &cluster, from: 0, count: 3)
    #expect(steps == [4, 8, 16])
    #expect(hpa.status.condition("ScalingLimited")?.reason == "ScaleUpLimit")
}

@Test func behaviorPoliciesLimitEachPeriodAndSelectPolicyPicksTheChange() {
    // scaleUp: at most 2 pods per 60 s (Min of Pods 2 and Percent 100).
    let behavior = HPABehavior(scaleUp: HPAScalingRules(
        stabilizationWindowSeconds: 0, selectPolicy: "Min",
        policies: [HPAScalingPolicy(type: "Pods", value: 2, periodSeconds: 60),
                   HPAScalingPolicy(type: "Percent", value: 100, periodSeconds: 60)]))
    var hpa = podsMetricHPA(targetMilli: 1_000, max: 50, behavior: behavior)
    var cluster = HPATestCluster(specReplicas: 2, perPodMetricMilli: 10_000)
    var controller = HorizontalPodAutoscalerController()
    let steps = sync(&controller, &hpa, &cluster, from: 0, count: 6)
    // +2 at t=0; the budget is used until the event is no longer strictly newer than 60 s:
    // at t=60 s it no longer counts, so the next +2 happens then.
    #expect(steps == [4, 4, 4, 4, 6, 6])
    let limited = controller.lastExplanations[hpa.key]?.normalization
    #expect(limited?.limitReason == "ScaleUpLimit")
    #expect(limited?.policies.map(\.proposedLimit) == [6, 8])
    #expect(hpa.status.condition("ScalingLimited")?.message
        == "the desired replica count is increasing faster than the maximum scale rate")
}

@Test func behaviorScaleDownWindowKeepsTheHighestRecentRecommendation() {
    let behavior = HPABehavior(scaleDown: HPAScalingRules(stabilizationWindowSeconds: 60))
    var hpa = podsMetricHPA(targetMilli: 10_000, behavior: behavior)
    var cluster = HPATestCluster(specReplicas: 6, perPodMetricMilli: 10_000)
    var controller = HorizontalPodAutoscalerController()
    #expect(sync(&controller, &hpa, &cluster, from: 0, count: 1) == [6])
    cluster.perPodMetricMilli = 5_000  // 6 × 0.5 = 3
    // Recommendations of 6 from t=0 are inside the 60 s window until t > 60 s.
    let steps = sync(&controller, &hpa, &cluster, from: 15_000, count: 4)
    #expect(steps == [6, 6, 6, 3])
    #expect(controller.lastExplanations[hpa.key]?.normalization?.stabilized == 3)
}

@Test func disabledSelectPolicyBlocksScaleDown() {
    let behavior = HPABehavior(scaleDown: HPAScalingRules(stabilizationWindowSeconds: 0,
                                                          selectPolicy: "Disabled"))
    var hpa = podsMetricHPA(targetMilli: 10_000, behavior: behavior)
    var cluster = HPATestCluster(specReplicas: 6, perPodMetricMilli: 1_000)
    var controller = HorizontalPodAutoscalerController()
    #expect(sync(&controller, &hpa, &cluster, from: 0, count: 2) == [6, 6])
    #expect(hpa.status.condition("ScalingLimited")?.reason == "ScaleDownLimit")
}

@Test func missingCustomMetricsAPIReportsFailedGetPodsMetric() {
    // No custom metrics API: the HPA cannot get the metric, as in a real cluster.
    struct NoCustomMetrics: HPAMetricsClient {
        func resourceMetrics(namespace: String, selector: ParsedLabelSelector)
            throws(HPAFetchError) -> [PodResourceSample] { [] }
        func podsMetric(namespace: String, metric: String, selector: ParsedLabelSelector,
                        metricSelector: LabelSelector?) throws(HPAFetchError)
            -> [String: PodMetricSample] {
            throw HPAFetchError("the server could not find the requested resource"
                + " (get pods.custom.metrics.k8s.io *)")
        }
        func objectMetric(namespace: String, metric: String,
                          object: CrossVersionObjectReference,
                          metricSelector: LabelSelector?) throws(HPAFetchError) -> Int64 { 0 }
        func externalMetric(namespace: String, metric: String, metricSelector: LabelSelector?)
            throws(HPAFetchError) -> [Int64] { [] }
    }
    var hpa = podsMetricHPA(targetMilli: 2_000)
    var cluster = HPATestCluster(specReplicas: 1)
    var controller = HorizontalPodAutoscalerController()
    let result = controller.reconcile(&hpa, target: &cluster, metrics: NoCustomMetrics(), now: 0)
    let active = hpa.status.condition("ScalingActive")
    #expect(active?.status == .false)
    #expect(active?.reason == "FailedGetPodsMetric")
    #expect(active?.message == "the HPA was unable to compute the replica count: unable to get"
        + " metric myapp_requests_per_second: the server could not find the requested resource"
        + " (get pods.custom.metrics.k8s.io *)")
    #expect(result.events.map(\.reason) == ["FailedGetPodsMetric", "FailedComputeMetricsReplicas"])
    #expect(cluster.specReplicas == 1)
}

@Test func cpuInitializationPeriodSetsYoungPodsAside() {
    // Two old pods at 100% of request, one pod started 60 s ago and not yet Ready.
    var pods = HPATestCluster(specReplicas: 2, cpuUsageMilli: 1_000).pods
    pods.append(HPAPod(name: "young", phase: .running,
                       ready: HPAReadyCondition(status: .false, lastTransitionTime: -60_000),
                       startTime: -60_000,
                       containers: [HPAContainer(name: "app", requestsMilli: ["cpu": 1000])]))
    var metrics = PodGrouping.podResourceMetrics(
        pods.map { PodResourceSample(pod: $0.name, timestamp: 0, windowMs: 30_000,
                                     containers: ["app": ["cpu": 1_000]]) },
        resource: "cpu", container: nil)
    let calculator = ReplicaCalculator(
        tolerances: HPATolerances(scaleDown: 0.1, scaleUp: 0.1),
        timing: PodReadinessTiming(cpuInitializationPeriodMs: 300_000,
                                   initialReadinessDelayMs: 30_000))
    let proposal = try? calculator.resourceUtilizationReplicas(
        currentReplicas: 3, targetUtilization: 50, resource: "cpu", container: nil, pods: pods,
        metrics: metrics, now: 0)
    // 2 ready pods at 100% vs 50% → ratio 2; the unready pod counts as 0% when scaling up:
    // (2000 + 0) / 3000 = 66% → ratio 1.33 → ceil(1.33 × 3) = 4.
    #expect(proposal?.replicas == 4)
    #expect(proposal?.explanation.pods.last?.disposition == .unreadyInitializing)
    #expect(proposal?.explanation.pods.last?.assumedMilli == 0)
    metrics["young"] = nil
    #expect(metrics.count == 2)
}

@Test func explanationTellsTheReconcileStepByStep() {
    var hpa = podsMetricHPA(targetMilli: 10_000)
    var cluster = HPATestCluster(specReplicas: 4, perPodMetricMilli: 2_000)
    var controller = HorizontalPodAutoscalerController()
    _ = sync(&controller, &hpa, &cluster, from: 0, count: 2)
    let held = controller.lastExplanations[hpa.key]?.text ?? ""
    print(held)
    #expect(held.contains("pod myapp-0: 2 (counted)"))
    #expect(held.contains("usage 2 / target 10 = ratio 0.200; tolerance band [0.900, 1.100]"))
    #expect(held.contains("recommendation 4, 15s ago (in the window)"))
    #expect(held.contains("proposal 1 → stabilized 4"))
    #expect(held.contains("decision: keep 4 replicas"))
    _ = sync(&controller, &hpa, &cluster, from: 300_001, count: 1)
    let scaled = controller.lastExplanations[hpa.key]?.text ?? ""
    #expect(scaled.contains("decision: scale to 1 (All metrics below target)"))
    let events = controller.events.records(
        for: HorizontalPodAutoscalerController.eventObject(hpa))
    #expect(events.map(\.reason) == ["SuccessfulRescale"])
    #expect(events.first?.source == "horizontal-pod-autoscaler")
}

@Test func getAndDescribeReadLikeKubectl() {
    var hpa = podsMetricHPA(targetMilli: 2_000)
    var cluster = HPATestCluster(specReplicas: 2, perPodMetricMilli: 1_500)
    var controller = HorizontalPodAutoscalerController()
    _ = controller.reconcile(&hpa, target: &cluster, metrics: cluster, now: 0)
    let table = hpa.getTable(age: .seconds(90))
    print(table)
    #expect(table.contains("myhpa   Deployment/myapp   1500m/2   1"))
    #expect(table.hasSuffix("90s"))
    let object = HorizontalPodAutoscalerController.eventObject(hpa)
    let events = controller.events.records(for: object)
    let text = hpa.describe(events: events, now: SimTime(milliseconds: 30_000))
    #expect(text == """
        Name:                                   myhpa
        Namespace:                              default
        Labels:                                 <none>
        Annotations:                            <none>
        Reference:                              Deployment/myapp
        Metrics:                                ( current / target )
          "myapp_requests_per_second" on pods:  1500m / 2
        Min replicas:                           1
        Max replicas:                           10
        Deployment pods:                        2 current / 2 desired
        Conditions:
          Type            Status  Reason              Message
          ----            ------  ------              -------
          AbleToScale     True    ReadyForNewScale    recommended size matches current size
          ScalingActive   True    ValidMetricFound    the HPA was able to successfully calculate \
        a replica count from pods metric myapp_requests_per_second
          ScalingLimited  False   DesiredWithinRange  the desired count is within the acceptable \
        range
        Events:           <none>
        """)
}

@Test func missingTargetReportsFailedGetScale() {
    var hpa = podsMetricHPA(targetMilli: 2_000)
    var cluster = HPAClusterSnapshot(scale: nil)
    var controller = HorizontalPodAutoscalerController()
    let result = controller.reconcile(&hpa, target: &cluster, metrics: cluster, now: 0)
    let able = hpa.status.condition("AbleToScale")
    #expect(able?.status == .false)
    #expect(able?.reason == "FailedGetScale")
    #expect(able?.message == "the HPA controller was unable to get the target's current scale:"
        + " deployments.apps \"myapp\" not found")
    #expect(result.events.map(\.reason) == ["FailedGetScale"])
    #expect(cluster.updatedReplicas == nil)
}
