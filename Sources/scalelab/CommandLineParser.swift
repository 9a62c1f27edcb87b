/// Parses `scalelab`'s command line into an ``Invocation``: a pure function of the argument
/// vector, so every rule is unit-tested without running the binary.
///
/// Lua's options follow lua.c 5.4 `collectargs` exactly: options end at the first argument
/// that does not start with `-` (the script), at `--`, or at `-` (stdin as the script); `-e`
/// and `-l` take the rest of their own argument or the next one, which must not start with
/// `-`; `-i` implies `-v`; `-E`, `-W`, `-i`, `-v` take nothing joined. scalelab adds long
/// options (lua.c rejects every `--xyz`, so none of them changes a valid `lua` command line)
/// and the `conformance` subcommand as the first argument.
///
/// ```
/// $ scalelab -e 'x = 1' -l json=dkjson script.lua a b
/// ```
enum CommandLineParser {
    /// The subcommand word: `scalelab conformance <suite> FILE.json`.
    static let conformanceCommand = "conformance"

    /// Parses `arguments` (`argv`, including `argv[0]`); `raw` is `argv` as bytes (then `-e`
    /// chunks and the `arg` table keep bytes that are not UTF-8).
    static func parse(_ arguments: [String], raw: [[UInt8]] = []) -> Invocation {
        if arguments.count > 1 && arguments[1] == conformanceCommand {
            return parseConformance(Array(arguments.dropFirst(2)))
        }
        if arguments.count > 1 && arguments[1] == SweepCommands.mergeCommand {
            return .merge(Array(arguments.dropFirst(2)))
        }
        var options = LaunchOptions(arguments: arguments, scriptIndex: arguments.count)
        if raw.count == arguments.count { options.rawArguments = raw }
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            options.scriptIndex = i
            guard argument.hasPrefix("-") else { return SweepCommands.takeOptions(options) }
            let flag = argument.dropFirst()
            if flag.isEmpty { return .run(options) }  // "-": the script is stdin
            if flag.hasPrefix("-") {
                if flag == "-" {  // "--": stop handling options
                    options.scriptIndex = i + 1
                    return .run(options)
                }
                switch parseLongOption(arguments, at: &i, into: &options) {
                case .ok: i += 1; continue
                case .help: return .help
                case .emitTypes: return .emitTypes
                case .error(let message): return .usageError(message)
                }
            }
            let letter = flag.first ?? " "
            let joined = String(flag.dropFirst())
            switch letter {
            case "E", "W", "i", "v":
                guard joined.isEmpty else { return .usageError(unrecognized(argument)) }
                switch letter {
                case "E": options.ignoreEnvironment = true
                case "W": options.actions.append(.warningsOn)
                case "i": options.interactive = true; options.showVersion = true
                default: options.showVersion = true
                }
            case "e", "l":
                var value = joined
                var bytes = Array(options.bytes(of: i).dropFirst(2))  // after the ASCII "-e"
                if value.isEmpty {
                    i += 1
                    guard i < arguments.count, !arguments[i].hasPrefix("-") else {
                        return .usageError("'\(argument)' needs argument")
                    }
                    value = arguments[i]
                    bytes = options.bytes(of: i)
                }
                if letter == "e" {
                    options.hasExecute = true
                    options.actions.append(.execute(bytes))
                } else {
                    options.actions.append(libraryAction(value))
                }
            default:
                return .usageError(unrecognized(argument))
            }
            i += 1
        }
        options.scriptIndex = arguments.count  // no script name
        return .run(options)
    }

    /// `-l g=mod` requires `mod` into global `g`; plain `-l mod-v2` requires `mod-v2` into
    /// global `mod` (lua.c 5.4.8 `dolibrary`: the global name stops at `LUA_IGMARK`, "-").
    static func libraryAction(_ value: String) -> LaunchOptions.Action {
        if let equals = value.firstIndex(of: "=") {
            let module = value[value.index(after: equals)...]
            return .require(global: String(value[..<equals]), module: String(module))
        }
        let global = value.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            .first.map(String.init) ?? value
        return .require(global: global, module: value)
    }

    private enum LongOptionResult { case ok, help, emitTypes, error(String) }

    /// Handles `--help`, `--sandbox`, `--max-memory SIZE` and `--timeout DURATION` (values
    /// also as `--name=value`); advances `i` past a separate value.
    private static func parseLongOption(
        _ arguments: [String], at i: inout Int, into options: inout LaunchOptions
    ) -> LongOptionResult {
        let argument = arguments[i]
        var name = argument
        var value: String?
        if let equals = argument.firstIndex(of: "=") {
            name = String(argument[..<equals])
            value = String(argument[argument.index(after: equals)...])
        }
        switch name {
        case "--help" where value == nil:
            return .help
        case "--emit-types" where value == nil:
            return .emitTypes
        case "--sandbox" where value == nil:
            options.sandbox = true
            return .ok
        case "--max-memory", "--timeout":
            if value == nil {
                guard i + 1 < arguments.count, !arguments[i + 1].hasPrefix("-") else {
                    return .error("'\(name)' needs argument")
                }
                i += 1
                value = arguments[i]
            }
            let text = value ?? ""
            do {
                if name == "--max-memory" {
                    options.maxMemory = try LimitParsing.memorySize(text)
                } else {
                    options.timeoutMilliseconds = try LimitParsing.timeoutMilliseconds(text)
                    options.timeoutText = text
                }
            } catch {
                return .error("invalid \(name) '\(text)': \(error)")
            }
            return .ok
        default:
            return .error(unrecognized(argument))
        }
    }

    private static func parseConformance(_ rest: [String]) -> Invocation {
        guard rest.count == 2 else {
            return .usageError(
                "'\(conformanceCommand)' needs a suite and a FILE.json"
                    + " (usage: scalelab conformance <suite> FILE.json)")
        }
        return .conformance(suite: rest[0], path: rest[1])
    }

    private static func unrecognized(_ argument: String) -> String {
        "unrecognized option '\(argument)'"
    }
}
