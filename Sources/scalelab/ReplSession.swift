import LuaKit

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The read-eval-print loop: reads lines (libedit on a terminal, plain reads on a pipe), feeds
/// them to LuaKit's I/O-independent REPL core, writes results to stdout and errors to stderr
/// (no program-name prefix, as in lua.c's `doREPL`), and records each whole chunk as one
/// history entry.
struct ReplSession {
    /// The runtime the REPL core runs code in.
    var runtime: LuaRuntime

    /// Runs until end of input; returns the exit status (0).
    func run() -> Int32 {
        let core: LuaRepl
        do {
            core = try LuaRepl(runtime: runtime)
        } catch {
            StandardStreams.writeError("\(Launcher.programName): \(error)\n")
            return 1
        }
        let reader = makeReader(core)
        while true {
            // A Ctrl-C between two reads (while output was written or history saved) hit
            // no read and no running code: it still means "discard the pending chunk".
            if LuaSignals.takeInterruptCount() > 0 { core.cancel() }
            let input = reader.readLine(prompt: core.prompt)
            // SIGINTs that arrived during the read only interrupted it.
            _ = LuaSignals.takeInterruptCount()
            switch input {
            case .interrupted:
                core.cancel()
            case .endOfInput:
                // lua.c reports a chunk left incomplete with its `near <eof>` error
                // (testes/main.lua "input interrupted in continuation line").
                if case .failed(let message, let chunk)? = core.endOfInput() {
                    StandardStreams.writeError(message + "\n")
                    reader.recordChunk(chunk)
                }
                // lua.c `doREPL` ends the last prompt's line.
                StandardStreams.write("\n")
                return 0
            case .line(let line):
                let result = core.feed(line)
                _ = LuaSignals.takeInterruptCount()  // those stopped the code that just ran
                switch result {
                case .needMore:
                    continue
                case .done(let output, let chunk):
                    if !output.isEmpty { StandardStreams.write(output + "\n") }
                    reader.recordChunk(chunk)
                case .failed(let message, let chunk):
                    StandardStreams.writeError(message + "\n")
                    reader.recordChunk(chunk)
                }
            }
        }
    }

    /// libedit when stdin and stdout are terminals, else plain line reads.
    private func makeReader(_ core: LuaRepl) -> LineReader {
        guard StandardStreams.isTerminal(STDIN_FILENO), StandardStreams.isTerminal(STDOUT_FILENO)
        else { return PlainLineReader() }
        let editor = LineEditor(history: HistoryFile.inHomeDirectory()) { word in
            core.completions(for: word)
        }
        return editor ?? PlainLineReader()
    }
}
