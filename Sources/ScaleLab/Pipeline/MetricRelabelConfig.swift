/// One entry of a scrape config's `metric_relabel_configs` with the filtering actions, `keep`
/// and `drop`: which scraped series are stored.
///
/// Prometheus (model/relabel/relabel.go `relabel`, `ProcessBuilder`): the values of
/// `source_labels` (an absent label reads as "") are joined with `separator` (default `;`) and
/// matched against `regex` (default `(.*)`), fully anchored by `NewRegexp` — `^(?s:regex)$`
/// since Prometheus 3.0, where `.` also matches a newline in relabel configs as in PromQL
/// (docs/migration.md) — the same anchoring as the PromQL matchers' `AnchoredRegex`; `keep`
/// drops the series when it does not match, `drop` when it does. The configs apply in order
/// and the first that drops a series ends it.
///
/// Where (scrape/scrape.go): the scrape loop's sample mutator `mutateSampleLabels` runs the
/// metric relabel configs on every exposed series after the scrape and before the append to
/// storage; the report series (`up`, `scrape_samples_scraped`) go through
/// `mutateReportSampleLabels`, which adds the target labels only, so metric relabelling never
/// drops them.
public struct MetricRelabelConfig: Sendable, CustomStringConvertible {
    /// The filtering actions (the label-rewriting ones — replace, labelmap, labeldrop, ... —
    /// are not modelled).
    public enum Action: String, Sendable, CaseIterable {
        /// Drop the series unless the joined source labels match.
        case keep
        /// Drop the series when the joined source labels match.
        case drop
    }

    /// The labels whose values are joined and matched.
    public let sourceLabels: [String]
    /// What the values are joined with.
    public let separator: String
    /// The pattern's source.
    public let regex: String
    /// Keep or drop.
    public let action: Action
    private let compiled: AnchoredRegex

    /// Creates a config; a bad `regex` throws Prometheus' error.
    public init(sourceLabels: [String], separator: String = ";", regex: String = "(.*)",
                action: Action) throws(LabelMatcherError)
    {
        self.sourceLabels = sourceLabels
        self.separator = separator
        self.regex = regex
        self.action = action
        compiled = try AnchoredRegex(regex)
    }

    /// Whether a series with `labels` is stored after this config (relabel.go `relabel`:
    /// keep/drop on `regex.MatchString(val)`).
    public func keeps(_ labels: Labels) -> Bool {
        let value = sourceLabels.map { labels[$0] }.joined(separator: separator)
        let matches = compiled.matches(value)
        switch action {
        case .keep: return matches
        case .drop: return !matches
        }
    }

    /// Whether every config of `configs`, in order, keeps the series.
    static func keeps(_ labels: Labels, _ configs: [MetricRelabelConfig]) -> Bool {
        configs.allSatisfy { $0.keeps(labels) }
    }

    /// The config as the scrape config's YAML writes it.
    public var description: String {
        "{source_labels: [\(sourceLabels.joined(separator: ", "))], separator: "
            + "\(goQuote(separator)), regex: \(goQuote(regex)), action: \(action.rawValue)}"
    }
}
