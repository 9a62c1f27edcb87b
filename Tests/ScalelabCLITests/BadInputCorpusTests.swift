import Foundation
import Testing

/// Issue 8's bad-input corpus (Tests/BadInput/, see its README): every group directory runs
/// through one REPL of the built binary; each case's error must contain the text its
/// `-- expect:` lines state, and the REPL must still answer afterwards.
@Suite struct BadInputCorpusTests {
    static let directory = ScalelabBinary.packageRoot.appendingPathComponent("Tests/BadInput")

    /// One case: its file name, Lua text and expected error texts.
    struct Case {
        var name: String
        var code: String
        var expected: [String]
    }

    static var groups: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let path = directory.appendingPathComponent(name).path
            return name != "data"
                && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    static func cases(_ group: String) throws -> [Case] {
        let dir = directory.appendingPathComponent(group)
        return try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".lua") }.sorted().map { name in
                // Cases are UTF-8 text; the invalid bytes they test are Lua escapes ("\xff").
                let code = try String(contentsOf: dir.appendingPathComponent(name),
                                      encoding: .utf8)
                let expected = code.split(separator: "\n").compactMap { line in
                    line.hasPrefix("-- expect: ") ? String(line.dropFirst(11)) : nil
                }
                return Case(name: name, code: code, expected: expected)
            }
    }

    @Test func everyGroupIsFound() {
        #expect(Self.groups == ["adapter", "manifests", "options", "promql", "quantities"])
    }

    @Test(arguments: groups)
    func groupGivesItsErrorsAndLeavesTheReplUsable(group: String) throws {
        let cases = try Self.cases(group)
        #expect(cases.count >= 10)
        var input = ""
        for c in cases {
            #expect(!c.expected.isEmpty, "\(group)/\(c.name) states no expected error")
            input += "do io.stderr:write('@@case \(c.name)\\n') end\ndo\n\(c.code)end\n"
        }
        input += "print('alive')\n"
        let result = try runScalelab(
            ["-e", "_PROMPT='' _PROMPT2=''", "-e", "BADINPUT = [==[\(Self.directory.path)]==]",
             "-e", "dofile(BADINPUT .. '/setup.lua')", "-i"],
            input: input)
        #expect(result.status == 0, "\(result.stderr)")
        // The last line the REPL printed (lua.c ends with a newline at end of input).
        #expect(result.stdout.split(separator: "\n").last == "alive", "\(result.stdout)")
        var segments: [String: String] = [:]
        for part in result.stderr.components(separatedBy: "@@case ").dropFirst() {
            let name = part.prefix { $0 != "\n" }
            segments[String(name)] = String(part.dropFirst(name.count))
        }
        for c in cases {
            let error = segments[c.name] ?? ""
            for text in c.expected {
                #expect(error.contains(text), "\(group)/\(c.name): expected \(text)\ngot \(error)")
            }
            #expect(error.contains("stack traceback"), "\(group)/\(c.name) raised nothing")
        }
    }
}
