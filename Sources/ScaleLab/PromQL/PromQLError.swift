/// An error parsing or evaluating a PromQL query, worded like Prometheus'.
public enum PromQLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A syntax or type error at a byte position: prints as `1:14: parse error: ...`
    /// (promql/parser/parse.go ParseErr.Error, posrange.StartPosInput: line:column, 1-based).
    case parse(query: String, position: Int, message: String)
    /// An evaluation error, such as `vector cannot contain metrics with the same labelset`.
    case execution(String)

    /// The message as Prometheus prints it.
    public var description: String {
        switch self {
        case .parse(let query, let position, let message):
            return "\(Self.lineColumn(query, position)): parse error: \(message)"
        case .execution(let message): return message
        }
    }

    static func lineColumn(_ query: String, _ position: Int) -> String {
        if query.isEmpty { return "unknown position" }
        let bytes = Array(query.utf8)
        guard position >= 0, position <= bytes.count else { return "invalid position" }
        var line = 1
        var lastBreak = -1
        for (i, b) in bytes[0..<position].enumerated() where b == UInt8(ascii: "\n") {
            line += 1
            lastBreak = i
        }
        return "\(line):\(position - lastBreak)"
    }
}

/// Parses a Prometheus duration such as `5m`, `1h30m` or `1500ms` into milliseconds
/// (prometheus/common model.ParseDuration: units y w d h m s ms, largest first, each once).
public func parsePrometheusDuration(_ text: String) -> Int64? {
    let units: [(String, Int64)] = [
        ("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000), ("h", 3_600_000),
        ("m", 60_000), ("s", 1000), ("ms", 1),
    ]
    if text == "0" { return 0 }
    var rest = Substring(text)
    var total: Int64 = 0
    var nextUnit = 0
    var any = false
    while !rest.isEmpty {
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let n = Int64(digits) else { return nil }
        rest = rest.dropFirst(digits.count)
        let unitText = rest.prefix { $0.isASCII && $0.isLetter }
        guard let found = units[nextUnit...].firstIndex(where: { $0.0 == unitText }) else {
            return nil
        }
        let (product, overflow) = n.multipliedReportingOverflow(by: units[found].1)
        guard !overflow else { return nil }
        total += product
        rest = rest.dropFirst(unitText.count)
        nextUnit = found + 1
        any = true
    }
    return any ? total : nil
}
