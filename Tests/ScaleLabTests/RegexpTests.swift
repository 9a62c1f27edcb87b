import Foundation
import Testing

@testable import ScaleLab

// Go's regexp semantics: matches and submatch positions as regexp.FindStringSubmatchIndex
// reports them (cases from Go's regexp/find_test.go and exec tests, positions in scalars),
// and regexp/syntax's error messages.

/// The match's group ranges as scalar offsets (-1, -1 for a group that did not take part).
private func offsets(_ pattern: String, _ text: String) throws -> [Int]? {
    let re = try Regexp(pattern)
    guard let match = re.firstMatch(in: text) else {
        #expect(!re.matches(text), "\(pattern) on \(text): matches() disagrees")
        return nil
    }
    #expect(re.matches(text), "\(pattern) on \(text): matches() disagrees")
    let view = text.unicodeScalars
    return match.flatMap { range -> [Int] in
        guard let range else { return [-1, -1] }
        return [view.distance(from: view.startIndex, to: range.lowerBound),
                view.distance(from: view.startIndex, to: range.upperBound)]
    }
}

private let findCases: [(String, String, [Int]?)] = [
    ("", "", [0, 0]),
    ("^abcdefg", "abcdefg", [0, 7]),
    ("a+", "baaab", [1, 4]),
    ("abcd..", "abcdef", [0, 6]),
    ("x", "y", nil),
    ("b", "abc", [1, 2]),
    (".", "a", [0, 1]),
    (".*", "abcdef", [0, 6]),
    ("^", "abcde", [0, 0]),
    ("$", "abcde", [5, 5]),
    ("^abcd$", "abcd", [0, 4]),
    ("^bcd", "abcdef", nil),
    ("^abcd$", "abcde", nil),
    ("a*", "baaab", [0, 0]),
    ("[a-z]+", "abcd", [0, 4]),
    ("[^a-z]+", "ab1234cd", [2, 6]),
    ("[a\\-\\]z]+", "az]-bcz", [0, 4]),
    ("[^\\n]+", "abcd\n", [0, 4]),
    ("[日本語]+", "日本語日本語", [0, 6]),
    ("日本語+", "日本語語語語", [0, 6]),
    ("()", "", [0, 0, 0, 0]),
    ("(a)", "a", [0, 1, 0, 1]),
    ("(a)(b)", "ab", [0, 2, 0, 1, 1, 2]),
    ("(a)|(b)", "b", [0, 1, -1, -1, 0, 1]),
    ("(a|b)*", "ab", [0, 2, 1, 2]),
    ("(a|ab)(c|bcd)(d*)", "abcd", [0, 4, 0, 1, 1, 4, 4, 4]),
    ("(a|ab)", "ab", [0, 1, 0, 1]),
    ("a|", "b", [0, 0]),
    ("a*?", "aaa", [0, 0]),
    ("a+?", "aaa", [0, 1]),
    ("(a+?)(a*)", "aaa", [0, 3, 0, 1, 1, 3]),
    ("(?U)(a+)(a*)", "aaa", [0, 1, 0, 1, 1, 1]),
    ("x{2,3}", "xxxx", [0, 3]),
    ("x{2,3}?", "xxxx", [0, 2]),
    ("x{2,}", "xxxxx", [0, 5]),
    ("x{0}y", "xy", [1, 2]),
    ("\\bfoo\\b", "a foo b", [2, 5]),
    ("\\Bo", "foo", [1, 2]),
    ("(?m)^b$", "a\nb\nc", [2, 3]),
    ("^b$", "a\nb\nc", nil),
    ("a$", "a\n", nil),
    ("\\Aab\\z", "ab", [0, 2]),
    ("\\Qa.b\\E+", "a.bb", [0, 4]),
    ("\\Qa.b", "axb", nil),
    ("\\x41\\x{263a}\\101\\0", "A☺A\u{0}", [0, 4]),
    ("[[:alpha:]]+", "ab1", [0, 2]),
    ("[[:^digit:]]+", "12ab3", [2, 4]),
    ("\\pL+", "ab1", [0, 2]),
    ("\\p{Lu}", "aB", [1, 2]),
    ("\\PL", "ab1", [2, 3]),
    ("[\\d\\s]+", "a1 2b", [1, 4]),
    ("\\W", "ab-", [2, 3]),
    ("(?i)abc", "xABC", [1, 4]),
    ("(?i)[a-c]+", "xAbC", [1, 4]),
    ("a(?i)b|c", "aB", [0, 2]),
    ("(?i:a)b", "Ab", [0, 2]),
    ("(?i:a)b", "AB", nil),
    ("a.c", "a\nc", nil),
    ("(?s)a.c", "a\nc", [0, 3]),
    ("[^a]", "\n", [0, 1]),
    ("a{", "a{", [0, 2]),
    ("a{,2}", "a{,2}", [0, 5]),
    ("(?P<x>a)(?<y>b)", "ab", [0, 2, 0, 1, 1, 2]),
    ("(a*)*", "b", [0, 0, 0, 0]),
    ("(a*)+", "b", [0, 0, 0, 0]),
    ("(a|b)*c", "abac", [0, 4, 2, 3]),
    ("[]a]+", "]a]", [0, 3]),
    ("[a-]+", "a-", [0, 2]),
    ("^(?s:web-.*)$", "web-1\nx", [0, 7]),
]

@Test func regexpFindsWhatGoFinds() throws {
    for (pattern, text, expected) in findCases {
        #expect(try offsets(pattern, text) == expected, "\(pattern) on \(text.debugDescription)")
    }
}

private let errorCases: [(String, String)] = [
    ("(", "missing closing ): `(`"),
    ("a(b", "missing closing ): `a(b`"),
    (")", "unexpected ): `)`"),
    ("a)b", "unexpected ): `a)b`"),
    ("[a", "missing closing ]: `[a`"),
    ("x[a-", "missing closing ]: `[a-`"),
    ("a**", "invalid nested repetition operator: `**`"),
    ("a*+", "invalid nested repetition operator: `*+`"),
    ("x{2}{3}", "invalid nested repetition operator: `{2}{3}`"),
    ("*", "missing argument to repetition operator: `*`"),
    ("a|+", "missing argument to repetition operator: `+`"),
    ("(?:*)", "missing argument to repetition operator: `*`"),
    ("x{1001}", "invalid repeat count: `{1001}`"),
    ("x{2,1}", "invalid repeat count: `{2,1}`"),
    ("\\q", "invalid escape sequence: `\\q`"),
    ("\\1", "invalid escape sequence: `\\1`"),
    ("\\C", "invalid escape sequence: `\\C`"),
    ("a\\", "trailing backslash at end of expression: ``"),
    ("(?=a)", "invalid or unsupported Perl syntax: `(?=`"),
    ("(?!a)", "invalid or unsupported Perl syntax: `(?!`"),
    ("(?i-)", "invalid or unsupported Perl syntax: `(?i-)`"),
    ("(?P<>a)", "invalid named capture: `(?P<>`"),
    ("(?P<a-b>x)", "invalid named capture: `(?P<a-b>`"),
    ("[z-a]", "invalid character class range: `z-a`"),
    ("[[:foo:]]", "invalid character class range: `[:foo:]`"),
    ("\\p{Foo}", "invalid character class range: `\\p{Foo}`"),
    (String(repeating: "(", count: 1001) + String(repeating: ")", count: 1001),
     "expression nests too deeply: `" + String(repeating: "(", count: 1001)
        + String(repeating: ")", count: 1001) + "`"),
    ("((a{1000}){1000}){1000}", "expression too large: `((a{1000}){1000}){1000}`"),
]

@Test func regexpRejectsWhatGoRejectsWithGoWording() {
    for (pattern, message) in errorCases {
        #expect(throws: RegexpError.self, "\(pattern)") { try Regexp(pattern) }
        do {
            _ = try Regexp(pattern)
        } catch {
            #expect(error.description == "error parsing regexp: " + message, "\(pattern)")
        }
    }
}

@Test func regexpExpandsTemplatesAsGoDoes() throws {
    let re = try Regexp("(?P<first>\\w+) (\\w+)")
    let text = "hello world"
    #expect(re.expand("$2 ${first} $$ [$3] [$first1] ${x", in: text)
        == "world hello $ [] [] ${x")
    #expect(re.expand("${1}x $1x $01 $", in: text) == "hellox   $")
    #expect(re.expand("$0", in: "nomatch!") == nil)
    #expect(try Regexp("^(.*)_total$").expand("${1}_per_second", in: "http_requests_total")
        == "http_requests_per_second")
}

@Test func anchoredRegexpQuotesThePatternAsWritten() throws {
    #expect(throws: RegexpError(code: .missingParen, expr: "(")) { try Regexp.anchored("(") }
    #expect(try Regexp.anchored("web-.*").matches("web-1"))
    #expect(try !Regexp.anchored("web-.*").matches("xweb-1"))
    #expect(try Regexp.anchored("a|b").matches("b"))
    #expect(try !Regexp.anchored("a|b").matches("ab"))
}

@Test func regexpRunsInLinearTime() throws {
    // A pattern that makes backtracking engines take exponential time.
    let re = try Regexp("(a*)*b")
    #expect(!re.matches(String(repeating: "a", count: 5_000)))
    #expect(try Regexp("(x+x+)+y").firstMatch(in: String(repeating: "x", count: 2_000)) == nil)
}

/// One case of Tests/Vectors/regexp_go_vectors.json (answered by Go's own regexp package).
private struct GoVector: Decodable {
    let pattern: String
    let text: String
    let error: String?
    let match: [Int]?
}

private struct GoVectorFile: Decodable {
    let cases: [GoVector]
}

@Test func regexpAgreesWithGoOnRandomPatterns() throws {
    let data = try Data(contentsOf: VectorFiles.url("regexp_go_vectors.json"))
    let cases = try JSONDecoder().decode(GoVectorFile.self, from: data).cases
    #expect(cases.count > 2_000)
    var failures = 0
    for c in cases {
        let got: String
        do {
            got = try offsets(c.pattern, c.text)?.description ?? "nil"
        } catch {
            got = "\(error)"
        }
        let want = c.error ?? c.match?.description ?? "nil"
        if got != want {
            failures += 1
            if failures <= 20 {
                Issue.record("\(c.pattern.debugDescription) on \(c.text.debugDescription): \(got), Go: \(want)")
            }
        }
    }
    #expect(failures == 0)
}
