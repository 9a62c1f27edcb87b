/// What `scalelab` was asked to do, parsed from its command line.
///
/// The grammar is `lua`'s (lua.c 5.4 `collectargs`, manual §7) plus scalelab's own long options
/// and one subcommand:
///
/// ```
/// scalelab [options] [script [args]]
/// scalelab conformance <suite> FILE.json
/// ```
enum Invocation: Equatable {
    /// Run Lua: options, then an optional script, then maybe the REPL.
    case run(LaunchOptions)
    /// `--help`: print the usage text to stdout and exit 0.
    case help
    /// `scalelab conformance <suite> FILE.json`.
    case conformance(suite: String, path: String)
    /// `--emit-types`: print `types/scalelab.d.lua` (LuaCATS annotations) and exit 0.
    case emitTypes
    /// `scalelab merge [--json] FILE...` (SweepCommands.swift).
    case merge([String])
    /// A bad command line: print `message` and the usage text to stderr, exit 1.
    case usageError(String)
}

/// The options of a Lua run, in the shape lua.c's `pmain` consumes them.
struct LaunchOptions: Equatable {
    /// One order-sensitive action of the command line: lua.c runs `-e`, `-l` and `-W`
    /// "in the order given" (`runargs`), so they are kept in one list.
    enum Action: Equatable {
        /// `-e stat`: run `stat` with chunk name `=(command line)`; its bytes exactly as in
        /// `argv` (lua.c runs them as given, invalid UTF-8 included).
        case execute([UInt8])
        /// `-l mod` / `-l g=mod`: `global = require(module)`.
        case require(global: String, module: String)
        /// `-W`: turn warnings on.
        case warningsOn
    }

    /// Where the script comes from.
    enum Script: Equatable {
        /// A file path.
        case file(String)
        /// `-` (not after `--`): standard input, read as a file.
        case standardInput
    }

    /// The full argument vector, `argv[0]` included (the `arg` table is built from it).
    var arguments: [String]
    /// `argv` as bytes, where the process gave them (`arguments` repairs invalid UTF-8 to
    /// U+FFFD; Lua strings carry the bytes as typed, as lua.c passes them).
    var rawArguments: [[UInt8]] = []
    /// The index in `arguments` of the script name, or `arguments.count` when there is none
    /// (lua.c's `script`).
    var scriptIndex: Int
    /// `-e`, `-l`, `-W` in command-line order.
    var actions: [Action] = []
    /// `-i`: enter the REPL after running the script.
    var interactive = false
    /// `-v` (also implied by `-i`): print the version line first.
    var showVersion = false
    /// `-E`: ignore `LUA_INIT*` (and set the registry field `LUA_NOENV` for `package`).
    var ignoreEnvironment = false
    /// Whether any `-e` was given (then no script and no `-i` means: do not start the REPL).
    var hasExecute = false
    /// `--sandbox`: no io, os.execute, os.exit, os.remove, os.rename, package.loadlib, C loaders.
    var sandbox = false
    /// `--max-memory SIZE`: the Lua heap cap in bytes.
    var maxMemory: Int?
    /// `--timeout DURATION`: the wall-clock budget of each chunk, in milliseconds.
    var timeoutMilliseconds: Int?
    /// `--timeout`'s value as the user typed it (`1s`), quoted back in the timeout error.
    var timeoutText: String?
    /// `--shard`, `--out`, `--emit-job`, `--shards`, `--image` after the script.
    var sweep = SweepCommands.Options()

    /// The script to run, if any.
    var script: Script? {
        guard scriptIndex < arguments.count else { return nil }
        let name = arguments[scriptIndex]
        // lua.c `handle_script`: "-" means stdin unless it came right after "--".
        if name == "-" && (scriptIndex == 0 || arguments[scriptIndex - 1] != "--") {
            return .standardInput
        }
        return .file(name)
    }

    /// The arguments passed to the script as `...` (lua.c `pushargs`).
    var scriptArguments: [String] {
        guard scriptIndex < arguments.count else { return [] }
        return Array(arguments[(scriptIndex + 1)...])
    }

    /// Argument `index` as the process received it.
    func bytes(of index: Int) -> [UInt8] {
        index < rawArguments.count ? rawArguments[index] : Array(arguments[index].utf8)
    }

    /// The `arg` table as (index, value) pairs: the script at 0, its arguments at 1…n, the
    /// interpreter and its options at negative indices; without a script the interpreter name
    /// is at 0 and everything else follows (lua.c `createargtable`).
    var argTable: [(index: Int, value: [UInt8])] {
        let base = scriptIndex < arguments.count ? scriptIndex : 0
        return arguments.indices.map { (index: $0 - base, value: bytes(of: $0)) }
    }

    /// Whether, with nothing else to do, scalelab reads standard input: the REPL (with the
    /// version banner) on a terminal, else stdin run as one chunk (lua.c `pmain`: no script,
    /// no `-e`, no `-v`, no `-i`).
    var readsStandardInputByDefault: Bool {
        !interactive && script == nil && !hasExecute && !showVersion
    }
}
