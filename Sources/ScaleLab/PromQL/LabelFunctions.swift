/// label_replace and label_join (engine.go evalLabelReplace / evalLabelJoin).
extension Evaluator {
    /// `label_replace(v, dst, replacement, src, regex)`: where the fully anchored regex
    /// matches the `src` value, `dst` is set to the expanded replacement (an empty result
    /// removes the label); setting `__name__` cancels the series' pending name removal.
    mutating func labelReplace(_ args: [PromQLExpr]) throws(PromQLError) -> [EvalSample] {
        let dst = try evalString(args[1])
        let replacement = try evalString(args[2])
        let src = try evalString(args[3])
        let pattern = try evalString(args[4])
        let regex: Regexp
        do {
            regex = try Regexp("^(?s:" + pattern + ")$")
        } catch {
            throw .execution("invalid regular expression in label_replace(): \(pattern)")
        }
        guard Self.isValidLabelName(dst) else {
            throw .execution("invalid destination label name in label_replace(): \(dst)")
        }
        var samples = try evalVector(args[0])
        for i in samples.indices {
            let value = samples[i].labels[src]
            guard let match = regex.firstMatch(in: value) else { continue }
            let expanded = regex.expand(replacement, match: match, in: value)
            samples[i].labels = samples[i].labels.setting(dst, to: expanded)
            samples[i].series = -1
            if dst == Labels.metricName { samples[i].dropName = false }
        }
        try Self.checkDistinct(samples)
        return samples
    }

    /// `label_join(v, dst, separator, src...)`: `dst` becomes the `src` values joined by the
    /// separator (missing labels count as empty; an empty result removes `dst`).
    mutating func labelJoin(_ args: [PromQLExpr]) throws(PromQLError) -> [EvalSample] {
        let dst = try evalString(args[1])
        let separator = try evalString(args[2])
        var sources: [String] = []
        for arg in args.dropFirst(3) { sources.append(try evalString(arg)) }
        guard Self.isValidLabelName(dst) else {
            throw .execution("invalid destination label name in label_join(): \(dst)")
        }
        for src in sources where !Self.isValidLabelName(src) {
            throw .execution("invalid source label name in label_join(): \(src)")
        }
        var samples = try evalVector(args[0])
        for i in samples.indices {
            let joined = sources.map { samples[i].labels[$0] }.joined(separator: separator)
            samples[i].labels = samples[i].labels.setting(dst, to: joined)
            samples[i].series = -1
            if dst == Labels.metricName { samples[i].dropName = false }
        }
        try Self.checkDistinct(samples)
        return samples
    }

    /// Prometheus 3 validates label names as UTF-8 (model.LabelName.IsValid with the UTF-8
    /// scheme): any non-empty string.
    static func isValidLabelName(_ name: String) -> Bool { !name.isEmpty }

    /// Matrix.ContainsSameLabelset: relabelling may merge two series into one label set.
    static func checkDistinct(_ samples: [EvalSample]) throws(PromQLError) {
        var seen = Set<Labels>()
        for s in samples where !seen.insert(s.labels).inserted {
            throw .execution("vector cannot contain metrics with the same labelset")
        }
    }
}
