import Yams

/// The fields of one YAML mapping, checked strictly: an unknown or repeated key is an error
/// that names the field path and line, like yaml.v2's UnmarshalStrict ("field x not found in
/// type config.DiscoveryRule").
struct YAMLFields {
    let base: String
    private let values: [String: Yams.Node]

    init(_ node: Yams.Node, path: String, type: String, known: Set<String>) throws(AdapterConfigError) {
        base = path
        if node.isNull {
            values = [:]
            return
        }
        let entries = try YAMLFields.entries(node, path: path)
        var values: [String: Yams.Node] = [:]
        for (key, value, _) in entries {
            guard known.contains(key) else {
                throw AdapterConfigError(
                    "\(YAMLFields.where(node: value, path: YAMLFields.join(path, key))): field "
                        + "\(key) not found in type \(type) (known fields: "
                        + "\(known.sorted().joined(separator: ", ")))")
            }
            values[key] = value
        }
        self.values = values
    }

    /// The key/value pairs of a mapping with their paths; duplicate keys are errors.
    static func entries(_ node: Yams.Node, path: String) throws(AdapterConfigError)
        -> [(String, Yams.Node, String)]
    {
        guard let mapping = node.mapping else {
            throw AdapterConfigError(
                "\(self.where(node: node, path: path)): expected a mapping, got "
                    + (node.scalar.map { goQuote($0.string) } ?? "a list"))
        }
        var seen = Set<String>()
        var out: [(String, Yams.Node, String)] = []
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard seen.insert(name).inserted else {
                throw AdapterConfigError(
                    "\(self.where(node: key, path: path)): key \(goQuote(name)) already set in map")
            }
            out.append((name, value, join(path, name)))
        }
        return out
    }

    subscript(key: String) -> Yams.Node? { values[key] }

    func path(_ key: String) -> String { YAMLFields.join(base, key) }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    static func `where`(node: Yams.Node, path: String) -> String {
        let at = node.mark.map { "line \($0.line): " } ?? ""
        return "\(at)\(path.isEmpty ? "<root>" : path)"
    }

    /// A string field; absent or null is "". Numbers and booleans are taken as written.
    func string(_ key: String) throws(AdapterConfigError) -> String {
        guard let node = values[key], !node.isNull else { return "" }
        guard let scalar = node.scalar else {
            throw AdapterConfigError(
                "\(YAMLFields.where(node: node, path: path(key))): expected a string")
        }
        return scalar.string
    }

    /// A list field, each element converted by `make` with its path (`rules[0]`).
    func list<T>(
        _ key: String, _ make: (Yams.Node, String) throws(AdapterConfigError) -> T
    ) throws(AdapterConfigError) -> [T] {
        guard let node = values[key], !node.isNull else { return [] }
        guard let sequence = node.sequence else {
            throw AdapterConfigError(
                "\(YAMLFields.where(node: node, path: path(key))): expected a list")
        }
        var out: [T] = []
        for (i, item) in sequence.enumerated() {
            out.append(try make(item, "\(path(key))[\(i)]"))
        }
        return out
    }
}

extension Yams.Node {
    /// Whether the node is YAML null (`~`, `null` or empty).
    var isNull: Bool {
        if let scalar = scalar {
            // An explicit `!!null`; Tag(.null)'s default resolver argument would compile the
            // default resolver's regular expressions.
            return scalar.tag == Tag(.null, .basic) || (scalar.style == .plain
                && ["", "~", "null", "Null", "NULL"].contains(scalar.string))
        }
        return false
    }
}
