/// A kube-scheduler profile: plugin arguments and score weights of the default plugin set
/// (`pkg/scheduler/apis/config/v1/default_plugins.go`).
public struct SchedulerProfile: Sendable {
    /// NodeResourcesFit arguments (scoring strategy: LeastAllocated by default; set
    /// `MostAllocated` for bin-packing).
    public var fit = NodeResourcesFitArgs()
    /// NodeResourcesBalancedAllocation resources.
    public var balancedResources = [ResourceSpec(name: "cpu", weight: 1),
                                    ResourceSpec(name: "memory", weight: 1)]
    /// NodeAffinity arguments.
    public var nodeAffinity = NodeAffinityArgs()
    /// InterPodAffinity arguments.
    public var interPodAffinity = InterPodAffinity.Args()
    /// PodTopologySpread `defaultingType`: `System` (the default constraints for pods owned
    /// by a ReplicaSet, ReplicationController or StatefulSet) or `List` (none).
    public var spreadDefaultingType = "System"

    /// Score weights: TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1,
    /// PodTopologySpread 2, InterPodAffinity 2, NodeResourcesBalancedAllocation 1
    /// (ImageLocality, weight 1, scores 0 everywhere since the model has no images).
    public var weightTaintToleration: Int64 = 3
    /// NodeAffinity weight.
    public var weightNodeAffinity: Int64 = 2
    /// NodeResourcesFit weight.
    public var weightFit: Int64 = 1
    /// PodTopologySpread weight.
    public var weightTopologySpread: Int64 = 2
    /// InterPodAffinity weight.
    public var weightInterPodAffinity: Int64 = 2
    /// NodeResourcesBalancedAllocation weight.
    public var weightBalanced: Int64 = 1

    /// The default profile.
    public init() {}

    /// The default profile with the MostAllocated (bin-packing) strategy.
    public static var binPacking: SchedulerProfile {
        var p = SchedulerProfile()
        p.fit.scoringStrategy.type = "MostAllocated"
        return p
    }
}
