// Where text must be UTF-8 (manifests, adapter configs, Lua strings used as names or
// quantities), the error names the first byte that is not, with its line and column.

/// Finds the first byte of a buffer that is not well-formed UTF-8.
public enum UTF8Validation {
    /// `not valid UTF-8 (byte 0xFF at line 4, column 9)`: the first byte that does not decode.
    public static func describe(_ bytes: [UInt8]) -> String {
        var line = 1
        var column = 1
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            guard length > 0 else {
                let hex = String(bytes[index], radix: 16, uppercase: true)
                return "not valid UTF-8 (byte 0x\(hex.count == 1 ? "0" : "")\(hex) at line "
                    + "\(line), column \(column))"
            }
            if bytes[index] == 0x0A { line += 1; column = 1 } else { column += 1 }
            index += length
        }
        return "not valid UTF-8"
    }

    /// The length of the well-formed UTF-8 sequence at `i`, or 0 (Unicode 15, table 3-7).
    private static func validSequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let lead = b[i]
        func continuation(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            i + k < b.count && range.contains(b[i + k])
        }
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }
}
