import Foundation
import Testing

@testable import ScaleLab

private func node(
    _ name: String, group: String? = "ng1", ready: Bool = true, taintAgeMillis: Int64? = nil,
    gpu: GPUConfig? = nil, pods: [UtilizationPod] = [], allocatable: [String: Int64]? = nil
) -> EligibilityNode {
    EligibilityNode(
        name: name, nodeGroupID: group, isReady: ready,
        toBeDeletedTaintMillis: taintAgeMillis.map { 1_000_000 - $0 }, gpuConfig: gpu,
        allocatable: allocatable ?? ["cpu": 1000, "memory": 1 << 30, "nvidia.com/gpu": 1],
        pods: pods)
}

@Test func eligibilityGivesEachUnremovableNodeItsReason() {
    let busy = UtilizationPod(requests: ["cpu": 800, "memory": 0])
    let gpuPod = UtilizationPod(requests: ["cpu": 100, "nvidia.com/gpu": 1])
    let candidates = [
        node("deleting", taintAgeMillis: 60_000),
        node("deleted-long-ago", taintAgeMillis: 6 * 60_000),
        node("orphan", group: nil),
        node("busy", pods: [busy]),
        node("recent"),
        node("gpu-busy", gpu: GPUConfig(), pods: [gpuPod]),
        node("no-cpu", allocatable: ["memory": 10]),
    ]
    let result = ScaleDownEligibility.filterOutUnremovable(
        candidates, defaults: ScaleDownEligibilityOptions(), recentlyUnremovable: ["recent"],
        nowMillis: 1_000_000)
    #expect(result.unneeded == ["deleted-long-ago"])
    #expect(result.unremovable.map { "\($0.node)=\($0.reason.rawValue)" } == [
        "deleting=CurrentlyBeingDeleted", "orphan=NotAutoscaled", "busy=NotUnderutilized",
        "recent=RecentlyUnremovable", "gpu-busy=NotUnderutilized", "no-cpu=UnexpectedError",
    ])
    #expect(result.utilization["busy"]?.resourceName == "cpu")
    #expect(result.utilization["gpu-busy"]?.gpuUtil == 1)
}

@Test func perGroupOptionsOverrideTheDefaults() {
    var relaxed = ScaleDownEligibilityOptions()
    relaxed.utilizationThreshold = 0.9
    let pod = UtilizationPod(requests: ["cpu": 800, "memory": 0])
    let result = ScaleDownEligibility.filterOutUnremovable(
        [node("a", group: "relaxed", pods: [pod]), node("b", pods: [pod])],
        defaults: ScaleDownEligibilityOptions(), groupOptions: ["relaxed": relaxed],
        nowMillis: 0)
    #expect(result.unneeded == ["a"])
}

@Test func utilizationSkipsDaemonSetAndMirrorPodsOnlyWhenAsked() throws {
    let pods = [
        UtilizationPod(requests: ["cpu": 200, "memory": 100]),
        UtilizationPod(requests: ["cpu": 400, "memory": 0], isDaemonSet: true),
        UtilizationPod(requests: ["cpu": 200, "memory": 0], isMirror: true),
        UtilizationPod(requests: ["cpu": 100, "memory": 0], deletionTimestampMillis: 0),
    ]
    let allocatable: [String: Int64] = ["cpu": 1000, "memory": 1000]
    func util(_ ds: Bool, _ mirror: Bool) throws -> Double {
        try NodeUtilization.calculate(
            nodeName: "n", allocatable: allocatable, pods: pods, skipDaemonSetPods: ds,
            skipMirrorPods: mirror, nowMillis: 120_000
        ).cpuUtil
    }
    // The long-terminating pod (deleted 120 s ago, 30 s grace + 30 s) never counts.
    #expect(try util(false, false) == 0.8)
    #expect(try util(true, false) == 400.0 / 600.0)
    #expect(try util(true, true) == 200.0 / 400.0)
    #expect(throws: UtilizationError.self) {
        try NodeUtilization.calculate(
            nodeName: "n", allocatable: ["cpu": 1000], pods: pods, skipDaemonSetPods: false,
            skipMirrorPods: false, nowMillis: 0)
    }
}

@Test func draUtilizationPicksTheBusiestCompletePool() throws {
    let slices = [
        DRAResourceSlice(driver: "d", pool: "a", devices: ["x", "y"]),
        DRAResourceSlice(driver: "d", pool: "b", devices: ["x", "y", "z", "w"]),
    ]
    let pod = UtilizationPod(requests: [:], allocatedDevices: [
        DRADeviceID(driver: "d", pool: "a", device: "x"),
        DRADeviceID(driver: "d", pool: "b", device: "x"),
    ])
    let (name, util) = try DRAUtilization.highest(slices: slices, pods: [pod])
    #expect(name == "d/a" && util == 0.5)
    let incomplete = [DRAResourceSlice(driver: "d", pool: "c", resourceSliceCount: 2,
        devices: ["x"])]
    #expect(throws: UtilizationError.self) {
        try DRAUtilization.highest(slices: incomplete, pods: [])
    }
}
