/// A figure a what-if comparison or sweep reports for each run. The raw value is the name Lua
/// uses (`metrics = { "peak_replicas", "cost" }`) and the key in a sweep's JSON lines.
///
/// Definitions (docs/WHATIF.md):
/// - `peak_replicas`, `mean_replicas`: the workload's `spec.replicas` (the `<workload>.replicas`
///   series), maximum and time-weighted mean over the run.
/// - `time_to_target`: seconds from the first time the HPA's first metric went above its
///   target by more than the tolerance (10% by default) until it was next within it: how long
///   the autoscaler took to catch up. Absent when the metric never went above; `+Inf` when it
///   never came back before the end.
/// - `above_target_min`: minutes the metric spent above target × (1 + tolerance).
/// - `dropped`, `dropped_pct`: requests not served (pods at capacity, or no ready endpoint),
///   and their share of the requests offered.
/// - `pending_pod_min`: ∫ pods.pending dt, in pod-minutes.
/// - `node_hours`: ∫ nodes.ready dt, in node-hours; `cost`: Σ over pools of the pool's
///   node-hours × its instance type's on-demand price (absent when a price is unknown).
/// - `scale_events`: HPA `SuccessfulRescale` plus Cluster Autoscaler `ScaledUpGroup` and
///   `ScaleDown` events.
/// - `flaps`: reversals of `spec.replicas` (a change in the opposite direction of the one
///   before) that come less than the flap window (default 5m, the default
///   `--horizontal-pod-autoscaler-downscale-stabilization`) after the change they reverse.
public enum WhatIfMetric: String, CaseIterable, Sendable, Hashable {
    case peakReplicas = "peak_replicas"
    case meanReplicas = "mean_replicas"
    case timeToTarget = "time_to_target"
    case aboveTargetMinutes = "above_target_min"
    case dropped = "dropped"
    case droppedPercent = "dropped_pct"
    case pendingPodMinutes = "pending_pod_min"
    case nodeHours = "node_hours"
    case cost = "cost"
    case scaleEvents = "scale_events"
    case flaps = "flaps"

    /// The column header (kubectl style: upper case, dashes).
    public var header: String {
        switch self {
        case .peakReplicas: "PEAK"
        case .meanReplicas: "MEAN"
        case .timeToTarget: "TO-TARGET"
        case .aboveTargetMinutes: "ABOVE-TARGET"
        case .dropped: "DROPPED"
        case .droppedPercent: "DROPPED%"
        case .pendingPodMinutes: "PENDING-POD-MIN"
        case .nodeHours: "NODE-HOURS"
        case .cost: "COST"
        case .scaleEvents: "SCALE-EVENTS"
        case .flaps: "FLAPS"
        }
    }

    /// A one-line description (for `help` and the docs).
    public var summary: String {
        switch self {
        case .peakReplicas: "highest spec.replicas of the workload"
        case .meanReplicas: "time-weighted mean spec.replicas"
        case .timeToTarget: "time from the metric first exceeding target (+tolerance) to back "
            + "within it"
        case .aboveTargetMinutes: "minutes the HPA metric spent above target (+tolerance)"
        case .dropped: "requests not served (pods full or no ready endpoint)"
        case .droppedPercent: "dropped requests as a percentage of requests offered"
        case .pendingPodMinutes: "pod-minutes spent Pending"
        case .nodeHours: "node-hours of Ready nodes"
        case .cost: "node-hours × on-demand price per pool, USD"
        case .scaleEvents: "HPA rescales plus Cluster Autoscaler scale-ups and scale-downs"
        case .flaps: "replica direction reversals within the flap window of the previous change"
        }
    }

    /// The metrics shown when a caller names none.
    public static let defaults: [WhatIfMetric] = [
        .peakReplicas, .meanReplicas, .timeToTarget, .dropped, .pendingPodMinutes, .nodeHours,
        .cost, .scaleEvents, .flaps,
    ]

    /// The metric named `name`, or an error that lists the known names and suggests the
    /// closest.
    public static func named(_ name: String) throws -> WhatIfMetric {
        if let m = WhatIfMetric(rawValue: name) { return m }
        let known = allCases.map(\.rawValue)
        var message = "unknown metric \"\(name)\""
        if let near = ReportError.closest(name, in: known) {
            message += " (did you mean \"\(near)\"?)"
        }
        throw ReportError(message + "; known: " + known.joined(separator: ", "))
    }

    /// A value as the tables show it: durations as `1m30s`, counts plain, the rest with up to
    /// two decimals; `-` when absent, `never` for an unreached target.
    public func text(_ value: Double?) -> String {
        guard let value else { return "-" }
        switch self {
        case .timeToTarget:
            guard value.isFinite else { return "never" }
            return ChartAxis.timeLabel(.zero + .ms(Int64((value * 1000).rounded())))
        case .dropped:
            return ReportNumber.text(value.rounded())
        case .cost:
            return "$" + ReportNumber.text((value * 100).rounded() / 100)
        default:
            return ReportNumber.text(value)
        }
    }
}
