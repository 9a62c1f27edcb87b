/// One value of a sweep parameter, as the script wrote it.
public enum SweepValue: Sendable, Hashable, CustomStringConvertible, Codable {
    case string(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)

    /// The value as a table shows it.
    public var description: String {
        switch self {
        case .string(let s): s
        case .integer(let n): String(n)
        case .number(let d): ReportNumber.text(d)
        case .boolean(let b): b ? "true" : "false"
        }
    }

    /// Decodes a JSON string, number or boolean (integers stay integers).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .boolean(b) }
        else if let n = try? c.decode(Int.self) { self = .integer(n) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else { self = .string(try c.decode(String.self)) }
    }

    /// Encodes as a JSON string, number or boolean.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .integer(let n): try c.encode(n)
        case .number(let d): try c.encode(d)
        case .boolean(let b): try c.encode(b)
        }
    }
}

/// The cartesian grid of a sweep: parameter names in a fixed order (sorted by name: a Lua
/// table has no order) and each one's values in the order given. Point `i` is `i` written in
/// mixed radix, the last parameter varying fastest, so a grid of a million points is never
/// materialised.
public struct SweepGrid: Sendable, Equatable, Codable {
    /// The parameter names.
    public var keys: [String]
    /// Each parameter's values.
    public var values: [[SweepValue]]

    /// A grid; parameters are sorted by name. An empty value list or a grid of more than
    /// 2⁴⁰ points is an error.
    public init(_ parameters: [(String, [SweepValue])]) throws {
        let sorted = parameters.sorted { $0.0 < $1.0 }
        keys = sorted.map(\.0)
        values = sorted.map(\.1)
        guard !keys.isEmpty else { throw ReportError("sweep: the grid has no parameters") }
        var product = 1
        for (key, list) in sorted {
            guard !list.isEmpty else {
                throw ReportError("sweep: grid parameter \"\(key)\" has no values")
            }
            let (p, overflow) = product.multipliedReportingOverflow(by: list.count)
            guard !overflow, p <= 1 << 40 else {
                throw ReportError("sweep: the grid has more than 2^40 points")
            }
            product = p
        }
    }

    /// The number of points.
    public var count: Int { values.reduce(1) { $0 * $1.count } }

    /// The values of point `index` (one per key).
    public func point(_ index: Int) -> [SweepValue] {
        var rest = index
        var out = [SweepValue](repeating: .integer(0), count: keys.count)
        for k in keys.indices.reversed() {
            out[k] = values[k][rest % values[k].count]
            rest /= values[k].count
        }
        return out
    }

    /// `window=30s scrape=15s`.
    public func label(_ index: Int) -> String {
        zip(keys, point(index)).map { "\($0)=\($1)" }.joined(separator: " ")
    }
}

/// A slice of a sweep for one process: shard `index` of `count` (1-based, `--shard 2/4`)
/// takes the points whose index modulo `count` is `index − 1` (round robin, so the shards get
/// a similar mix of cheap and costly points).
public struct SweepShard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based shard number.
    public var index: Int
    /// Number of shards.
    public var count: Int

    /// `K/N` with 1 ≤ K ≤ N.
    public init(_ text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1,
              k >= 1, k <= n
        else {
            throw ReportError("invalid shard \"\(text)\": expected K/N with 1 <= K <= N "
                + "(e.g. 1/4)")
        }
        index = k
        count = n
    }

    /// Whether point `i` belongs to this shard.
    public func contains(_ i: Int) -> Bool { i % count == index - 1 }

    /// The first point of this shard at or after `i`.
    public func first(atOrAfter i: Int) -> Int {
        let r = i % count
        let want = index - 1
        return r <= want ? i - r + want : i - r + count + want
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }
}
