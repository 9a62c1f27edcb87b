import Testing

@testable import LuaKit

/// Feeds lines and collects what a terminal would show (errors prefixed
/// with "E:", continuation requests as ">>").
private func transcript(_ lines: [String], repl: LuaRepl) -> [String] {
    lines.map { line in
        switch repl.feed(line) {
        case .needMore: return ">>"
        case .done(let output, _): return output
        case .failed(let message, _): return "E:" + message
        }
    }
}

@Suite struct LuaReplTests {
    @Test(arguments: [
        ("1 + 1", LuaChunkKind.expression),
        ("x = 5", .statements),
        ("return 1", .statements),
        ("f();", .silentExpression),
        ("for i=1,2 do", .incomplete),
        ("\"a\" ..", .incomplete),
        ("{", .incomplete),
        ("string.format(\"%d\",", .incomplete),
        ("x = [[", .incomplete),
        ("--[[ open comment", .incomplete),
        ("x = )", .syntaxError("stdin:1: unexpected symbol near ')'")),
        // Text mode only: bytecode (which can crash the VM) is refused.
        ("\u{1B}Lua binary junk", .syntaxError("attempt to load a binary chunk (mode is 't')")),
        ("\u{1}\u{2}junk", .syntaxError("stdin:1: unexpected symbol near '<\\1>'")),
    ])
    func classifier(chunk: String, kind: LuaChunkKind) throws {
        let lua = try LuaRuntime()
        #expect(LuaChunkClassifier(runtime: lua).classify(chunk).0 == kind)
    }

    @Test func expressionsPrintStatementsDoNot() throws {
        let repl = try LuaRepl(runtime: LuaRuntime())
        #expect(transcript(["return 1,nil,3", "1,2", "x = 5", "x", "=x", "local y = 3", "y"],
                           repl: repl) == ["1\tnil\t3", "1\t2", "", "5", "5", "", "nil"])
    }

    @Test func multiLineChunksContinueAndExpressionsPrint() throws {
        let repl = try LuaRepl(runtime: LuaRuntime())
        #expect(transcript(["for i=1,2 do", "x = (x or 0) + i", "end", "x"], repl: repl)
                == [">>", ">>", "", "3"])
        #expect(transcript(["\"a\" ..", "\"b\""], repl: repl) == [">>", "ab"])
        #expect(transcript(["string.format(\"%d\",", "42)"], repl: repl) == [">>", "42"])
        #expect(transcript(["{", "1, 2}"], repl: repl) == [">>", "{ 1, 2 }"])
    }

    @Test func errorsShowStdinLineAndTraceback() throws {
        let repl = try LuaRepl(runtime: LuaRuntime())
        guard case .failed(let message, let chunk) = repl.feed("error('boom')") else {
            Issue.record("no error")
            return
        }
        #expect(message.hasPrefix("stdin:1: boom\nstack traceback:\n"))
        #expect(chunk == "error('boom')")
        #expect(transcript(["do", "local t = nil", "t.x = 1 end"], repl: repl)
            == [">>", ">>", "E:stdin:3: attempt to index a nil value (local 't')"
                + "\nstack traceback:\n\tstdin:3: in main chunk\n\t[C]: in ?"])
    }

    @Test func underscoreHoldsTheLastResult() throws {
        let repl = try LuaRepl(runtime: LuaRuntime())
        #expect(transcript(["6 * 7", "_ + 1", "_"], repl: repl) == ["42", "43", "43"])
    }

    /// lua-repl's keep_last_eval: `_` is the first result, `_1` .. `_n` all of them; a
    /// shorter result clears the `_i` of a longer one; statements leave them alone.
    @Test func underscoreNamesHoldAllResults() throws {
        let repl = try LuaRepl(runtime: LuaRuntime())
        #expect(transcript(["1, nil, 'three'", "_1 .. _3 .. tostring(_2)",
                            "_2 == nil and _3 == nil", "x = 1", "_", "7", "_, _1"], repl: repl)
                == ["1\tnil\tthree", "1threenil", "true", "", "true", "7", "7\t7"])
    }

    @Test func promptsComeFromGlobals() throws {
        let lua = try LuaRuntime()
        let repl = try LuaRepl(runtime: lua)
        #expect(repl.prompt == "> ")
        _ = repl.feed("_PROMPT = 'lua> '; _PROMPT2 = setmetatable({}, {__tostring = function() return '..' end})")
        #expect(repl.prompt == "lua> ")
        _ = repl.feed("do")
        #expect(repl.prompt == "..")
        repl.cancel()
        #expect(repl.prompt == "lua> ")
    }
}

@Suite struct LuaReplEdgeTests {
    @Test func endOfInputReportsTheIncompleteChunk() throws {
        let repl = try LuaRepl(runtime: LuaRuntime())
        #expect(repl.endOfInput() == nil)
        #expect(repl.feed("for i = 1, 2 do") == .needMore)
        #expect(repl.endOfInput()
            == .failed(message: "stdin:1: 'end' expected near <eof>", chunk: "for i = 1, 2 do"))
        #expect(!repl.isContinuing)
    }

    @Test func multiLineChunksAreOneHistoryEntry() throws {
        let repl = try LuaRepl(runtime: LuaRuntime())
        _ = repl.feed("function f()")
        _ = repl.feed("  return 1")
        #expect(repl.feed("end") == .done(output: "", chunk: "function f()\n  return 1\nend"))
        #expect(repl.feed("=f()") == .done(output: "1", chunk: "=f()"))
    }

    @Test func aBrokenPrintIsReportedNotFatal() throws {
        let repl = try LuaRepl(runtime: LuaRuntime())
        #expect(repl.feed("print = function() error('nope') end") == .done(output: "", chunk: "print = function() error('nope') end"))
        guard case .failed(let message, _) = repl.feed("1") else {
            Issue.record("no error")
            return
        }
        #expect(message == "error calling 'print' (stdin:1: nope)")
        _ = repl.feed("print = nil")
        guard case .failed(let nilMessage, _) = repl.feed("1") else {
            Issue.record("no error")
            return
        }
        #expect(nilMessage == "error calling 'print' (attempt to call a nil value)")
    }

    @Test func errorsInsideTostringAndNonStringErrorsNeverEscape() throws {
        let repl = try LuaRepl(runtime: LuaRuntime())
        _ = repl.feed("bad = setmetatable({}, {__tostring = function() error('x') end})")
        guard case .done(let output, _) = repl.feed("bad") else {
            Issue.record("failed")
            return
        }
        #expect(output.hasPrefix("table: 0x") && output.hasSuffix(" (error in __tostring)"))
        guard case .failed(let message, _) = repl.feed("error(bad)") else {
            Issue.record("no error")
            return
        }
        // The message handler's __tostring call failed: that error is reported.
        #expect(message.hasPrefix("stdin:1: x\nstack traceback:"))
        guard case .failed(let nilError, _) = repl.feed("error()") else {
            Issue.record("no error")
            return
        }
        #expect(nilError.hasPrefix("(error object is a nil value)\nstack traceback:"))
    }

    @Test func trailingSemicolonSuppressesOutput() throws {
        let repl = try LuaRepl(runtime: LuaRuntime())
        #expect(repl.feed("40 + 2;") == .done(output: "", chunk: "40 + 2;"))
        #expect(repl.feed("_") == .done(output: "42", chunk: "_"))
    }
}

@Suite struct LuaReplRobustnessTests {
    @Test func theLocalHintIsGivenOnce() throws {
        let repl = try LuaRepl(runtime: LuaRuntime())
        _ = repl.feed("x = 1")
        #expect(repl.hint == nil)
        _ = repl.feed("local y = 2")
        #expect(repl.hint?.contains("locals do not persist") == true)
        _ = repl.feed("local z = 3")
        #expect(repl.hint == nil)
    }

    @Test func binaryJunkNeverBreaksTheRepl() throws {
        let repl = try LuaRepl(runtime: LuaRuntime(.init(memoryLimit: 32 << 20)))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...80, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            let line = String(decoding: bytes, as: UTF8.self)
            switch repl.feed(line) {
            case .needMore:
                if Bool.random(using: &generator) { repl.cancel() } else { _ = repl.endOfInput() }
            case .done, .failed: break
            }
        }
        repl.cancel()
        #expect(repl.feed("1 + 1") == .done(output: "2", chunk: "1 + 1"))
    }

    @Test func hugeOutputsAreReturnedWhole() throws {
        let repl = try LuaRepl(runtime: LuaRuntime())
        guard case .done(let output, _) = repl.feed("string.rep('x', 1 << 22)") else {
            Issue.record("failed")
            return
        }
        #expect(output.utf8.count == 1 << 22)
    }
}
