import LuaKit

/// The one description table of the Lua API: `help()` and `types/scalelab.d.lua` are both
/// made from it (issue 7 item 5).
///
/// It is read from the bindings themselves, so it cannot drift from them: the module tree
/// (every function made with `runtime.function(signature, summary) { ... }`), the userdata
/// types registered in the runtime (every `.method(name, signature, summary)` and
/// `.property(name, type, summary, get:)`, and the type's `summary:`), and
/// ``moduleSummaries`` for the module tables. ``missing`` lists what has no description.
struct HelpCatalog {
    /// What an entry describes.
    enum Kind: String { case module, function, type, method, property }

    /// One described symbol.
    struct Entry {
        /// `cluster`, `cluster.new`, `Cluster`, `Cluster:add_pool`, `Cluster.name`.
        var name: String
        var kind: Kind
        var doc: LuaDoc
        /// The module (`cluster`) or type short name (`Cluster`) holding it; nil at the top.
        var parent: String?
        /// A property that can be assigned.
        var writable = false
        /// The function's identity (module functions), to find it from its value.
        var identity: ObjectIdentifier?
        /// The member name (`add_pool`, `new`).
        var member: String { String(name.split(whereSeparator: { $0 == "." || $0 == ":" })
            .last ?? Substring(name)) }
    }

    /// One line per module table of `scalelab` (the module's own description).
    static let moduleSummaries: [String: String] = [
        "cluster": "simulated Kubernetes clusters: cluster.new{...} and the cluster type",
        "catalog": "instance types of each provider: find, list, define",
        "units": "Kubernetes quantities and durations as Lua numbers (cores, bytes, seconds)",
        "hpa": "standalone HorizontalPodAutoscaler objects (hpa.new)",
        "sizing": "node-size analysis: few large vs many small nodes",
        "load": "traffic models: constant, step, ramp, spike, sine, diurnal, noise, traces",
        "metrics": "PromQL over recorded samples and the metrics API readers",
        "sim": "what-if runs: compare variants and sweep parameter grids",
    ]

    /// Functions written in Lua (LuaKit cannot carry their descriptions).
    static let luaFunctions: [String: LuaDoc] = [
        "scalelab.help": LuaDoc("(x?: any)", "describes x (a module, object, method, function "
            + "or name); help() lists everything"),
    ]

    /// All entries, in a stable order: modules and their functions, then types and members.
    private(set) var entries: [Entry] = []
    /// Names of symbols that have no description (the coverage test expects none).
    private(set) var missing: [String] = []

    /// Reads the catalog from the `scalelab` module value and the runtime's userdata types.
    init(module: LuaValue, runtime: LuaRuntime) {
        if case .table(let root) = module { walk(root, prefix: nil, runtime: runtime) }
        for type in runtime.typeDescriptions { add(type) }
    }

    private mutating func walk(_ table: LuaTable, prefix: String?, runtime: LuaRuntime) {
        let sorted = table.fields.compactMap { field -> (String, LuaValue)? in
            guard case .string(let key) = field.key else { return nil }
            return (key, field.value)
        }.sorted { $0.0 < $1.0 }
        for (key, value) in sorted {
            let name = prefix.map { "\($0).\(key)" } ?? key
            switch value {
            case .table(let sub) where prefix == nil:
                let summary = Self.moduleSummaries[key] ?? ""
                append(Entry(name: key, kind: .module, doc: LuaDoc("", summary), parent: nil))
                walk(sub, prefix: key, runtime: runtime)
            case .function:
                let info = runtime.functionInfo(of: value)
                let qualified = prefix == nil ? "scalelab.\(key)" : name
                append(Entry(name: qualified, kind: .function,
                             doc: info?.doc ?? Self.luaFunctions[qualified] ?? .none,
                             parent: prefix ?? "scalelab", identity: info?.identity))
            default:
                continue  // constants and nested data are described by their module
            }
        }
    }

    private mutating func add(_ type: LuaTypeDescription) {
        let short = type.shortName
        append(Entry(name: short, kind: .type, doc: LuaDoc("", type.summary), parent: nil))
        for m in type.members {
            switch m.kind {
            case .method:
                append(Entry(name: "\(short):\(m.name)", kind: .method, doc: m.doc, parent: short))
            case .property, .writableProperty:
                append(Entry(name: "\(short).\(m.name)", kind: .property, doc: m.doc,
                             parent: short, writable: m.kind == .writableProperty))
            }
        }
    }

    private mutating func append(_ entry: Entry) {
        entries.append(entry)
        if entry.doc.isEmpty { missing.append(entry.name) }
    }

    /// Signatures that do not parse, as messages (the coverage test expects none).
    var malformed: [String] {
        entries.compactMap { e in
            do {
                switch e.kind {
                case .function, .method: _ = try HelpSignature(parsing: e.doc.signature)
                case .property: try HelpSignature.checkType(e.doc.signature, in: e.name)
                case .module, .type: break
                }
                return nil
            } catch {
                return "\(e.name): \(error)"
            }
        }
    }

    /// The entry named `name`: `cluster.new`, `Cluster:add_pool` (or `Cluster.add_pool`),
    /// `Cluster`, `scalelab.Cluster`, `cluster`; type names ignore case.
    func entry(named name: String) -> Entry? {
        if let e = entries.first(where: { $0.name == name }) { return e }
        let dotted = name.replacingColons()
        if let e = entries.first(where: { $0.name.replacingColons() == dotted }) { return e }
        let short = name.hasPrefix("scalelab.") ? String(name.dropFirst(9)) : name
        return entries.first { $0.kind == .type && $0.name.lowercased() == short.lowercased() }
    }

    /// The members of a module or type, in order.
    func children(of parent: String) -> [Entry] { entries.filter { $0.parent == parent } }

    /// The closest entry name to a misspelt one (for "no help for 'x'").
    func suggestion(for name: String) -> String? {
        OptionTable.closest(name, in: entries.map(\.name))
    }
}

extension String {
    fileprivate func replacingColons() -> String {
        String(map { $0 == ":" ? "." : $0 })
    }
}
