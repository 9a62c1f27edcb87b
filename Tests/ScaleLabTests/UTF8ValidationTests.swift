import Testing
import ScaleLab

/// Issue 8: text that is not UTF-8 is reported at its first bad byte (line and column count
/// characters, as an editor shows them).
@Suite struct UTF8ValidationTests {
    @Test(arguments: [
        ([0x61, 0xFF], "not valid UTF-8 (byte 0xFF at line 1, column 2)"),
        ([0x61, 0x0A, 0xC3, 0xA9, 0xC3], "not valid UTF-8 (byte 0xC3 at line 2, column 2)"),
        ([0xED, 0xA0, 0x80], "not valid UTF-8 (byte 0xED at line 1, column 1)"),  // surrogate
        ([0xC0, 0xAF], "not valid UTF-8 (byte 0xC0 at line 1, column 1)"),  // overlong
        ([0xF4, 0x90, 0x80, 0x80], "not valid UTF-8 (byte 0xF4 at line 1, column 1)"),
        ([0xF0, 0x9F, 0x98, 0x80, 0x0A, 0x0A, 0x80],
         "not valid UTF-8 (byte 0x80 at line 3, column 1)"),
    ] as [([UInt8], String)])
    func firstBadByteIsNamed(bytes: [UInt8], message: String) {
        #expect(UTF8Validation.describe(bytes) == message)
        #expect(String(validating: bytes, as: UTF8.self) == nil)
    }
}
