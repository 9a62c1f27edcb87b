import Testing

@testable import scalelab

/// Tab's behaviour given the candidates LuaKit proposes.
@Suite struct TabCompletionTests {
    @Test(arguments: [
        ("print(string.fo", "string.fo"), ("obj:sc", "obj:sc"), ("x = é", ""), ("", ""),
        ("a+b_c1", "b_c1"),
    ])
    func wordBeforeCursor(text: String, word: String) {
        #expect(TabCompletion.word(before: text) == word)
    }

    @Test func oneCandidateIsCompleted() {
        #expect(
            TabCompletion.plan(word: "string.fo", candidates: ["string.format"])
                == TabCompletion(insertion: "rmat", listing: []))
    }

    @Test func severalCandidatesCompleteTheirCommonPrefix() {
        #expect(
            TabCompletion.plan(word: "string.u", candidates: ["string.upper", "string.unpack"])
                == TabCompletion(insertion: "", listing: ["string.unpack", "string.upper"]))
        #expect(
            TabCompletion.plan(word: "ma", candidates: ["math", "math"])
                == TabCompletion(insertion: "th", listing: []))
        #expect(
            TabCompletion.plan(word: "s", candidates: ["string.a", "string.b"])
                == TabCompletion(insertion: "tring.", listing: []))
    }

    @Test func noCandidateBeeps() {
        #expect(TabCompletion.plan(word: "zz", candidates: []) == nil)
        #expect(TabCompletion.plan(word: "zz", candidates: ["zz"]) == nil)
    }

    @Test func listingInColumns() {
        #expect(TabCompletion.columns(["ab", "c", "def"], width: 10) == "\nab   c\ndef\n")
    }
}
