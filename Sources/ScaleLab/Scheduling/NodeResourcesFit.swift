/// The NodeResourcesFit plugin's filter (`pkg/scheduler/framework/plugins/noderesources/fit.go`,
/// `fitsRequest`).

/// One resource a pod lacks on a node (`noderesources.InsufficientResource`).
public struct InsufficientResource: Hashable, Sendable {
    /// The resource name.
    public var resource: String
    /// `Insufficient <name>` or `Too many pods`.
    public var reason: String
    /// What the pod requests.
    public var requested: Int64
    /// What the node's pods already use.
    public var used: Int64
    /// The node's allocatable.
    public var capacity: Int64
    /// True when the request exceeds the whole allocatable (no eviction could help).
    public var unresolvable: Bool
}

/// NodeResourcesFit arguments (`config.NodeResourcesFitArgs`).
public struct NodeResourcesFitArgs: Sendable {
    /// Extended resources the filter ignores.
    public var ignoredResources: Set<String> = []
    /// Extended resource groups (domain prefixes) the filter ignores.
    public var ignoredResourceGroups: Set<String> = []
    /// The scoring strategy (LeastAllocated with cpu:1, memory:1 by default).
    public var scoringStrategy = ScoringStrategy()
    /// Creates default arguments.
    public init() {}
}

/// The plugin's filter logic.
public enum NodeResourcesFit {
    /// The filter's name in messages and configuration.
    public static let name = "NodeResourcesFit"

    /// `fitsRequest`: "Too many pods" when the node's pod count + 1 exceeds its allowed pod
    /// number, then per requested (> 0) resource in the order cpu, memory,
    /// ephemeral-storage, scalar resources (sorted here; Go iterates a map) an
    /// "Insufficient <name>" when the request exceeds allocatable - requested.
    public static func fitsRequest(_ request: ResourceList, podCount: Int, node: Node,
                                   usage: NodeUsage,
                                   args: NodeResourcesFitArgs) -> [InsufficientResource] {
        fitsRequest(request, podCount: podCount, allocatable: node.allocatable,
                    requested: usage.requested, args: args)
    }

    /// `fitsRequest` on a node's allocatable and the summed requests of its pods.
    static func fitsRequest(_ request: ResourceList, podCount: Int, allocatable: ResourceList,
                            requested: ResourceList,
                            args: NodeResourcesFitArgs) -> [InsufficientResource] {
        var out: [InsufficientResource] = []
        let allowed = allocatable.pods
        if Int64(podCount) + 1 > allowed {
            out.append(InsufficientResource(
                resource: ResourceName.pods, reason: "Too many pods", requested: 1,
                used: Int64(podCount), capacity: allowed, unresolvable: allowed < 1))
        }
        if request.milliCPU == 0 && request.memory == 0 && request.ephemeralStorage == 0
            && request.scalar.isEmpty {
            return out
        }
        func check(_ name: String, _ want: Int64, _ alloc: Int64, _ used: Int64) {
            if want > 0 && want > alloc - used {
                out.append(InsufficientResource(
                    resource: name, reason: "Insufficient \(name)", requested: want, used: used,
                    capacity: alloc, unresolvable: want > alloc))
            }
        }
        check(ResourceName.cpu, request.milliCPU, allocatable.milliCPU,
              requested.milliCPU)
        check(ResourceName.memory, request.memory, allocatable.memory, requested.memory)
        check(ResourceName.ephemeralStorage, request.ephemeralStorage,
              allocatable.ephemeralStorage, requested.ephemeralStorage)
        if !request.scalar.isEmpty {
            for (name, want) in request.scalar.sorted(by: { $0.key < $1.key }) where want != 0 {
                if ResourceName.isExtended(name) {
                    let group = String(name.split(separator: "/").first ?? "")
                    if args.ignoredResources.contains(name)
                        || args.ignoredResourceGroups.contains(group) { continue }
                }
                check(name, want, allocatable.scalar[name] ?? 0, requested.scalar[name] ?? 0)
            }
        }
        return out
    }

    /// Filter: Unschedulable with every reason, or UnschedulableAndUnresolvable when any
    /// insufficiency is unresolvable.
    public static func filter(_ request: ResourceList, podCount: Int, node: Node, usage: NodeUsage,
                              args: NodeResourcesFitArgs) -> Status {
        let lacking = fitsRequest(request, podCount: podCount, node: node, usage: usage, args: args)
        if lacking.isEmpty { return .success }
        let code: StatusCode = lacking.contains(where: \.unresolvable)
            ? .unschedulableAndUnresolvable : .unschedulable
        return Status(code, lacking.map(\.reason))
    }
}
