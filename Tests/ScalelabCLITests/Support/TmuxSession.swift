import Foundation

/// A terminal test driver: runs a command in a detached tmux session on a private server
/// socket (`tmux -L`), types keys with `send-keys` and reads the screen with `capture-pane`.
final class TmuxSession {
    /// The tmux executable, or nil when tmux is not installed (scripts/deps installs it).
    static let tmuxPath: String? = {
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] {
            let path = directory + "/tmux"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()

    private let tmux: String
    private let socket = "scalelab-test-\(getpid())-\(UUID().uuidString.prefix(8))"

    /// Starts `command` (a shell command line) in an 100×30 terminal with `TERM=xterm`.
    init(command: String) throws {
        guard let tmux = Self.tmuxPath else {
            throw HarnessError(description: "tmux is not installed (run scripts/deps)")
        }
        self.tmux = tmux
        try run(["-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", command])
    }

    deinit {
        close()
    }

    /// Ends the session now (tmux sends SIGHUP to the programs in it).
    func close() {
        _ = try? run(["kill-server"])
        // tmux leaves the socket file of a killed server behind; remove ours.
        let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(directory)/tmux-\(getuid())/\(socket)")
    }

    /// Types `keys`: each element is a tmux key name (`Enter`, `C-c`, `Up`, `Tab`) or, with
    /// `literal`, text typed as is.
    func send(_ keys: String..., literal: Bool = false) throws {
        try run(["send-keys", "-t", "0"] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible screen, lines joined with newlines, trailing blanks trimmed.
    func screen() throws -> String {
        try run(["capture-pane", "-p", "-J", "-t", "0"])
    }

    /// Polls the screen until `predicate` holds (generous timeout, only against a hang).
    @discardableResult
    func waitForScreen(timeout: Double = 30, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var text = try screen()
        while !predicate(text) && Date() < deadline {
            usleep(20_000)
            text = try screen()
        }
        return text
    }

    /// Runs tmux with `arguments` and returns its stdout. Uses posix_spawn and waitpid rather
    /// than Foundation's Process: the client that starts the server exits while the server it
    /// forked lives on, and Process did not notice that exit here. Output goes through a file,
    /// since the forked server inherits the client's stdout and would hold a pipe open.
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let outPath = try scratch.write("out", "")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_TRUNC, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = [tmux, "-L", socket] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        // An empty signal mask and default dispositions: the test runner's threads block
        // signals, and a server and panes inheriting that would ignore kill-server's SIGHUP.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGTERM, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let status = posix_spawn(&pid, tmux, &actions, &attributes, &cArguments, environ)
        guard status == 0 else {
            throw HarnessError(description: "cannot run tmux: \(String(cString: strerror(status)))")
        }
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) == -1 && errno == EINTR {}
        return try String(contentsOfFile: outPath, encoding: .utf8)
    }
}
