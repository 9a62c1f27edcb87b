// How long a node the Cluster Autoscaler asks for takes to arrive. The default follows the
// Cluster Autoscaler FAQ ("How fast is HPA when combined with CA?", kubernetes/autoscaler
// cluster-autoscaler/FAQ.md): "on GCE it usually takes 3 to 4 minutes from CA request to when
// pods can be scheduled on newly created nodes" (reference/node-sizing.md §6). The split of
// those 3-4 minutes into VM creation + boot until the kubelet registers the Node (uniform
// 2m30s-3m30s) and registration until the kubelet reports Ready (30s: CNI and node
// conditions) is this simulation's assumption; both parts are settable.

/// A seeded delay distribution.
public enum DelayDistribution: Hashable, Sendable, CustomStringConvertible {
    /// Always this delay.
    case constant(SimDuration)
    /// Uniform in [low, high] (whole milliseconds).
    case uniform(SimDuration, SimDuration)

    /// A draw from `random` (a constant draws nothing, so it does not shift the stream).
    public func sample(_ random: inout SeededRandom) -> SimDuration {
        switch self {
        case .constant(let d):
            return d
        case .uniform(let low, let high):
            guard high > low else { return low }
            return .ms(random.int(in: low.milliseconds...high.milliseconds))
        }
    }

    /// The smallest possible delay.
    public var lowerBound: SimDuration {
        switch self {
        case .constant(let d): return d
        case .uniform(let low, _): return low
        }
    }

    /// The largest possible delay.
    public var upperBound: SimDuration {
        switch self {
        case .constant(let d): return d
        case .uniform(let low, let high): return max(low, high)
        }
    }

    /// `3m0s` or `2m30s..3m30s`.
    public var description: String {
        switch self {
        case .constant(let d): return d.description
        case .uniform(let low, let high): return "\(low)..\(high)"
        }
    }
}

/// How a node requested by the autoscaler comes up in the simulation.
public struct NodeProvisioning: Hashable, Sendable {
    /// From the autoscaler's request to the Node object registering (NotReady, tainted
    /// `node.kubernetes.io/not-ready:NoSchedule`): VM creation and boot.
    public var registration: DelayDistribution
    /// From registration to the kubelet reporting Ready.
    public var readiness: SimDuration
    /// The chance that a requested node never registers (a stockout, a broken image): the
    /// autoscaler gives up on it after `--max-node-provision-time`.
    public var failureProbability: Double

    /// The default: Ready 3-4 minutes after the request (the CA FAQ's figure for GCE).
    public init(
        registration: DelayDistribution = .uniform(.seconds(150), .seconds(210)),
        readiness: SimDuration = .seconds(30), failureProbability: Double = 0
    ) {
        self.registration = registration
        self.readiness = readiness
        self.failureProbability = failureProbability
    }
}
