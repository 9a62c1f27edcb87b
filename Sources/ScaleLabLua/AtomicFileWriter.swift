import Foundation

/// Writes a file atomically: the text goes to a temporary file beside the target, is flushed
/// to disk, and is renamed over the target. A failed write removes the temporary file and
/// leaves any old file untouched; the error says which path and why (strerror).
enum AtomicFileWriter {
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ text: String, to path: String) throws {
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent().path
        let temporary = directory + "/." + target.lastPathComponent + ".tmp-"
            + String(getpid())
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw failure(path, errno) }
        var ok = true
        var code: Int32 = 0
        let bytes = Array(text.utf8)
        var offset = 0
        while ok && offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Foundation.write(fd, base + offset, buffer.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                ok = false
                code = errno
            } else {
                offset += n
            }
        }
        if ok && fsync(fd) != 0 { ok = false; code = errno }
        if close(fd) != 0 && ok { ok = false; code = errno }
        if ok && rename(temporary, path) != 0 { ok = false; code = errno }
        if !ok {
            unlink(temporary)
            throw failure(path, code)
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> WriteError {
        WriteError(description: "cannot write '\(path)': " + String(cString: strerror(code)))
    }
}
