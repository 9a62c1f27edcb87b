/// A span of simulated time in whole milliseconds. Parses Go duration strings exactly as
/// `time.ParseDuration` does (`500ms`, `15s`, `2m`, `1h30m`, `1.5h`, `-2s`; units `ns us µs ms
/// s m h`) and prints like Go's `Duration.String` (`1h30m0s`, `500ms`, `0s`), which is how
/// Kubernetes prints durations in flags and API fields.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The length in milliseconds.
    public var milliseconds: Int64

    /// A duration of `milliseconds`.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Zero.
    public static let zero = SimDuration(milliseconds: 0)

    /// `n` milliseconds.
    public static func ms(_ n: Int64) -> SimDuration { SimDuration(milliseconds: n) }
    /// `n` seconds.
    public static func seconds(_ n: Int64) -> SimDuration { SimDuration(milliseconds: n * 1_000) }
    /// `n` minutes.
    public static func minutes(_ n: Int64) -> SimDuration {
        SimDuration(milliseconds: n * 60_000)
    }
    /// `n` hours.
    public static func hours(_ n: Int64) -> SimDuration {
        SimDuration(milliseconds: n * 3_600_000)
    }

    /// The length in seconds, as a Double.
    public var seconds: Double { Double(milliseconds) / 1_000 }

    /// Parses a Go duration string; throws `DurationError` quoting the input (Go's wording:
    /// `time: invalid duration "x"`, `time: missing unit in duration "1"`, `time: unknown unit
    /// "d" in duration "1d"`). Parts finer than a millisecond are rejected: the simulation
    /// clock counts whole milliseconds.
    public init(parsing text: String) throws {
        let nanos = try SimDuration.parseNanoseconds(text)
        guard nanos % 1_000_000 == 0 else {
            throw DurationError(
                input: text,
                message: "duration \"\(text)\" has a part finer than a millisecond; the"
                    + " simulation clock counts whole milliseconds")
        }
        milliseconds = nanos / 1_000_000
    }

    /// Nanoseconds per unit (Go's time.unitMap).
    private static let units: [String: UInt64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// time.ParseDuration (Go src/time/format.go), returning nanoseconds.
    static func parseNanoseconds(_ orig: String) throws -> Int64 {
        let invalid = DurationError(input: orig, message: "time: invalid duration \"\(orig)\"")
        var s = Substring(orig)
        var neg = false
        if let c = s.first, c == "-" || c == "+" {
            neg = c == "-"
            s = s.dropFirst()
        }
        if s == "0" { return 0 }
        if s.isEmpty { throw invalid }
        var total: UInt64 = 0
        let limit: UInt64 = 1 << 63
        while !s.isEmpty {
            // The next character must be [0-9.]
            guard let c = s.first, c == "." || c.isASCIIDigit else { throw invalid }
            // Consume [0-9]*
            var v: UInt64 = 0
            var pre = false
            while let d = s.first, d.isASCIIDigit {
                pre = true
                guard v <= limit / 10 else { throw invalid }
                v = v * 10 + d.digitValue
                guard v <= limit else { throw invalid }
                s = s.dropFirst()
            }
            // Consume (\.[0-9]*)?
            var fraction: UInt64 = 0
            var scale = 1.0
            var post = false
            if s.first == "." {
                s = s.dropFirst()
                var overflow = false
                while let d = s.first, d.isASCIIDigit {
                    post = true
                    s = s.dropFirst()
                    if overflow { continue }
                    if fraction > (limit - 1) / 10 {
                        overflow = true
                        continue
                    }
                    fraction = fraction * 10 + d.digitValue
                    scale *= 10
                }
            }
            if !pre && !post { throw invalid }
            // Consume unit.
            let unitText = s.prefix { $0 != "." && !$0.isASCIIDigit }
            if unitText.isEmpty {
                throw DurationError(
                    input: orig, message: "time: missing unit in duration \"\(orig)\"")
            }
            s = s.dropFirst(unitText.count)
            guard let unit = units[String(unitText)] else {
                throw DurationError(
                    input: orig,
                    message: "time: unknown unit \"\(unitText)\" in duration \"\(orig)\"")
            }
            guard v <= limit / unit else { throw invalid }
            v *= unit
            if fraction > 0 {
                // float64 is needed to be nanosecond accurate for fractions of hours (Go).
                v += UInt64(Double(fraction) * (Double(unit) / scale))
                guard v <= limit else { throw invalid }
            }
            total += v
            guard total <= limit else { throw invalid }
        }
        if neg { return total == limit ? Int64.min : -Int64(total) }
        guard total <= limit - 1 else { throw invalid }
        return Int64(total)
    }

    /// Go's `Duration.String`: `1h30m0s`, `2m0s`, `1.5s`, `500ms`, `0s`.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        let negative = milliseconds < 0
        let u = milliseconds.magnitude
        var text: String
        if u < 1_000 {
            text = "\(u)ms"
        } else {
            let totalSeconds = u / 1_000
            let fraction = u % 1_000
            text = "\(totalSeconds % 60)"
            if fraction > 0 {
                var digits = String(fraction)
                digits = String(repeating: "0", count: 3 - digits.count) + digits
                while digits.last == "0" { digits.removeLast() }
                text += "." + digits
            }
            text += "s"
            let totalMinutes = totalSeconds / 60
            if totalMinutes > 0 {
                text = "\(totalMinutes % 60)m" + text
                let hours = totalMinutes / 60
                if hours > 0 { text = "\(hours)h" + text }
            }
        }
        return negative ? "-" + text : text
    }

    /// kubectl's AGE column (apimachinery pkg/util/duration `HumanDuration`): `90s`, `5m30s`,
    /// `45m`, `5h10m`, `3d4h`, `2y10d`, with ~2–3 significant figures.
    public var humanDescription: String {
        let seconds = milliseconds / 1_000
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 60 * 2 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let s = seconds % 60
            return s == 0 ? "\(minutes)m" : "\(minutes)m\(s)s"
        }
        if minutes < 60 * 3 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 {
            let m = minutes % 60
            return m == 0 ? "\(hours)h" : "\(hours)h\(m)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let h = hours % 24
            return h == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(h)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let dy = (hours / 24) % 365
            return dy == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(dy)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// Orders by length.
    public static func < (a: SimDuration, b: SimDuration) -> Bool {
        a.milliseconds < b.milliseconds
    }
    /// The sum.
    public static func + (a: SimDuration, b: SimDuration) -> SimDuration {
        SimDuration(milliseconds: a.milliseconds + b.milliseconds)
    }
    /// The difference.
    public static func - (a: SimDuration, b: SimDuration) -> SimDuration {
        SimDuration(milliseconds: a.milliseconds - b.milliseconds)
    }
    /// `n` times the duration.
    public static func * (a: SimDuration, n: Int64) -> SimDuration {
        SimDuration(milliseconds: a.milliseconds * n)
    }
}

/// A malformed duration string, with Go's `time.ParseDuration` wording.
public struct DurationError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The string that failed to parse.
    public var input: String
    /// What is wrong, quoting the input.
    public var message: String
    /// The message.
    public var description: String { message }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
    fileprivate var digitValue: UInt64 { asciiValue.map { UInt64($0 &- 48) } ?? 0 }
}

/// An instant of simulated time: whole milliseconds since the simulation started. Nothing in the
/// engine reads the wall clock.
public struct SimTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since the start of the simulation.
    public var milliseconds: Int64

    /// The instant `milliseconds` after the start.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// The start of the simulation.
    public static let zero = SimTime(milliseconds: 0)

    /// The time elapsed since the start.
    public var sinceStart: SimDuration { SimDuration(milliseconds: milliseconds) }

    /// The elapsed time, as Go prints durations (`1h30m0s`).
    public var description: String { sinceStart.description }

    /// Orders by instant.
    public static func < (a: SimTime, b: SimTime) -> Bool { a.milliseconds < b.milliseconds }
    /// The instant `d` later.
    public static func + (t: SimTime, d: SimDuration) -> SimTime {
        SimTime(milliseconds: t.milliseconds + d.milliseconds)
    }
    /// The instant `d` earlier.
    public static func - (t: SimTime, d: SimDuration) -> SimTime {
        SimTime(milliseconds: t.milliseconds - d.milliseconds)
    }
    /// The time between two instants.
    public static func - (a: SimTime, b: SimTime) -> SimDuration {
        SimDuration(milliseconds: a.milliseconds - b.milliseconds)
    }
}
