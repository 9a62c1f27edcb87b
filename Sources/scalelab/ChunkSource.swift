#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Reads Lua chunks from files and stdin the way `luaL_loadfilex` does: `cannot open` /
/// `cannot read` errors with the system's reason, a UTF-8 byte-order mark and a first line
/// starting with `#` (a Unix "shebang") skipped while keeping line numbers.
enum ChunkSource {
    /// A chunk's source and its chunk name (`@path` or `=stdin`).
    struct Chunk {
        /// The source, as bytes: Lua source is bytes, so a string literal holding bytes that
        /// are not UTF-8 keeps them exactly (no U+FFFD), as with `lua`.
        var bytes: [UInt8]
        /// The chunk name for error messages.
        var name: String
    }

    /// An unreadable file, worded as lua's `errfile`: `cannot open nofile.lua: No such file or
    /// directory`.
    struct ReadError: Error, CustomStringConvertible {
        /// The message.
        var description: String
    }

    /// Reads the file at `path`, or stdin when `path` is nil.
    static func read(path: String?) throws -> Chunk {
        let bytes = try readBytes(path: path)
        return Chunk(bytes: skipPrefix(bytes), name: path.map { "@" + $0 } ?? "=stdin")
    }

    /// The bytes of the file at `path`, or of stdin when `path` is nil.
    static func readBytes(path: String?) throws -> [UInt8] {
        let fd: Int32
        if let path {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw failure("open", path) }
        } else {
            fd = STDIN_FILENO
        }
        defer { if path != nil { close(fd) } }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read", path ?? "stdin")
            }
            bytes.append(contentsOf: buffer[..<count])
        }
        return bytes
    }

    /// lauxlib.c `skipcomment`: skips a BOM, and a first line starting with `#` up to (not
    /// including) its newline, so line numbers stay right.
    static func skipPrefix(_ bytes: [UInt8]) -> [UInt8] {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        if start < bytes.count, bytes[start] == UInt8(ascii: "#") {
            start = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        }
        return Array(bytes[start...])
    }

    private static func failure(_ what: String, _ name: String) -> ReadError {
        ReadError(description: "cannot \(what) \(name): \(String(cString: strerror(errno)))")
    }
}
