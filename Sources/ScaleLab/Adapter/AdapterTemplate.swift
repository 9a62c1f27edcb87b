/// A Go text/template with prometheus-adapter's `<<` `>>` delimiters, for the subset the
/// adapter's templates use: field references (`<<.Series>>`, `<< .GroupBy >>`), trim markers
/// (`<<-`, `->>`), and `index` on a map field (`<<index .LabelValuesByName "pod">>`).
///
/// prometheus-adapter (pkg/naming/metrics_query.go NewMetricsQuery, resource_converter.go)
/// parses the templates with `template.New(...).Delims("<<", ">>")`; other actions are
/// rejected with an error naming the action.
public struct AdapterTemplate: Sendable, Equatable {
    /// A value a template field can hold.
    public enum Value: Sendable, Equatable {
        /// A string, printed as is.
        case string(String)
        /// A list, printed like Go's `%v`: `[a b]`.
        case list([String])
        /// A map, printed like Go's `%v`: `map[a:1 b:2]` (sorted keys).
        case map([String: String])
    }

    enum Piece: Sendable, Equatable {
        case text(String)
        case field(String)
        case index(field: String, key: String)
    }

    /// The template source.
    public let source: String
    let pieces: [Piece]

    /// Parses a template; `name` is used in error messages like Go's (`template: name:...`).
    public init(_ source: String, name: String) throws(AdapterConfigError) {
        self.source = source
        var pieces: [Piece] = []
        var rest = Substring(source)
        var text = ""
        while let open = rest.range(of: "<<") {
            text += rest[..<open.lowerBound]
            var after = rest[open.upperBound...]
            if after.hasPrefix("-") && after.dropFirst().first?.isWhitespace == true {
                while let last = text.last, last.isWhitespace { text.removeLast() }
                after = after.dropFirst()
            }
            guard let close = after.range(of: ">>") else {
                throw AdapterConfigError(
                    "template: \(name): unclosed action in \(goQuote(source))")
            }
            var action = after[..<close.lowerBound]
            rest = after[close.upperBound...]
            if action.hasSuffix("-") && action.dropLast().last?.isWhitespace == true {
                action = action.dropLast()
                rest = rest.drop { $0.isWhitespace }
            }
            if !text.isEmpty { pieces.append(.text(text)) }
            text = ""
            pieces.append(try Self.parseAction(String(action), name: name, source: source))
        }
        text += rest
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    private static func parseAction(_ raw: String, name: String, source: String)
        throws(AdapterConfigError) -> Piece
    {
        let words = raw.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.count == 1, words[0].hasPrefix("."), words[0].count > 1 {
            return .field(String(words[0].dropFirst()))
        }
        if words.count == 3, words[0] == "index", words[1].hasPrefix("."),
            let key = Parser.unquote(words[2])
        {
            return .index(field: String(words[1].dropFirst()), key: key)
        }
        throw AdapterConfigError(
            "template: \(name): unsupported action <<\(raw)>> in \(goQuote(source)) (supported: "
                + "<<.Field>> and <<index .Field \"key\">>)")
    }

    /// The fields the template refers to.
    public var fields: [String] {
        pieces.compactMap {
            switch $0 {
            case .text: return nil
            case .field(let f), .index(let f, _): return f
            }
        }
    }

    /// Executes the template; a field it names must be in `values`, as Go's template errors
    /// on a missing struct field.
    public func execute(_ values: [String: Value], name: String) throws(AdapterConfigError)
        -> String
    {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let t): out += t
            case .field(let f):
                guard let value = values[f] else {
                    throw AdapterConfigError(
                        "template: \(name): can't evaluate field \(f) in \(goQuote(source))")
                }
                switch value {
                case .string(let s): out += s
                case .list(let l): out += "[" + l.joined(separator: " ") + "]"
                case .map(let m):
                    out += "map[" + m.keys.sorted().map { "\($0):\(m[$0] ?? "")" }
                        .joined(separator: " ") + "]"
                }
            case .index(let f, let key):
                guard case .map(let m)? = values[f] else {
                    throw AdapterConfigError(
                        "template: \(name): can't index field \(f) in \(goQuote(source))")
                }
                // Go's index on a map yields the zero value for a missing key.
                out += m[key] ?? ""
            }
        }
        return out
    }
}
