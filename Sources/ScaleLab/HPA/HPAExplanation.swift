// The record of one reconcile, step by step: what `h:explain()` shows. Every field is filled by
// the same code that makes the decision, so the explanation cannot drift from the algorithm.

/// Why a pod's sample was left out of, or added to, a metric's average.
public enum PodDisposition: String, Sendable, Equatable {
    /// Counted with its own sample (ready).
    case counted
    /// Left out: `deletionTimestamp` set.
    case ignoredDeleting = "ignored: being deleted"
    /// Left out: phase Failed.
    case ignoredFailed = "ignored: phase Failed"
    /// Unready: phase Pending.
    case unreadyPending = "unready: phase Pending"
    /// Unready (cpu): no Ready condition or no start time.
    case unreadyNoCondition = "unready: no Ready condition or start time"
    /// Unready (cpu): within the CPU initialization period and not Ready.
    case unreadyInitializing = "unready: not Ready within the cpu initialization period"
    /// Unready (cpu): within the initialization period, the sample predates a full window since
    /// the last readiness change.
    case unreadyStaleSample = "unready: sample does not cover a full window since it became Ready"
    /// Unready (cpu): not Ready and never been Ready (last transition within the initial
    /// readiness delay after start).
    case unreadyNeverReady = "unready: not Ready since start (initial readiness delay)"
    /// No sample for the pod.
    case missing = "missing: no metric sample"
}

/// One pod's part in a metric's calculation.
public struct PodContribution: Sendable, Equatable {
    /// The pod's name.
    public var pod: String
    /// How the pod was classified.
    public var disposition: PodDisposition
    /// Its sample, milli-units (nil when missing).
    public var valueMilli: Int64?
    /// Its request, milli-units (Utilization targets).
    public var requestMilli: Int64?
    /// The value assumed in the second pass: 0 (scale-up), the request × max(100%, target) or
    /// the target (scale-down); nil when the pod was not filled in.
    public var assumedMilli: Int64?
}

/// How one metric produced its replica proposal.
public struct MetricExplanation: Sendable, Equatable {
    /// The controller's name for the metric, e.g. "cpu resource utilization (percentage of
    /// request)".
    public var metricName: String = ""
    /// The source type.
    public var sourceType: String = ""
    /// The replicas the proposal starts from (spec or status replicas, by source).
    public var baseReplicas: Int32 = 0
    /// The per-pod values and classifications (pod-based metrics).
    public var pods: [PodContribution] = []
    /// Samples for pods not in the pod list (skipped by utilization sums).
    public var superfluousSamples = 0
    /// The current usage: utilization percent, average or total value (milli).
    public var usage: Int64 = 0
    /// The target: percent or milli-units.
    public var target: Int64 = 0
    /// The first-pass usage ratio.
    public var ratio: Double?
    /// The tolerance band used.
    public var tolerances: HPATolerances?
    /// Whether the deciding ratio was within tolerance.
    public var withinTolerance = false
    /// The ratio after filling missing/unready pods, when a second pass ran.
    public var rebalancedRatio: Double?
    /// Notes on the decision (direction guards, scale from zero, ...).
    public var notes: [String] = []
    /// The proposal, nil when the metric failed.
    public var proposal: Int32?
    /// The error, when the metric failed.
    public var error: String?
}

/// A stored recommendation or scale event as it stood in a window.
public struct WindowEntry: Sendable, Equatable {
    /// Replicas (recommendation) or replica change (scale event).
    public var replicas: Int32
    /// Its age at the reconcile, milliseconds.
    public var ageMs: Int64
    /// Whether it counted (inside the window).
    public var inside: Bool
}

/// One rate-limiting policy's evaluation.
public struct PolicyEvaluation: Sendable, Equatable {
    /// The policy.
    public var policy: HPAScalingPolicy
    /// Replicas at the start of its period (events replayed).
    public var periodStartReplicas: Int32
    /// The replica limit it proposes.
    public var proposedLimit: Int32
}

/// The normalization (stabilization and limits) of one reconcile.
public struct NormalizationExplanation: Sendable, Equatable {
    /// "legacy" (no behavior) or "behavior".
    public var mode: String = "legacy"
    /// The metrics' proposal before normalization.
    public var proposal: Int32 = 0
    /// The up / down stabilization windows used, milliseconds.
    public var upWindowMs: Int64 = 0
    /// The down window, milliseconds.
    public var downWindowMs: Int64 = 0
    /// The stored recommendations as the windows saw them (before this one was stored).
    public var recommendations: [WindowEntry] = []
    /// The stabilized value.
    public var stabilized: Int32 = 0
    /// The policies evaluated (behavior mode), in order.
    public var policies: [PolicyEvaluation] = []
    /// The selectPolicy of the direction limited.
    public var selectPolicy: String?
    /// The rate limit (behavior) or scale-up cap (legacy) that applied.
    public var limit: Int32?
    /// The final value.
    public var result: Int32 = 0
    /// The ScalingLimited reason, e.g. "ScaleUpLimit".
    public var limitReason: String = ""
}

/// One reconcile of one HPA, step by step.
public struct HPAExplanation: Sendable, Equatable {
    /// When it ran.
    public var time: Int64 = 0
    /// `scale.spec.replicas`.
    public var currentReplicas: Int32 = 0
    /// `scale.status.replicas`.
    public var statusReplicas: Int32 = 0
    /// The effective min/max.
    public var minReplicas: Int32 = 1
    /// The max.
    public var maxReplicas: Int32 = 0
    /// Set when the reconcile stopped before metrics (scale unreadable, disabled, out of range).
    public var shortCircuit: String?
    /// Each metric, in `spec.metrics` order.
    public var metrics: [MetricExplanation] = []
    /// The metric whose proposal won.
    public var chosenMetric: String?
    /// Set when metrics were computed and normalized.
    public var normalization: NormalizationExplanation?
    /// The final desired replicas.
    public var desiredReplicas: Int32 = 0
    /// Whether the scale was updated.
    public var rescaled = false
    /// The rescale reason ("cpu resource utilization (percentage of request) above target").
    public var reason: String = ""
}

extension HPAExplanation {
    /// Clears the record for a new reconcile at `time`, to what `HPAExplanation()` with that
    /// time is, but keeps the storage of the metric list and hands the storage of the
    /// stabilization window to `window` (emptied): a record rewritten every sync allocates
    /// neither again.
    mutating func restart(at time: Int64, window: inout [WindowEntry]) {
        var metrics: [MetricExplanation] = []
        swap(&metrics, &self.metrics)
        metrics.removeAll(keepingCapacity: true)
        if var normalization = normalization.take() {
            swap(&window, &normalization.recommendations)
            window.removeAll(keepingCapacity: true)
        }
        self = HPAExplanation()
        self.time = time
        self.metrics = consume metrics
    }
}
