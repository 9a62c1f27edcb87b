#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Unbuffered-enough writes to the C standard streams, shared with libedit and Lua's `print`
/// (which write through the same `FILE *`s, so output stays in order).
enum StandardStreams {
    /// Writes `text` to stdout (UTF-8) without a newline, and flushes.
    static func write(_ text: String) {
        put(text, to: stdout)
    }

    /// Writes `text` to stderr (UTF-8) and flushes.
    static func writeError(_ text: String) {
        put(text, to: stderr)
    }

    /// `fwrite` rather than `fputs`: Lua strings may contain zero bytes.
    private static func put(_ text: String, to stream: UnsafeMutablePointer<FILE>?) {
        var copy = text
        copy.withUTF8 { bytes in
            _ = fwrite(bytes.baseAddress, 1, bytes.count, stream)
        }
        fflush(stream)
    }

    /// Whether file descriptor `fd` is a terminal (lua.c `lua_stdin_is_tty`).
    static func isTerminal(_ fd: Int32) -> Bool {
        isatty(fd) != 0
    }
}
