import Foundation

/// The aggregations with a parameter: topk, bottomk, quantile, count_values (engine.go
/// aggregation and aggregationK).
extension Evaluator {
    mutating func aggregateWithParameter(
        _ op: AggregateOp, _ inner: PromQLExpr, _ param: PromQLExpr, grouping: [String],
        without: Bool
    ) throws(PromQLError) -> [EvalSample] {
        if op == .countValues {
            let label = try evalString(param)
            guard Self.isValidLabelName(label) else {
                throw .execution("invalid label name \(goQuote(label))")
            }
            return countValues(label, try evalVector(inner), grouping: grouping, without: without)
        }
        let p = try evalScalar(param)
        let input = try evalVector(inner)
        if op == .quantile {
            return groups(input, grouping, without).map { key, members in
                EvalSample(labels: key, value: promQLQuantile(p, members.map(\.value)),
                           dropName: false)
            }
        }
        // aggregationK: k is the parameter truncated to an integer; NaN is an error.
        if p.isNaN { throw .execution("Parameter value is NaN") }
        if p >= 9.223372036854775807e18 || p < -9.223372036854775808e18 {
            throw .execution("Scalar value \(p) overflows int64")
        }
        let k = Int(p)
        if k < 1 { return [] }
        // topk keeps the k largest (NaN counts as smallest), bottomk the k smallest (NaN as
        // largest); each group comes out sorted, best first, NaN last.
        let top = op == .topk
        var out: [EvalSample] = []
        for (_, members) in groups(input, grouping, without) {
            let ranked = members.enumerated().sorted { a, b in
                let (x, y) = (a.element.value, b.element.value)
                if x.isNaN || y.isNaN {
                    return x.isNaN == y.isNaN ? a.offset < b.offset : y.isNaN
                }
                if x == y { return a.offset < b.offset }
                return top ? x > y : x < y
            }
            out.append(contentsOf: ranked.prefix(k).map(\.element))
        }
        return out
    }

    /// The input split by group key, groups in order of first appearance.
    private func groups(_ input: [EvalSample], _ grouping: [String], _ without: Bool)
        -> [(Labels, [EvalSample])]
    {
        var out: [(Labels, [EvalSample])] = []
        var index: [Labels: Int] = [:]
        for sample in input {
            let key = Self.groupKey(sample.labels, grouping, without)
            if let i = index[key] {
                out[i].1.append(sample)
            } else {
                index[key] = out.count
                out.append((key, [sample]))
            }
        }
        return out
    }

    /// count_values: the value (formatted like Go's FormatFloat(f, 'f', -1, 64)) becomes
    /// label `label` of every element, which then takes part in the grouping.
    private func countValues(
        _ label: String, _ input: [EvalSample], grouping: [String], without: Bool
    ) -> [EvalSample] {
        let relabelled = input.map { s in
            EvalSample(
                labels: s.labels.setting(label, to: goFormatFloat(s.value)), value: s.value,
                dropName: s.dropName)
        }
        let by = without ? grouping : grouping + [label]
        return groups(relabelled, by, without).map { key, members in
            EvalSample(labels: key, value: Double(members.count), dropName: false)
        }
    }
}

/// Go's strconv.FormatFloat(f, 'f', -1, 64): the shortest digits that read back as `v`, in
/// plain (never exponent) notation; NaN, +Inf, -Inf as Go spells them.
func goFormatFloat(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
    // Swift's description is the shortest round-trip form, possibly with an exponent.
    let text = "\(v)"
    let negative = text.hasPrefix("-")
    let body = negative ? String(text.dropFirst()) : text
    let parts = body.lowercased().split(separator: "e")
    let mantissa = String(parts[0])
    let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    var digits = mantissa.replacingOccurrences(of: ".", with: "")
    var point = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex,
                                                                       to: $0) }
                 ?? mantissa.count) + exponent
    // Drop leading zeros (keeping the point position right) and trailing zeros.
    while digits.count > 1, digits.hasPrefix("0") {
        digits.removeFirst()
        point -= 1
    }
    while digits.count > 1, digits.hasSuffix("0"), digits.count > point { digits.removeLast() }
    var result: String
    if point <= 0 {
        result = "0." + String(repeating: "0", count: -point) + digits
    } else if point >= digits.count {
        result = digits + String(repeating: "0", count: point - digits.count)
    } else {
        let i = digits.index(digits.startIndex, offsetBy: point)
        result = digits[..<i] + "." + digits[i...]
    }
    if result.hasSuffix(".") { result.removeLast() }
    if digits == "0" { result = "0" }
    return negative && result != "0" ? "-" + result : (negative ? "-0" : result)
}
