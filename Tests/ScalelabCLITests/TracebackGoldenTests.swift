import Foundation
import Testing

/// Script errors exactly as lua.c reports them: the same message and traceback, down to the
/// final `[C]: in ?` (lua.c runs everything inside its C function `pmain`), with only the
/// program name changed. Compared with stock `lua5.4` itself, not a transcript.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/lua5.4"),
                "lua5.4 is not installed (run scripts/deps)"))
struct TracebackGoldenTests {
    static let scripts = [
        "error('boom')",
        "local function f() error('deep') end\nlocal function g() f() end\ng()",
        "function global_f(x) return x.y end\nglobal_f(nil)",
        "local t = setmetatable({}, {__index = function(t, k) error('no ' .. k, 2) end})\n"
            + "print(t.x)",
        "error({})",
        "error(setmetatable({}, {__tostring = function() return 'custom' end}))",
        "error('no position', 0)",
        "local co = coroutine.wrap(function() error('in coroutine') end)\nco()",
        "string.rep()",
        "pcall(error)\nlocal x = nil + 1",
        "(function() (function() (function() error('nested') end)() end)() end)()",
        "string.find('a', '%')",
    ]

    private func compare(_ args: (String) -> [String], script: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("s.lua", script)
        let theirs = try runProgram("/usr/bin/lua5.4", args(path), directory: dir.url)
        let ours = try runScalelab(args(path), directory: dir.url)
        #expect(theirs.status == 1)
        #expect(ours.status == theirs.status)
        let expected = theirs.stderr.asScalelab
        #expect(ours.stderr == expected, "script:\n\(script)")
        #expect(ours.stdout == theirs.stdout)
    }

    @Test(arguments: scripts)
    func scriptErrorsMatchLua(script: String) throws {
        try compare({ _ in ["s.lua"] }, script: script)
    }

    @Test(arguments: scripts)
    func commandLineErrorsMatchLua(script: String) throws {
        try compare({ _ in ["-e", script] }, script: script)
    }

    @Test func stdinChunkErrorsMatchLua() throws {
        let script = "local function f() error('from stdin') end\nf()"
        let theirs = try runProgram("/usr/bin/lua5.4", ["-"], input: script)
        let ours = try runScalelab(["-"], input: script)
        #expect(ours.stderr == theirs.stderr.asScalelab)
    }

    @Test func invalidUTF8InAScriptStaysBytes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.url.appendingPathComponent("bytes.lua")
        // print(#"<ff><fe>A", ("<ff>"):byte()) with two raw bytes that are not UTF-8
        let bytes: [UInt8] = Array("print(#\"".utf8) + [0xFF, 0xFE] + Array("A\", (\"".utf8)
            + [0xFF] + Array("\"):byte())\n".utf8)
        try Data(bytes).write(to: file)
        let theirs = try runProgram("/usr/bin/lua5.4", [file.path])
        let ours = try runScalelab([file.path])
        #expect(theirs.stdout == "3\t255\n")
        #expect(ours.stdout == theirs.stdout, "stderr: \(ours.stderr)")
    }
}

extension String {
    /// lua's output with its program name (lua.c `progname`, argv[0]) as ours.
    fileprivate var asScalelab: String {
        replacingOccurrences(of: "/usr/bin/lua5.4: ", with: "scalelab: ")
    }
}
