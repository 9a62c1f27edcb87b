/// How long a workload's pods take to start and to become Ready.
public struct PodTiming: Hashable, Sendable {
    /// From binding to Running: image pull, sandbox and container start (kubelet).
    public var startup: SimDuration
    /// From Running to Ready: the readiness probe's initial delay and first success.
    public var readiness: SimDuration
    /// How long the containers take to exit after SIGTERM (capped by the grace period).
    public var shutdown: SimDuration
    /// `terminationGracePeriodSeconds` (default 30s): the kubelet kills at the end of it.
    public var terminationGracePeriod: SimDuration
    /// Each delay is stretched by a seeded uniform factor in [1, 1 + jitter).
    public var jitter: Double

    /// Creates a timing.
    public init(
        startup: SimDuration = .seconds(2), readiness: SimDuration = .zero,
        shutdown: SimDuration = .seconds(1), terminationGracePeriod: SimDuration = .seconds(30),
        jitter: Double = 0
    ) {
        self.startup = startup
        self.readiness = readiness
        self.shutdown = shutdown
        self.terminationGracePeriod = terminationGracePeriod
        self.jitter = jitter
    }
}

/// The control plane's timing knobs, with Kubernetes' defaults.
public struct LifecycleSettings: Hashable, Sendable {
    /// kube-controller-manager `--node-monitor-period` (5s): how often the node lifecycle
    /// controller checks node heartbeats.
    public var nodeMonitorPeriod: SimDuration = .seconds(5)
    /// kube-controller-manager `--node-monitor-grace-period`: how long a node may go without a
    /// heartbeat before it is marked `Ready=Unknown`. 50s since Kubernetes 1.32
    /// (kubernetes/kubernetes PR #126287; 40s before).
    public var nodeMonitorGracePeriod: SimDuration = .seconds(50)
    /// The DefaultTolerationSeconds admission plugin gives every pod without its own
    /// `not-ready`/`unreachable` NoExecute tolerations 300s ones
    /// (`--default-not-ready-toleration-seconds`, `--default-unreachable-toleration-seconds`).
    public var defaultTolerationSeconds: SimDuration = .seconds(300)
    /// kube-scheduler moves pods that stayed unschedulable this long back to the active queue
    /// (`podMaxInUnschedulablePodsDuration`, 5m), checked every 30s.
    public var podMaxInUnschedulablePodsDuration: SimDuration = .minutes(5)
    /// Timing for DaemonSet pods.
    public var daemonSetTiming = PodTiming()
    /// Record a `Scheduled`/`Started` event per pod (off saves memory in huge runs).
    public var recordPodEvents = true

    /// The defaults.
    public init() {}
}

/// The one-off events of the cluster lifecycle.
public enum LifecycleEvent: Hashable, Sendable {
    /// Run kube-scheduler over the pending pods.
    case schedulingPass
    /// kube-scheduler's `flushBackoffQCompleted` tick that finds a pod's backoff over.
    case backoffFlush
    /// The pod's containers started: phase Running.
    case containersStarted(PodID)
    /// The pod passed its readiness probe: Ready.
    case podReady(PodID)
    /// The pod's containers exited after deletion: the pod is removed.
    case podTerminated(PodID)
    /// A lost node's heartbeat is overdue: the node lifecycle controller marks it Unknown.
    case nodeHeartbeatCheck(NodeID)
    /// A NotReady node's pods reach the end of their NoExecute toleration: evict them.
    case taintEviction(NodeID)
    /// A new node's kubelet reports Ready.
    case nodeBecameReady(NodeID)
    /// The Cluster Autoscaler's actuation (a node registering, a drain finishing).
    case clusterAutoscaler(AutoscalerTask)
}
