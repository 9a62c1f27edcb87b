import LuaKit
import ScaleLab

/// What one Lua runtime shares between its modules: the instance catalog with the types its
/// scripts defined (`catalog.define`), which `cluster:add_pool` looks types up in.
final class LuaSession {
    /// The built-in catalog plus user-defined types, built on first use (not at start-up).
    lazy var catalog = InstanceCatalog.builtIn
}

/// The `catalog` module:
/// - `catalog.find(name)` → a plain table (`name`, `provider`, `cpu` in cores, `memory` in
///   bytes, `price` USD/h, `max_pods`, `price_date`, `region`, `source`, ...), or
///   `nil, "unknown instance type \"m5.larg\" (did you mean \"m5.large\"?)"`;
/// - `catalog.list{ provider = "aws"|"gcp"|"azure"|"custom" }` → a list of such tables;
/// - `catalog.define{ name, cpu, memory, price, max_pods, provider }` → the new type's table
///   (an invalid definition raises: it is a programming error).
enum LuaCatalog {
    static let providers = CloudProvider.allCases.map(\.rawValue)

    static func module(_ runtime: LuaRuntime, session: LuaSession) -> LuaValue {
        let find = runtime.function(
            "(name: string, provider?: string): table?, string?",
            "an instance type: cpu, memory, price, max pods; nil and a message if unknown"
        ) { call in
            let name = try call.string(1)
            do {
                return call.push(table(try session.catalog.find(name)))
            } catch let error as CatalogError {
                return call.push([.nil, .string(error.message)])
            }
        }
        let list = runtime.function(
            "(provider?: string): table[]", "the instance types of a provider"
        ) { call in
            let options = try OptionTable(
                call, 1, context: "catalog.list", allowed: ["provider"], required: false)
            let provider = try options.choice("provider", providers).flatMap(CloudProvider.init)
            return call.push(.table(LuaTable(
                array: session.catalog.list(provider: provider).map(table))))
        }
        let define = runtime.function(
            "(opts: table): table", "adds a custom instance type to the catalog"
        ) { call in
            let options = try OptionTable(
                call, 1, context: "catalog.define",
                allowed: ["name", "cpu", "memory", "price", "max_pods", "provider"])
            let name = try options.requiredString("name")
            guard let cpu = try options.quantity("cpu") else { throw options.bad("cpu", "required") }
            guard let memory = try options.quantity("memory") else {
                throw options.bad("memory", "required")
            }
            let provider = try options.choice("provider", providers)
                .flatMap(CloudProvider.init) ?? .custom
            do {
                try session.catalog.define(
                    name: name, cpu: cpu, memory: memory, pricePerHour: options.number("price"),
                    maxPods: options.integer("max_pods"), provider: provider)
                return call.push(table(try session.catalog.find(name)))
            } catch let error as CatalogError {
                throw LuaCallError.message("catalog.define: \(error.message)")
            }
        }
        return .table(LuaTable(fields: [
            (key: "find", value: find), (key: "list", value: list), (key: "define", value: define),
        ]))
    }

    /// An instance type as a plain table (base units: cores, bytes).
    static func table(_ type: InstanceType) -> LuaValue {
        var fields: [(key: LuaValue, value: LuaValue)] = [
            ("name", .string(type.name)), ("provider", .string(type.provider.rawValue)),
            ("cpu", LuaUnits.cores(type.milliCPU)), ("memory", .integer(Int(type.memoryBytes))),
            ("source", .string(type.source)), ("os", .string(type.os)),
            ("description", .string(type.description)),
        ]
        func add(_ key: String, _ value: LuaValue?) {
            if let value { fields.append((.string(key), value)) }
        }
        add("price", type.pricePerHour.map { .number($0) })
        add("price_date", type.priceDate.map { .string($0) })
        add("region", type.region.map { .string($0) })
        add("max_pods", type.maxPods.map { .integer($0) })
        add("enis", type.enis.map { .integer($0) })
        add("ipv4_per_eni", type.ipv4PerENI.map { .integer($0) })
        add("notes", type.notes.map { .string($0) })
        return .table(LuaTable(fields: fields))
    }
}
