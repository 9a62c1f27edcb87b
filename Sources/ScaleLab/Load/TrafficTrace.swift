import Foundation

/// An error reading a recorded trace: what and where (1-based line, or JSON path).
public struct TraceParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message, with its location.
    public let description: String
    init(_ description: String) { self.description = description }
    init(line: Int, _ message: String) { description = "line \(line): \(message)" }
}

/// A recorded request-rate trace: (time ms, rate/s) points sorted by time, replayed linearly
/// between points and held before the first and after the last.
public struct TrafficTrace: Sendable, Equatable {
    /// The points, strictly increasing in time.
    public private(set) var points: [(time: Int64, rate: Double)]

    /// A trace from points (sorted here; later duplicates of a time replace earlier ones).
    public init(points: [(time: Int64, rate: Double)]) {
        var byTime: [Int64: Double] = [:]
        for p in points { byTime[p.time] = p.rate }
        self.points = byTime.keys.sorted().map { ($0, byTime[$0] ?? 0) }
    }

    /// Traces are equal when their points are.
    public static func == (a: TrafficTrace, b: TrafficTrace) -> Bool {
        a.points.count == b.points.count
            && zip(a.points, b.points).allSatisfy { $0.time == $1.time && $0.rate == $1.rate }
    }

    /// Shifts the trace so its first point is at time 0 (replaying a production window from
    /// the start of the simulation).
    public func startingAtZero() -> TrafficTrace {
        guard let first = points.first?.time else { return self }
        return TrafficTrace(points: points.map { ($0.time - first, $0.rate) })
    }

    /// The rate at `t`.
    public func rate(at t: Int64) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if t <= first.time { return first.rate }
        if t >= last.time { return last.rate }
        let i = upperIndex(t)
        let (t0, r0) = points[i - 1]
        let (t1, r1) = points[i]
        return r0 + (r1 - r0) * Double(t - t0) / Double(t1 - t0)
    }

    /// Requests in [a, b): trapezoids between points (exact for the linear replay).
    public func integral(from a: Int64, to b: Int64) -> Double {
        guard b > a else { return 0 }
        let cuts = points.map(\.time)
        let inside = cuts.isEmpty ? [] : cutsInside(a, b)
        var total = 0.0
        var lo = a
        for c in inside + [b] where c > lo {
            total += (rate(at: lo) + rate(at: c)) / 2 * Double(c - lo) / 1_000
            lo = c
        }
        return total
    }

    private func cutsInside(_ a: Int64, _ b: Int64) -> [Int64] {
        var out: [Int64] = []
        var i = upperIndex(a)
        while i < points.count, points[i].time < b {
            if points[i].time > a { out.append(points[i].time) }
            i += 1
        }
        return out
    }

    /// The first index whose time is > t.
    private func upperIndex(_ t: Int64) -> Int {
        var lo = 0
        var hi = points.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if points[mid].time <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    // MARK: CSV

    /// Parses `time,rate` lines: time in seconds (a number) or a duration ("90s", "5m");
    /// an optional header line, blank lines and `#` comments are skipped.
    public static func parseCSV(_ text: String) throws(TraceParseError) -> TrafficTrace {
        var points: [(Int64, Double)] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let line = offset + 1
            let content = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty || content.hasPrefix("#") { continue }
            let fields = content.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2 else {
                throw TraceParseError(
                    line: line, "expected 2 fields \"time,rate\", got \(fields.count) in "
                        + "\"\(content)\"")
            }
            guard let rate = Double(fields[1]), rate.isFinite else {
                if points.isEmpty && Double(fields[0]) == nil { continue }  // header
                throw TraceParseError(line: line, "invalid rate \"\(fields[1])\"")
            }
            guard rate >= 0 else {
                throw TraceParseError(line: line, "negative rate \"\(fields[1])\"")
            }
            points.append((try parseTime(fields[0], line: line), rate))
        }
        return try finish(points)
    }

    static func parseTime(_ text: String, line: Int) throws(TraceParseError) -> Int64 {
        if let seconds = Double(text), seconds.isFinite {
            return Int64((seconds * 1_000).rounded())
        }
        do {
            return try SimDuration(parsing: text).milliseconds
        } catch {
            throw TraceParseError(line: line, "invalid time \"\(text)\"")
        }
    }

    static func finish(_ points: [(Int64, Double)]) throws(TraceParseError) -> TrafficTrace {
        guard !points.isEmpty else { throw TraceParseError("trace has no samples") }
        return TrafficTrace(points: points.map { (time: $0.0, rate: $0.1) })
    }
}
