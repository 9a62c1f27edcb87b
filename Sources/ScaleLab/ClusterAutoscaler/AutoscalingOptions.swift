// The Cluster Autoscaler's flags that the simulation models, with their defaults.
// Upstream: cluster-autoscaler/config/flags/flags.go, config/const.go,
// config/autoscaling_options.go; defaults as listed in reference/node-sizing.md §6.

/// The autoscaler's options (`config.AutoscalingOptions`), defaults as in CA.
public struct AutoscalingOptions: Sendable {
    /// `--scan-interval` (10s): how often the autoscaler loop runs.
    public var scanInterval = SimDuration.seconds(10)
    /// `--expander` (least-waste): the expander chain, applied in order.
    public var expanders = ["least-waste"]
    /// The `priorities` of the ConfigMap `cluster-autoscaler-priority-expander`, for the
    /// `priority` expander: priority (higher wins) → regular expressions on node group names.
    public var expanderPriorities: [Int: [String]] = [:]
    /// `--max-nodes-total` (0 = no limit).
    public var maxNodesTotal = 0
    /// `--max-nodes-per-scaleup` (1000).
    public var maxNodesPerScaleUp = 1000
    /// `--max-nodegroup-binpacking-duration` (10s).
    public var maxNodeGroupBinpackingDuration = SimDuration.seconds(10)
    /// `--fastpath-binpacking-enabled` (false).
    public var fastpathBinpacking = false
    /// `--new-pod-scale-up-delay` (0s): pods younger than this do not trigger a scale-up.
    public var newPodScaleUpDelay = SimDuration.zero
    /// `--max-node-provision-time` (15m): a node not registered by then is given up on.
    public var maxNodeProvisionTime = SimDuration.minutes(15)
    /// `--scale-down-enabled` (true).
    public var scaleDownEnabled = true
    /// `--scale-down-delay-after-add` (10m).
    public var scaleDownDelayAfterAdd = SimDuration.minutes(10)
    /// `--scale-down-delay-after-delete` (defaults to the scan interval).
    public var scaleDownDelayAfterDelete = SimDuration.seconds(10)
    /// `--scale-down-delay-after-failure` (3m).
    public var scaleDownDelayAfterFailure = SimDuration.minutes(3)
    /// `--scale-down-unneeded-time` (10m).
    public var scaleDownUnneededTime = SimDuration.minutes(10)
    /// `--scale-down-unready-time` (20m).
    public var scaleDownUnreadyTime = SimDuration.minutes(20)
    /// `--scale-down-non-empty-candidates-count` (30).
    public var scaleDownNonEmptyCandidatesCount = 30
    /// `--scale-down-candidates-pool-ratio` (0.1).
    public var scaleDownCandidatesPoolRatio = 0.1
    /// `--scale-down-candidates-pool-min-count` (50).
    public var scaleDownCandidatesPoolMinCount = 50
    /// `--max-empty-bulk-delete` (10).
    public var maxEmptyBulkDelete = 10
    /// `--max-scale-down-parallelism` (10).
    public var maxScaleDownParallelism = 10
    /// `--max-drain-parallelism` (1).
    public var maxDrainParallelism = 1
    /// `--max-graceful-termination-sec` (600).
    public var maxGracefulTermination = SimDuration.seconds(600)
    /// `--skip-nodes-with-system-pods` (true): kube-system pods that are not DaemonSet pods
    /// block scale-down.
    public var skipNodesWithSystemPods = true
    /// The utilization thresholds and related eligibility flags.
    public var eligibility = ScaleDownEligibilityOptions()
    /// Options per node group (pool name), e.g. a different utilization threshold.
    public var nodeGroupEligibility: [String: ScaleDownEligibilityOptions] = [:]
    /// Hourly price per core used to price pods for the `price` expander (GCE n1 on-demand
    /// base price, as the GCE price model prices pod requests).
    public var podPricePerCoreHour = 0.033174
    /// Hourly price per GiB of memory requested, likewise.
    public var podPricePerGiBHour = 0.004446

    /// The defaults.
    public init() {}
}

/// An event the autoscaler records, as `kubectl get events` shows it.
public struct AutoscalerEvent: Sendable, Equatable {
    /// `Normal` or `Warning`.
    public var type: String
    /// The reason, e.g. `TriggeredScaleUp`, `NotTriggerScaleUp`, `ScaleDown`.
    public var reason: String
    /// The object kind: `Pod`, `Node` or `ConfigMap`.
    public var kind: String
    /// The object's name (`namespace/name` for pods).
    public var object: String
    /// The message.
    public var message: String

    /// Creates an event.
    public init(type: String = "Normal", reason: String, kind: String, object: String,
                message: String) {
        self.type = type
        self.reason = reason
        self.kind = kind
        self.object = object
        self.message = message
    }
}
