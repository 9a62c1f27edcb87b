/// Decides what a REPL chunk is (reference/lua-embedding.md 1.6): an
/// expression whose values are shown, statements, input that needs more
/// lines, or a syntax error. Unlike lua.c it retries the whole buffer as an
/// expression on every line (so multi-line expressions print) and adds no
/// `;` after `return` (with it an expression could never end in `<eof>`).
public enum LuaChunkKind: Equatable, Sendable {
    /// Compiles as `return <chunk>`: show its values.
    case expression
    /// Compiles as `return <chunk>` once a trailing `;` is dropped: run it,
    /// keep `_`, show nothing (lua-repl's semicolon_suppress_output).
    case silentExpression
    /// Compiles as statements (their `return` values are still shown).
    case statements
    /// The parser reached the end of the input: read another line.
    case incomplete
    /// A syntax error, worded as the statement form's (as lua.c reports).
    case syntaxError(String)
}

/// The classifier: compiles with `compile` (which throws ``LuaError``).
public struct LuaChunkClassifier {
    let compile: (String) throws -> LuaReference

    /// A classifier that compiles in `runtime` under `chunkName`.
    public init(runtime: LuaRuntime, chunkName: String = "=stdin") {
        compile = { try runtime.load($0, name: chunkName) }
    }

    /// The kind of `chunk` and, unless incomplete or wrong, its function.
    public func classify(_ chunk: String) -> (LuaChunkKind, LuaReference?) {
        var expressionError = ""
        let trimmed = chunk.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        if trimmed.first == ";" {
            let body = String(trimmed.dropFirst().reversed())
            if let f = try? compile("return " + body) { return (.silentExpression, f) }
        } else {
            do {
                return (.expression, try compile("return " + chunk))
            } catch {
                expressionError = (error as? LuaError)?.message ?? ""
            }
        }
        do {
            return (.statements, try compile(chunk))
        } catch let error as LuaError {
            if case .syntax(let message, let incomplete) = error {
                if incomplete || expressionError.hasSuffix("<eof>") { return (.incomplete, nil) }
                return (.syntaxError(message), nil)
            }
            return (.syntaxError(error.message), nil)
        } catch {
            return (.syntaxError(String(describing: error)), nil)
        }
    }
}
