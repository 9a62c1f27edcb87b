import Foundation
import LuaKit

/// Encodes a Lua table snapshot as JSON text, so a Lua table mirroring a YAML file (YAML is a
/// superset of JSON) goes through the same strict loader as the file.
enum LuaJSON {
    /// A value that has no JSON form.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The JSON text of `value`: a sequence is an array, a table with string keys an object,
    /// an empty table `null` (an absent section); mixed tables and functions are refused.
    static func encode(_ value: LuaValue, path: String = "") throws -> String {
        switch value {
        case .nil: return "null"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d):
            guard d.isFinite else {
                throw Failure(description: "\(where_(path))\(d) is not finite")
            }
            return String(d)
        case .string(let s): return quote(s)
        case .table(let t):
            if t.array.isEmpty && t.fields.isEmpty { return "null" }
            if t.fields.isEmpty {
                return "[" + (try t.array.enumerated().map {
                    try encode($0.element, path: "\(path)[\($0.offset)]")
                }).joined(separator: ",") + "]"
            }
            guard t.array.isEmpty else {
                throw Failure(description: "\(where_(path))a table mixes a list and named fields")
            }
            var parts: [String] = []
            for (key, v) in t.fields {
                guard case .string(let k) = key else {
                    throw Failure(description: "\(where_(path))keys must be strings, got "
                        + key.typeName)
                }
                parts.append(quote(k) + ":" + (try encode(v, path: path.isEmpty ? k
                                                            : "\(path).\(k)")))
            }
            return "{" + parts.joined(separator: ",") + "}"
        default:
            throw Failure(description: "\(where_(path))a \(value.typeName) has no YAML form")
        }
    }

    private static func where_(_ path: String) -> String { path.isEmpty ? "" : "\(path): " }

    /// A JSON string literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
