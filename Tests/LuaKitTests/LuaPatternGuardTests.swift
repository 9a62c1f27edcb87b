import Foundation
import Testing

@testable import LuaKit

/// The stoppable pattern functions (CLuaShim/clua_pattern.c): the same answers as stock Lua
/// 5.4, and a pathological pattern stops within one second on Ctrl-C or `--timeout`.
@Suite(.serialized) struct LuaPatternGuardTests {
    /// `string.find`, `match`, `gmatch` and `gsub` over fixed cases (captures, anchors, sets,
    /// `%b`, `%f`, back-references, embedded zeros, every pattern error, argument errors) and
    /// 3,000 seeded random patterns; each case gives one line of results or error text.
    static let corpus = #"""
local function ser(...)
  local n = select("#", ...)
  local out = {}
  for i = 1, n do
    local v = select(i, ...)
    if type(v) == "string" then out[i] = string.format("%q", v)
    else out[i] = tostring(v) end
  end
  return n .. ":" .. table.concat(out, ",")
end
local lines = {}
local function run(label, f, ...)
  lines[#lines + 1] = label .. "\t" .. ser(pcall(f, ...))
end
local function gm(s, p, init)
  local out = {}
  for a, b, c in string.gmatch(s, p, init) do
    out[#out + 1] = ser(a, b, c)
    if #out > 50 then break end
  end
  return table.concat(out, ";")
end
local fixed = {
  {"hello world", "o w"}, {"hello world", "o", 6}, {"hello", "l+"}, {"hello", "^h"},
  {"hello", "^e"}, {"hello", "o$"}, {"hel$lo", "l$l"}, {"abc", ""}, {"abc", "", 10},
  {"abc", "", 4}, {"abc", "b", -1}, {"abc", "b", -10}, {"a.b", ".", 1, true},
  {"a+b", "+", 1, true}, {"key = value", "(%w+)%s*=%s*(%w+)"}, {"  trim  ", "^%s*(.-)%s*$"},
  {"THE (quick) fox", "%((%a+)%)"}, {"f(a(b)c)d", "%b()"}, {"THE (quick) fox", "%f[%a]%a+"},
  {"hello", "()ll()"}, {"abcabc", "(a)(b)(c)%1%2%3"}, {"x", "%"}, {"x", "[a"}, {"x", "[]"},
  {"]", "[]]"}, {"x", "[^]]"}, {"a-z", "[a%-z]+"}, {"x", "(()"}, {"x", "%1"}, {"x", "(x)%2"},
  {"x", "x)"}, {"x", "%b"}, {"x", "%bx"}, {"x", "%fx"}, {"aaa", "a-b"}, {"aaab", "a-b"},
  {"aaab", "a*?"}, {"ab", "a?b?c?"}, {"\0a\0", "%z"}, {"\0a\0", "a%z"}, {"a\0b", "\0"},
  {"a\0b", "[\0]"}, {"a\0b", "[%z]", 1}, {"éa", "[\128-\255]+"}, {"123abc", "%d+%a+$"},
  {"x = 1, y = 2", "(%w+) = (%w+)"}, {"hello", "(h)(e)(l)(l)(o)"}, {"abc", "[%a-z]"},
  {"ABC", "%u%l"}, {"a.b", "%."}, {"hello", ".-"}, {"hello", ".-$"}, {"[x]", "%[(.)%]"},
  {"aXb", "%Ux"}, {"__init__", "^_+(.-)_+$"}, {"a,b,,c", "([^,]*)"}, {"x", "%g"},
  {"\t", "%c"}, {"~", "%p"}, {"f", "%x"}, {"g", "%X"}, {"aa", "%1"}, {"", "^$"}, {"", ".*"},
}
for i, c in ipairs(fixed) do
  run("find" .. i, string.find, table.unpack(c, 1, 4))
  run("match" .. i, string.match, c[1], c[2], c[3])
  run("gmatch" .. i, gm, c[1], c[2], c[3])
  run("gsub" .. i, string.gsub, c[1], c[2], "<%0>")
  run("gsubf" .. i, string.gsub, c[1], c[2], function(a, b) return b and (a .. "|" .. b) or nil end)
  run("gsubt" .. i, string.gsub, c[1], c[2], { a = "A", hello = false, l = 1 })
  run("gsubn" .. i, string.gsub, c[1], c[2], "%1", 2)
end
-- argument errors and odd replacements
run("e1", string.find, nil, "x")
run("e2", string.find, "x", {})
run("e3", string.gsub, "x", "x", true)
run("e4", string.gsub, "x", "x", "%2")
run("e5", string.gsub, "x", "x", "%z")
run("e6", string.gsub, "x", "x", function() return {} end)
run("e7", string.gsub, "abc", "%w", "%%")
run("e8", string.gsub, "abc", "", "-")
run("e9", string.gsub, "abc", "b*", "-")
run("e10", string.gsub, "hello world", "(o)", "[%1%1]", 1)
run("e11", string.gsub, "abc", "()", "%1")
run("e12", string.gsub, 123, 2, 9)
run("e13", string.find, 12345, 34)
run("e14", string.find, ("x"):rep(300), ("(x?)"):rep(40))
run("e15", string.find, ("x"):rep(300), ("x?"):rep(300) .. ("x"):rep(300))
run("e16", string.match, "aaa", ("(a)"):rep(33))
run("e17", string.gmatch, "x")
run("e18", gm, "^a^a", "^a")
run("e19", gm, "abc", "", 2)
run("e20", gm, "abc", "%w", 10)
run("e21", string.gsub, "abc", "%w", "x", -1)
run("e22", string.gsub, "abc", "^%w", "x")
run("e23", string.find, "abc", "b", 1.5)
run("e24", string.find, "abc", "b", "2")
-- seeded random patterns
math.randomseed(42)
local atoms = { "a", "b", ".", "%a", "%d", "[ab]", "[^a]", "[a-c]", "%s", "x", "%%", "%.",
  "(", ")", "()", "%1", "%b()", "%f[%w]", "^", "$", "*", "+", "-", "?", "[", "]", "%" }
local chars = { "a", "b", "c", "1", " ", "(", ")", "x", "." }
for i = 1, 3000 do
  local p = {}
  for j = 1, math.random(1, 7) do p[j] = atoms[math.random(#atoms)] end
  local s = {}
  for j = 1, math.random(0, 12) do s[j] = chars[math.random(#chars)] end
  p, s = table.concat(p), table.concat(s)
  local init = math.random(-3, 5)
  run("rf" .. i, string.find, s, p, init)
  run("rm" .. i, string.match, s, p)
  run("rg" .. i, gm, s, p)
  run("rs" .. i, string.gsub, s, p, "<%0>")
  run("rt" .. i, string.gsub, s, p, function(...) return select("#", ...) .. "" end)
end
return table.concat(lines, "\n")
"""#

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/lua5.4"),
                   "lua5.4 is not installed (run scripts/deps)"))
    func answersAsStockLua() throws {
        let lua = try LuaRuntime()
        guard case .string(let ours)? = try lua.run(Self.corpus, name: "=corpus").first else {
            Issue.record("the corpus returned no text")
            return
        }
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("patterns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("corpus.lua")
        try Self.corpus.write(to: script, atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("out.txt")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/lua5.4")
        // The same chunk name as ours, so error positions read alike.
        process.arguments = ["-e", "local src = io.open('\(script.path)'):read('a')"
                                + " local f = io.open('\(output.path)', 'wb')"
                                + " f:write(load(src, '=corpus')()) f:close()"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let theirs = try String(contentsOf: output, encoding: .utf8)
        let a = ours.split(separator: "\n", omittingEmptySubsequences: false)
        let b = theirs.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(a.count == b.count)
        #expect(a.count > 15_000)
        let differing = zip(a, b).filter { $0 != $1 }.prefix(5).map { "ours \($0) | lua \($1)" }
        #expect(differing.isEmpty, "\(differing.joined(separator: "\n"))")
    }

    /// ("a*"):rep(n) .. "b" against ("a"):rep(n) backtracks about n^n steps: stock Lua runs
    /// for hours at n = 40 and neither the hook nor SIGINT can stop it.
    static let pathological = "string.find(('a'):rep(40), ('a*'):rep(40) .. 'b')"

    @Test(arguments: [
        pathological,
        "return pcall(string.find, ('a'):rep(40), ('a*'):rep(40) .. 'b')",
        "for w in ('a'):rep(40):gmatch(('a*'):rep(40) .. 'b') do end",
        "return (('a'):rep(40):gsub(('a-'):rep(40) .. 'b', 'x'))",
        "return string.match(('a'):rep(40), ('(a*)'):rep(30) .. 'b')",
    ])
    func timeoutStopsAPathologicalPatternWithinOneSecond(code: String) throws {
        let lua = try LuaRuntime()
        lua.setTimeout(.milliseconds(200), message: "timeout: over 200ms")
        let start = Date()
        #expect(throws: LuaError.self) { try lua.run(code, name: "=stdin") }
        #expect(Date().timeIntervalSince(start) < 1.2)
        #expect(lua.lastStopReason == .timeout)
        #expect(try lua.run("return ('abc'):find('b')") == [.integer(2), .integer(2)])
    }

    @Test func interruptStopsAPathologicalPatternWithinOneSecond() throws {
        let lua = try LuaRuntime()
        let handle = lua.interruptHandle
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.1)
            handle.interrupt()
        }
        let start = Date()
        do {
            try lua.run(Self.pathological, name: "=stdin")
            Issue.record("the pattern ran to completion")
        } catch let error as LuaError {
            guard case .interrupted(let message, _) = error else {
                Issue.record("expected interrupted, got \(error)")
                return
            }
            #expect(message.hasSuffix("interrupted!"))
        }
        #expect(Date().timeIntervalSince(start) < 1.1)
    }

    @Test func theSandboxHasTheGuardToo() throws {
        let lua = try LuaRuntime(.init(libraries: .sandbox))
        lua.setTimeout(.milliseconds(100), message: "timeout")
        #expect(throws: LuaError.self) { try lua.run(Self.pathological, name: "=stdin") }
        #expect(lua.lastStopReason == .timeout)
        #expect(try lua.run("return ('a,b'):gsub(',', ';')") == [.string("a;b"), .integer(1)])
    }
}
