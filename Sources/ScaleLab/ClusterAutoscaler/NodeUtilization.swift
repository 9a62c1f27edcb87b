// How busy a node is, for scale-down: requests over allocatable, the busiest resource wins.
// Upstream: cluster-autoscaler/simulator/utilization/info.go (Info, Calculate,
// CalculateUtilizationOfResource), utils/pod/pod.go (IsDaemonSetPod, IsMirrorPod),
// utils/drain/drain.go (IsPodLongTerminating).

/// A pod on a node, as utilization needs it.
public struct UtilizationPod: Sendable, Equatable {
    /// Effective requests (k8s `resourcehelper.PodRequests`) by resource name: `cpu` in
    /// millicores, every other resource in its base unit (bytes, devices).
    public var requests: [String: Int64]
    /// A DaemonSet pod: controller kind `DaemonSet`, or the annotation
    /// `cluster-autoscaler.kubernetes.io/daemonset-pod: "true"`.
    public var isDaemonSet: Bool
    /// A mirror (static) pod: it has the annotation `kubernetes.io/config.mirror`.
    public var isMirror: Bool
    /// When the pod was deleted, in milliseconds of simulated time (nil: not being deleted).
    public var deletionTimestampMillis: Int64?
    /// The pod's termination grace period in seconds (nil: the default 30 s).
    public var terminationGracePeriodSeconds: Int64?
    /// DRA devices allocated to the pod's resource claims.
    public var allocatedDevices: [DRADeviceID]

    /// Creates a pod description.
    public init(
        requests: [String: Int64], isDaemonSet: Bool = false, isMirror: Bool = false,
        deletionTimestampMillis: Int64? = nil, terminationGracePeriodSeconds: Int64? = nil,
        allocatedDevices: [DRADeviceID] = []
    ) {
        self.requests = requests
        self.isDaemonSet = isDaemonSet
        self.isMirror = isMirror
        self.deletionTimestampMillis = deletionTimestampMillis
        self.terminationGracePeriodSeconds = terminationGracePeriodSeconds
        self.allocatedDevices = allocatedDevices
    }

    /// The annotation that marks a pod as a DaemonSet pod for the autoscaler.
    public static let daemonSetPodAnnotation = "cluster-autoscaler.kubernetes.io/daemonset-pod"
    /// The annotation the kubelet puts on mirror pods.
    public static let mirrorPodAnnotation = "kubernetes.io/config.mirror"

    /// Whether the pod was deleted so long ago it should be gone: deletion + grace period +
    /// 30 s is before `now` (`drain.IsPodLongTerminating`).
    public func isLongTerminating(nowMillis: Int64) -> Bool {
        guard let deleted = deletionTimestampMillis else { return false }
        let grace = (terminationGracePeriodSeconds ?? 30) * 1000
        return deleted + grace + 30_000 < nowMillis
    }
}

/// How a node's GPUs are exposed (`cloudprovider.GpuConfig`).
public struct GPUConfig: Sendable, Equatable {
    /// The extended resource that counts GPUs, e.g. `nvidia.com/gpu`.
    public var extendedResourceName: String
    /// The DRA driver, when GPUs are exposed through DRA instead of an extended resource.
    public var draDriverName: String?

    /// Creates a config.
    public init(extendedResourceName: String = "nvidia.com/gpu", draDriverName: String? = nil) {
        self.extendedResourceName = extendedResourceName
        self.draDriverName = draDriverName
    }

    /// Whether the GPUs are DRA devices (then utilization is the DRA pools', not the GPUs').
    public var exposedViaDRA: Bool { draDriverName != nil }
}

/// A node's utilization (`utilization.Info`).
public struct UtilizationInfo: Sendable, Equatable {
    /// CPU requested / allocatable.
    public var cpuUtil = 0.0
    /// Memory requested / allocatable.
    public var memUtil = 0.0
    /// GPUs requested / allocatable.
    public var gpuUtil = 0.0
    /// The busiest DRA pool's allocated / total devices.
    public var dynamicResourceUtil = 0.0
    /// The resource that gave `utilization` (`cpu`, `memory`, the GPU resource or
    /// `driver/pool`).
    public var resourceName = ""
    /// max(cpu, memory), or the GPU or DRA utilization.
    public var utilization = 0.0

    /// Creates an empty info.
    public init() {}
}

/// An error computing utilization, worded as the autoscaler words it.
public struct UtilizationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The message.
    public var description: String
}

/// Node utilization as the Cluster Autoscaler computes it (`utilization.Calculate`).
public enum NodeUtilization {
    /// The utilization of a node.
    /// - Parameters:
    ///   - nodeName: for messages.
    ///   - allocatable: the node's allocatable by resource name (cpu in millicores).
    ///   - pods: the pods on the node.
    ///   - resourceSlices: the node's local DRA ResourceSlices.
    ///   - skipDaemonSetPods: `--ignore-daemonsets-utilization`: DaemonSet pods come off both
    ///     the requests and the allocatable.
    ///   - skipMirrorPods: `--ignore-mirror-pods-utilization`, likewise for mirror pods.
    ///   - draEnabled: `--enable-dynamic-resource-allocation`.
    ///   - gpuConfig: the node's GPU config, nil for a node without GPUs.
    ///   - nowMillis: the current (simulated) time.
    public static func calculate(
        nodeName: String, allocatable: [String: Int64], pods: [UtilizationPod],
        resourceSlices: [DRAResourceSlice] = [], skipDaemonSetPods: Bool, skipMirrorPods: Bool,
        draEnabled: Bool = false, gpuConfig: GPUConfig? = nil, nowMillis: Int64
    ) throws -> UtilizationInfo {
        if let gpuConfig, !gpuConfig.exposedViaDRA {
            var info = UtilizationInfo()
            info.resourceName = gpuConfig.extendedResourceName
            // An unready GPU (not yet in allocatable) gives 0 and no error, "so we can still
            // scale down a node with unready GPU" (info.go:51-60).
            if let gpu = try? utilization(
                of: gpuConfig.extendedResourceName, nodeName: nodeName,
                allocatable: allocatable, pods: pods, skipDaemonSetPods: skipDaemonSetPods,
                skipMirrorPods: skipMirrorPods, nowMillis: nowMillis)
            {
                info.gpuUtil = gpu
                info.utilization = gpu
            }
            return info
        }
        if draEnabled && !resourceSlices.isEmpty {
            let (name, highest) = try DRAUtilization.highest(
                slices: resourceSlices, pods: pods)
            var info = UtilizationInfo()
            info.dynamicResourceUtil = highest
            info.utilization = highest
            info.resourceName = name
            return info
        }
        let cpu = try utilization(
            of: "cpu", nodeName: nodeName, allocatable: allocatable, pods: pods,
            skipDaemonSetPods: skipDaemonSetPods, skipMirrorPods: skipMirrorPods,
            nowMillis: nowMillis)
        let memory = try utilization(
            of: "memory", nodeName: nodeName, allocatable: allocatable, pods: pods,
            skipDaemonSetPods: skipDaemonSetPods, skipMirrorPods: skipMirrorPods,
            nowMillis: nowMillis)
        var info = UtilizationInfo()
        info.cpuUtil = cpu
        info.memUtil = memory
        // A tie reports memory (info.go: `if cpu > mem`).
        if cpu > memory {
            info.resourceName = "cpu"
            info.utilization = cpu
        } else {
            info.resourceName = "memory"
            info.utilization = memory
        }
        return info
    }

    /// Requests of one resource over allocatable (`CalculateUtilizationOfResource`).
    public static func utilization(
        of resource: String, nodeName: String, allocatable: [String: Int64],
        pods: [UtilizationPod], skipDaemonSetPods: Bool, skipMirrorPods: Bool, nowMillis: Int64
    ) throws -> Double {
        guard let nodeAllocatable = allocatable[resource] else {
            throw UtilizationError(description: "failed to get \(resource) from \(nodeName)")
        }
        if nodeAllocatable == 0 {
            throw UtilizationError(description: "\(resource) is 0 at \(nodeName)")
        }
        var requested: Int64 = 0
        var excluded: Int64 = 0
        for pod in pods {
            let request = pod.requests[resource] ?? 0
            // DaemonSet and mirror pods are factored out of both sides when asked.
            if skipDaemonSetPods && pod.isDaemonSet {
                excluded += request
                continue
            }
            if skipMirrorPods && pod.isMirror {
                excluded += request
                continue
            }
            // Pods that should have terminated long ago do not count.
            if pod.isLongTerminating(nowMillis: nowMillis) { continue }
            requested += request
        }
        // Go divides MilliValue()s; the ratio of the base values is the same number.
        return Double(requested) / Double(nodeAllocatable - excluded)
    }
}
