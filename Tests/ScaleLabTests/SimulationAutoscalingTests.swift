import Foundation
import Testing

@testable import ScaleLab

/// The seed's hpa.yaml (examples/manifests/hpa.yaml), read from the package.
private func seedHPAManifest() throws -> String {
    var url = URL(fileURLWithPath: #filePath)
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url.deleteLastPathComponent()
    }
    return try String(
        contentsOf: url.appendingPathComponent("examples/manifests/hpa.yaml"), encoding: .utf8)
}

/// The issue-5 acceptance cluster: GKE, 3 × n1-standard-4, myapp with 1 replica of
/// 100m / 64Mi.
func acceptanceCluster(replicas: Int = 1) throws -> (ClusterSimulation, WorkloadID) {
    var sim = ClusterSimulation(seed: 1)
    let shape = try NodeShape.compute(InstanceCatalog.builtIn.find("n1-standard-4"),
                                      profile: .gke)
    try sim.addPool(NodePool(name: "default", shape: shape, count: 3))
    var spec = PodSpec()
    spec.containers = [Container(name: "myapp",
                                 requests: ["cpu": 100, "memory": 64 * 1_048_576])]
    let id = try sim.deploy(name: "myapp", replicas: replicas,
                            template: PodTemplate(labels: ["app": "myapp"], spec: spec))
    return (sim, id)
}

private func hpa(metrics: [MetricSpec], min: Int32 = 1, max: Int32 = 10,
                 target: String = "myapp") throws -> HorizontalPodAutoscaler {
    var object = HorizontalPodAutoscaler(
        name: "myhpa",
        spec: HPASpec(scaleTargetRef: CrossVersionObjectReference(
                          kind: "Deployment", name: target, apiVersion: "apps/v1"),
                      minReplicas: min, maxReplicas: max, metrics: metrics))
    HPADefaults.apply(to: &object.spec)
    #expect(HPAValidation.validate(object, gates: HPAFeatureGates()).isEmpty)
    return object
}

/// Issue 5's acceptance scenario at engine level: no custom metrics API is installed, so the
/// seed's HPA reports FailedGetPodsMetric, as a real cluster does, and leaves myapp alone.
@Test func seedHPAWithoutMetricsAPIReportsFailedGetPodsMetric() throws {
    var (sim, myapp) = try acceptanceCluster()
    let ids = try sim.applyHPAs(yaml: seedHPAManifest(), source: "hpa.yaml")
    #expect(ids.count == 1)
    let id = try #require(ids.first)
    #expect(sim.hpas[id.index].object.spec.maxReplicas == 10)
    #expect(sim.hpas[id.index].object.spec.minReplicas == 1)
    sim.run(for: .minutes(2))

    let status = sim.hpas[id.index].object.status
    let active = try #require(status.condition(HPAConditionType.scalingActive))
    #expect(active.status == .false && active.reason == "FailedGetPodsMetric")
    #expect(active.message == "the HPA was unable to compute the replica count: unable to get"
        + " metric myapp_requests_per_second: unable to fetch metrics from custom metrics API:"
        + " no custom metrics API (custom.metrics.k8s.io) registered")
    #expect(status.condition(HPAConditionType.ableToScale)?.reason == "SucceededGetScale")
    #expect(status.currentReplicas == 1)
    #expect(sim.cluster.workloads[myapp.index].replicas == 1)

    // Events in the simulation's log, aggregated over the 9 reconciles (0s, 15s, ..., 120s).
    let events = sim.kernel.events.records(
        for: EventObject(kind: "HorizontalPodAutoscaler", name: "myhpa"))
    let failed = try #require(events.first { $0.reason == "FailedGetPodsMetric" })
    #expect(failed.type == .warning && failed.source == "horizontal-pod-autoscaler")
    #expect(failed.count == 9)
    #expect(events.contains { $0.reason == "FailedComputeMetricsReplicas" })
    #expect(sim.hpaController.lastExplanations["default/myhpa"]?.time == 120_000)

    // Text views.
    let describe = sim.describeHPA(id)
    #expect(describe.contains("FailedGetPodsMetric"))
    #expect(describe.contains("Deployment/myapp"))
    #expect(sim.getHPATable(id).contains("myhpa"))
    #expect(!sim.explainHPA(id).isEmpty)
    #expect(sim.kernel.timeline.value(of: "myhpa.current", at: sim.now) == 1)
}

@Test func cpuHPAWithoutMetricsServerReportsFailedGetResourceMetric() throws {
    var (sim, _) = try acceptanceCluster()
    let id = try sim.addHPA(hpa(metrics: [MetricSpec.defaultCPU]))
    sim.run(for: .seconds(30))
    let active = try #require(sim.hpas[id.index].object.status.condition("ScalingActive"))
    #expect(active.reason == "FailedGetResourceMetric")
    #expect(active.message.contains("unable to fetch metrics from resource metrics API: the"
        + " server could not find the requested resource (get pods.metrics.k8s.io)"))
}

@Test func missingScaleTargetReportsFailedGetScale() throws {
    var (sim, _) = try acceptanceCluster()
    let id = try sim.addHPA(hpa(metrics: [MetricSpec.defaultCPU], target: "nothere"))
    sim.run(for: .seconds(1))
    let able = try #require(sim.hpas[id.index].object.status.condition("AbleToScale"))
    #expect(able.status == .false && able.reason == "FailedGetScale")
    #expect(able.message == "the HPA controller was unable to get the target's current scale:"
        + " deployments.apps \"nothere\" not found")
}

/// Below minReplicas the controller rescales without metrics; the workload grows through the
/// scale path and the new pods come up.
@Test func hpaScalesTheWorkloadToMinReplicas() throws {
    var (sim, myapp) = try acceptanceCluster()
    let id = try sim.addHPA(hpa(metrics: [MetricSpec.defaultCPU], min: 3))
    sim.run(for: .minutes(1))
    #expect(sim.cluster.workloads[myapp.index].replicas == 3)
    #expect(sim.cluster.statusReplicas(myapp) == 3)
    let status = sim.hpas[id.index].object.status
    #expect(status.desiredReplicas == 3 && status.lastScaleTime == 0)
    let rescale = sim.kernel.events.records.first { $0.reason == "SuccessfulRescale" }
    #expect(rescale?.message == "New size: 3; reason: Current number of replicas below"
        + " Spec.MinReplicas")
    #expect(sim.kernel.timeline.value(of: "myhpa.desired", at: sim.now) == 3)
    #expect(sim.kernel.timeline.value(of: "myapp.ready", at: sim.now) == 3)
}

@Test func syncPeriodIsSettableAndHPAsCanBeDeleted() throws {
    var (sim, _) = try acceptanceCluster()
    var config = HPAControllerConfig()
    config.syncPeriodMs = 30_000
    sim.setHPAControllerConfig(config)
    let id = try sim.addHPA(hpa(metrics: [MetricSpec.defaultCPU]))
    sim.run(for: .seconds(50))
    #expect(sim.hpaController.lastExplanations["default/myhpa"]?.time == 30_000)
    #expect(throws: ClusterError.self) { try sim.addHPA(hpa(metrics: [MetricSpec.defaultCPU])) }
    sim.deleteHPA(id)
    #expect(sim.hpa(named: "myhpa") == nil)
    sim.run(for: .minutes(1))
    #expect(sim.hpaController.lastExplanations["default/myhpa"] == nil)
}

@Test(arguments: [
    (LabelSelector(matchLabels: ["app": "myapp"]), "app=myapp"),
    (LabelSelector(matchLabels: ["b": "2", "a": "1"]), "a=1,b=2"),
    (LabelSelector(matchExpressions: [
        LabelSelectorRequirement(key: "tier", operator: "In", values: ["web", "api"]),
        LabelSelectorRequirement(key: "env", operator: "NotIn", values: ["dev"]),
        LabelSelectorRequirement(key: "canary", operator: "DoesNotExist"),
        LabelSelectorRequirement(key: "app", operator: "Exists"),
    ]), "app,!canary,env notin (dev),tier in (api,web)"),
])
func selectorTextAsLabelSelectorAsSelector(selector: LabelSelector, text: String) {
    #expect(selector.selectorText == text)
    #expect((try? ParsedLabelSelector(parsing: text))?.requirements.count
        == selector.matchLabels.count + selector.matchExpressions.count)
}

/// Two HPAs whose targets select the same pods both report AmbiguousSelector (horizontal.go:
/// "pods by selector ... are controlled by multiple HPAs"); an HPA of other pods does not;
/// once one of the two is deleted the other scales again.
@Test func hpasOfOneSelectorReportAmbiguousSelectorUntilOneIsDeleted() throws {
    var (sim, _) = try acceptanceCluster()
    var spec = PodSpec()
    spec.containers = [Container(name: "app", requests: ["cpu": 100, "memory": 64 << 20])]
    try sim.deploy(name: "twin", replicas: 1,
                   template: PodTemplate(labels: ["app": "myapp"], spec: spec))
    try sim.deploy(name: "lone", replicas: 1,
                   template: PodTemplate(labels: ["app": "lone"], spec: spec))
    let mine = try sim.addHPA(hpa(metrics: [MetricSpec.defaultCPU], min: 2))
    var twinHPA = try hpa(metrics: [MetricSpec.defaultCPU], min: 2, target: "twin")
    twinHPA.name = "twinhpa"
    let twin = try sim.addHPA(twinHPA)
    var loneHPA = try hpa(metrics: [MetricSpec.defaultCPU], min: 2, target: "lone")
    loneHPA.name = "lonehpa"
    let lone = try sim.addHPA(loneHPA)
    sim.run(for: .seconds(30))
    for id in [mine, twin] {
        let active = try #require(sim.hpas[id.index].object.status.condition("ScalingActive"))
        #expect(active.status == .false && active.reason == "AmbiguousSelector")
        #expect(active.message == "pods by selector app=myapp are controlled by multiple HPAs")
    }
    #expect(sim.hpas[lone.index].object.status.condition("ScalingActive")?.reason
        != "AmbiguousSelector")
    sim.deleteHPA(twin)
    sim.run(for: .seconds(30))
    #expect(sim.hpas[mine.index].object.status.condition("ScalingActive")?.reason
        != "AmbiguousSelector")
    #expect(sim.cluster.workloads[sim.hpaTarget(mine.index).workload?.index ?? 0].replicas == 2)
}
