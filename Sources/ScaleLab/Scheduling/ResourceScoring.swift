import Foundation

/// Resource scoring: NodeResourcesFit strategies (LeastAllocated, MostAllocated,
/// RequestedToCapacityRatio) and NodeResourcesBalancedAllocation
/// (`noderesources/resource_allocation.go`, `least_allocated.go`, `most_allocated.go`,
/// `requested_to_capacity_ratio.go`, `balanced_allocation.go`).

/// `framework.MaxNodeScore`.
public let maxNodeScore: Int64 = 100

/// A resource and its weight in a scoring strategy.
public struct ResourceSpec: Hashable, Sendable {
    /// Resource name.
    public var name: String
    /// Weight (1..100).
    public var weight: Int64
    /// Creates a spec.
    public init(name: String, weight: Int64) {
        self.name = name
        self.weight = weight
    }
}

/// A point of the RequestedToCapacityRatio shape (utilization 0..100, score 0..10).
public struct UtilizationShapePoint: Hashable, Sendable {
    /// Utilization in percent.
    public var utilization: Int64
    /// Score (0..10 in the API; scaled ×10 internally).
    public var score: Int64
    /// Creates a point.
    public init(utilization: Int64, score: Int64) {
        self.utilization = utilization
        self.score = score
    }
}

/// `config.ScoringStrategy`.
public struct ScoringStrategy: Sendable {
    /// `LeastAllocated`, `MostAllocated` or `RequestedToCapacityRatio`.
    public var type = "LeastAllocated"
    /// Resources and weights (nil: none given, which makes Score fail as upstream).
    public var resources: [ResourceSpec]? = [ResourceSpec(name: "cpu", weight: 1),
                                             ResourceSpec(name: "memory", weight: 1)]
    /// RequestedToCapacityRatio shape.
    public var shape: [UtilizationShapePoint] = []
    /// Creates the default strategy (LeastAllocated, cpu and memory weight 1).
    public init() {}

    /// Validation of `ValidateNodeResourcesFitArgs`: weights must be 1..100; returns the
    /// field path of the first invalid weight.
    public func invalidWeightField() -> String? {
        for (i, r) in (resources ?? []).enumerated() where r.weight <= 0 || r.weight > 100 {
            return "scoringStrategy.resources[\(i)].weight"
        }
        return nil
    }
}

/// `helper.BuildBrokenLinearFunction`: integer piecewise-linear interpolation, clamped to the
/// first and last points.
public func brokenLinearFunction(_ shape: [UtilizationShapePoint], _ p: Int64) -> Int64 {
    for i in shape.indices where p <= shape[i].utilization {
        if i == 0 { return shape[0].score }
        let a = shape[i - 1], b = shape[i]
        return a.score + (b.score - a.score) * (p - a.utilization) / (b.utilization - a.utilization)
    }
    return shape.last?.score ?? 0
}

/// A resource-allocation scorer (`resourceAllocationScorer`).
public struct ResourceAllocationScorer: Sendable {
    /// The scored resources.
    public var resources: [ResourceSpec] { didSet { natives = resources.map(\.name.native) } }
    /// Whether to use actual requests (BalancedAllocation) or non-zero ones (the Fit strategies).
    public var useRequested: Bool
    /// The strategy: `LeastAllocated`, `MostAllocated`, `RequestedToCapacityRatio` or
    /// `BalancedAllocation`.
    public var kind: String { didSet { flags = Flags(kind) } }
    /// Per scored resource, which native resource it is (nil: a scalar resource), and the
    /// strategy as flags: a node is scored without comparing a name per resource.
    var natives: [NativeResource?] = []
    var flags = Flags("")

    /// The scored native resources.
    enum NativeResource { case cpu, memory, ephemeralStorage }

    /// The strategy tests made per scored node.
    struct Flags: Sendable {
        var balanced: Bool
        var ratio: Bool
        var most: Bool
        init(_ kind: String) {
            balanced = kind == "BalancedAllocation"
            most = kind == "MostAllocated"
            ratio = kind == "RequestedToCapacityRatio"
        }
    }

    /// RequestedToCapacityRatio shape already scaled to 0..100.
    public var scaledShape: [UtilizationShapePoint] = []

    /// The scorer for a NodeResourcesFit strategy (nil resources: nil, Score fails).
    public init?(fit strategy: ScoringStrategy) {
        guard let resources = strategy.resources else { return nil }
        self.resources = resources
        self.useRequested = false
        self.kind = strategy.type
        natives = resources.map(\.name.native)
        flags = Flags(strategy.type)
        self.scaledShape = strategy.shape.map {
            UtilizationShapePoint(utilization: $0.utilization, score: $0.score * (maxNodeScore / 10))
        }
    }

    /// The BalancedAllocation scorer.
    public init(balanced resources: [ResourceSpec]) {
        self.resources = resources
        self.useRequested = true
        self.kind = "BalancedAllocation"
        natives = resources.map(\.name.native)
        flags = Flags("BalancedAllocation")
    }

    /// The pod's request for each scored resource (`calculatePodResourceRequestList`).
    public func podRequestVector(_ req: PodRequests) -> [Int64] {
        resources.map { r in
            switch r.name {
            case ResourceName.cpu: return useRequested ? req.requests.milliCPU : req.nonZeroMilliCPU
            case ResourceName.memory: return useRequested ? req.requests.memory : req.nonZeroMemory
            default: return req.requests[r.name]
            }
        }
    }

    /// `calculateResourceAllocatableRequest`: (allocatable, requested incl. the pod); (0, 0)
    /// bypasses the resource (a scalar the pod does not request, or one the node lacks).
    /// The node's amounts are read through pointers: passing a `Node` copies it.
    @inline(__always)
    func allocatableRequest(_ i: Int, podRequest: Int64,
                            node: UnsafePointer<Node>,
                            usage: UnsafePointer<NodeUsage>) -> (Int64, Int64) {
        switch natives[i] {
        case .cpu:
            let used = useRequested ? usage.pointee.requested.milliCPU
                                    : usage.pointee.nonZeroMilliCPU
            return (node.pointee.allocatable.milliCPU, used + podRequest)
        case .memory:
            let used = useRequested ? usage.pointee.requested.memory : usage.pointee.nonZeroMemory
            return (node.pointee.allocatable.memory, used + podRequest)
        case .ephemeralStorage:
            return (node.pointee.allocatable.ephemeralStorage,
                    usage.pointee.requested.ephemeralStorage + podRequest)
        case nil:
            let name = resources[i].name
            if podRequest == 0 && ResourceName.isScalar(name) { return (0, 0) }
            guard let alloc = node.pointee.allocatable.scalar[name] else { return (0, 0) }
            return (alloc, (usage.pointee.requested.scalar[name] ?? 0) + podRequest)
        }
    }

    /// Scores a node 0..100 for a pod whose request vector is `podRequest`.
    public func score(podRequest: [Int64], node: Node, usage: NodeUsage) -> Int64 {
        withUnsafePointer(to: node) { node in
            withUnsafePointer(to: usage) { usage in
                score(podRequest: podRequest, node: node, usage: usage)
            }
        }
    }

    /// `score` on a node and its usage read in place.
    func score(podRequest: [Int64], node: UnsafePointer<Node>,
               usage: UnsafePointer<NodeUsage>) -> Int64 {
        if resources.count == 2 && !flags.ratio {
            // The common two-resource case without temporary arrays (same arithmetic).
            let (a0, r0) = allocatableRequest(0, podRequest: podRequest[0],
                                              node: node, usage: usage)
            let (a1, r1) = allocatableRequest(1, podRequest: podRequest[1],
                                              node: node, usage: usage)
            return combine2(r0, a0, r1, a1)
        }
        var requested = [Int64](repeating: 0, count: resources.count)
        var allocatable = [Int64](repeating: 0, count: resources.count)
        for i in resources.indices {
            let (a, r) = allocatableRequest(i, podRequest: podRequest[i],
                                            node: node, usage: usage)
            if a == 0 { continue }
            allocatable[i] = a
            requested[i] = r
        }
        return combine(requested: requested, allocatable: allocatable)
    }

    /// `combine` for exactly two resources (LeastAllocated, MostAllocated, Balanced).
    @inline(__always)
    func combine2(_ r0: Int64, _ a0: Int64, _ r1: Int64, _ a1: Int64) -> Int64 {
        if flags.balanced {
            if a0 != 0 && a1 != 0 {
                let f0 = Swift.min(1, Double(r0) / Double(a0)), f1 = Swift.min(1, Double(r1) / Double(a1))
                return Int64((1 - abs((f0 - f1) / 2)) * Double(maxNodeScore))
            }
            return maxNodeScore  // one fraction or none: standard deviation 0
        }
        let most = flags.most
        func one(_ req: Int64, _ cap: Int64) -> Int64 {
            if most { return Swift.min(req, cap) * maxNodeScore / cap }
            return req > cap ? 0 : (cap - req) * maxNodeScore / cap
        }
        var nodeScore: Int64 = 0, weightSum: Int64 = 0
        if a0 != 0 { nodeScore += one(r0, a0) * resources[0].weight; weightSum += resources[0].weight }
        if a1 != 0 { nodeScore += one(r1, a1) * resources[1].weight; weightSum += resources[1].weight }
        return weightSum == 0 ? 0 : nodeScore / weightSum
    }

    /// The strategy's combination of per-resource (requested, allocatable) pairs.
    public func combine(requested: [Int64], allocatable: [Int64]) -> Int64 {
        switch kind {
        case "BalancedAllocation":
            var fractions: [Double] = []
            var total = 0.0
            for i in requested.indices where allocatable[i] != 0 {
                let f = Swift.min(1, Double(requested[i]) / Double(allocatable[i]))
                total += f
                fractions.append(f)
            }
            var std = 0.0
            if fractions.count == 2 {
                std = abs((fractions[0] - fractions[1]) / 2)
            } else if fractions.count > 2 {
                let mean = total / Double(fractions.count)
                let sum = fractions.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) }
                std = (sum / Double(fractions.count)).squareRoot()
            }
            return Int64((1 - std) * Double(maxNodeScore))
        case "RequestedToCapacityRatio":
            var nodeScore: Int64 = 0, weightSum: Int64 = 0
            for i in requested.indices where allocatable[i] != 0 {
                let cap = allocatable[i], req = requested[i]
                let s = (req > cap) ? brokenLinearFunction(scaledShape, 100)
                    : brokenLinearFunction(scaledShape, req * 100 / cap)
                if s > 0 {
                    nodeScore += s * resources[i].weight
                    weightSum += resources[i].weight
                }
            }
            if weightSum == 0 { return 0 }
            return Int64((Double(nodeScore) / Double(weightSum)).rounded(.toNearestOrAwayFromZero))
        default:
            let most = kind == "MostAllocated"
            var nodeScore: Int64 = 0, weightSum: Int64 = 0
            for i in requested.indices where allocatable[i] != 0 {
                let cap = allocatable[i]
                var req = requested[i]
                let s: Int64
                if most {
                    if req > cap { req = cap }
                    s = req * maxNodeScore / cap
                } else {
                    s = req > cap ? 0 : (cap - req) * maxNodeScore / cap
                }
                nodeScore += s * resources[i].weight
                weightSum += resources[i].weight
            }
            return weightSum == 0 ? 0 : nodeScore / weightSum
        }
    }
}

extension String {
    /// The native resource this name stands for (nil: a scalar resource such as
    /// `nvidia.com/gpu` or `hugepages-2Mi`).
    fileprivate var native: ResourceAllocationScorer.NativeResource? {
        switch self {
        case ResourceName.cpu: return .cpu
        case ResourceName.memory: return .memory
        case ResourceName.ephemeralStorage: return .ephemeralStorage
        default: return nil
        }
    }
}
