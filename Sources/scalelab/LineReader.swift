#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// What one read from the user produced.
enum LineInput: Equatable {
    /// A line, without its newline (a recalled multi-line history entry keeps inner newlines).
    case line(String)
    /// End of input: Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
    /// Ctrl-C at the prompt: the line (and any pending continuation) is discarded.
    case interrupted
}

/// A source of REPL input lines (lua.c's `lua_readline` / `lua_saveline` pair as a protocol).
protocol LineReader: AnyObject {
    /// Shows `prompt` and reads one line.
    func readLine(prompt: String) -> LineInput
    /// Records a whole accepted chunk (possibly multi-line) as one history entry.
    func recordChunk(_ chunk: String)
}

/// Reads lines from a non-terminal stdin without libedit, as lua.c does without readline:
/// the prompt is written to stdout, then one line is read. Unlike lua.c's `fgets` into 512
/// bytes, lines of any length arrive whole.
final class PlainLineReader: LineReader {
    /// Creates a reader of the process's stdin.
    init() {}

    func readLine(prompt: String) -> LineInput {
        if !prompt.isEmpty { StandardStreams.write(prompt) }
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        errno = 0
        let count = getline(&buffer, &capacity, stdin)
        guard count >= 0, let buffer else {
            if errno == EINTR {
                clearerr(stdin)
                return .interrupted
            }
            return .endOfInput
        }
        var bytes = UnsafeBufferPointer(
            start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: count)
        if let last = bytes.last, last == UInt8(ascii: "\n") {
            bytes = UnsafeBufferPointer(rebasing: bytes.dropLast())
        }
        return .line(String(decoding: bytes, as: UTF8.self))
    }

    /// Piped input has no history.
    func recordChunk(_ chunk: String) {}
}
