import LuaKit
import ScaleLab

/// ScaleLabLua: the Lua API of scalelab, binding the engine through LuaKit.
///
/// ``open(_:)`` is the single entry point: the `scalelab` executable calls it on its runtime,
/// and the Lua C module (`luaopen_scalelab`) uses ``module(_:)`` on the state of any Lua 5.4
/// host, so both see the same API.
///
/// Modules: `cluster` (`cluster.new{...}` → a cluster userdata), `catalog` (`find`, `list`,
/// `define`), `units` (`quantity`, `cpu`, `memory`, `duration`, ...). Conventions
/// (reference/lua-embedding.md §6): option tables are strict; programming errors raise;
/// expected failures (unknown names) return `nil, message`; query results are plain tables
/// in base units (cores, bytes, seconds); `tostring` reads like `kubectl get`.
public enum ScaleLabLua {
    /// scalelab's version.
    public static let version = "0.1.0"

    /// The module names ``open(_:)`` sets as globals.
    public static let moduleNames = [
        "cluster", "catalog", "units", "hpa", "sizing", "load", "metrics",
        "sim",
    ]

    /// Builds the `scalelab` module table: `scalelab.version()` → `"0.1.0"`,
    /// `scalelab.quantity` (= `units.quantity`), and the modules `scalelab.cluster`,
    /// `scalelab.catalog`, `scalelab.units`. Registers the userdata types on first use in
    /// `runtime`.
    ///
    /// ```lua
    /// > scalelab.version()
    /// 0.1.0
    /// > scalelab.quantity("1.5Gi"), scalelab.quantity("250m")
    /// 1610612736	0.25
    /// ```
    public static func module(_ runtime: LuaRuntime) throws -> LuaValue {
        try registerTypes(runtime)
        let session = LuaSession()
        let versionFunction = runtime.function("(): string", "scalelab's version") { call in
            call.push(version)
        }
        let units = LuaUnits.module(runtime)
        var fields: [(key: LuaValue, value: LuaValue)] = [
            (key: "version", value: versionFunction),
            (key: "cluster", value: ClusterModule.module(runtime, session: session)),
            (key: "catalog", value: LuaCatalog.module(runtime, session: session)),
            (key: "units", value: units),
            (key: "hpa", value: HPAModule.module(runtime)),
            (key: "sizing", value: try SizingModule.module(runtime, session: session)),
            (key: "load", value: LoadModule.module(runtime)),
            (key: "metrics", value: MetricsModule.module(runtime)),
            (key: "sim", value: SimModule.module(runtime)),
        ]
        if case .table(let u) = units, let quantity = u["quantity"] {
            fields.append((key: "quantity", value: quantity))
        }
        fields.append((key: "help", value: try LuaHelp.function(runtime)))
        return .table(LuaTable(fields: fields))
    }

    /// Opens every scalelab module in `runtime` as globals (`scalelab`, `cluster`, `catalog`,
    /// `units`) and registers `scalelab` in `package.loaded`, so `require "scalelab"` returns
    /// the same table.
    public static func open(_ runtime: LuaRuntime) throws {
        let table = try module(runtime)
        try runtime.setGlobal("scalelab", table)
        try runtime.run(
            """
            local std_load = load  -- the global `load` becomes the traffic module, still callable
            for _, name in ipairs{ \(moduleNames.map { "'\($0)'" }.joined(separator: ", ")) } do
              _G[name] = scalelab[name]
            end
            if std_load then
              setmetatable(scalelab.load, { __call = function(_, ...) return std_load(...) end })
            end
            help = scalelab.help
            if package and package.loaded then package.loaded.scalelab = scalelab end
            """,
            name: "=(scalelab)")
    }

    /// `types/scalelab.d.lua`: LuaCATS annotations of the API opened in `runtime`
    /// (`scalelab --emit-types`).
    public static func typeStubs(_ runtime: LuaRuntime) throws -> String {
        LuaCATSStubs.text(try LuaHelp.catalog(runtime))
    }

    /// Registers the userdata types once per runtime (a second `module` call reuses them).
    static func registerTypes(_ runtime: LuaRuntime) throws {
        do {
            try runtime.register(ClusterMethods.type())
            try runtime.register(WorkloadMethods.type())
            try runtime.register(HPAMethods.type())
            try PipelineBindings.registerTypes(runtime)
            try runtime.register(AutoscalerMethods.type())
            try SimResults.registerTypes(runtime)
        } catch LuaError.runtime(let message, _) where message.hasSuffix("is already registered") {
            return
        }
    }
}
