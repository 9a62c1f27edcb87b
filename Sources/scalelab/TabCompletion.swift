/// What Tab does with the candidates for the word before the cursor (luaprompt's and lldb's
/// behaviour): one candidate is completed; several are completed to their longest common
/// prefix, and listed when that adds nothing; none rings the bell.
struct TabCompletion: Equatable {
    /// Text to insert at the cursor.
    var insertion: String
    /// Candidates to list below the line (empty when inserting).
    var listing: [String]

    /// The trailing Lua name before the cursor: `[A-Za-z0-9_.:]*`, e.g. `string.fo` in
    /// `print(string.fo`.
    static func word(before cursorText: String) -> String {
        let isNameByte: (UInt8) -> Bool = { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: ":"):
                return true
            default:
                return false
            }
        }
        let bytes = Array(cursorText.utf8)
        var start = bytes.count
        while start > 0, isNameByte(bytes[start - 1]) { start -= 1 }
        return String(decoding: bytes[start...], as: UTF8.self)
    }

    /// Plans the completion of `word` given full candidate words (each starting with `word`;
    /// others are ignored). Returns nil when there is nothing to do (beep).
    static func plan(word: String, candidates: [String]) -> TabCompletion? {
        let matching = Array(Set(candidates.filter { $0.hasPrefix(word) && $0 != word })).sorted()
        guard let first = matching.first else { return nil }
        if matching.count == 1 {
            return TabCompletion(insertion: String(first.dropFirst(word.count)), listing: [])
        }
        var common = Substring(first)
        for candidate in matching.dropFirst() {
            common = common.commonPrefix(with: candidate)
        }
        if common.count > word.count {
            return TabCompletion(insertion: String(common.dropFirst(word.count)), listing: [])
        }
        return TabCompletion(insertion: "", listing: matching)
    }

    /// Lays `listing` out in columns for a terminal `width` characters wide, one newline
    /// before and after (the line is redrawn below it).
    static func columns(_ listing: [String], width: Int) -> String {
        let cell = (listing.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / max(cell, 1))
        var text = "\n"
        for (index, item) in listing.enumerated() {
            let isRowEnd = (index + 1) % perRow == 0 || index == listing.count - 1
            text += item
            text += isRowEnd ? "\n" : String(repeating: " ", count: cell - item.count)
        }
        return text
    }
}

extension Substring {
    /// The longest common prefix of `self` and `other`, by Characters.
    fileprivate func commonPrefix(with other: String) -> Substring {
        var end = startIndex
        var otherIndex = other.startIndex
        while end < endIndex, otherIndex < other.endIndex, self[end] == other[otherIndex] {
            end = index(after: end)
            otherIndex = other.index(after: otherIndex)
        }
        return self[..<end]
    }
}
