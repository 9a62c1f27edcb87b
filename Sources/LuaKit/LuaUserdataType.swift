import CLuaShim

/// A Swift class exposed to Lua as a userdata type: methods (`obj:m()`),
/// properties (`obj.p`, `obj.p = v`), `__tostring`, `__eq` and other
/// metamethods. Build it, then ``LuaRuntime/register(_:)`` it.
///
/// The same Swift object always maps to the same userdata while that
/// userdata lives. The userdata holds a strong reference, released after
/// Lua collects it (never inside the collector itself).
///
/// ```swift
/// let counter = LuaUserdataType<Counter>(name: "scalelab.Counter")
///     .method("inc") { c, call in c.n += try call.integer(2); return 0 }
///     .property("n", get: { .integer($0.n) })
///     .tostring { "Counter(\($0.n))" }
/// try runtime.register(counter)
/// ```
public final class LuaUserdataType<T: AnyObject> {
    /// The metatable name (`__name`): shown by `tostring` and in errors.
    public let name: String
    var methods: [(String, LuaMethodBox<T>)] = []
    var getters: [(String, LuaGetterBox<T>)] = []
    var setters: [(String, LuaMethodBox<T>)] = []
    var metamethods: [(String, LuaMethodBox<T>)] = []

    /// One line about the type, for `help()` (empty: undescribed).
    public var summary: String
    var propertyDocs: [String: LuaDoc] = [:]

    /// A type named `name` (use a dotted prefix: `scalelab.Deployment`); `summary` is one line
    /// about it for `help()`.
    public init(name: String, summary: String = "") {
        self.name = name
        self.summary = summary
    }

    /// A method: `body` gets the object and the call (`self` is argument
    /// 1, so the first real argument is 2); it pushes its results and
    /// returns their count. `signature` and `summary` describe it for
    /// `help()` and the editor stubs (see ``LuaDoc``):
    /// `.method("scale", "(replicas: integer): Deployment", "sets the replicas") { ... }`.
    @discardableResult
    public func method(
        _ name: String, _ signature: String = "", _ summary: String = "",
        _ body: @escaping (T, LuaCall) throws -> Int32
    ) -> Self {
        let box = LuaMethodBox(body)
        box.doc = LuaDoc(signature, summary)
        box.owner = self.name
        box.name = name
        methods.append((name, box))
        return self
    }

    /// A property: `get` reads it; `set` (if any) assigns it, else the
    /// property is read-only and assigning it is an error. `type` and
    /// `summary` describe it (`.property("replicas", "integer", "desired replicas", get: ...)`).
    @discardableResult
    public func property(
        _ name: String, _ type: String = "", _ summary: String = "",
        get: @escaping (T) throws -> LuaValue,
        set: ((T, LuaValue) throws -> Void)? = nil
    ) -> Self {
        getters.append((name, LuaGetterBox(get)))
        propertyDocs[name] = LuaDoc(type, summary)
        if let set {
            setters.append((name, LuaMethodBox { object, call in
                try set(object, call.value(3))
                return 0
            }))
        }
        return self
    }

    /// `__tostring`: what `tostring(obj)`, `print(obj)` and the REPL show.
    @discardableResult
    public func tostring(_ body: @escaping (T) throws -> String) -> Self {
        metamethod("__tostring") { object, call in call.push(try body(object)) }
    }

    /// `__eq` between two objects of this type (identity is always equal).
    @discardableResult
    public func equals(_ body: @escaping (T, T) -> Bool) -> Self {
        metamethod("__eq") { object, call in
            // The C side checked that argument 2 is a live object of this type.
            guard let other = clua_rawobject(call.L, 2) else { return call.push(false) }
            return call.push(body(object, Unmanaged<T>.fromOpaque(other).takeUnretainedValue()))
        }
    }

    /// Any other metamethod (`__len`, `__call`, `__close`, `__lt`, ...),
    /// called with the object as argument 1.
    @discardableResult
    public func metamethod(_ event: String, _ body: @escaping (T, LuaCall) throws -> Int32)
        -> Self
    {
        metamethods.append((event, LuaMethodBox(body)))
        return self
    }
}

extension LuaUserdataType {
    /// Methods and properties with their descriptions (a getter wins a name clash, as in
    /// `__index`).
    func typeDescription() -> LuaTypeDescription {
        var members: [String: LuaTypeDescription.Member] = [:]
        for (name, box) in methods {
            members[name] = .init(name: name, kind: .method, doc: box.doc)
        }
        let writable = Set(setters.map(\.0))
        for (name, _) in getters {
            members[name] = .init(name: name,
                                  kind: writable.contains(name) ? .writableProperty : .property,
                                  doc: propertyDocs[name] ?? .none)
        }
        return LuaTypeDescription(name: name, summary: summary,
                                  members: members.values.sorted { $0.name < $1.name })
    }
}

extension LuaRuntime {
    /// Registers a userdata type; objects of `T` can then be pushed
    /// (``LuaValue/object(_:)``, ``LuaCall/push(_:)-(LuaValue)``).
    public func register<T>(_ type: LuaUserdataType<T>) throws {
        let L = current
        guard lua_checkstack(L, 8) != 0 else { throw LuaError.memory }
        guard clua_newtype(L, type.name) == 1 else {
            clua_pop(L, 1)
            throw LuaError.runtime(
                message: "a userdata type named '\(type.name)' is already registered",
                traceback: "")
        }
        for (name, box) in type.methods { clua_addmethod(L, -1, name, box.retainedPointer()) }
        for (name, box) in type.getters { clua_addgetter(L, -1, name, box.retainedPointer()) }
        for (name, box) in type.setters { clua_addsetter(L, -1, name, box.retainedPointer()) }
        for (event, box) in type.metamethods {
            clua_setmetamethod(L, -1, event, box.retainedPointer())
        }
        clua_finishtype(L, -1)
        let ref = luaL_ref(L, clua_registryindex())
        types.append(TypeInfo(type: ObjectIdentifier(T.self), name: type.name, metatableRef: ref,
                              description: type.typeDescription()))
    }

    func typeInfo(_ type: AnyObject.Type) -> TypeInfo? {
        let id = ObjectIdentifier(type)
        return types.first { $0.type == id }
    }

    /// Pushes the userdata of `object` (false if its type is not registered).
    func pushObject(_ object: AnyObject, _ L: OpaquePointer) -> Bool {
        guard let info = typeInfo(type(of: object)) else { return false }
        lua_rawgeti(L, clua_registryindex(), lua_Integer(info.metatableRef))
        let pointer = Unmanaged.passUnretained(object).toOpaque()
        if clua_pushobject(L, pointer, -1) == 1 {
            _ = Unmanaged.passRetained(object)  // owned by the new userdata
        }
        clua_remove(L, -2)
        return true
    }

    /// The Swift object of a userdata reference, if it is a live `T`.
    func object<T: AnyObject>(of reference: LuaReference, as type: T.Type) -> T? {
        guard let info = typeInfo(type) else { return nil }
        let L = current
        reference.push(L)
        lua_rawgeti(L, clua_registryindex(), lua_Integer(info.metatableRef))
        let pointer = clua_toobject(L, -2, -1)
        clua_pop(L, 2)
        return pointer.map { Unmanaged<T>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The Lua value (userdata) of a Swift object of a registered type.
    public func value(of object: AnyObject) -> LuaValue {
        let L = current
        guard pushObject(object, L) else { return .nil }
        defer { clua_pop(L, 1) }
        return .userdata(LuaReference(runtime: self, L: L, index: -1))
    }
}
