import ScaleLab

/// Parses the values of `--max-memory` and `--timeout` with the engine's own Kubernetes
/// `Quantity` and Go duration parsers (`Sources/ScaleLab/Units`), adding the range checks a
/// limit needs.
enum LimitParsing {
    /// A value that does not parse or is out of range.
    struct Failure: Error, CustomStringConvertible, Equatable {
        /// The message.
        var description: String
    }

    /// Bytes for a Kubernetes memory quantity: `64Mi`, `1.5Gi`, `500M`, `1e9`, `1048576`
    /// (rounded up to a whole byte, as `Quantity.Value()` does).
    static func memorySize(_ text: String) throws -> Int {
        let quantity: Quantity
        do {
            quantity = try Quantity(parsing: text)
        } catch let error as QuantityError {
            throw Failure(description: error.reason)
        }
        let bytes = quantity.value
        guard quantity.sign > 0, bytes >= 1 else {
            throw Failure(description: "must be at least 1 byte")
        }
        return Int(bytes)
    }

    /// Milliseconds for a Go duration: `30s`, `1m30s`, `500ms`, `1.5h`. Must be positive.
    static func timeoutMilliseconds(_ text: String) throws -> Int {
        let duration: SimDuration
        do {
            duration = try SimDuration(parsing: text)
        } catch let error as DurationError {
            throw Failure(description: error.message)
        }
        guard duration.milliseconds > 0 else { throw Failure(description: "must be positive") }
        return Int(duration.milliseconds)
    }
}
