import Foundation
import Testing

/// The Lua C module: stock `lua5.4` loads `scalelab.so` (the built
/// `libScaleLabLuaModule.so`, copied under that name into a directory on `LUA_CPATH`).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/lua5.4"),
                "lua5.4 is not installed (run scripts/deps)"))
struct LuaModuleTests {
    private func withModule(_ body: ([String: String]) throws -> Void) throws {
        let products = try #require(ScalelabBinary.productsDirectory)
        let library = products.appendingPathComponent("libScaleLabLuaModule.so")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.copyItem(
            at: library, to: dir.url.appendingPathComponent("scalelab.so"))
        let paths = ["LUA_CPATH": dir.url.path + "/?.so", "LUA_PATH": dir.url.path + "/?.lua"]
        try body(paths.merging(SanitizerRuntime.environment) { a, _ in a })
    }

    @Test func stockLuaLoadsTheModuleWithDashL() throws {
        try withModule { env in
            let result = try runProgram(
                "/usr/bin/lua5.4",
                ["-l", "scalelab", "-e", "print(type(scalelab), scalelab.version())"],
                environment: env)
            #expect(result.stderr == "")
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix("table\t"))
        }
    }

    @Test func requireReturnsTheSameApiAsTheExecutable() throws {
        try withModule { env in
            let script = "local s = require 'scalelab'; print(s == package.loaded.scalelab,"
                + " s.version() == scalelab.version())"
            let fromLua = try runProgram("/usr/bin/lua5.4", ["-l", "scalelab", "-e", script],
                                         environment: env)
            #expect(fromLua.stdout == "true\ttrue\n", "stderr: \(fromLua.stderr)")
            let ours = try runScalelab(["-e", "print(scalelab.version())"])
            let theirs = try runProgram(
                "/usr/bin/lua5.4", ["-l", "scalelab", "-e", "print(scalelab.version())"],
                environment: env)
            #expect(ours.stdout == theirs.stdout)
        }
    }

    @Test func errorsFromSwiftAreCatchableInStockLua() throws {
        try withModule { env in
            let result = try runProgram(
                "/usr/bin/lua5.4",
                ["-l", "scalelab", "-e",
                 "print(scalelab.quantity('1.5Gi'), scalelab.quantity('250m'))"
                    + " print(pcall(scalelab.quantity, '1.1.M'))"],
                environment: env)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(
                result.stdout == "1610612736\t0.25\nfalse\tbad argument #1 to 'scalelab.quantity'"
                    + " (cannot parse quantity \"1.1.M\": quantities must match the regular"
                    + " expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$')\n")
        }
    }
}
