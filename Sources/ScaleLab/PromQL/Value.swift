/// One element of an instant vector: a label set and a value.
public struct PromQLSample: Sendable, Equatable {
    /// The series labels (the metric name is `labels.metricName`).
    public var labels: Labels
    /// The value.
    public var value: Double
    /// Creates a sample.
    public init(labels: Labels, value: Double) {
        self.labels = labels
        self.value = value
    }
}

/// One series of a range vector: a label set and its samples in time order.
public struct PromQLSeries: Sendable, Equatable {
    /// The series labels.
    public var labels: Labels
    /// The samples as (time in ms, value), oldest first.
    public var samples: [PromQLPoint]
    /// Creates a series.
    public init(labels: Labels, samples: [PromQLPoint]) {
        self.labels = labels
        self.samples = samples
    }
}

/// A (time in ms, value) point.
public struct PromQLPoint: Sendable, Equatable {
    /// Milliseconds since the epoch.
    public var time: Int64
    /// The value.
    public var value: Double
    /// Creates a point.
    public init(time: Int64, value: Double) {
        self.time = time
        self.value = value
    }
}

/// The result of evaluating a PromQL expression.
public enum PromQLValue: Sendable, Equatable {
    /// A scalar.
    case scalar(Double)
    /// A string.
    case string(String)
    /// An instant vector.
    case vector([PromQLSample])
    /// A range vector.
    case matrix([PromQLSeries])

    /// The instant vector, or nil for other types.
    public var vector: [PromQLSample]? {
        if case .vector(let v) = self { return v }
        return nil
    }

    /// The scalar, or nil for other types.
    public var scalar: Double? {
        if case .scalar(let v) = self { return v }
        return nil
    }
}

/// A vector element during evaluation: with delayed name removal (Prometheus 3,
/// EnableDelayedNameRemoval) functions only mark the name for removal, and it is dropped when
/// the evaluation ends (engine.go cleanupMetricLabels).
struct EvalSample {
    var labels: Labels
    var value: Double
    var dropName: Bool
    /// The store series whose labels these are (unchanged), or -1; lets aggregations cache
    /// each series' group.
    var series: Int32 = -1
}

/// An intermediate value.
enum EvalValue {
    case scalar(Double)
    case string(String)
    case vector([EvalSample])
    case matrix([PromQLSeries])
}
