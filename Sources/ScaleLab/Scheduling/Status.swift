/// `framework.Code`.
public enum StatusCode: String, Sendable {
    /// The plugin accepted the pod.
    case success = "Success"
    /// An internal error.
    case error = "Error"
    /// Rejected; preemption might help.
    case unschedulable = "Unschedulable"
    /// Rejected; preemption cannot help.
    case unschedulableAndUnresolvable = "UnschedulableAndUnresolvable"
    /// The plugin has nothing to do for this pod (PreFilter/PreScore).
    case skip = "Skip"
}

/// `framework.Status`: a code and reasons.
public struct Status: Hashable, Sendable {
    /// The code.
    public var code: StatusCode
    /// The reasons, e.g. `["Insufficient cpu"]`.
    public var reasons: [String]

    /// Creates a status.
    public init(_ code: StatusCode, _ reasons: [String] = []) {
        self.code = code
        self.reasons = reasons
    }

    /// Success.
    public static let success = Status(.success)
    /// Skip.
    public static let skip = Status(.skip)

    /// True for Success (and Skip, which lets the pod through).
    public var isSuccess: Bool { code == .success || code == .skip }
}

/// `framework.FitError`: why a pod fits no node, and its `Error()` message.
public struct FitError: Sendable {
    /// Number of nodes considered.
    public var numAllNodes: Int
    /// The PreFilter rejection message, if a PreFilter plugin rejected the pod.
    public var preFilterMessage = ""
    /// Per-node filter statuses (node name → status).
    public var nodeStatuses: [(node: String, status: Status)] = []
    /// The PostFilter (preemption) message.
    public var postFilterMessage = ""

    /// Creates a fit error.
    public init(numAllNodes: Int) { self.numAllNodes = numAllNodes }

    /// `FitError.Error()`: "0/N nodes are available:" then the PreFilter message, or the sorted
    /// "<count> <reason>" list (each reason of each node counted once per node; Go
    /// `sort.Strings` order), then the PostFilter message.
    public var message: String {
        var text = "0/\(numAllNodes) nodes are available:"
        if !preFilterMessage.isEmpty {
            text += " \(preFilterMessage)."
        } else {
            let histogram = FitError.reasonHistogram(nodeStatuses.map(\.status))
            if !histogram.isEmpty { text += " " + histogram + "." }
        }
        if !postFilterMessage.isEmpty { text += " \(postFilterMessage)" }
        return text
    }

    /// "<count> <reason>" strings over `statuses`, byte-order sorted and joined by ", ".
    public static func reasonHistogram(_ statuses: [Status]) -> String {
        var counts: [String: Int] = [:]
        for status in statuses {
            for reason in status.reasons { counts[reason, default: 0] += 1 }
        }
        let items = counts.map { "\($0.value) \($0.key)" }
        return items.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .joined(separator: ", ")
    }

    /// DefaultPreemption's PostFilter message when no pod has a lower priority than the
    /// incoming one (always so while every pod has priority 0): nodes rejected as
    /// Unschedulable report "No preemption victims found for incoming pod", the others
    /// "Preemption is not helpful for scheduling" (`pkg/scheduler/framework/preemption`,
    /// `SelectVictimsOnNode` and `findCandidates`). When a lower-priority pod may exist the
    /// scheduler replaces it with the full algorithm's result (`DefaultPreemption.postFilter`,
    /// see `DefaultPreemption.needsPostFilter`).
    public static func preemptionMessage(numAllNodes: Int, statuses: [Status]) -> String {
        let reasons = statuses.map { status -> Status in
            status.code == .unschedulable
                ? Status(.unschedulableAndUnresolvable, ["No preemption victims found for incoming pod"])
                : Status(.unschedulableAndUnresolvable, ["Preemption is not helpful for scheduling"])
        }
        var inner = FitError(numAllNodes: numAllNodes)
        inner.nodeStatuses = reasons.map { (node: "", status: $0) }
        return "preemption: " + inner.message
    }
}
