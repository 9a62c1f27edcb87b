import Foundation
import Yams

// A YAML or JSON document as a plain tree that remembers where each value was written, so that
// decoding errors can say what and where. Multi-document YAML and `kind: List` are flattened
// into objects.

/// A manifest reading error: what went wrong and where (file:line:column and field path).
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The full message.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// One value of a YAML/JSON document.
public struct ManifestNode: Sendable {
    /// The node's shape.
    public enum Kind: Sendable, Equatable {
        /// A scalar (string, number, boolean) with its text.
        case scalar
        /// `null`, `~` or an empty value.
        case null
        /// A sequence.
        case sequence
        /// A mapping.
        case mapping
    }

    /// The shape.
    public var kind: Kind
    /// The scalar's text ("" for other kinds).
    public var text: String = ""
    /// Whether the scalar was a quoted string (YAML) or a JSON string.
    public var quoted = false
    /// The items of a sequence.
    public var items: [ManifestNode] = []
    /// The entries of a mapping, in order.
    public var entries: [(key: String, value: ManifestNode)] = []
    /// Where it was written, as "line:column" (nil for values not read from text).
    public var position: String?

    /// A node built in code (no position): manifests from Lua tables, or a tree to decode.
    public init(kind: Kind, text: String = "", quoted: Bool = false, items: [ManifestNode] = [],
                entries: [(key: String, value: ManifestNode)] = [], position: String? = nil) {
        self.kind = kind
        self.text = text
        self.quoted = quoted
        self.items = items
        self.entries = entries
        self.position = position
    }

    /// The value of `key` in a mapping.
    public subscript(key: String) -> ManifestNode? {
        entries.first { $0.key == key }?.value
    }

    /// Whether it is null or absent-like.
    public var isNull: Bool { kind == .null }
}

/// Splits YAML or JSON text into objects.
public enum ManifestDocuments {
    /// Every object of the text: each document, with `kind: List` / `*List` items expanded.
    /// `source` names the input in errors (a file name).
    public static func objects(yaml text: String, source: String) throws(ManifestError)
        -> [ManifestNode] {
        var result: [ManifestNode] = []
        do {
            // Not Yams.compose_all: its sequence drops a parse error (`try?` in
            // YamlSequence.next), so truncated YAML read as "no objects" or lost documents.
            // The basic resolver (no rules): the conversion below reads each scalar's text
            // and style, never its resolved tag, and the default resolver would compile seven
            // regular expressions on first use and match every plain scalar against them.
            let parser = try Yams.Parser(yaml: text, resolver: .basic)
            while let node = try parser.nextRoot() {
                let converted = try convert(node, source: source)
                if converted.isNull { continue }
                try expand(converted, source: source, into: &result)
            }
        } catch let error as ManifestError {
            throw error
        } catch {
            throw ManifestError("\(source): invalid YAML: \(error)")
        }
        return result
    }

    private static func expand(_ node: ManifestNode, source: String,
                               into result: inout [ManifestNode]) throws(ManifestError) {
        guard node.kind == .mapping else {
            throw ManifestError("\(source):\(node.position ?? "?"): a manifest document must be"
                + " a mapping (an object with apiVersion and kind)")
        }
        let kind = node["kind"]?.text ?? ""
        if kind == "List" || (kind.hasSuffix("List") && node["items"] != nil) {
            for item in node["items"]?.items ?? [] {
                try expand(item, source: source, into: &result)
            }
            return
        }
        result.append(node)
    }

    private static func convert(_ node: Yams.Node, source: String) throws(ManifestError)
        -> ManifestNode {
        let position = node.mark.map { "\($0.line):\($0.column)" }
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            if !quoted && ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return ManifestNode(kind: .null, position: position)
            }
            return ManifestNode(kind: .scalar, text: scalar.string, quoted: quoted,
                                position: position)
        case .sequence(let sequence):
            var items: [ManifestNode] = []
            for item in sequence { items.append(try convert(item, source: source)) }
            return ManifestNode(kind: .sequence, items: items, position: position)
        case .mapping(let mapping):
            var entries: [(key: String, value: ManifestNode)] = []
            for (key, value) in mapping {
                entries.append((key.string ?? "", try convert(value, source: source)))
            }
            return ManifestNode(kind: .mapping, entries: entries, position: position)
        case .alias:
            throw ManifestError("\(source):\(position ?? "?"): YAML aliases are not supported")
        }
    }

    /// A tree from a JSONSerialization value (strings are quoted scalars).
    public static func node(fromJSON value: Any) -> ManifestNode {
        switch value {
        case let string as String:
            return ManifestNode(kind: .scalar, text: string, quoted: true)
        case let dictionary as [String: Any]:
            let entries = dictionary.keys.sorted().map { key in
                (key: key, value: node(fromJSON: dictionary[key] ?? NSNull()))
            }
            return ManifestNode(kind: .mapping, entries: entries)
        case let array as [Any]:
            return ManifestNode(kind: .sequence, items: array.map { node(fromJSON: $0) })
        case is NSNull:
            return ManifestNode(kind: .null)
        case let number as NSNumber:
            return ManifestNode(kind: .scalar, text: number.stringValue)
        default:
            return ManifestNode(kind: .scalar, text: "\(value)")
        }
    }
}
