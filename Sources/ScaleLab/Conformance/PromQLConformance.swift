import Foundation

/// The PromQL conformance suite: vectors transcribed from Prometheus' promqltest files, each
/// with series, an evaluation time, an expression and the expected result.
///
/// Each vector's series are appended to a fresh `TimeSeriesStore` and the expression is
/// evaluated with `PromQLEngine`, the same code the simulation's Prometheus uses. Results are
/// compared as Prometheus' harness does: vectors as sets keyed by label set, floats with
/// `almostEqual` (1e-6 relative, NaN equals NaN).
enum PromQLConformance {
    static func run(data: Data) throws -> ConformanceReport {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let vectors = root["vectors"] as? [[String: Any]]
        else {
            throw ConformanceError("promql vectors: expected an object with a \"vectors\" array")
        }
        var report = ConformanceReport()
        for (index, vector) in vectors.enumerated() {
            let id = vector["id"] as? String ?? "vector #\(index + 1)"
            do {
                if let failure = try check(vector) {
                    report.failures.append("\(id): \(failure)")
                } else {
                    report.passed += 1
                }
            } catch {
                report.failures.append("\(id): \(error)")
            }
        }
        return report
    }

    /// Evaluates one vector; returns a failure description or nil when it passes.
    private static func check(_ vector: [String: Any]) throws -> String? {
        guard let eval = vector["eval"] as? [String: Any],
            let expr = eval["expr"] as? String,
            let at = (eval["at_ms"] as? NSNumber)?.int64Value,
            let expected = vector["expected"] as? [String: Any],
            let type = expected["type"] as? String
        else { throw ConformanceError("malformed vector: needs eval.expr, eval.at_ms, expected") }
        let store = try loadStore(vector["series"] as? [[String: Any]] ?? [])
        let result: PromQLValue
        do {
            // PreparedQuery is what rules and the adapter use: the cached evaluation path.
            result = try PreparedQuery(expr).evaluate(at: at, store: store)
        } catch {
            if type == "error" {
                if let message = expected["message"] as? String,
                    !error.description.contains(message)
                {
                    return "expected error \(goQuote(message)), got error \(goQuote(error.description))"
                }
                return nil
            }
            return "expected \(type), got error: \(error.description)"
        }
        switch (type, result) {
        case ("error", _):
            return "expected an error, got \(describe(result))"
        case ("scalar", .scalar(let got)):
            let want = try number(expected["value"])
            return almostEqual(want, got) ? nil : "expected scalar \(want), got \(got)"
        case ("vector", .vector(let got)):
            if vector["ordered"] as? Bool == true {
                return compareOrdered(try expectedSamples(expected), got)
            }
            return compareVector(try expectedSamples(expected), got)
        case ("matrix", .matrix(let got)):
            return compareMatrix(try expectedSeries(expected), got)
        default:
            return "expected \(type), got \(describe(result))"
        }
    }

    private static func loadStore(_ series: [[String: Any]]) throws -> TimeSeriesStore {
        var store = TimeSeriesStore()
        for entry in series {
            let metric = entry["metric"] as? String ?? ""
            let labels = Labels(metric: metric, entry["labels"] as? [String: String] ?? [:])
            let id = store.seriesID(for: labels)
            for pair in entry["samples"] as? [[Any]] ?? [] {
                guard pair.count == 2, let t = (pair[0] as? NSNumber)?.int64Value else {
                    throw ConformanceError("malformed sample in series \(labels)")
                }
                let value: Double
                if let text = pair[1] as? String, text == "stale" {
                    value = StaleMarker.value
                } else {
                    value = try number(pair[1])
                }
                try store.append(id, time: t, value: value)
            }
        }
        return store
    }

    /// A JSON number, or one of the strings "NaN", "+Inf", "-Inf".
    private static func number(_ any: Any?) throws -> Double {
        if let n = any as? NSNumber { return n.doubleValue }
        switch any as? String {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default: throw ConformanceError("not a number: \(String(describing: any))")
        }
    }

    private static func expectedSamples(_ expected: [String: Any]) throws -> [PromQLSample] {
        try (expected["result"] as? [[String: Any]] ?? []).map { item in
            PromQLSample(
                labels: Labels(item["labels"] as? [String: String] ?? [:]),
                value: try number(item["value"]))
        }
    }

    private static func expectedSeries(_ expected: [String: Any]) throws -> [PromQLSeries] {
        try (expected["result"] as? [[String: Any]] ?? []).map { item in
            let points = try (item["samples"] as? [[Any]] ?? []).map { pair in
                guard pair.count == 2, let t = (pair[0] as? NSNumber)?.int64Value else {
                    throw ConformanceError("malformed expected sample")
                }
                return PromQLPoint(time: t, value: try number(pair[1]))
            }
            return PromQLSeries(
                labels: Labels(item["labels"] as? [String: String] ?? [:]), samples: points)
        }
    }

    /// Compares as an unordered set keyed by label set (promqltest compares vectors this way).
    private static func compareVector(_ want: [PromQLSample], _ got: [PromQLSample]) -> String? {
        let gotByLabels = Dictionary(got.map { ($0.labels, $0.value) }, uniquingKeysWith: { a, _ in a })
        let mismatch = "expected \(describe(.vector(want))), got \(describe(.vector(got)))"
        guard want.count == got.count else { return mismatch }
        for sample in want {
            guard let value = gotByLabels[sample.labels], almostEqual(sample.value, value) else {
                return mismatch
            }
        }
        return nil
    }

    /// eval_ordered / expect ordered (sort, topk): the same elements in the same order.
    private static func compareOrdered(_ want: [PromQLSample], _ got: [PromQLSample]) -> String? {
        let same = want.count == got.count && zip(want, got).allSatisfy {
            $0.labels == $1.labels && almostEqual($0.value, $1.value)
        }
        return same ? nil : "expected in order \(describe(.vector(want))), got \(describe(.vector(got)))"
    }

    private static func compareMatrix(_ want: [PromQLSeries], _ got: [PromQLSeries]) -> String? {
        let mismatch = "expected \(describe(.matrix(want))), got \(describe(.matrix(got)))"
        guard want.count == got.count else { return mismatch }
        let gotByLabels = Dictionary(got.map { ($0.labels, $0.samples) }, uniquingKeysWith: { a, _ in a })
        for series in want {
            guard let points = gotByLabels[series.labels], points.count == series.samples.count,
                zip(points, series.samples).allSatisfy({
                    $0.time == $1.time && almostEqual($0.value, $1.value)
                })
            else { return mismatch }
        }
        return nil
    }

    private static func describe(_ value: PromQLValue) -> String {
        switch value {
        case .scalar(let v): return "scalar \(v)"
        case .string(let s): return "string \(goQuote(s))"
        case .vector(let samples):
            return "vector [" + samples.map { "\($0.labels) \($0.value)" }
                .joined(separator: ", ") + "]"
        case .matrix(let series):
            return "matrix [" + series.map { s in
                "\(s.labels) " + s.samples.map { "\($0.value)@\($0.time)" }
                    .joined(separator: " ")
            }.joined(separator: ", ") + "]"
        }
    }
}
