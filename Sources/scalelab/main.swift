#if canImport(Glibc)
@preconcurrency import Glibc
#endif

// The `scalelab` executable: lua-compatible command line, script runner and REPL.
// Dispatch only; each piece lives in the file named for it.
switch CommandLineParser.parse(CommandLine.arguments) {
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
