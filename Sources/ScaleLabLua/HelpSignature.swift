import LuaKit

/// A parsed ``LuaDoc`` signature: `"(name: type, name?: type): ret, ret?"` (see ``LuaDoc``).
/// `help()` prints the text as written; the LuaCATS stubs need its parts.
struct HelpSignature: Equatable {
    /// One parameter or result.
    struct Part: Equatable {
        /// The parameter name (`...` for varargs); empty for a result.
        var name: String
        /// A LuaCATS type (`string|number`, `Cluster`, `table[]`).
        var type: String
        /// `name?: type` or `type?`: may be absent or nil.
        var optional: Bool
    }

    var params: [Part]
    var returns: [Part]

    /// What is wrong with a signature, quoting it.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses a function or method signature.
    init(parsing text: String) throws {
        let s = Array(text)
        guard s.first == "(", let close = Self.matching(s, from: 0) else {
            throw Failure(description: "signature \"\(text)\" must start with \"(\" and close it")
        }
        params = try Self.split(String(s[1..<close])).map { item in
            guard let colon = item.firstIndex(of: ":") else {
                throw Failure(description: "parameter \"\(item)\" of \"\(text)\" needs \": type\"")
            }
            var name = item[..<colon].trimmed(" ")
            let optional = name.hasSuffix("?")
            if optional { name.removeLast() }
            let type = item[item.index(after: colon)...].trimmed(" ")
            guard name == "..." || Self.isName(name) else {
                throw Failure(description: "bad parameter name \"\(name)\" in \"\(text)\"")
            }
            try Self.checkType(type, in: text)
            return Part(name: name, type: type, optional: optional)
        }
        let rest = String(s[(close + 1)...]).trimmed(" ")
        if rest.isEmpty {
            returns = []
        } else {
            guard rest.hasPrefix(":") else {
                throw Failure(description: "expected \": results\" after \")\" in \"\(text)\"")
            }
            let results = String(rest.dropFirst())
            guard !results.trimmed(" ").isEmpty else {
                throw Failure(description: "no results after \":\" in \"\(text)\"")
            }
            returns = try Self.split(results).map { item in
                var type = item.trimmed(" ")
                let optional = type.hasSuffix("?")
                if optional { type.removeLast() }
                try Self.checkType(type, in: text)
                return Part(name: "", type: type, optional: optional)
            }
        }
    }

    /// Checks a property type (or any one type).
    static func checkType(_ type: String, in text: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.|[]{}<>,:?()\" ")
        guard !type.isEmpty, type.allSatisfy(allowed.contains),
            matching(Array("(" + type + ")"), from: 0) == type.count + 1
        else { throw Failure(description: "bad type \"\(type)\" in \"\(text)\"") }
    }

    private static func isName(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter || first == "_" else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The index of the bracket closing the one at `from`, nil when unbalanced.
    private static func matching(_ s: [Character], from: Int) -> Int? {
        var depth = 0
        for i in from..<s.count {
            switch s[i] {
            case "(", "{", "[", "<": depth += 1
            case ")", "}", "]", ">":
                depth -= 1
                if depth == 0 { return i }
                if depth < 0 { return nil }
            default: break
            }
        }
        return nil
    }

    /// Splits at top-level commas; an empty text is no items.
    private static func split(_ text: String) throws -> [String] {
        if text.trimmed(" ").isEmpty { return [] }
        var items: [String] = []
        var depth = 0
        var current = ""
        for c in text {
            switch c {
            case "(", "{", "[", "<": depth += 1
            case ")", "}", "]", ">": depth -= 1
            case "," where depth == 0:
                items.append(current)
                current = ""
                continue
            default: break
            }
            current.append(c)
        }
        items.append(current)
        return items
    }
}

extension StringProtocol {
    /// The text without leading and trailing `c`s.
    func trimmed(_ c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s.removeFirst() }
        while s.last == c { s.removeLast() }
        return String(s)
    }
}
