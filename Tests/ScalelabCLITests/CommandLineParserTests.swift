import Testing

@testable import scalelab

/// The command line follows lua.c 5.4 `collectargs`: these cases pin its rules.
@Suite struct CommandLineParserTests {
    typealias Action = LaunchOptions.Action

    private func options(_ arguments: [String]) -> LaunchOptions? {
        if case .run(let options) = CommandLineParser.parse(["scalelab"] + arguments) {
            return options
        }
        return nil
    }

    private func usageError(_ arguments: [String]) -> String? {
        if case .usageError(let message) = CommandLineParser.parse(["scalelab"] + arguments) {
            return message
        }
        return nil
    }

    @Test(arguments: [
        (["-e", "x=1", "-lmod", "-W", "-e", "print(x)"],
         [Action.execute(Array("x=1".utf8)), .require(global: "mod", module: "mod"), .warningsOn,
          .execute(Array("print(x)".utf8))]),
        (["-eprint(1)"], [.execute(Array("print(1)".utf8))]),
        (["-l", "g=mod"], [.require(global: "g", module: "mod")]),
        (["-l", "mod-v2"], [.require(global: "mod", module: "mod-v2")]),
    ])
    func actionsKeepCommandLineOrder(arguments: [String], expected: [Action]) {
        #expect(options(arguments)?.actions == expected)
    }

    @Test func scriptAndArguments() throws {
        let parsed = try #require(options(["-la", "b.lua", "t1", "-e", "t2"]))
        #expect(parsed.script == .file("b.lua"))
        #expect(parsed.scriptArguments == ["t1", "-e", "t2"])
        #expect(parsed.actions == [.require(global: "a", module: "a")])
        // The manual's example: lua -la b.lua t1 t2 → arg[-2]="lua", arg[-1]="-la",
        // arg[0]="b.lua".
        let table = parsed.argTable.map { "\($0.index)=\(String(decoding: $0.value, as: UTF8.self))" }
        #expect(table == ["-2=scalelab", "-1=-la", "0=b.lua", "1=t1", "2=-e", "3=t2"])
    }

    @Test func withoutScriptTheInterpreterIsArgZero() throws {
        let parsed = try #require(options(["-e", "print(arg[1])"]))
        #expect(parsed.script == nil)
        #expect(parsed.argTable.map(\.index) == [0, 1, 2])
        #expect(!parsed.readsStandardInputByDefault)
    }

    @Test func doubleDashStopsOptions() throws {
        let parsed = try #require(options(["--", "-e"]))
        #expect(parsed.script == .file("-e"))
        let dashAfterDoubleDash = try #require(options(["--", "-"]))
        #expect(dashAfterDoubleDash.script == .file("-"))
        let nothingAfter = try #require(options(["-v", "--"]))
        #expect(nothingAfter.script == nil)
        #expect(nothingAfter.showVersion)
    }

    @Test func singleDashIsStandardInput() throws {
        let parsed = try #require(options(["-", "x"]))
        #expect(parsed.script == .standardInput)
        #expect(parsed.scriptArguments == ["x"])
    }

    @Test func interactiveImpliesVersion() throws {
        let parsed = try #require(options(["-i"]))
        #expect(parsed.interactive && parsed.showVersion)
        #expect(try #require(options([])).readsStandardInputByDefault)
        #expect(try #require(options(["-E"])).ignoreEnvironment)
    }

    @Test(arguments: [
        (["-e"], "'-e' needs argument"),
        (["-l", "-x"], "'-l' needs argument"),
        (["-z"], "unrecognized option '-z'"),
        (["-iv"], "unrecognized option '-iv'"),
        (["-Ex"], "unrecognized option '-Ex'"),
        (["--frob"], "unrecognized option '--frob'"),
        (["--max-memory"], "'--max-memory' needs argument"),
        (["--timeout", "soon"], "invalid --timeout 'soon': time: invalid duration \"soon\""),
        (["--max-memory=64MB"],
         "invalid --max-memory '64MB': quantities must match the regular expression"
            + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
        (["--max-memory=64iM"], "invalid --max-memory '64iM': unable to parse quantity's suffix"),
    ])
    func badCommandLines(arguments: [String], message: String) {
        #expect(usageError(arguments) == message)
    }

    @Test func scalelabOptions() throws {
        let parsed = try #require(
            options(["--sandbox", "--max-memory", "64Mi", "--timeout=1m30s", "s.lua"]))
        #expect(parsed.sandbox)
        #expect(parsed.maxMemory == 64 * 1024 * 1024)
        #expect(parsed.timeoutMilliseconds == 90_000)
        #expect(parsed.script == .file("s.lua"))
        #expect(CommandLineParser.parse(["scalelab", "--help"]) == .help)
    }

    @Test func conformanceSubcommand() {
        #expect(
            CommandLineParser.parse(["scalelab", "conformance", "hpa", "v.json"])
                == .conformance(suite: "hpa", path: "v.json"))
        if case .usageError = CommandLineParser.parse(["scalelab", "conformance", "hpa"]) {
        } else {
            Issue.record("a missing FILE.json must be a usage error")
        }
        // Only as the first argument: after an option it is a script name, as in lua.
        #expect(options(["-W", "conformance"])?.script == .file("conformance"))
    }
}
