import LuaKit
import ScaleLab

/// Quantities and durations between Lua and the engine, and the `units` module.
///
/// Lua sees base units as plain numbers (reference/lua-embedding.md §6.1): CPU in cores,
/// memory in bytes, durations in seconds. Inputs may be Kubernetes strings (`"250m"`,
/// `"1.5Gi"`, `"1h30m"`) or such numbers.
enum LuaUnits {
    /// A conversion failure (the caller words it as an argument or option error).
    struct Failure: Error {
        var message: String
    }

    /// A quantity from a string (`resource.ParseQuantity`) or a number in base units.
    static func quantity(_ value: LuaValue) throws -> Quantity {
        switch value {
        case .string(let s):
            do { return try Quantity(parsing: s) } catch {
                throw Failure(message: String(describing: error))
            }
        case .integer(let i):
            return Quantity(Int64(i))
        case .number(let d):
            guard d.isFinite else { throw Failure(message: "quantity must be finite, got \(d)") }
            if let i = Int64(exactly: d) { return Quantity(i) }
            // Exact to the milli-unit Kubernetes keeps for fractional cores; finer parts round
            // up as ParseQuantity rounds them.
            let text = String(d)
            do { return try Quantity(parsing: text) } catch {
                throw Failure(message: "cannot use \(text) as a quantity: \(error)")
            }
        default:
            throw Failure(message: "quantity (string or number) expected, got "
                + InvalidUTF8.typeName(value))
        }
    }

    /// A duration from a Go duration string or a number of seconds (whole milliseconds).
    static func duration(_ value: LuaValue) throws -> SimDuration {
        switch value {
        case .string(let s):
            do { return try SimDuration(parsing: s) } catch {
                throw Failure(message: String(describing: error))
            }
        case .integer(let i):
            let (ms, overflow) = Int64(i).multipliedReportingOverflow(by: 1_000)
            if overflow { throw Failure(message: "duration of \(i) seconds is too long") }
            return SimDuration(milliseconds: ms)
        case .number(let d):
            let ms = (d * 1_000).rounded()
            guard ms.isFinite, let whole = Int64(exactly: ms) else {
                throw Failure(message: "duration must be a finite number of seconds, got \(d)")
            }
            return SimDuration(milliseconds: whole)
        default:
            throw Failure(message: "duration (string or seconds) expected, got "
                + InvalidUTF8.typeName(value))
        }
    }

    /// Seconds as a Lua number: an integer when whole (`90`), else a float (`1.5`).
    static func seconds(_ d: SimDuration) -> LuaValue {
        d.milliseconds % 1_000 == 0 ? .integer(Int(d.milliseconds / 1_000))
            : .number(Double(d.milliseconds) / 1_000)
    }

    /// Millicores as cores (`250` → `0.25`, `2000` → `2`).
    static func cores(_ milli: Int64) -> LuaValue {
        milli % 1_000 == 0 ? .integer(Int(milli / 1_000)) : .number(Double(milli) / 1_000)
    }

    /// Reads argument `i` of `call` as a quantity, as an argument error.
    static func quantityArgument(_ call: LuaCall, _ i: Int) throws -> Quantity {
        do { return try quantity(call.value(i)) } catch let f as Failure {
            throw LuaCallError.argument(index: i, message: f.message)
        }
    }

    /// Reads argument `i` of `call` as a duration, as an argument error.
    static func durationArgument(_ call: LuaCall, _ i: Int) throws -> SimDuration {
        do { return try duration(call.value(i)) } catch let f as Failure {
            throw LuaCallError.argument(index: i, message: f.message)
        }
    }

    /// The `units` module:
    /// - `units.quantity(q)` → the value in base units (integer when whole, `"1.5Gi"` →
    ///   1610612736, `"250m"` → 0.25);
    /// - `units.cpu(q)` → cores (`"250m"` → 0.25), `units.millicores(q)` → integer millicores
    ///   rounded up as `MilliValue()`;
    /// - `units.memory(q)` → bytes rounded up as `Value()`;
    /// - `units.duration(d)` → seconds (`"1h30m"` → 5400, `"500ms"` → 0.5);
    /// - `units.format_cpu(cores)` (`"250m"`), `units.format_memory(bytes)` (`"1Gi"`),
    ///   `units.format_duration(seconds)` (`"1h30m0s"`): canonical strings.
    static func module(_ runtime: LuaRuntime) -> LuaValue {
        func fn(_ signature: String, _ summary: String, _ body: @escaping (LuaCall) throws -> Int32)
            -> LuaValue { runtime.function(signature, summary, body) }
        let fields: [(String, LuaValue)] = [
            ("quantity", fn("(q: string|number): number",
                "a quantity in base units (\"1.5Gi\" → 1610612736)") { call in
                let q = try quantityArgument(call, 1)
                if q.milliValue % 1_000 == 0 { return call.push(Int(q.value)) }  // Value() exact
                return call.push(q.approximateDouble)
            }),
            ("cpu", fn("(q: string|number): number",
                "cores (\"250m\" → 0.25)") { call in
                call.push(cores(try quantityArgument(call, 1).milliValue))
            }),
            ("millicores", fn("(q: string|number): integer",
                "millicores, rounded up") { call in
                call.push(Int(try quantityArgument(call, 1).milliValue))
            }),
            ("memory", fn("(q: string|number): integer",
                "bytes, rounded up") { call in
                call.push(Int(try quantityArgument(call, 1).value))
            }),
            ("duration", fn("(d: string|number): number",
                "seconds (\"1h30m\" → 5400)") { call in
                call.push(seconds(try durationArgument(call, 1)))
            }),
            ("format_cpu", fn("(cores: number): string",
                "canonical CPU (0.25 → \"250m\")") { call in
                call.push(Quantity(milli: try quantityArgument(call, 1).milliValue).description)
            }),
            ("format_memory", fn("(bytes: number): string",
                "canonical memory (\"1Gi\")") { call in
                call.push(Quantity(bytes: try quantityArgument(call, 1).value).description)
            }),
            ("format_duration", fn("(seconds: number): string",
                "Go duration (\"1h30m0s\")") { call in
                call.push(try durationArgument(call, 1).description)
            }),
        ]
        return .table(LuaTable(fields: fields.map { (key: .string($0.0), value: $0.1) }))
    }
}
