// Typed, path-aware reading of manifest fields: every error names the input, the position and
// the field path, and quotes the offending value.

/// Reads typed fields out of a `ManifestNode`, reporting errors with source, position and path.
public struct ManifestFieldReader: Sendable {
    /// The input's name (file name).
    public var source: String

    /// Creates a reader for `source`.
    public init(source: String) { self.source = source }

    /// An error at `node` for the field `path`.
    public func error(_ node: ManifestNode?, _ path: String, _ message: String) -> ManifestError {
        let position = node?.position.map { ":\($0)" } ?? ""
        return ManifestError("\(source)\(position): \(path): \(message)")
    }

    /// Requires a mapping.
    public func mapping(_ node: ManifestNode, _ path: String) throws(ManifestError)
        -> ManifestNode {
        guard node.kind == .mapping else {
            throw error(node, path, "expected an object, got \(describe(node))")
        }
        return node
    }

    /// Requires a sequence (null reads as empty, and so does an empty mapping built in code:
    /// a Lua `{}` is both an empty list and an empty object; YAML's `{}` has a position).
    public func sequence(_ node: ManifestNode, _ path: String) throws(ManifestError)
        -> [ManifestNode] {
        if node.isNull { return [] }
        if node.kind == .mapping && node.entries.isEmpty && node.position == nil { return [] }
        guard node.kind == .sequence else {
            throw error(node, path, "expected a list, got \(describe(node))")
        }
        return node.items
    }

    /// Requires a scalar and returns its text.
    public func string(_ node: ManifestNode, _ path: String) throws(ManifestError) -> String {
        guard node.kind == .scalar else {
            throw error(node, path, "expected a string, got \(describe(node))")
        }
        return node.text
    }

    /// Requires an integer within int32.
    public func int32(_ node: ManifestNode, _ path: String) throws(ManifestError) -> Int32 {
        guard node.kind == .scalar, !node.quoted, let value = Int32(node.text) else {
            throw error(node, path, "expected an integer (int32), got \(describe(node))")
        }
        return value
    }

    /// Requires a Kubernetes quantity: a string ("500m") or a bare number (2, 0.5).
    public func quantity(_ node: ManifestNode, _ path: String) throws(ManifestError)
        -> Quantity {
        guard node.kind == .scalar else {
            throw error(node, path, "expected a quantity, got \(describe(node))")
        }
        do {
            return try Quantity(decoding: node.text)
        } catch {
            throw self.error(node, path, "invalid quantity \"\(node.text)\": \(error)")
        }
    }

    /// Rejects keys outside `allowed` (kubectl's strict field validation).
    public func checkKeys(_ node: ManifestNode, allowed: Set<String>, _ path: String)
        throws(ManifestError) {
        for (key, value) in node.entries where !allowed.contains(key) {
            let field = path.isEmpty ? key : "\(path).\(key)"
            let known = allowed.sorted().joined(separator: ", ")
            throw error(value, field, "unknown field \"\(key)\" (known fields: \(known))")
        }
    }

    private func describe(_ node: ManifestNode) -> String {
        switch node.kind {
        case .null: return "null"
        case .scalar: return "\"\(node.text)\""
        case .sequence: return "a list"
        case .mapping: return "an object"
        }
    }
}
