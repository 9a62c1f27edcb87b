import LuaKit

/// `help()`, `help(cluster)`, `help(c)`, `help(c.add_pool)`, `help("cluster.new")`: the
/// ``HelpCatalog`` as text for a person — a one-line summary per entry, grouped, with
/// signatures. Something unknown says so (and suggests the closest name).
enum LuaHelp {
    /// The `help` function of the `scalelab` module (also the global `help`): it prints. The
    /// catalog is read from the live `scalelab` table at each call, so it never holds stale
    /// values (nor a reference that would keep the state's objects alive).
    static func function(_ runtime: LuaRuntime) throws -> LuaValue {
        let describe = runtime.function { call in
            guard let runtime = call.runtime else { return 0 }
            let catalog = HelpCatalog(module: call.value(1), runtime: runtime)
            let text = try call.integer(2) == 0 ? overview(catalog)
                : text(for: call.value(3), call, catalog)
            try runtime.call(global: "print", [.string(text)])
            return 0
        }
        // Module tables are identified in Lua (a Swift snapshot of a table has no identity).
        let wrap = try runtime.load(
            """
            local describe = ...
            return function(...)
              local root = rawget(_G, "scalelab")
              if type(root) ~= "table" and package and package.loaded then
                root = package.loaded.scalelab
              end
              if type(root) ~= "table" then root = {} end
              local n, x = select("#", ...), ...
              if type(x) == "function" and rawequal(x, rawget(root, "help")) then
                return describe(root, 1, "scalelab.help")
              end
              if type(x) == "table" then
                if rawequal(x, root) then return describe(root, 0) end
                for k, v in pairs(root) do
                  if rawequal(v, x) then return describe(root, 1, k) end
                end
              end
              return describe(root, n, x)
            end
            """, name: "=(help)")
        return try runtime.call(wrap, [describe]).first ?? .nil
    }

    /// The catalog of the live `scalelab` table of `runtime` (the global, else
    /// `package.loaded.scalelab`).
    static func catalog(_ runtime: LuaRuntime) throws -> HelpCatalog {
        var root = try runtime.global("scalelab")
        if case .table = root {} else {
            root = try runtime.run("return package.loaded.scalelab").first ?? .nil
        }
        return HelpCatalog(module: root, runtime: runtime)
    }

    /// The text for `help(value)` (`call` answers the runtime questions).
    static func text(for value: LuaValue, _ call: LuaCall, _ catalog: HelpCatalog) -> String {
        switch value {
        case .nil:
            return overview(catalog)
        case .string(let name):
            if name == "scalelab" { return overview(catalog) }
            guard let entry = catalog.entry(named: name) else {
                let near = catalog.suggestion(for: name).map { " (did you mean '\($0)'?)" } ?? ""
                return "help: no help for '\(name)'\(near); help() lists everything"
            }
            return describe(entry, catalog)
        case .userdata:
            if let type = call.runtime?.typeName(of: value),
                let entry = catalog.entry(named: type)
            {
                return describe(entry, catalog)
            }
        case .function:
            if let info = call.runtime?.functionInfo(of: value) {
                if let owner = info.owner, let name = info.name,
                    let type = catalog.entry(named: owner),
                    let entry = catalog.entry(named: "\(type.name):\(name)")
                {
                    return describe(entry, catalog)
                }
                // A module's own entry before a `scalelab.` alias of it.
                let same = catalog.entries.filter { $0.identity == info.identity }
                if let entry = same.first(where: { $0.parent != "scalelab" }) ?? same.first {
                    return describe(entry, catalog)
                }
            }
        default:
            break
        }
        return "help: no help for a \(value.typeName) value; help() lists everything"
    }

    /// `help()`: what there is, grouped.
    static func overview(_ catalog: HelpCatalog) -> String {
        var lines = [
            "scalelab \(ScaleLabLua.version): Kubernetes scaling simulation driven from Lua.",
            "help(x) describes x: a module (help(cluster)), an object (help(c)), a method or",
            "function (help(c.add_pool), help(cluster.new)) or a name (help \"Cluster:add_pool\").",
        ]
        let groups: [(String, HelpCatalog.Kind)] = [("Modules", .module), ("Types", .type)]
        for (title, kind) in groups {
            lines += ["", title]
            lines += catalog.entries.filter { $0.kind == kind }.map {
                line($0.name, $0.doc.summary)
            }
        }
        lines += ["", "Functions"]
        lines += catalog.children(of: "scalelab").map { line(signature($0), $0.doc.summary) }
        return lines.joined(separator: "\n")
    }

    /// One entry: a module or type with its members, or one function, method or property.
    static func describe(_ entry: HelpCatalog.Entry, _ catalog: HelpCatalog) -> String {
        switch entry.kind {
        case .module:
            return (["\(entry.name): \(entry.doc.summary)", ""]
                + catalog.children(of: entry.name).map { line(signature($0), $0.doc.summary) })
                .joined(separator: "\n")
        case .type:
            let members = catalog.children(of: entry.name)
            var lines = ["\(entry.name): \(entry.doc.summary)"]
            let properties = members.filter { $0.kind == .property }
            if !properties.isEmpty {
                lines += ["", "Properties"]
                lines += properties.map { line(signature($0), $0.doc.summary) }
            }
            let methods = members.filter { $0.kind == .method }
            if !methods.isEmpty {
                lines += ["", "Methods"]
                lines += methods.map { line(signature($0), $0.doc.summary) }
            }
            return lines.joined(separator: "\n")
        case .function, .method, .property:
            var lines = [signature(entry), "  " + entry.doc.summary]
            if let parent = entry.parent, parent != "scalelab" {
                lines.append("  (see help(\"\(parent)\") for the rest of \(parent))")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// `cluster.new(opts: table): Cluster`, `Cluster:add_pool(...)`, `Cluster.name: string`.
    static func signature(_ entry: HelpCatalog.Entry) -> String {
        switch entry.kind {
        case .function, .method: return entry.name + entry.doc.signature
        case .property:
            return "\(entry.name): \(entry.doc.signature)" + (entry.writable ? " (writable)" : "")
        case .module, .type: return entry.name
        }
    }

    /// `  signature   summary` with the summaries in a column where the signature allows.
    static func line(_ signature: String, _ summary: String) -> String {
        let width = 38
        let pad = signature.count < width ? String(repeating: " ", count: width - signature.count)
            : "  "
        return "  " + signature + pad + summary
    }
}
