import Foundation
import Testing

/// The built binary's command line, compared with lua 5.4's behaviour (exact output, exit
/// status), in the style of testes/main.lua.
@Suite struct CommandLineTests {
    @Test func executeRunsInOrderAndPrints() throws {
        let result = try runScalelab(["-e", "x = 1", "-e", "print(x + 1)"])
        #expect(result == ProcessResult(status: 0, stdout: "2\n", stderr: ""))
    }

    /// Bytes that are not UTF-8 reach Lua as given, as lua.c passes argv: in a `-e` chunk's
    /// string literal, in `arg` and in the script's `...` (they used to arrive as U+FFFD). The
    /// shell builds the byte 0xFF, since Foundation's Process takes only Swift strings.
    @Test func argumentBytesThatAreNotUTF8ReachLuaAsGiven() throws {
        let binary = try #require(ScalelabBinary.path)
        let script = try TemporaryDirectory()
        defer { script.remove() }
        let path = try script.write("s.lua", "print(#(...), (...):byte(1), #arg[1])\n")
        let result = try runProgram("/bin/sh", [
            "-c", #"b=$(printf '\377'); exec "$0" -e "print(#'$b', ('$b'):byte())" "$1" "$b""#,
            binary, path,
        ])
        #expect(result == ProcessResult(status: 0, stdout: "1\t255\n1\t255\t1\n", stderr: ""))
    }

    @Test func errorsArePrefixedWithTheProgramName() throws {
        let result = try runScalelab(["-e", "error('x')"])
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("scalelab: (command line):1: x\nstack traceback:\n"))
    }

    @Test func missingScript() throws {
        let result = try runScalelab(["nofile.lua"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("scalelab: cannot open nofile.lua"))
    }

    @Test func argTableAndVarargs() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let script = try dir.write(
            "args.lua",
            """
            for i = -3, #arg do io.write(i, "=", tostring(arg[i]), " ") end
            print("|", ...)
            """)
        let binary = try #require(ScalelabBinary.path)
        let result = try runScalelab(["-e", "y=1", script, "a", "b"])
        #expect(result.stdout == "-3=\(binary) -2=-e -1=y=1 0=\(script) 1=a 2=b |\ta\tb\n")
        // Without a script the interpreter is arg[0] and the options follow.
        let noScript = try runScalelab(["-e", "print(arg[0] ~= nil, arg[1], arg[2])"])
        #expect(noScript.stdout == "true\t-e\tprint(arg[0] ~= nil, arg[1], arg[2])\n")
    }

    @Test func dashRunsStandardInputWithArguments() throws {
        let result = try runScalelab(["-", "p", "q"], input: "print(...)\nprint(arg[0])")
        #expect(result == ProcessResult(status: 0, stdout: "p\tq\n-\n", stderr: ""))
    }

    @Test func pipedStdinWithoutArgumentsRunsAsOneChunk() throws {
        let result = try runScalelab([], input: "local a = 2\nprint(a * 3)")
        #expect(result == ProcessResult(status: 0, stdout: "6\n", stderr: ""))
    }

    @Test func requireIntoGlobals() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("mymod.lua", "return { answer = 42 }")
        let env = ["LUA_PATH": dir.url.path + "/?.lua"]
        let plain = try runScalelab(["-l", "mymod", "-e", "print(mymod.answer)"], environment: env)
        #expect(plain.stdout == "42\n")
        let renamed = try runScalelab(["-lm=mymod", "-e", "print(m.answer)"], environment: env)
        #expect(renamed.stdout == "42\n")
        // -E: package ignores LUA_PATH (lua.c's registry.LUA_NOENV).
        let ignored = try runScalelab(["-E", "-l", "mymod"], environment: env)
        #expect(ignored.status == 1)
        #expect(ignored.stderr.hasPrefix("scalelab: module 'mymod' not found:"))
        let missing = try runScalelab(["-l", "nomod"], environment: env)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("scalelab: module 'nomod' not found:"))
    }

    @Test func luaInitVariants() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let initFile = try dir.write("init.lua", "print('from file')")
        let run = { (env: [String: String], args: [String]) in
            try runScalelab(args, environment: env).stdout
        }
        #expect(try run(["LUA_INIT": "print('init')"], ["-e", ""]) == "init\n")
        #expect(
            try run(["LUA_INIT": "print('old')", "LUA_INIT_5_4": "print('new')"], ["-e", ""])
                == "new\n")
        #expect(try run(["LUA_INIT": "@" + initFile], ["-e", ""]) == "from file\n")
        #expect(try run(["LUA_INIT": "print('init')"], ["-E", "-e", ""]) == "")
        let failing = try runScalelab(["-e", ""], environment: ["LUA_INIT": "error('bad init')"])
        #expect(failing.status == 1)
        #expect(failing.stderr.hasPrefix("scalelab: LUA_INIT:1: bad init"))
    }

    @Test func versionHelpAndUsage() throws {
        let version = try runScalelab(["-v"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("scalelab "))
        #expect(version.stdout.contains("Lua 5.4"))
        let help = try runScalelab(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("usage: scalelab [options] [script [args]]\n"))
        let bad = try runScalelab(["-z"])
        #expect(bad.status == 1)
        #expect(bad.stdout == "")
        #expect(bad.stderr.hasPrefix("scalelab: unrecognized option '-z'\nusage: scalelab"))
    }

    @Test func warnings() throws {
        let result = try runScalelab(["-W", "-e", "warn('hi')"])
        #expect(result.stderr == "Lua warning: hi\n")
        let off = try runScalelab(["-e", "warn('hi')"])
        #expect(off.stderr == "")
    }

    @Test func sandboxRemovesDangerousFunctions() throws {
        let result = try runScalelab([
            "--sandbox", "-e",
            "print(io, os.execute, os.exit, os.remove, os.rename, package and package.loadlib)",
        ])
        #expect(
            result == ProcessResult(status: 0, stdout: "nil\tnil\tnil\tnil\tnil\tnil\n", stderr: ""))
    }

    @Test func memoryCapKeepsTheReplUsable() throws {
        let result = try runScalelab(
            ["--max-memory", "8Mi"] + quietRepl,
            input: "s = string.rep('x', 100 * 1024 * 1024)\nprint('still here')")
        #expect(result.status == 0)
        #expect(result.stderr.contains("not enough memory"))
        #expect(result.stdout.hasSuffix("still here\n\n"))
    }

    @Test func timeoutStopsALongScript() throws {
        let result = try runScalelab(["--timeout", "200ms", "-e", "while true do end"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("scalelab: "))
        #expect(result.stderr.contains("200ms"))
    }

    @Test func conformanceSubcommandRunsASuite() throws {
        let vectors = ScalelabBinary.packageRoot.appendingPathComponent(
            "Tests/Vectors/promql_vectors.json")
        let result = try runScalelab(["conformance", "promql", vectors.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)  // no failure lines, then the summary
        #expect(lines.last?.hasSuffix(" passed, 0 failed") == true)
    }

    @Test func conformanceSubcommandErrors() throws {
        let unknown = try runScalelab(["conformance", "nosuch", "x.json"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("scalelab: unknown conformance suite 'nosuch' (known: "))
        let missing = try runScalelab(["conformance", "hpa", "/nonexistent/v.json"])
        #expect(missing.status == 1)
        #expect(
            missing.stderr
                == "scalelab: cannot open /nonexistent/v.json: No such file or directory\n")
    }
}
