import Testing

@testable import ScaleLab

/// The simulation's reconcile rewrites the HPA's last record in place and reuses the lists
/// it keeps (`ReconcileSpares`); every sync must give exactly what a fresh record gives:
/// the same events, error, object (status, conditions) and explanation.
@Test(arguments: [
    // Per-pod values (milli) at successive 15 s syncs; behavior or legacy.
    ([20_000, 20_000, 2_000, 2_000, 9_000, 30_000, 1_000, 1_000, 10_000], false),
    ([20_000, 20_000, 2_000, 2_000, 9_000, 30_000, 1_000, 1_000, 10_000], true),
    ([1_000, 1_000, 1_000, 50_000, 50_000, 500, 500, 500, 500, 500], false),
    ([1_000, 1_000, 1_000, 50_000, 50_000, 500, 500, 500, 500, 500], true),
] as [([Int64], Bool)])
func reusedRecordEqualsAFreshOne(values: [Int64], behavior: Bool) {
    let rules = behavior
        ? HPABehavior(scaleDown: HPAScalingRules(stabilizationWindowSeconds: 30)) : nil
    let controller = HorizontalPodAutoscalerController()
    var fresh = (hpa: podsMetricHPA(targetMilli: 10_000, behavior: rules),
                 cluster: HPATestCluster(specReplicas: 3), history: HPAScalingHistory())
    var reused = fresh
    var explanation = HPAExplanation()
    var spares = ReconcileSpares()
    // Stale storage from another HPA's lists must not leak into the records either.
    spares.window = [WindowEntry(replicas: 9, ageMs: 1, inside: true)]
    spares.window.removeAll(keepingCapacity: true)
    for (step, value) in values.enumerated() {
        let now = Int64(step) * 15_000
        fresh.cluster.now = now
        fresh.cluster.perPodMetricMilli = value
        reused.cluster.now = now
        reused.cluster.perPodMetricMilli = value
        let expected = controller.reconcile(
            &fresh.hpa, history: &fresh.history, target: &fresh.cluster,
            metrics: fresh.cluster, now: now)
        let result = controller.reconcile(
            &reused.hpa, history: &reused.history, target: &reused.cluster,
            metrics: reused.cluster, now: now, explanation: &explanation, spares: &spares)
        #expect(result.events == expected.events)
        #expect(result.error == expected.error)
        #expect(reused.hpa == fresh.hpa)
        #expect(reused.history == fresh.history)
        #expect(reused.cluster.specReplicas == fresh.cluster.specReplicas)
        #expect(explanation == expected.explanation)
        #expect(explanation.text == expected.explanation.text)
        #expect(spares.statuses.isEmpty && spares.window.isEmpty)
    }
}

@Test func restartedRecordIsAFreshOne() {
    var record = HPAExplanation()
    record.currentReplicas = 4
    record.shortCircuit = "x"
    record.metrics = [MetricExplanation(metricName: "m", notes: ["n"])]
    var normalization = NormalizationExplanation()
    normalization.recommendations = [WindowEntry(replicas: 2, ageMs: 5, inside: true)]
    record.normalization = normalization
    var window: [WindowEntry] = []
    record.restart(at: 42, window: &window)
    var expected = HPAExplanation()
    expected.time = 42
    #expect(record == expected)
    #expect(window.isEmpty)
}
