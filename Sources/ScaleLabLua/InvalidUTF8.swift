import LuaKit
import ScaleLab

/// Lua strings are bytes; LuaKit hands one that is not UTF-8 over as `.bytes`. Where a binding
/// wants text, the error says so and where, instead of "string expected, got string".
enum InvalidUTF8 {
    /// `not valid UTF-8 (byte 0xFF at line 4, column 9)`.
    static func describe(_ bytes: [UInt8]) -> String { UTF8Validation.describe(bytes) }

    /// The type of `value` as an error names it: `string not valid UTF-8 (byte 0xFF ...)` for
    /// bytes, else Lua's type name.
    static func typeName(_ value: LuaValue) -> String {
        if case .bytes(let b) = value { return "string \(describe(b))" }
        return value.typeName
    }
}
