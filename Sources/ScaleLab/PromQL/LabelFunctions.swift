import Foundation

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
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(pattern: "^(?s:" + pattern + ")\\z")
        } catch {
            throw .execution("invalid regular expression in label_replace(): \(pattern)")
        }
        guard Self.isValidLabelName(dst) else {
            throw .execution("invalid destination label name in label_replace(): \(dst)")
        }
        var samples = try evalVector(args[0])
        for i in samples.indices {
            let value = samples[i].labels[src]
            let range = NSRange(value.startIndex..., in: value)
            guard let match = regex.firstMatch(in: value, options: [], range: range) else {
                continue
            }
            let expanded = Self.expandGoTemplate(replacement, match: match, in: value, regex: regex)
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

    /// Go's regexp.Expand: `$1`, `${1}`, `$name`, `${name}` and `$$`; the name after a bare
    /// `$` is as long as possible (`$1x` is `${1x}`); an unknown or unmatched group is empty;
    /// a malformed reference keeps its `$`.
    static func expandGoTemplate(
        _ template: String, match: NSTextCheckingResult, in text: String,
        regex: NSRegularExpression
    ) -> String {
        let chars = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isNameChar(_ c: Unicode.Scalar) -> Bool {
            c == "_" || (c.isASCII && (CharacterSet.alphanumerics.contains(c)))
        }
        func group(_ name: String) -> String {
            let range: NSRange
            if let n = Int(name), name.allSatisfy(\.isNumber) {
                guard n <= regex.numberOfCaptureGroups else { return "" }
                range = match.range(at: n)
            } else {
                range = match.range(withName: name)
            }
            guard range.location != NSNotFound, let r = Range(range, in: text) else { return "" }
            return String(text[r])
        }
        while i < chars.count {
            let c = chars[i]
            guard c == "$", i + 1 < chars.count else {
                out.append(c)
                i += 1
                continue
            }
            if chars[i + 1] == "$" {
                out.append("$")
                i += 2
                continue
            }
            var j = i + 1
            var name = ""
            if chars[j] == "{" {
                j += 1
                while j < chars.count, isNameChar(chars[j]) {
                    name.unicodeScalars.append(chars[j])
                    j += 1
                }
                guard j < chars.count, chars[j] == "}", !name.isEmpty else {
                    out.append(c)
                    i += 1
                    continue
                }
                j += 1
            } else {
                while j < chars.count, isNameChar(chars[j]) {
                    name.unicodeScalars.append(chars[j])
                    j += 1
                }
                if name.isEmpty {
                    out.append(c)
                    i += 1
                    continue
                }
            }
            out.append(contentsOf: group(name).unicodeScalars)
            i = j
        }
        return String(out)
    }
}
