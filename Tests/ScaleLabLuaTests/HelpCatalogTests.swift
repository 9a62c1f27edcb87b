import Foundation
import LuaKit
import Testing

@testable import ScaleLabLua

/// help() and types/scalelab.d.lua come from one description table (issue 7 item 5): every
/// bound module function, type, method and property must be described, every signature must
/// parse, and the committed stub file must equal the generated one.
@Suite struct HelpCatalogTests {
    @Test func everyBoundSymbolHasADescription() throws {
        let catalog = try LuaHelp.catalog(try LuaHarness.runtime())
        #expect(catalog.entries.count > 100)
        #expect(catalog.missing == [], "describe these at their registration (LUAKIT_API.md)")
        #expect(catalog.malformed == [])
        // Every module, type and the main entry points are there.
        for name in ["cluster", "cluster.new", "Cluster", "Cluster:add_pool", "Workload.replicas",
                     "units.cpu", "load.ramp", "Traffic:rate", "HPA:explain", "scalelab.help"] {
            #expect(catalog.entry(named: name) != nil, "\(name)")
        }
    }

    @Test func theCommittedStubFileIsTheGeneratedOne() throws {
        var root = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        let file = root.appendingPathComponent("types/scalelab.d.lua")
        let committed = try String(contentsOf: file, encoding: .utf8)
        let generated = try ScaleLabLua.typeStubs(try LuaHarness.runtime())
        #expect(committed == generated, "run scripts/gen-types and commit types/scalelab.d.lua")
        #expect(generated.hasPrefix("---@meta\n"))
        #expect(generated.contains("""
            ---@class Workload
            """))
        #expect(generated.contains("---@field replicas integer desired replicas"))
        #expect(generated.contains("""
            ---requests per second at a time
            ---@param at string|number
            ---@return number
            function Traffic:rate(at) end
            """))
        #expect(generated.contains("---@return HPA?\n---@return string?\n"
            + "function Cluster:hpa(name, namespace) end"))
        #expect(generated.contains("---@param namespace? string"))
    }

    /// Runs `code` with `print` collecting its output.
    func output(_ code: String) throws -> String {
        let lua = try LuaHarness.runtime()
        let result = try lua.run("""
            local out = {}
            print = function(...) out[#out + 1] = table.concat({...}, "\\t") end
            \(code)
            return table.concat(out, "\\n")
            """, name: "=test")
        guard case .string(let text)? = result.first else { return "" }
        return text
    }

    @Test(arguments: [
        // (code, text that must appear)
        ("help()", "Modules\n  catalog"),
        ("help()", "Types\n  Cluster"),
        ("help()", "  scalelab.version(): string"),
        ("help(cluster)", "cluster: simulated Kubernetes clusters"),
        ("help(cluster)", "  cluster.new(opts?: table): Cluster"),
        ("help(cluster.new)", "cluster.new(opts?: table): Cluster\n  a new cluster"),
        ("help('cluster.new')", "cluster.new(opts?: table): Cluster"),
        ("local c = cluster.new{}; help(c)", "Cluster: a simulated Kubernetes cluster"),
        ("local c = cluster.new{}; help(c)", "Properties\n  Cluster.now: string"),
        ("local c = cluster.new{}; help(c)", "Methods\n  Cluster:add_pool(opts: table): table"),
        ("local c = cluster.new{}; help(c.add_pool)", "Cluster:add_pool(opts: table): table\n"),
        ("help('Cluster:add_pool')", "Cluster:add_pool(opts: table): table\n"),
        ("help('Cluster.add_pool')", "Cluster:add_pool(opts: table): table\n"),
        ("help('cluster')", "cluster: simulated"),
        ("help('workload')", "Workload: a Deployment"),
        ("help(load.constant(3))", "Traffic: a traffic model"),
        ("help(units.quantity)", "units.quantity(q: string|number): number"),
        ("help(help)", "scalelab.help(x?: any)"),
        ("help(scalelab)", "Modules"),
        ("help('nope')", "help: no help for 'nope'; help() lists everything"),
        ("help('clustr')", "help: no help for 'clustr' (did you mean 'cluster'?)"),
        ("help(42)", "help: no help for a number value"),
        ("help(print)", "help: no help for a function value"),
        ("help({})", "help: no help for a table value"),
    ])
    func helpTexts(_ code: String, _ expected: String) throws {
        let text = try output(code)
        #expect(text.contains(expected), "\(code) printed:\n\(text)")
    }

    @Test func signaturesParse() throws {
        let s = try HelpSignature(parsing: "(a: string, b?: table|nil, ...: any): Cluster, string?")
        #expect(s.params.map(\.name) == ["a", "b", "..."])
        #expect(s.params.map(\.optional) == [false, true, false])
        #expect(s.returns.map(\.type) == ["Cluster", "string"])
        #expect(s.returns.map(\.optional) == [false, true])
        #expect(try HelpSignature(parsing: "()").params.isEmpty)
        #expect(try HelpSignature(parsing: "(f: fun(x: number): number): table<string, number>")
            .params.map(\.type) == ["fun(x: number): number"])
        for bad in ["", "x", "(a)", "(a: )", "(1a: string)", "(a: string", "(): ", "(a: b;c)"] {
            #expect(throws: HelpSignature.Failure.self, "\(bad)") {
                try HelpSignature(parsing: bad)
            }
        }
    }
}
