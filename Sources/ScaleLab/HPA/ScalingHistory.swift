// The controller's in-memory state per HPA and the stabilization windows
// (pkg/controller/podautoscaler/horizontal.go: recommendations, scaleUpEvents, scaleDownEvents,
// stabilizeRecommendation, stabilizeRecommendationWithBehaviors, storeScaleEvent). The state is
// lost when the controller restarts, exactly as upstream.

/// A recommendation and when it was made (`timestampedRecommendation`).
public struct TimestampedRecommendation: Sendable, Equatable {
    /// The un-normalized metric proposal.
    public var replicas: Int32
    /// When it was made.
    public var timestamp: Int64
    /// Creates a recommendation.
    public init(replicas: Int32, timestamp: Int64) {
        self.replicas = replicas
        self.timestamp = timestamp
    }
}

/// A scale event (`timestampedScaleEvent`).
public struct TimestampedScaleEvent: Sendable, Equatable {
    /// |new - previous| replicas.
    public var replicaChange: Int32
    /// When it happened.
    public var timestamp: Int64
    /// Older than the direction's longest policy period: the slot may be reused.
    public var outdated: Bool
    /// Creates an event.
    public init(replicaChange: Int32, timestamp: Int64, outdated: Bool = false) {
        self.replicaChange = replicaChange
        self.timestamp = timestamp
        self.outdated = outdated
    }
}

/// The controller's memory of one HPA.
public struct HPAScalingHistory: Sendable, Equatable {
    /// Recent recommendations; nil until the first reconcile seeds `[current@now]`.
    public var recommendations: [TimestampedRecommendation]?
    /// Recent scale-ups (only with `spec.behavior`).
    public var scaleUpEvents: [TimestampedScaleEvent] = []
    /// Recent scale-downs (only with `spec.behavior`).
    public var scaleDownEvents: [TimestampedScaleEvent] = []

    /// Creates an empty history.
    public init(recommendations: [TimestampedRecommendation]? = nil,
                scaleUpEvents: [TimestampedScaleEvent] = [],
                scaleDownEvents: [TimestampedScaleEvent] = []) {
        self.recommendations = recommendations
        self.scaleUpEvents = scaleUpEvents
        self.scaleDownEvents = scaleDownEvents
    }

    /// recordInitialRecommendation: a fresh HPA starts with the current size as its only
    /// recommendation, so it does not scale below it within the first window.
    public mutating func recordInitialRecommendation(_ currentReplicas: Int32, now: Int64) {
        if recommendations == nil {
            recommendations = [TimestampedRecommendation(replicas: currentReplicas, timestamp: now)]
        }
    }

    /// The stored recommendations as the windows see them, appended to `window`.
    private func appendWindowEntries(to window: inout [WindowEntry], now: Int64,
                                     inside: (Int64) -> Bool) {
        guard let recommendations else { return }
        window.reserveCapacity(window.count + recommendations.count)
        for rec in recommendations {
            window.append(WindowEntry(replicas: rec.replicas, ageMs: now - rec.timestamp,
                                      inside: inside(rec.timestamp)))
        }
    }

    /// stabilizeRecommendation (no behavior): the highest recommendation not older than the
    /// window (`--horizontal-pod-autoscaler-downscale-stabilization`); the new one overwrites the
    /// last stale slot or is appended.
    public mutating func stabilizeLegacy(_ prenormalized: Int32, windowMs: Int64, now: Int64)
        -> (replicas: Int32, window: [WindowEntry]) {
        var window: [WindowEntry] = []
        let replicas = stabilizeLegacy(prenormalized, windowMs: windowMs, now: now,
                                       window: &window)
        return (replicas, window)
    }

    /// `stabilizeLegacy` with the window appended to `window` (a list the caller keeps, so
    /// its storage is reused).
    mutating func stabilizeLegacy(_ prenormalized: Int32, windowMs: Int64, now: Int64,
                                  window: inout [WindowEntry]) -> Int32 {
        let cutoff = now - windowMs
        appendWindowEntries(to: &window, now: now) { !($0 < cutoff) }
        var best = prenormalized
        var staleIndex: Int?
        if let recommendations {
            for index in recommendations.indices {
                let rec = recommendations[index]
                if rec.timestamp < cutoff {
                    staleIndex = index
                } else if rec.replicas > best {
                    best = rec.replicas
                }
            }
        }
        store(TimestampedRecommendation(replicas: prenormalized, timestamp: now), at: staleIndex)
        return best
    }

    /// stabilizeRecommendationWithBehaviors: the current count is clamped between the lowest
    /// recommendation of the scale-up window and the highest of the scale-down window (windows
    /// strict: an entry aged exactly the window is outside). Returns the value, the
    /// AbleToScale reason and message used when it differs from `desired`.
    public mutating func stabilizeWithBehaviors(current: Int32, desired: Int32, upWindowMs: Int64,
                                                downWindowMs: Int64, now: Int64)
        -> (replicas: Int32, reason: String, message: String, window: [WindowEntry]) {
        var window: [WindowEntry] = []
        let outcome = stabilizeWithBehaviors(current: current, desired: desired,
                                             upWindowMs: upWindowMs, downWindowMs: downWindowMs,
                                             now: now, window: &window)
        return (outcome.replicas, outcome.reason, outcome.message, window)
    }

    /// `stabilizeWithBehaviors` with the window appended to `window` (a list the caller
    /// keeps, so its storage is reused).
    mutating func stabilizeWithBehaviors(current: Int32, desired: Int32, upWindowMs: Int64,
                                         downWindowMs: Int64, now: Int64,
                                         window: inout [WindowEntry])
        -> (replicas: Int32, reason: String, message: String) {
        let upCutoff = now - upWindowMs
        let downCutoff = now - downWindowMs
        appendWindowEntries(to: &window, now: now) { $0 > upCutoff || $0 > downCutoff }
        var upRecommendation = desired
        var downRecommendation = desired
        var staleIndex: Int?
        for (index, rec) in (recommendations ?? []).enumerated() {
            if rec.timestamp > upCutoff { upRecommendation = min(rec.replicas, upRecommendation) }
            if rec.timestamp > downCutoff {
                downRecommendation = max(rec.replicas, downRecommendation)
            }
            if rec.timestamp < upCutoff && rec.timestamp < downCutoff { staleIndex = index }
        }
        var stabilized = current
        if stabilized < upRecommendation { stabilized = upRecommendation }
        if stabilized > downRecommendation { stabilized = downRecommendation }
        store(TimestampedRecommendation(replicas: desired, timestamp: now), at: staleIndex)
        if desired >= current {
            return (stabilized, "ScaleUpStabilized",
                    "recent recommendations were lower than current one, applying the lowest"
                        + " recent recommendation")
        }
        return (stabilized, "ScaleDownStabilized",
                "recent recommendations were higher than current one, applying the highest"
                    + " recent recommendation")
    }

    private mutating func store(_ rec: TimestampedRecommendation, at index: Int?) {
        // Taken out, so the write does not copy the array (it would still be shared).
        var list = recommendations.take() ?? []
        if let index { list[index] = rec } else { list.append(rec) }
        recommendations = list
    }

    /// storeScaleEvent: after a successful rescale with `behavior` set, events of that direction
    /// older than its longest policy period are marked outdated and the new event takes the last
    /// outdated slot (or is appended). `rules` are the defaulted rules of the direction.
    public mutating func storeScaleEvent(upRules: HPAScalingRules, downRules: HPAScalingRules,
                                         previous: Int32, new: Int32, now: Int64) {
        if new > previous {
            Self.store(change: new - previous, rules: upRules, into: &scaleUpEvents, now: now)
        } else {
            Self.store(change: previous - new, rules: downRules, into: &scaleDownEvents, now: now)
        }
    }

    static func store(change: Int32, rules: HPAScalingRules,
                      into events: inout [TimestampedScaleEvent], now: Int64) {
        let longest = (rules.policies ?? []).map(\.periodSeconds).max() ?? 0
        let cutoff = now - Int64(longest) * 1000
        var outdatedIndex: Int?
        for index in events.indices {
            if events[index].timestamp < cutoff { events[index].outdated = true }
            if events[index].outdated { outdatedIndex = index }
        }
        let event = TimestampedScaleEvent(replicaChange: change, timestamp: now)
        if let outdatedIndex { events[outdatedIndex] = event } else { events.append(event) }
    }

    /// getReplicasChangePerPeriod: the sum of changes strictly newer than `periodSeconds`.
    public static func replicasChange(periodSeconds: Int32, events: [TimestampedScaleEvent],
                                      now: Int64) -> Int32 {
        let cutoff = now - Int64(periodSeconds) * 1000
        var sum: Int32 = 0
        for event in events where event.timestamp > cutoff {
            sum = sum &+ event.replicaChange
        }
        return sum
    }
}
