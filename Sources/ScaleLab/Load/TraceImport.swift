import Foundation

// Reading recorded production traffic: Prometheus' text exposition format (samples with
// timestamps, e.g. a federate or `promtool tsdb dump` style export) and the HTTP API's
// `query_range` matrix JSON.
extension TrafficTrace {
    /// Parses Prometheus text exposition lines `name{labels} value timestamp_ms` (the format's
    /// optional timestamp is required here). Keeps the series named `metric` (all when nil),
    /// sums them per timestamp; a counter (declared `# TYPE name counter`, or named
    /// `*_total`) is turned into its per-second rate between consecutive samples, a drop
    /// counting as a reset to zero as Prometheus' `rate()` does.
    public static func parseExposition(_ text: String, metric: String? = nil)
        throws(TraceParseError) -> TrafficTrace
    {
        var counters: Set<String> = []
        var series: [String: (name: String, points: [(Int64, Double)])] = [:]
        var order: [String] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let line = offset + 1
            let content = raw.trimmingCharacters(in: .whitespaces)
            if content.isEmpty { continue }
            if content.hasPrefix("#") {
                let words = content.split(separator: " ")
                if words.count >= 4, words[1] == "TYPE", words[3] == "counter" {
                    counters.insert(String(words[2]))
                }
                continue
            }
            let (name, key, rest) = try splitSeries(content, line: line)
            if let metric, name != metric { continue }
            let fields = rest.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 2 else {
                throw TraceParseError(
                    line: line, fields.count == 1
                        ? "sample without timestamp in \"\(content)\" (replay needs one)"
                        : "expected \"value timestamp\" after the series in \"\(content)\"")
            }
            guard let value = parseFloat(String(fields[0])) else {
                throw TraceParseError(line: line, "invalid value \"\(fields[0])\"")
            }
            guard let ts = Int64(fields[1]) else {
                throw TraceParseError(line: line, "invalid timestamp \"\(fields[1])\"")
            }
            if series[key] == nil { order.append(key) }
            series[key, default: (name, [])].points.append((ts, value))
        }
        var traces: [TrafficTrace] = []
        for key in order {
            guard let s = series[key] else { continue }
            let sorted = s.points.sorted { $0.0 < $1.0 }
            let isCounter = counters.contains(s.name) || s.name.hasSuffix("_total")
            traces.append(TrafficTrace(points: (isCounter ? counterRates(sorted) : sorted)
                .map { (time: $0.0, rate: $0.1) }))
        }
        return try summed(traces)
    }

    /// Parses a Prometheus HTTP API `query_range` response (`resultType: matrix`, values as
    /// `[unix_seconds, "value"]`), summing its series per timestamp.
    public static func parseQueryRange(_ json: String) throws(TraceParseError) -> TrafficTrace {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        } catch {
            throw TraceParseError("invalid JSON: \(error.localizedDescription)")
        }
        guard let root = object as? [String: Any] else {
            throw TraceParseError("query_range: top level is not an object")
        }
        if let status = root["status"] as? String, status != "success" {
            let message = root["error"] as? String ?? ""
            throw TraceParseError("query_range: status \"\(status)\" \(message)")
        }
        guard let data = root["data"] as? [String: Any] else {
            throw TraceParseError("query_range: missing \"data\"")
        }
        guard (data["resultType"] as? String) == "matrix" else {
            throw TraceParseError(
                "query_range: data.resultType is \"\(data["resultType"] ?? "none")\", "
                    + "expected \"matrix\"")
        }
        guard let result = data["result"] as? [Any] else {
            throw TraceParseError("query_range: missing data.result")
        }
        var traces: [TrafficTrace] = []
        for (i, entry) in result.enumerated() {
            guard let s = entry as? [String: Any], let values = s["values"] as? [Any] else {
                throw TraceParseError("query_range: data.result[\(i)].values missing")
            }
            var points: [(time: Int64, rate: Double)] = []
            for (j, pair) in values.enumerated() {
                let path = "data.result[\(i)].values[\(j)]"
                guard let p = pair as? [Any], p.count == 2,
                    let t = (p[0] as? NSNumber)?.doubleValue,
                    let text = p[1] as? String
                else { throw TraceParseError("query_range: \(path) is not [time, \"value\"]") }
                guard let v = parseFloat(text) else {
                    throw TraceParseError("query_range: \(path) has invalid value \"\(text)\"")
                }
                points.append((Int64((t * 1_000).rounded()), v))
            }
            traces.append(TrafficTrace(points: points))
        }
        return try summed(traces)
    }

    /// Go's ParseFloat spellings Prometheus writes: numbers, NaN, +Inf, -Inf.
    static func parseFloat(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(text)
        }
    }

    /// Splits `name{labels} rest`; the key is the series text (name and labels).
    static func splitSeries(_ line: String, line number: Int) throws(TraceParseError)
        -> (String, String, Substring)
    {
        let chars = Array(line)
        var i = 0
        while i < chars.count, chars[i] != "{", chars[i] != " ", chars[i] != "\t" { i += 1 }
        let name = String(chars[0..<i])
        guard !name.isEmpty else {
            throw TraceParseError(line: number, "missing metric name in \"\(line)\"")
        }
        if i < chars.count, chars[i] == "{" {
            var inQuotes = false
            var j = i + 1
            while j < chars.count {
                if inQuotes, chars[j] == "\\" { j += 2; continue }
                if chars[j] == "\"" { inQuotes.toggle() }
                if !inQuotes, chars[j] == "}" { break }
                j += 1
            }
            guard j < chars.count else {
                throw TraceParseError(line: number, "unterminated label set in \"\(line)\"")
            }
            i = j + 1
        }
        let key = String(chars[0..<i])
        return (name, key, Substring(String(chars[i...])).drop { $0 == " " || $0 == "\t" })
    }

    /// Per-second increase between consecutive counter samples (a decrease is a reset).
    static func counterRates(_ samples: [(Int64, Double)]) -> [(Int64, Double)] {
        var out: [(Int64, Double)] = []
        for k in samples.indices.dropFirst() {
            let (t0, v0) = samples[k - 1]
            let (t1, v1) = samples[k]
            guard t1 > t0 else { continue }
            let increase = v1 >= v0 ? v1 - v0 : v1
            out.append((t1, increase * 1_000 / Double(t1 - t0)))
        }
        return out
    }

    /// The sum of several traces at the union of their timestamps.
    static func summed(_ traces: [TrafficTrace]) throws(TraceParseError) -> TrafficTrace {
        let nonEmpty = traces.filter { !$0.points.isEmpty }
        if nonEmpty.count == 1 { return nonEmpty[0] }
        let times = Set(nonEmpty.flatMap { $0.points.map(\.time) }).sorted()
        return try finish(times.map { t in (t, nonEmpty.reduce(0) { $0 + $1.rate(at: t) }) })
    }
}
