import CLuaShim

/// What `help()` and the editor stubs (LuaCATS) say about one bound symbol: a signature in a
/// small LuaCATS-typed notation and a one-line summary.
///
/// Signatures of functions and methods: `"(name: type, name?: type, ...: type): ret, ret?"`
/// (`?` marks an optional parameter or a result that may be nil; types are LuaCATS types:
/// `string`, `number`, `integer`, `boolean`, `table`, `function`, `any`, unions `a|b`, arrays
/// `T[]`, and the short names of userdata types such as `Cluster`). A method's signature
/// omits `self`. A property's signature is its type (`"integer"`). An empty summary means
/// "not described": the coverage test of the bindings fails on it.
public struct LuaDoc: Sendable, Equatable {
    /// `"(opts: table): Cluster"` for a function, `"integer"` for a property.
    public var signature: String
    /// One line: what it does or holds.
    public var summary: String

    /// A description: signature and summary.
    public init(_ signature: String, _ summary: String) {
        self.signature = signature
        self.summary = summary
    }

    /// No description yet.
    public static let none = LuaDoc("", "")

    /// True when there is no summary.
    public var isEmpty: Bool { summary.isEmpty }
}

/// A registered userdata type as `help()` and the stub generator see it.
public struct LuaTypeDescription: Sendable {
    /// What a member is.
    public enum Kind: Sendable, Equatable {
        /// `obj:name(...)`.
        case method
        /// `obj.name`, read-only.
        case property
        /// `obj.name`, readable and assignable.
        case writableProperty
    }

    /// A method or property.
    public struct Member: Sendable {
        /// Its name.
        public let name: String
        /// Method or property.
        public let kind: Kind
        /// Its description (``LuaDoc/none`` when missing).
        public let doc: LuaDoc
    }

    /// The metatable name (`"scalelab.Cluster"`).
    public let name: String
    /// The last component of the name (`"Cluster"`): the class name of the stubs.
    public var shortName: String { name.split(separator: ".").last.map(String.init) ?? name }
    /// One line about the type (empty when missing).
    public let summary: String
    /// Properties and methods, sorted by name.
    public let members: [Member]
}

/// What the runtime knows about a Swift function value: its description and, for a method,
/// its type and name.
public struct LuaFunctionInfo: Sendable {
    /// The type name (`"scalelab.Cluster"`) of a method, nil for a plain function.
    public let owner: String?
    /// The method name, nil for a plain function (its name is where a module holds it).
    public let name: String?
    /// Its description (``LuaDoc/none`` when missing).
    public let doc: LuaDoc
    /// The same for every value of the same Swift function (an alias shares it).
    public let identity: ObjectIdentifier
}

extension LuaRuntime {
    /// Every registered userdata type, in registration order, with its members' descriptions.
    public var typeDescriptions: [LuaTypeDescription] { types.map(\.description) }

    /// The description of the userdata type named `name` (`"scalelab.Cluster"`), if registered.
    public func typeDescription(named name: String) -> LuaTypeDescription? {
        types.first { $0.name == name }?.description
    }

    /// A Swift function with a description (see ``LuaDoc``): `help()` shows it.
    public func function(
        _ signature: String, _ summary: String, _ body: @escaping (LuaCall) throws -> Int32
    ) -> LuaValue {
        let box = LuaFunctionBox(body)
        box.doc = LuaDoc(signature, summary)
        let L = current
        clua_pushhostfunction(L, box.retainedPointer())
        defer { clua_pop(L, 1) }
        return .function(LuaReference(runtime: self, L: L, index: -1))
    }

    /// The description of a function value made by LuaKit (a Swift function or a method of a
    /// userdata type); nil for Lua functions and other values.
    public func functionInfo(of value: LuaValue) -> LuaFunctionInfo? {
        guard case .function(let reference) = value, reference.runtime === self else {
            return nil
        }
        let L = current
        guard lua_checkstack(L, 2) != 0 else { return nil }
        if let pointer = reference.pointer, let (kept, doc) = luaFunctionDocs[pointer] {
            return LuaFunctionInfo(owner: nil, name: nil, doc: doc, identity: ObjectIdentifier(kept))
        }
        reference.push(L)
        defer { clua_pop(L, 1) }
        guard let pointer = clua_hostbox(L, -1) else { return nil }
        let box = Unmanaged<LuaHostBox>.fromOpaque(pointer).takeUnretainedValue()
        return LuaFunctionInfo(owner: box.owner, name: box.name, doc: box.doc,
                               identity: ObjectIdentifier(box))
    }

    /// Describes a function written in Lua (a wrapper of a Swift function, say), so `help()`
    /// and the stubs know it; Swift functions carry their own (``function(_:_:_:)``).
    public func describe(_ function: LuaValue, as doc: LuaDoc) {
        guard case .function(let reference) = function, reference.runtime === self,
            let pointer = reference.pointer
        else { return }
        luaFunctionDocs[pointer] = (reference, doc)
    }

    /// The type name (`"scalelab.Cluster"`) of a userdata of a registered type.
    public func typeName(of value: LuaValue) -> String? {
        guard case .userdata(let reference) = value, reference.runtime === self else {
            return nil
        }
        let L = current
        guard lua_checkstack(L, 4) != 0 else { return nil }
        reference.push(L)
        defer { clua_pop(L, 1) }
        for info in types {
            lua_rawgeti(L, clua_registryindex(), lua_Integer(info.metatableRef))
            let match = clua_toobject(L, -2, -1) != nil
            clua_pop(L, 1)
            if match { return info.name }
        }
        return nil
    }
}
