import Foundation

/// A running `scalelab` with a pipe on stdin and collected stdout/stderr, for tests that must
/// act while it runs (send SIGINT once it reports that a loop has started).
final class InteractiveProcess: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var stdoutData = Data()
    private var stderrData = Data()

    /// Starts the binary with `arguments`.
    init(_ arguments: [String]) throws {
        guard let binary = ScalelabBinary.path else {
            throw HarnessError(description: "the scalelab executable was not built")
        }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["LUA_INIT"] = nil
        env["LUA_INIT_5_4"] = nil
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.stdoutData.append(data) }
        }
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.stderrData.append(data) }
        }
        try process.run()
    }

    /// What the process wrote to stdout so far.
    var stdout: String { lock.withLock { String(decoding: stdoutData, as: UTF8.self) } }
    /// What the process wrote to stderr so far.
    var stderr: String { lock.withLock { String(decoding: stderrData, as: UTF8.self) } }

    /// Writes `text` to the process's stdin.
    func send(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Closes stdin (end of input).
    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// Sends SIGINT to the process (not to its group).
    func interrupt() {
        kill(process.processIdentifier, SIGINT)
    }

    /// Polls until `condition` holds or `timeout` seconds pass; returns whether it held.
    func waitFor(timeout: Double = 60, _ condition: (InteractiveProcess) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(self) { return true }
            usleep(10_000)
        }
        return condition(self)
    }

    /// Waits for exit (polling, up to `timeout` seconds, then kills) and returns the status.
    func waitForExit(timeout: Double = 60) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        // Stop the handlers and read what is left in the pipes.
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
        let restOut = output.fileHandleForReading.readDataToEndOfFile()
        let restErr = errors.fileHandleForReading.readDataToEndOfFile()
        lock.withLock {
            stdoutData.append(restOut)
            stderrData.append(restErr)
        }
        return process.terminationStatus
    }
}
