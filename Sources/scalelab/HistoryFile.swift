#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The persistent REPL history file, `~/.scalelab_history` (libedit's own format, mode 0600,
/// written atomically by CEditShim). A failed write is reported once as a warning: losing
/// history must never stop the session.
final class HistoryFile {
    /// The file's path.
    let path: String
    private var warned = false

    /// The history file in the user's home directory (`$HOME`, else the password database),
    /// or nil when there is no home directory.
    static func inHomeDirectory() -> HistoryFile? {
        var home = getenv("HOME").map { String(cString: $0) }
        if home?.isEmpty ?? true, let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir {
            home = String(cString: dir)
        }
        guard let home, !home.isEmpty else { return nil }
        return HistoryFile(path: home + (home.hasSuffix("/") ? "" : "/") + ".scalelab_history")
    }

    /// A history file at `path`.
    init(path: String) {
        self.path = path
    }

    /// Prints `scalelab: warning: cannot save history to '<path>': <reason>` the first time.
    func warnOnce(errno code: Int32) {
        guard !warned else { return }
        warned = true
        let reason = String(cString: strerror(code))
        StandardStreams.writeError(
            "scalelab: warning: cannot save history to '\(path)': \(reason)\n")
    }
}
