/// A Lua value converted to Swift.
///
/// Scalars and strings are copied. Tables are converted to a snapshot
/// (``LuaTable``); functions, userdata and other objects are held as
/// ``LuaReference``s into the registry, released when the last Swift copy
/// goes away. A Lua string that is valid UTF-8 (embedded zeros included)
/// becomes `.string`, any other byte string `.bytes`.
public enum LuaValue: Equatable, CustomStringConvertible {
    /// `nil` (also an absent value).
    case `nil`
    /// `true` / `false`.
    case boolean(Bool)
    /// A number with an integer subtype (`math.type(v) == "integer"`).
    case integer(Int)
    /// A number with a float subtype.
    case number(Double)
    /// A string that is valid UTF-8 (embedded zeros kept).
    case string(String)
    /// A Lua string that is not valid UTF-8.
    case bytes([UInt8])
    /// A snapshot of a table (keys and values converted recursively).
    case table(LuaTable)
    case function(LuaReference)
    case userdata(LuaReference)
    /// A thread, light userdata, or a table not snapshotted (a cycle, or
    /// nesting deeper than ``LuaTable/maxDepth``).
    case reference(LuaReference)
    /// A Swift object of a registered userdata type (for pushing to Lua;
    /// values read back from Lua are `.userdata`).
    case object(AnyObject)

    /// The Lua type name (`type(v)` in Lua).
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string, .bytes: return "string"
        case .table: return "table"
        case .function: return "function"
        case .userdata, .object: return "userdata"
        case .reference(let ref): return ref.typeName
        }
    }

    /// The bytes of a string value.
    public var stringBytes: [UInt8]? {
        switch self {
        case .string(let s): return Array(s.utf8)
        case .bytes(let b): return b
        default: return nil
        }
    }

    /// A short text for debugging (not Lua's `tostring`).
    public var description: String {
        switch self {
        case .nil: return "nil"
        case .boolean(let b): return String(b)
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .string(let s): return "\"\(s)\""
        case .bytes(let b): return "<\(b.count) bytes>"
        case .table(let t): return t.description
        case .function(let r), .userdata(let r), .reference(let r): return r.description
        case .object(let o): return "object \(type(of: o))"
        }
    }

    public static func == (a: LuaValue, b: LuaValue) -> Bool {
        switch (a, b) {
        case (.nil, .nil): return true
        case (.boolean(let x), .boolean(let y)): return x == y
        case (.integer(let x), .integer(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.integer(let x), .number(let y)), (.number(let y), .integer(let x)):
            return Double(x) == y
        case (.table(let x), .table(let y)): return x == y
        case (.function(let x), .function(let y)), (.userdata(let x), .userdata(let y)),
            (.reference(let x), .reference(let y)):
            return x.pointer == y.pointer
        case (.object(let x), .object(let y)): return x === y
        default:
            if let x = a.stringBytes, let y = b.stringBytes { return x == y }
            return false
        }
    }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    /// `nil`, `true`, `3`, `2.5` and `"x"` literals are Lua values.
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}

/// A snapshot of a Lua table: its sequence `1...n` and its other fields.
public struct LuaTable: Equatable, CustomStringConvertible {
    /// Nesting beyond this depth is kept as a `.reference`.
    public static let maxDepth = 32

    /// Values at keys `1...array.count` (the border found in `next` order).
    public var array: [LuaValue]
    /// All other fields, in Lua's `next` order.
    public var fields: [(key: LuaValue, value: LuaValue)]

    /// A snapshot to push as a new table.
    public init(array: [LuaValue] = [], fields: [(key: LuaValue, value: LuaValue)] = []) {
        self.array = array
        self.fields = fields
    }

    /// The value of a string key (`t.name`), or nil when absent.
    public subscript(key: String) -> LuaValue? {
        fields.first { $0.key == .string(key) }?.value
    }

    /// The value at a positive integer key (1-based), `.nil` when absent.
    public subscript(index: Int) -> LuaValue {
        if index >= 1 && index <= array.count { return array[index - 1] }
        return fields.first { $0.key == .integer(index) }?.value ?? .nil
    }

    /// Number of keys.
    public var count: Int { array.count + fields.count }

    public var description: String {
        let items = array.map(\.description)
            + fields.map { "[\($0.key.description)]=\($0.value.description)" }
        return "{" + items.joined(separator: ", ") + "}"
    }

    public static func == (a: LuaTable, b: LuaTable) -> Bool {
        guard a.array == b.array, a.fields.count == b.fields.count else { return false }
        return a.fields.allSatisfy { field in
            b.fields.contains { $0.key == field.key && $0.value == field.value }
        }
    }
}
