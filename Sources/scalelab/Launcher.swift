import LuaKit
import ScaleLabLua

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Runs Lua as lua.c 5.4's `pmain` does, in its order: version line (`-v`), the state and its
/// libraries, `arg`, `LUA_INIT_5_4` / `LUA_INIT` (unless `-E`), `-e` / `-l` / `-W` in
/// command-line order, the script, then the REPL (`-i`, or nothing else to do on a terminal)
/// or stdin run as one chunk (nothing else to do on a pipe).
struct Launcher {
    /// The parsed options.
    var options: LaunchOptions

    /// The program name that prefixes errors outside the REPL (lua.c `progname`).
    static let programName = "scalelab"

    /// Runs everything and returns the exit status: 0, or 1 after the first error.
    func run() -> Int32 {
        if options.sweep.emitJob { return SweepCommands.emitJob(options) }
        SweepCommands.configure(options)
        if options.showVersion { StandardStreams.write(Version.line + "\n") }
        let runtime: LuaRuntime
        do {
            runtime = try LuaRuntime(
                LuaRuntime.Options(
                    libraries: options.sandbox ? .sandbox : .standard,
                    memoryLimit: options.maxMemory, hookEverywhere: true,
                    ignoreEnvironment: options.ignoreEnvironment))
            try prepare(runtime)
        } catch {
            return report(error)
        }
        // SIGINT without SA_RESTART: stops running code with "interrupted!" (and makes a
        // blocking read return EINTR, which the line readers turn into "discard the line").
        // A parent may have left SIGINT blocked (a test runner's thread mask is inherited).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        _ = LuaSignals.installInterruptHandler()
        LuaSignals.setTarget(runtime)
        defer { LuaSignals.setTarget(nil) }
        if !options.ignoreEnvironment, let status = runLuaInit(runtime) { return status }
        for action in options.actions {
            do {
                try perform(action, in: runtime)
            } catch {
                return report(error)
            }
        }
        if let script = options.script {
            do {
                let chunk = try ChunkSource.read(path: script == .standardInput ? nil : scriptPath)
                let function = try runtime.load(bytes: chunk.bytes, name: chunk.name)
                let first = options.scriptIndex + 1
                try runtime.call(
                    function, (first..<options.arguments.count).map { .bytes(options.bytes(of: $0)) })
            } catch {
                return report(error)
            }
        }
        if options.interactive {
            return ReplSession(runtime: runtime).run()
        }
        if options.readsStandardInputByDefault {
            if StandardStreams.isTerminal(STDIN_FILENO) {
                StandardStreams.write(Version.line + "\n")
                DemoScenario.preload(into: runtime)
                return ReplSession(runtime: runtime).run()
            }
            do {
                let chunk = try ChunkSource.read(path: nil)
                try runtime.run(bytes: chunk.bytes, name: chunk.name)
            } catch {
                return report(error)
            }
        }
        return 0
    }

    private var scriptPath: String {
        options.arguments[options.scriptIndex]
    }

    /// The state's set-up before any user code: `arg`, generational GC (as lua.c 5.4), the
    /// scalelab modules, and the per-chunk time limit.
    private func prepare(_ runtime: LuaRuntime) throws {
        let pairs = options.argTable
        let array = pairs.filter { $0.index >= 1 }.sorted { $0.index < $1.index }
        let fields = pairs.filter { $0.index < 1 }
            .map { (key: LuaValue.integer($0.index), value: LuaValue.bytes($0.value)) }
        try runtime.setGlobal(
            "arg", .table(LuaTable(array: array.map { .bytes($0.value) }, fields: fields)))
        if !options.sandbox {  // the sandbox's collectgarbage only counts
            try runtime.run("collectgarbage('generational')", name: "=(scalelab)")
        }
        try ScaleLabLua.open(runtime)
        if let milliseconds = options.timeoutMilliseconds {
            let limit = options.timeoutText ?? "\(milliseconds)ms"
            runtime.setTimeout(
                .milliseconds(milliseconds),
                message: "timeout: the chunk ran longer than --timeout \(limit)")
        }
    }

    /// lua.c `handle_luainit`: `LUA_INIT_5_4`, else `LUA_INIT`; `@file` runs the file, anything
    /// else runs as a chunk named `=LUA_INIT`. Returns an exit status on failure.
    private func runLuaInit(_ runtime: LuaRuntime) -> Int32? {
        var name = "LUA_INIT_5_4"
        var value = getenv(name)
        if value == nil {
            name = "LUA_INIT"
            value = getenv(name)
        }
        guard let value else { return nil }
        let text = String(cString: value)
        do {
            if text.hasPrefix("@") {
                let chunk = try ChunkSource.read(path: String(text.dropFirst()))
                try runtime.run(bytes: chunk.bytes, name: chunk.name)
            } else {
                try runtime.run(text, name: "=" + name)
            }
        } catch {
            return report(error)
        }
        return nil
    }

    /// One `-e` / `-l` / `-W` (lua.c `runargs`).
    private func perform(_ action: LaunchOptions.Action, in runtime: LuaRuntime) throws {
        switch action {
        case .execute(let statement):
            try runtime.run(bytes: statement, name: "=(command line)")
        case .require(let global, let module):
            // lua.c `dolibrary`: global = require(module), with `require` called directly so
            // its errors carry no caller position, as in lua. Its first result is always
            // package.loaded[module] (loadlib.c `ll_require`); the global is set from there in
            // Lua, since a table crossing into Swift is only a snapshot.
            _ = try runtime.call(global: "require", [.string(module)])
            let assign = try runtime.load(
                "local global, module = ...\n_ENV[global] = package.loaded[module]",
                name: "=(command line)")
            try runtime.call(assign, [.string(global), .string(module)])
        case .warningsOn:
            // lua_warning(L, "@on", 0): the control message through the standard `warn`.
            try runtime.call(global: "warn", [.string("@on")])
        }
    }

    /// lua.c `l_message`: `scalelab: message` and the traceback on stderr; returns 1.
    private func report(_ error: Error) -> Int32 {
        StandardStreams.writeError("\(Self.programName): \(error)\n")
        return 1
    }
}
