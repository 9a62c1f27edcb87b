/// Parses the values of `--max-memory` and `--timeout`.
///
/// Interim, deliberately small: the engine's Units area (`Sources/ScaleLab/Units`) is getting
/// the full Kubernetes `Quantity` and duration parsers; once they land these two functions
/// should call them and this file should shrink to the range checks.
enum LimitParsing {
    /// A value that does not parse, worded like the Kubernetes / Go originals.
    struct Failure: Error, CustomStringConvertible, Equatable {
        /// The message.
        var description: String
    }

    /// The Kubernetes quantity grammar (apimachinery `resource.ParseQuantity`, `ErrFormatWrong`).
    static let quantityFormat = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"

    /// Bytes for a Kubernetes memory quantity: `64Mi`, `1.5Gi`, `500M`, `1e9`, `1048576`.
    ///
    /// Binary suffixes Ki…Ei are powers of 1024, decimal k…E powers of 1000, `eN`/`EN` a
    /// decimal exponent. A fraction of a byte rounds up, as `Quantity.Value()` does.
    static func memorySize(_ text: String) throws -> Int {
        let bytes = Array(text.utf8)
        var end = 0
        while end < bytes.count, bytes[end] == UInt8(ascii: ".")
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end])
        {
            end += 1
        }
        let number = String(decoding: bytes[..<end], as: UTF8.self)
        let suffix = String(decoding: bytes[end...], as: UTF8.self)
        guard !number.isEmpty, number.filter({ $0 == "." }).count <= 1, number != ".",
            let mantissa = Double(number)
        else {
            throw Failure(description: "quantities must match the regular expression '\(quantityFormat)'")
        }
        let multiplier: Double
        switch suffix {
        case "": multiplier = 1
        case "Ki": multiplier = 0x1p10
        case "Mi": multiplier = 0x1p20
        case "Gi": multiplier = 0x1p30
        case "Ti": multiplier = 0x1p40
        case "Pi": multiplier = 0x1p50
        case "Ei": multiplier = 0x1p60
        case "k": multiplier = 1e3
        case "M": multiplier = 1e6
        case "G": multiplier = 1e9
        case "T": multiplier = 1e12
        case "P": multiplier = 1e15
        case "E": multiplier = 1e18
        default:
            guard let exponent = decimalExponent(suffix) else {
                throw Failure(description: "unable to parse quantity's suffix")
            }
            multiplier = exponent
        }
        let value = (mantissa * multiplier).rounded(.up)
        guard value >= 1 else { throw Failure(description: "must be at least 1 byte") }
        guard value < 0x1p62 else { throw Failure(description: "too large") }
        return Int(value)
    }

    /// `e6` / `E-3` → 10^N, else nil.
    private static func decimalExponent(_ suffix: String) -> Double? {
        guard let first = suffix.first, first == "e" || first == "E",
            let exponent = Int(suffix.dropFirst()), (-18...18).contains(exponent)
        else { return nil }
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    /// Milliseconds for a Go duration: `30s`, `1m30s`, `500ms`, `1.5h` (Go `time.ParseDuration`:
    /// a sequence of decimal numbers, each with a unit among ns, us, µs, ms, s, m, h).
    /// Sub-millisecond remainders round up; the result must be positive.
    static func timeoutMilliseconds(_ text: String) throws -> Int {
        let quoted = "\"\(text)\""
        var nanoseconds = 0.0
        var rest = Substring(text)
        guard !rest.isEmpty else { throw Failure(description: "time: invalid duration \(quoted)") }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else {
                throw Failure(description: "time: invalid duration \(quoted)")
            }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard !unit.isEmpty else {
                throw Failure(description: "time: missing unit in duration \(quoted)")
            }
            rest = rest.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default:
                throw Failure(description: "time: unknown unit \"\(unit)\" in duration \(quoted)")
            }
            nanoseconds += value * scale
        }
        let milliseconds = (nanoseconds / 1e6).rounded(.up)
        guard milliseconds >= 1 else { throw Failure(description: "must be positive") }
        guard milliseconds < 0x1p53 else { throw Failure(description: "too large") }
        return Int(milliseconds)
    }
}
