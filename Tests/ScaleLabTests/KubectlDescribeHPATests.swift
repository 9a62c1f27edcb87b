import Testing

@testable import ScaleLab

// `kubectl describe hpa` layout: k8s.io/kubectl pkg/describe/describe.go
// describeHorizontalPodAutoscalerV2 writes tab-separated cells through tabbedString's
// tabwriter (minwidth 0, padding 2). The expected text below is a published real
// `kubectl describe hpa` output (an HPA on cpu at 70%, min 2, max 5).

/// The published output, CreationTimestamp line removed (the simulation has no calendar).
private let publishedDescribe = """
    Name:                                                  backend-user
    Namespace:                                             default
    Labels:                                                <none>
    Annotations:                                           <none>
    Reference:                                             Deployment/backend-user
    Metrics:                                               ( current / target )
      resource cpu on pods  (as a percentage of request):  0% (0) / 70%
    Min replicas:                                          2
    Max replicas:                                          5
    Deployment pods:                                       2 current / 2 desired
    Conditions:
      Type            Status  Reason            Message
      ----            ------  ------            -------
      AbleToScale     True    ReadyForNewScale  recommended size matches current size
      ScalingActive   True    ValidMetricFound  the HPA was able to successfully calculate a \
    replica count from cpu resource utilization (percentage of request)
      ScalingLimited  True    TooFewReplicas    the desired replica count is less than the \
    minimum replica count
    Events:
      Type    Reason             Age   From                       Message
      ----    ------             ----  ----                       -------
      Normal  SuccessfulRescale  41m   horizontal-pod-autoscaler  New size: 2; reason: All \
    metrics below target
    """

@Test func describeMatchesAPublishedKubectlOutput() {
    var spec = HPASpec(
        scaleTargetRef: CrossVersionObjectReference(kind: "Deployment", name: "backend-user"),
        minReplicas: 2, maxReplicas: 5,
        metrics: [MetricSpec(type: "Resource", resource: ResourceMetricSource(
            name: "cpu", target: MetricTarget(type: "Utilization", averageUtilization: 70)))])
    HPADefaults.apply(to: &spec)
    var hpa = HorizontalPodAutoscaler(name: "backend-user", spec: spec)
    hpa.status = HPAStatus(
        currentReplicas: 2, desiredReplicas: 2,
        currentMetrics: [MetricStatus(type: "Resource", name: "cpu", current: MetricValueStatus(
            averageValueMilli: 0, averageUtilization: 0))],
        conditions: [
            HPACondition(type: "AbleToScale", status: .true, reason: "ReadyForNewScale",
                         message: "recommended size matches current size", lastTransitionTime: 0),
            HPACondition(type: "ScalingActive", status: .true, reason: "ValidMetricFound",
                         message: "the HPA was able to successfully calculate a replica count "
                            + "from cpu resource utilization (percentage of request)",
                         lastTransitionTime: 0),
            HPACondition(type: "ScalingLimited", status: .true, reason: "TooFewReplicas",
                         message: "the desired replica count is less than the minimum replica "
                            + "count", lastTransitionTime: 0),
        ])
    let event = EventRecord(
        type: .normal, reason: "SuccessfulRescale",
        object: HorizontalPodAutoscalerController.eventObject(hpa),
        message: "New size: 2; reason: All metrics below target",
        source: "horizontal-pod-autoscaler", firstTimestamp: SimTime(milliseconds: 0),
        lastTimestamp: SimTime(milliseconds: 0), count: 1)
    let text = hpa.describe(events: [event], now: SimTime(milliseconds: 41 * 60_000))
    #expect(text == publishedDescribe)
}

@Test(arguments: [
    // A block ends at a line without a tab; the text after the last tab is never padded.
    (["a:\tx", "long key:\ty", "plain", "k:\tz"],
     ["a:         x", "long key:  y", "plain", "k:  z"]),
    // Nested columns: column 1 is aligned only over the lines that have a cell in it.
    (["  T\tS\tR", "  AbleToScale\tTrue\tok", "Events:\t<none>"],
     ["  T            S     R", "  AbleToScale  True  ok", "Events:        <none>"]),
    // Empty cells are padded like any other.
    (["\tx", "ab\ty"], ["    x", "ab  y"]),
])
func tabWriterAlignsLikeGo(lines: [String], expected: [String]) {
    #expect(KubectlTabWriter.format(lines) == expected)
}
