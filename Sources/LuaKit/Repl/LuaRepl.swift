import CLuaShim

/// What the REPL core answers to a line.
public enum LuaReplResult: Equatable, Sendable {
    /// The chunk is incomplete: read another line with ``LuaRepl/prompt``
    /// (now the `_PROMPT2` one).
    case needMore
    /// The chunk ran. `output` is the text of its values (tab-separated,
    /// tables pretty-printed; "" for statements); print it with a newline
    /// unless empty. `chunk` is the whole chunk, one history entry.
    case done(output: String, chunk: String)
    /// A syntax or runtime error: `message` as `lua` reports it (with
    /// `stdin:N:` and the traceback), for the error stream.
    case failed(message: String, chunk: String)
}

/// The I/O-independent core of a Lua REPL over a ``LuaRuntime``: the host
/// reads lines however it likes (libedit, a pipe, a test) and feeds them
/// here. It behaves as lua.c's REPL (reference/lua-embedding.md 1.5) with
/// the improved classifier of 1.6, pretty-printed results and `_`.
public final class LuaRepl {
    /// The runtime the REPL runs code in.
    public let runtime: LuaRuntime
    /// The chunk name of every chunk (`=stdin`).
    public let chunkName: String
    private let classifier: LuaChunkClassifier
    private let showFunction: LuaReference
    private let completeFunction: LuaReference
    private let promptFunction: LuaReference
    /// Lines of an incomplete chunk, as typed (for history) and as compiled.
    private var pendingLines: [String] = []
    private var pendingChunk = ""

    /// A REPL over `runtime`; errors name the chunk `chunkName` (`stdin:1:`).
    public init(runtime: LuaRuntime, chunkName: String = "=stdin") throws {
        self.runtime = runtime
        self.chunkName = chunkName
        classifier = LuaChunkClassifier(runtime: runtime, chunkName: chunkName)
        let chunk = try runtime.load(LuaReplSupport.source, name: "=(repl)")
        let helpers = [runtime.cFunction(clua_rawmetafield), runtime.cFunction(clua_rawtostring)]
        guard case .table(let support) = try runtime.call(chunk, helpers).first,
            case .function(let show) = support["show"],
            case .function(let complete) = support["complete"],
            case .function(let prompt) = support["prompt"]
        else {
            throw LuaError.runtime(message: "REPL support failed to load", traceback: "")
        }
        showFunction = show
        completeFunction = complete
        promptFunction = prompt
    }

    /// A one-time hint after the first chunk that starts with `local`
    /// ("locals do not persist between REPL lines", lua-embedding.md 1.5
    /// SHOULD); nil otherwise. Read it after ``feed(_:)``.
    public private(set) var hint: String?
    private var hintedLocal = false

    /// True while a chunk is incomplete (the continuation prompt is due).
    public var isContinuing: Bool { !pendingLines.isEmpty }

    /// The prompt to show now: `_PROMPT` or `_PROMPT2` (through
    /// `tostring`, read every time) or the defaults `> ` / `>> `.
    public var prompt: String {
        let level = isContinuing ? 2 : 1
        if case .string(let s)? = try? runtime.call(promptFunction, [.integer(level)]).first {
            return s
        }
        return level == 1 ? "> " : ">> "
    }

    /// Discards an incomplete chunk (Ctrl-C at the prompt).
    public func cancel() {
        pendingLines = []
        pendingChunk = ""
    }

    /// The input ended (Ctrl-D). A pending incomplete chunk is reported
    /// with its `near <eof>` error, as lua.c does; nil when none is pending.
    public func endOfInput() -> LuaReplResult? {
        guard isContinuing else { return nil }
        let history = pendingLines.joined(separator: "\n")
        let chunk = pendingChunk
        cancel()
        do {
            _ = try runtime.load(chunk, name: chunkName)
            return .failed(message: "incomplete chunk", chunk: history)
        } catch {
            return .failed(message: (error as? LuaError)?.message ?? "\(error)", chunk: history)
        }
    }

    /// Feeds one line (without its newline).
    public func feed(_ line: String) -> LuaReplResult {
        hint = nil
        var text = line
        if pendingLines.isEmpty, line.first == "=" {  // lua 5.2 compatibility
            text = "return " + line.dropFirst()
        }
        let chunk = pendingLines.isEmpty ? text : pendingChunk + "\n" + text
        let history = (pendingLines + [line]).joined(separator: "\n")
        let (kind, function) = classifier.classify(chunk)
        switch kind {
        case .incomplete:
            pendingLines.append(line)
            pendingChunk = chunk
            return .needMore
        case .syntaxError(let message):
            cancel()
            return .failed(message: message, chunk: history)
        case .expression, .silentExpression, .statements:
            cancel()
            if !hintedLocal, chunk.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("local ") {
                hintedLocal = true
                hint = "note: each REPL line is its own chunk, so locals do not persist"
                    + " to the next line; use a global (x = ...) or a do ... end block"
            }
            guard let function else { return .done(output: "", chunk: history) }
            return run(function, silent: kind == .silentExpression, history: history)
        }
    }

    /// Runs a compiled chunk and shows its results without leaving the
    /// Lua stack (values are formatted where they are, not converted).
    private func run(_ function: LuaReference, silent: Bool, history: String) -> LuaReplResult {
        let L = runtime.current
        let base = lua_gettop(L)
        function.push(L)
        var status = clua_docall(L, 0, LUA_MULTRET)
        if status == LUA_OK {
            let n = lua_gettop(L) - base
            guard lua_checkstack(L, 4) != 0 else {
                lua_settop(L, base)
                return .failed(message: "stack overflow (too many results)", chunk: history)
            }
            showFunction.push(L)
            lua_pushboolean(L, silent ? 1 : 0)
            lua_rotate(L, base + 1, 2)  // show(silent, results...)
            status = clua_docall(L, n + 1, 2)
            if status == LUA_OK {
                let output = LuaStack.value(L, base + 1, runtime)
                let failure = LuaStack.value(L, base + 2, runtime)
                lua_settop(L, base)
                if case .string(let message) = failure {
                    return .failed(message: message, chunk: history)
                }
                if case .string(let s) = output { return .done(output: s, chunk: history) }
                if case .bytes(let b) = output {
                    return .done(output: String(decoding: b, as: UTF8.self), chunk: history)
                }
                return .done(output: "", chunk: history)
            }
        }
        let error = runtime.error(status: status, L, base: base)
        return .failed(message: error.description, chunk: history)
    }

    /// Completion candidates for the word ending `text` (the line up to the
    /// cursor): globals and keywords, table fields (`string.fo` gives
    /// `string.format`), methods after `:` (`obj:` lists a userdata type's
    /// methods). Each candidate is the whole word; the host inserts the part
    /// after what was typed. Lookups are raw: no metamethod runs.
    public func completions(for text: String) -> [String] {
        guard case .table(let list)? = try? runtime.call(completeFunction, [.string(text)]).first
        else { return [] }
        return list.array.compactMap {
            if case .string(let s) = $0 { return s }
            return nil
        }
    }
}
