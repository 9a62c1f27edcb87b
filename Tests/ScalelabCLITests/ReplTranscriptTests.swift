import Testing

/// Golden transcripts of the REPL on piped stdin with empty prompts, in the style of Lua's
/// testes/main.lua (`lua -e"_PROMPT='' _PROMPT2=''" -i < prog > out`, exact output).
/// The output starts with the version banner (`-i` implies `-v`) and ends with the newline
/// printed at end of input.
@Suite struct ReplTranscriptTests {
    /// The banner line, as `scalelab -v` prints it.
    private static let banner: String = (try? runScalelab(["-v"]).stdout) ?? "?"

    private func transcript(_ input: String) throws -> ProcessResult {
        try runScalelab(quietRepl, input: input)
    }

    @Test(arguments: [
        // testes/main.lua "test interactive mode"
        ("(6*2-6) -- ===\na =\n10\nprint(a)\na", "6\n10\n10\n"),
        ("return 1,nil,3\n1,2", "1\tnil\t3\n1\t2\n"),
        ("x = 5\nx\n=x", "5\n5\n"),
        // locals die with their one-line chunk
        ("local y = 3\ny", "nil\n"),
        ("for i=1,2 do\nprint(i)\nend", "1\n2\n"),
        // improved classifier: multi-line expressions print
        ("string.format(\"%d\",\n42)", "42\n"),
        ("\"a\" ..\n\"b\"", "ab\n"),
        // `_` holds the last results
        ("1+1\n_*10", "2\n20\n"),
        // statements print nothing; an empty line in continuation mode just continues
        ("t = {}\nfunction t.f()\n\nreturn 7 end\nt.f()", "7\n"),
        // _PROMPT is read per prompt
        ("_PROMPT = 'P> '\n1", "P> 1\nP> "),
    ])
    func transcripts(input: String, output: String) throws {
        let result = try transcript(input)
        #expect(result.stdout == Self.banner + output + "\n")
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    @Test func runtimeErrorShowsStdinLineAndTraceback() throws {
        let result = try transcript("error('boom')\nprint('after')")
        #expect(result.stdout == Self.banner + "after\n\n")
        #expect(result.stderr.hasPrefix("stdin:1: boom\nstack traceback:\n"))
        #expect(result.stderr.contains("[C]: in function 'error'"))
        #expect(result.status == 0)
    }

    @Test(arguments: [
        ("x = = 1", "stdin:1: unexpected symbol near '='"),
        ("error({})", "(error object is a table value)"),
        ("error(setmetatable({}, {__tostring = function() return 'custom' end}))", "custom"),
        // input interrupted in a continuation line (testes/main.lua)
        ("for i = 1, 2 do", "near <eof>"),
    ])
    func errors(input: String, message: String) throws {
        let result = try transcript(input)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(result.status == 0)
    }

    @Test func badInputNeverCrashes() throws {
        let junk = String(decoding: (0...255).map { UInt8($0) } + [10, 0, 255, 10], as: UTF8.self)
        let inputs = [
            junk,
            "setmetatable({}, {__tostring = function() error('inner') end})",
            "setmetatable({}, {__gc = function() error('in gc') end}) collectgarbage()",
            "print = nil\n1",
            "string.rep('x', 1000000)",
            "coroutine.wrap(function() error('in co') end)()",
        ]
        for input in inputs {
            let result = try transcript(input + "\nprint('alive')")
            #expect(result.status == 0, "input: \(input.prefix(40))")
            #expect(
                result.stdout.contains("alive") || input.hasPrefix("print = nil"),
                "input: \(input.prefix(40))")
        }
    }
}
