/// Effective pod requests as kube-scheduler computes them
/// (`k8s.io/component-helpers/resource.PodRequests`, used by `NodeInfo.calculateResource`).
public struct PodRequests: Hashable, Sendable {
    /// The actual requests (`framework.Resource` Requested).
    public var requests: ResourceList
    /// CPU with the scheduler's non-zero default (100m per container without a cpu request).
    public var nonZeroMilliCPU: Int64
    /// Memory with the non-zero default (200Mi per container without a memory request).
    public var nonZeroMemory: Int64

    /// `schedutil.DefaultMilliCPURequest`.
    public static let defaultMilliCPURequest: Int64 = 100
    /// `schedutil.DefaultMemoryRequest` (200 MiB).
    public static let defaultMemoryRequest: Int64 = 200 * 1024 * 1024

    /// Creates requests directly.
    public init(requests: ResourceList, nonZeroMilliCPU: Int64, nonZeroMemory: Int64) {
        self.requests = requests
        self.nonZeroMilliCPU = nonZeroMilliCPU
        self.nonZeroMemory = nonZeroMemory
    }

    /// Computes the requests of `spec`.
    public init(_ spec: PodSpec) {
        let actual = PodRequests.aggregate(spec, nonMissingDefaults: false)
        let nonZero = PodRequests.aggregate(spec, nonMissingDefaults: true)
        self.init(requests: actual, nonZeroMilliCPU: nonZero.milliCPU, nonZeroMemory: nonZero.memory)
    }

    /// `resourcehelper.PodRequests`: the sum of the containers (plus restartable init
    /// containers), raised to the largest init container (each one counted with the
    /// sidecars started before it), pod-level requests replacing the supported resources,
    /// plus the pod overhead. With `nonMissingDefaults`, a container missing a cpu or memory
    /// request counts the scheduler's default (`NonMissingContainerRequests`).
    static func aggregate(_ spec: PodSpec, nonMissingDefaults: Bool) -> ResourceList {
        func list(_ c: Container) -> ResourceList {
            var r = ResourceList(c.requests)
            r.pods = 0
            if nonMissingDefaults {
                if c.requests[ResourceName.cpu] == nil { r.milliCPU = defaultMilliCPURequest }
                if c.requests[ResourceName.memory] == nil { r.memory = defaultMemoryRequest }
            }
            return r
        }
        var reqs = ResourceList()
        for c in spec.containers { reqs.add(list(c)) }
        var restartable = ResourceList()
        var initReqs = ResourceList()
        for c in spec.initContainers {
            var containerReqs = list(c)
            if c.restartPolicy == "Always" {
                reqs.add(containerReqs)
                restartable.add(containerReqs)
                containerReqs = restartable
            } else {
                containerReqs.add(restartable)
            }
            initReqs.formMax(containerReqs)
        }
        reqs.formMax(initReqs)
        for (name, value) in spec.podLevelRequests where ResourceName.isPodLevelSupported(name) {
            reqs[name] = value
        }
        reqs.add(ResourceList(spec.overhead))
        // Zero scalar entries are dropped: fitsRequest skips them and scorers treat an absent
        // and a zero request alike.
        reqs.scalar = reqs.scalar.filter { $0.value != 0 }
        return reqs
    }
}
