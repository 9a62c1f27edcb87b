#if canImport(Glibc)
@preconcurrency import Glibc
#endif

// The `scalelab` executable: lua-compatible command line, script runner and REPL.
// Dispatch only; each piece lives in the file named for it.
// argv as bytes too: CommandLine.arguments repairs invalid UTF-8, lua.c passes bytes as given.
let rawArguments = (0..<Int(CommandLine.argc)).map { index -> [UInt8] in
    guard let pointer = CommandLine.unsafeArgv[index] else { return [] }
    return Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer)))
        .map { UInt8(bitPattern: $0) }
}
switch CommandLineParser.parse(CommandLine.arguments, raw: rawArguments) {
case .help:
    StandardStreams.write(Usage.text)
    exit(0)
case .usageError(let message):
    // lua.c `print_usage`: the complaint, then the usage text, on stderr.
    StandardStreams.writeError("scalelab: \(message)\n" + Usage.text)
    exit(1)
case .emitTypes:
    exit(TypeStubsCommand.run())
case .conformance(let suite, let path):
    exit(ConformanceCommand.run(suite: suite, path: path))
case .merge(let files):
    exit(SweepCommands.merge(files))
case .run(let options):
    exit(Launcher(options: options).run())
}
