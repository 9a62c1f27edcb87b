import Foundation

/// The result of running one conformance suite over a vector file.
public struct ConformanceReport: Sendable {
    /// Vectors whose result matched.
    public var passed = 0
    /// One line per failing vector: its id, what was expected and what was got.
    public var failures: [String] = []
    /// Vectors that need a feature out of scope (such as DRA), with the reason.
    public var skipped = 0

    /// Creates an empty report.
    public init() {}

    /// The number of failing vectors.
    public var failed: Int { failures.count }

    /// The closing line: `N passed, N failed` (and `, N skipped` when any were skipped).
    public var summary: String {
        var line = "\(passed) passed, \(failed) failed"
        if skipped > 0 { line += ", \(skipped) skipped" }
        return line
    }
}

/// An error reading or decoding a conformance vector file.
public struct ConformanceError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for the user.
    public var description: String
    /// Creates an error with its message.
    public init(_ description: String) { self.description = description }
}

/// Runs the conformance suites: each feeds the vectors to the engine through the same code paths
/// a simulation uses, and reports per-vector failures.
public enum Conformance {
    /// The names of the suites, as `scalelab conformance <suite> FILE.json` takes them.
    public static let suites = ["quantity", "scheduler", "hpa", "promql", "ca"]

    /// Runs `suite` over the JSON vector file contents `data`.
    public static func run(suite: String, data: Data) throws -> ConformanceReport {
        switch suite {
        case "quantity": return try QuantityConformance.run(data: data)
        case "promql": return try PromQLConformance.run(data: data)
        case "ca": return try CAConformance.run(data: data)
        case "scheduler": return try SchedulerConformance.run(data: data)
        case "hpa": return try HPAConformance.run(data: data)
        default:
            throw ConformanceError(
                "unknown conformance suite '\(suite)' (known: \(suites.joined(separator: ", ")))")
        }
    }
}
