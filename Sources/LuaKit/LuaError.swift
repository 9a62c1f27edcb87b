/// An error from running Lua code, with the text exactly as `lua` prints it.
///
/// `message` is the error message (`stdin:1: boom`); `traceback` is the
/// `stack traceback:` block the message handler appended (lua.c's
/// `msghandler`), empty when there is none (memory errors, non-string error
/// objects with `__tostring`).
public enum LuaError: Error, Equatable, CustomStringConvertible {
    /// The chunk does not compile. `incomplete` is true when the parser hit
    /// the end of the input (`... near <eof>`): more lines could complete it.
    case syntax(message: String, incomplete: Bool)
    /// A runtime error (`error(...)`, a failed Swift callback, a bad call).
    case runtime(message: String, traceback: String)
    /// The allocator refused memory under the cap (`not enough memory`).
    case memory
    /// Stopped by ``LuaRuntime/interrupt()`` (Ctrl-C): `interrupted!`.
    case interrupted(message: String, traceback: String)
    /// Stopped by the wall-clock or instruction budget.
    case limitExceeded(message: String, traceback: String)

    /// The error message, without traceback.
    public var message: String {
        switch self {
        case .syntax(let message, _): return message
        case .runtime(let message, _), .interrupted(let message, _),
            .limitExceeded(let message, _):
            return message
        case .memory: return "not enough memory"
        }
    }

    /// The traceback block (`stack traceback:` ...), or "".
    public var traceback: String {
        switch self {
        case .runtime(_, let traceback), .interrupted(_, let traceback),
            .limitExceeded(_, let traceback):
            return traceback
        case .syntax, .memory: return ""
        }
    }

    /// Message and traceback as `lua` prints them on its error stream.
    public var description: String {
        traceback.isEmpty ? message : message + "\n" + traceback
    }

    /// Splits a message-handler result into message and traceback.
    static func split(_ text: String) -> (message: String, traceback: String) {
        guard let range = text.firstRange(of: "\nstack traceback:\n") else { return (text, "") }
        let traceback = text[text.index(after: range.lowerBound)...]
        return (String(text[..<range.lowerBound]), String(traceback))
    }
}

/// An error a Swift callback throws to make Lua raise a specific error.
public enum LuaCallError: Error, Equatable, CustomStringConvertible {
    /// `bad argument #index to 'f' (message)`, as `luaL_argerror` words it.
    case argument(index: Int, message: String)
    /// A message raised with the caller's position, as `luaL_error`.
    case message(String)

    /// The text of the error (without position).
    public var description: String {
        switch self {
        case .argument(let index, let message): return "bad argument #\(index) (\(message))"
        case .message(let message): return message
        }
    }
}
