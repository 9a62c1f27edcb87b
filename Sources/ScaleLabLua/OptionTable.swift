import LuaKit
import ScaleLab

/// A strict option table (`c:deploy{ name = "web", replicas = 3 }`): every key must be one the
/// function knows, else the error names the key and suggests the closest known one
/// (`unknown option 'replica' in cluster:deploy (did you mean 'replicas'?)`); a value of the
/// wrong type names the option (`bad option 'replicas' in cluster:deploy (number expected, got
/// string)`). These are programming errors, so they raise.
struct OptionTable {
    /// The table's fields by name.
    let fields: [String: LuaValue]
    /// The function (and nested path) for messages: `cluster:deploy`, `cluster:deploy requests`.
    let context: String

    /// Reads argument `index` of `call` as an option table with the keys `allowed`.
    /// An absent argument is an empty table unless `required`.
    init(_ call: LuaCall, _ index: Int, context: String, allowed: [String],
         required: Bool = true) throws {
        if call.isNil(index) && !required {
            self.init(fields: [:], context: context)
            return
        }
        guard case .table(let table) = call.value(index) else {
            throw LuaCallError.argument(
                index: index, message: "table expected, got \(call.typeName(index))")
        }
        try self.init(table, context: context, allowed: allowed)
    }

    /// Checks `table` against `allowed`.
    init(_ table: LuaTable, context: String, allowed: [String]) throws {
        var fields: [String: LuaValue] = [:]
        if let first = table.array.first {
            throw LuaCallError.message(
                "positional value \(OptionTable.show(first)) in \(context): options are named "
                    + "(\(allowed.prefix(3).map { "\($0) = ..." }.joined(separator: ", ")))")
        }
        for (key, value) in table.fields {
            guard case .string(let name) = key else {
                throw LuaCallError.message(
                    "option keys in \(context) must be strings, got \(key.typeName) "
                        + OptionTable.show(key))
            }
            guard allowed.contains(name) else {
                var message = "unknown option '\(name)' in \(context)"
                if let near = OptionTable.closest(name, in: allowed) {
                    message += " (did you mean '\(near)'?)"
                } else {
                    message += " (known: \(allowed.joined(separator: ", ")))"
                }
                throw LuaCallError.message(message)
            }
            fields[name] = value
        }
        self.init(fields: fields, context: context)
    }

    private init(fields: [String: LuaValue], context: String) {
        self.fields = fields
        self.context = context
    }

    /// Whether the option was given.
    func has(_ key: String) -> Bool { fields[key] != nil }

    /// An error about option `key`.
    func bad(_ key: String, _ message: String) -> LuaCallError {
        .message("bad option '\(key)' in \(context) (\(message))")
    }

    private func typeError(_ key: String, _ expected: String, _ value: LuaValue) -> LuaCallError {
        bad(key, "\(expected) expected, got \(InvalidUTF8.typeName(value))")
    }

    /// A string option (numbers are not converted: a name is text).
    func string(_ key: String) throws -> String? {
        guard let value = fields[key] else { return nil }
        guard case .string(let s) = value else { throw typeError(key, "string", value) }
        return s
    }

    /// A string option that must be present and non-empty.
    func requiredString(_ key: String) throws -> String {
        guard let s = try string(key) else { throw bad(key, "required") }
        if s.isEmpty { throw bad(key, "must not be empty") }
        return s
    }

    /// An integer option (a float with an integral value is accepted, as Lua does).
    func integer(_ key: String) throws -> Int? {
        guard let value = fields[key] else { return nil }
        switch value {
        case .integer(let i): return i
        case .number(let d):
            guard let i = Int(exactly: d) else { throw bad(key, "number has no integer representation") }
            return i
        default: throw typeError(key, "number", value)
        }
    }

    /// An integer option that must be ≥ `minimum`.
    func integer(_ key: String, atLeast minimum: Int) throws -> Int? {
        guard let i = try integer(key) else { return nil }
        if i < minimum { throw bad(key, "must be >= \(minimum), got \(i)") }
        return i
    }

    /// A number option.
    func number(_ key: String) throws -> Double? {
        guard let value = fields[key] else { return nil }
        switch value {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: throw typeError(key, "number", value)
        }
    }

    /// A boolean option.
    func boolean(_ key: String) throws -> Bool? {
        guard let value = fields[key] else { return nil }
        guard case .boolean(let b) = value else { throw typeError(key, "boolean", value) }
        return b
    }

    /// A quantity: a Kubernetes quantity string (`"250m"`, `"1.5Gi"`) or a number in base
    /// units (cores, bytes).
    func quantity(_ key: String) throws -> Quantity? {
        guard let value = fields[key] else { return nil }
        do {
            return try LuaUnits.quantity(value)
        } catch let error as LuaUnits.Failure {
            throw bad(key, error.message)
        }
    }

    /// A duration: a Go duration string (`"15s"`, `"1h30m"`) or a number of seconds.
    func duration(_ key: String) throws -> SimDuration? {
        guard let value = fields[key] else { return nil }
        do {
            return try LuaUnits.duration(value)
        } catch let error as LuaUnits.Failure {
            throw bad(key, error.message)
        }
    }

    /// A plain table option.
    func table(_ key: String) throws -> LuaTable? {
        guard let value = fields[key] else { return nil }
        guard case .table(let t) = value else { throw typeError(key, "table", value) }
        return t
    }

    /// A nested strict option table (`requests = { cpu = ..., memory = ... }`).
    func options(_ key: String, allowed: [String]) throws -> OptionTable? {
        guard let t = try table(key) else { return nil }
        return try OptionTable(t, context: "\(context) \(key)", allowed: allowed)
    }

    /// A map of strings to strings (labels, node selectors).
    func stringMap(_ key: String) throws -> [String: String] {
        guard let t = try table(key) else { return [:] }
        if !t.array.isEmpty { throw bad(key, "a table of key = \"value\" pairs expected") }
        var map: [String: String] = [:]
        for (k, v) in t.fields {
            guard case .string(let name) = k else {
                throw bad(key, "keys must be strings, got \(k.typeName)")
            }
            switch v {
            case .string(let s): map[name] = s
            case .integer(let i): map[name] = String(i)
            case .boolean(let b): map[name] = String(b)
            default: throw bad(key, "value of '\(name)' must be a string, got \(v.typeName)")
            }
        }
        return map
    }

    /// A list of strings; a single string is a list of one.
    func stringList(_ key: String) throws -> [String] {
        guard let value = fields[key] else { return [] }
        if case .string(let s) = value { return [s] }
        guard case .table(let t) = value, t.fields.isEmpty else {
            throw typeError(key, "list of strings", value)
        }
        return try t.array.map {
            guard case .string(let s) = $0 else {
                throw bad(key, "list of strings expected, got a \($0.typeName) in it")
            }
            return s
        }
    }

    /// A list option: a sequence, or a single item (a table with string keys) as a list of one.
    func list(_ key: String) throws -> [LuaValue] {
        guard let value = fields[key] else { return [] }
        if case .table(let t) = value {
            if t.fields.isEmpty { return t.array }
            if t.array.isEmpty { return [value] }
        }
        if case .string = value { return [value] }
        throw typeError(key, "list", value)
    }

    /// One of a fixed set of strings (enums are strings, as in LÖVE).
    func choice(_ key: String, _ choices: [String]) throws -> String? {
        guard let s = try string(key) else { return nil }
        if choices.contains(s) { return s }
        var message = "'\(s)' is not one of \(choices.joined(separator: ", "))"
        if let near = OptionTable.closest(s, in: choices) { message += " (did you mean '\(near)'?)" }
        throw bad(key, message)
    }

    /// A short Lua-like rendering of a value for messages.
    static func show(_ value: LuaValue) -> String {
        switch value {
        case .string(let s): return "'\(s)'"
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .boolean(let b): return String(b)
        default: return value.typeName
        }
    }

    /// The known name closest to `name` (case-insensitive edit distance at most a third of
    /// the name's length, and at least 2), like the catalog's near matches.
    static func closest(_ name: String, in known: [String]) -> String? {
        let query = Array(name.lowercased())
        let threshold = max(2, query.count / 3)
        var best: (distance: Int, name: String)?
        for candidate in known {
            let d = editDistance(query, Array(candidate.lowercased()))
            if d <= threshold && (best == nil || d < best?.distance ?? Int.max) {
                best = (d, candidate)
            }
        }
        return best?.name
    }
}
