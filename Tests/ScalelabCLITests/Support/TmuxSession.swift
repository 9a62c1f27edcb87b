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
        _ = try? run(["kill-server"])
    }

    /// Types `keys`: each element is a tmux key name (`Enter`, `C-c`, `Up`, `Tab`) or, with
    /// `literal`, text typed as is.
    func send(_ keys: String..., literal: Bool = false) throws {
        try run(["send-keys", "-t", "0"] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible screen, lines joined with newlines, trailing blanks trimmed.
    func screen() throws -> String {
        try run(["capture-pane", "-p", "-t", "0"])
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

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tmux)
        process.arguments = ["-L", socket] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
