import Foundation

/// The outcome of running a program to completion.
struct ProcessResult: Equatable {
    /// The exit status (or 128 + signal number when killed by a signal).
    var status: Int32
    /// Everything written to stdout.
    var stdout: String
    /// Everything written to stderr.
    var stderr: String
}

/// Errors of the test harness itself (not of the program under test).
struct HarnessError: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String
}

/// Runs `executable` with `arguments`, stdin from `input`, and waits (polling, up to
/// `timeout` seconds — generous, only to stop a hung child) for it to exit. Standard streams
/// go through files, as Lua's testes/main.lua does, so no pipe can fill up and block.
func runProgram(
    _ executable: String, _ arguments: [String], input: String = "",
    environment: [String: String]? = nil, directory: URL? = nil, timeout: Double = 120
) throws -> ProcessResult {
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let inputPath = try scratch.write("stdin", input)
    let outPath = try scratch.write("stdout", "")
    let errPath = try scratch.write("stderr", "")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    env["LUA_INIT"] = nil
    env["LUA_INIT_5_4"] = nil
    for (key, value) in environment ?? [:] { env[key] = value }
    process.environment = env
    process.standardInput = FileHandle(forReadingAtPath: inputPath)
    process.standardOutput = FileHandle(forWritingAtPath: outPath)
    process.standardError = FileHandle(forWritingAtPath: errPath)
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(5_000) }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        throw HarnessError(description: "\(executable) \(arguments) did not exit in \(timeout)s")
    }
    let status = process.terminationReason == .uncaughtSignal
        ? 128 + process.terminationStatus : process.terminationStatus
    let stdout = try String(contentsOfFile: outPath, encoding: .utf8)
    let stderr = try String(contentsOfFile: errPath, encoding: .utf8)
    return ProcessResult(status: status, stdout: stdout, stderr: stderr)
}

/// Runs the built `scalelab`.
func runScalelab(
    _ arguments: [String], input: String = "", environment: [String: String]? = nil,
    directory: URL? = nil
) throws -> ProcessResult {
    guard let binary = ScalelabBinary.path else {
        throw HarnessError(description: "the scalelab executable was not built")
    }
    return try runProgram(
        binary, arguments, input: input, environment: environment, directory: directory)
}

/// The REPL with empty prompts on piped stdin, as testes/main.lua runs
/// `lua -e"_PROMPT='' _PROMPT2=''" -i < prog > out`.
let quietRepl = ["-e", "_PROMPT='' _PROMPT2=''", "-i"]
