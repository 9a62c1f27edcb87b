import CLuaShim

/// One Lua state and everything LuaKit knows about it.
///
/// Not thread-safe: use a runtime from one thread only, except
/// ``interruptHandle``, which any thread may use. Every Lua call it makes
/// is protected (`lua_pcall` with lua.c's message handler); Swift callbacks
/// never raise Lua errors themselves (see `CLuaShim`).
public final class LuaRuntime {
    /// How a runtime is set up.
    public struct Options: Sendable {
        /// Which standard libraries to open.
        public enum Libraries: Sendable {
            /// None: the host opens what it needs.
            case none
            /// All of them, as `lua` does (trusted scripts).
            case standard
            /// The sandbox set: no io, no os.execute/exit/remove/rename/
            /// getenv/tmpname, no C loaders or `package.loadlib`, text-only
            /// `load` (reference/lua-embedding.md 5.3).
            case sandbox
        }

        /// The libraries opened at creation.
        public var libraries: Libraries
        /// Cap on the Lua heap in bytes (nil: none). Exceeding it raises
        /// `not enough memory`; the state remains usable.
        public var memoryLimit: Int?
        /// Keep a count hook on every thread at all times, so interrupts,
        /// timeouts and budgets also reach coroutines. Costs up to 2x on
        /// tight Lua loops (5.1); without it an interrupt sets the hook on
        /// the main thread only, as `lua` does.
        public var hookEverywhere: Bool
        /// `lua -E`: set the registry field `LUA_NOENV` before opening the
        /// libraries, so `package` ignores `LUA_PATH` and `LUA_CPATH`.
        public var ignoreEnvironment: Bool

        /// Options; the defaults are `lua`'s (all libraries, no cap).
        public init(
            libraries: Libraries = .standard, memoryLimit: Int? = nil,
            hookEverywhere: Bool = true, ignoreEnvironment: Bool = false
        ) {
            self.libraries = libraries
            self.memoryLimit = memoryLimit
            self.hookEverywhere = hookEverywhere
            self.ignoreEnvironment = ignoreEnvironment
        }
    }

    struct TypeInfo {
        let type: ObjectIdentifier
        let name: String
        let metatableRef: Int32
        /// Its members' descriptions, for `help()` and the editor stubs.
        let description: LuaTypeDescription
    }

    /// The main thread.
    let L: OpaquePointer
    /// False for a state attached with ``attached(to:)``: someone else closes it.
    let owned: Bool
    /// The registered userdata types. A handful, searched linearly: an array, not a
    /// dictionary, because the first `Dictionary` of a new key type costs a scan of every
    /// protocol conformance in the binary (~0.5 M instructions at start-up).
    var types: [TypeInfo] = []
    /// Descriptions of Lua functions (``describe(_:as:)``), by address; the reference keeps
    /// each function alive so an address is never reused.
    var luaFunctionDocs: [UnsafeRawPointer: (LuaReference, LuaDoc)] = [:]
    /// The options the runtime was created with.
    public let options: Options

    /// Creates a state with the given options.
    public init(_ options: Options = Options()) throws {
        self.options = options
        owned = true
        let limit = options.memoryLimit.map { max($0, 1) } ?? 0
        guard
            let L = clua_newstate(
                limit, options.hookEverywhere ? 1 : 0, luaKitHostCall, luaKitRelease, nil)
        else { throw LuaError.memory }
        self.L = L
        clua_setowner(L, Unmanaged.passUnretained(self).toOpaque())
        if options.ignoreEnvironment {  // lua.c pmain: registry.LUA_NOENV = true
            LuaStack.pushString("LUA_NOENV", L)
            lua_pushboolean(L, 1)
            lua_rawset(L, clua_registryindex())
        }
        let status: Int32
        switch options.libraries {
        case .none: status = LUA_OK
        case .standard: status = clua_openlibs(L)
        case .sandbox: status = clua_opensandbox(L)
        }
        if status != LUA_OK { throw error(status: status, L) }
    }

    /// A runtime over the main thread of a state LuaKit did not create.
    init(attaching main: OpaquePointer) {
        options = Options(libraries: .none, memoryLimit: nil, hookEverywhere: false)
        owned = false
        L = main
    }

    deinit {
        if owned { clua_close(L) }
    }

    /// The thread Swift code is running on behalf of (the innermost callback's).
    var current: OpaquePointer { clua_current(L) ?? L }

    // MARK: running code

    /// Compiles `code` (text only, never bytecode) into a function.
    /// `name` is the chunk name: `=stdin` shows as `stdin:1:`,
    /// `@file.lua` as `file.lua:1:`.
    public func load(_ code: String, name: String = "=(load)") throws -> LuaReference {
        let L = current
        try pushChunk(code, name: name, L)
        defer { clua_pop(L, 1) }
        return LuaReference(runtime: self, L: L, index: -1)
    }

    /// Compiles `code` given as raw bytes (a file's contents: Lua source is bytes, so string
    /// literals with bytes that are not UTF-8 keep them exactly, as `lua` does).
    public func load(bytes code: [UInt8], name: String = "=(load)") throws -> LuaReference {
        let L = current
        try pushChunk(bytes: code, name: name, L)
        defer { clua_pop(L, 1) }
        return LuaReference(runtime: self, L: L, index: -1)
    }

    /// Compiles and runs `code`, returning its results.
    @discardableResult
    public func run(_ code: String, name: String = "=(load)") throws -> [LuaValue] {
        let L = current
        let base = lua_gettop(L)
        try pushChunk(code, name: name, L)
        return try callPushed(L, base: base, arguments: 0)
    }

    /// Compiles and runs `code` given as raw bytes (see ``load(bytes:name:)``).
    @discardableResult
    public func run(bytes code: [UInt8], name: String = "=(load)") throws -> [LuaValue] {
        let L = current
        let base = lua_gettop(L)
        try pushChunk(bytes: code, name: name, L)
        return try callPushed(L, base: base, arguments: 0)
    }

    /// Calls a function (or any callable value) with arguments.
    @discardableResult
    public func call(_ function: LuaReference, _ arguments: [LuaValue] = []) throws
        -> [LuaValue]
    {
        let L = current
        let base = lua_gettop(L)
        guard lua_checkstack(L, Int32(clamping: arguments.count + 8)) != 0 else {
            throw LuaError.runtime(message: "stack overflow (too many arguments)", traceback: "")
        }
        LuaStack.push(.function(function), L, self)
        for a in arguments { LuaStack.push(a, L, self) }
        return try callPushed(L, base: base, arguments: Int32(arguments.count))
    }

    /// Calls the global function `name`.
    @discardableResult
    public func call(global name: String, _ arguments: [LuaValue] = []) throws -> [LuaValue] {
        let L = current
        let base = lua_gettop(L)
        try pushGlobal(name, L)
        for a in arguments { LuaStack.push(a, L, self) }
        return try callPushed(L, base: base, arguments: Int32(arguments.count))
    }

    func pushChunk(_ code: String, name: String, _ L: OpaquePointer) throws {
        var code = code
        let status = code.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                clua_loadtext(L, $0.baseAddress, $0.count, name)
            }
        }
        if status != LUA_OK { throw error(status: status, L) }
    }

    func pushChunk(bytes code: [UInt8], name: String, _ L: OpaquePointer) throws {
        let status = code.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                clua_loadtext(L, $0.baseAddress, $0.count, name)
            }
        }
        if status != LUA_OK { throw error(status: status, L) }
    }

    /// Calls the function below `arguments` values above `base`.
    func callPushed(_ L: OpaquePointer, base: Int32, arguments: Int32) throws -> [LuaValue] {
        let status = clua_docall(L, arguments, LUA_MULTRET)
        if status != LUA_OK { throw error(status: status, L, base: base) }
        return LuaStack.popResults(L, above: base, self)
    }

    /// Pops the error message on top and classifies it.
    func error(status: Int32, _ L: OpaquePointer, base: Int32? = nil) -> LuaError {
        defer { lua_settop(L, base ?? (lua_gettop(L) - 1)) }
        let text: String
        switch LuaStack.string(L, -1) {
        case .string(let s): text = s
        case .bytes(let b): text = String(decoding: b, as: UTF8.self)
        default:
            let type = String(cString: lua_typename(L, lua_type(L, -1)))
            text = "(error object is a \(type) value)"
        }
        switch status {
        case LUA_ERRSYNTAX: return .syntax(message: text, incomplete: text.hasSuffix("<eof>"))
        case LUA_ERRMEM: return .memory
        default: break
        }
        let (message, traceback) = LuaError.split(text)
        switch LuaStopReason(clua_stopreason(L)) {
        case .interrupted: return .interrupted(message: message, traceback: traceback)
        case .timeout, .instructionLimit:
            return .limitExceeded(message: message, traceback: traceback)
        case .none: return .runtime(message: message, traceback: traceback)
        }
    }

    // MARK: globals and functions

    func pushGlobal(_ name: String, _ L: OpaquePointer) throws {
        clua_pushglobaltable(L)
        LuaStack.pushString(name, L)
        let status = clua_pgettable(L)
        if status != LUA_OK { throw error(status: status, L) }
    }

    /// The global `name` (`_G[name]`, metamethods honoured, protected).
    public func global(_ name: String) throws -> LuaValue {
        let L = current
        try pushGlobal(name, L)
        defer { clua_pop(L, 1) }
        return LuaStack.value(L, -1, self)
    }

    /// Sets the global `name` (`_G[name] = value`, protected).
    public func setGlobal(_ name: String, _ value: LuaValue) throws {
        let L = current
        clua_pushglobaltable(L)
        LuaStack.pushString(name, L)
        LuaStack.push(value, L, self)
        let status = clua_psettable(L)
        if status != LUA_OK { throw error(status: status, L) }
    }

    /// A Lua function running `body`. The body reads its arguments from
    /// the ``LuaCall``, pushes its results and returns their count; a
    /// thrown error becomes a Lua error (raised from C, after the body).
    public func function(_ body: @escaping (LuaCall) throws -> Int32) -> LuaValue {
        let L = current
        clua_pushhostfunction(L, LuaFunctionBox(body).retainedPointer())
        defer { clua_pop(L, 1) }
        return .function(LuaReference(runtime: self, L: L, index: -1))
    }

    /// Sets the global `name` to a Swift function (see ``function(_:)``).
    public func register(_ name: String, _ body: @escaping (LuaCall) throws -> Int32) throws {
        try setGlobal(name, function(body))
    }

    /// Sets the global `name` to a Swift function taking and returning
    /// converted values (simple, but allocates per call).
    public func registerValues(
        _ name: String, _ body: @escaping ([LuaValue]) throws -> [LuaValue]
    ) throws {
        try register(name) { call in
            let arguments = (0..<call.count).map { call.value($0 + 1) }
            return call.push(try body(arguments))
        }
    }

    // MARK: limits

    /// Bytes the Lua heap uses now.
    public var memoryUsed: Int { clua_memused(L) }

    /// The memory cap in bytes (nil: none); may be changed at any time.
    public var memoryLimit: Int? {
        get { let l = clua_memlimit(L); return l == 0 ? nil : l }
        set { clua_setmemlimit(L, newValue.map { max($0, 1) } ?? 0) }
    }

    /// Stops each outermost call that runs longer than `duration` with
    /// `message` (default `time limit exceeded`). Nil removes the limit.
    public func setTimeout(_ duration: Duration?, message: String? = nil) {
        let ns = duration.map { d -> Int64 in
            let (s, atto) = d.components
            return s.multipliedReportingOverflow(by: 1_000_000_000).overflow
                ? Int64.max : s * 1_000_000_000 + atto / 1_000_000_000
        }
        clua_settimeout(L, ns ?? 0, message)
    }

    /// Stops each outermost call after about `count` VM instructions.
    public func setInstructionLimit(_ count: Int?, message: String? = nil) {
        clua_setbudget(L, Int64(count ?? 0), message)
    }

    /// A handle other threads may use to interrupt this runtime.
    public var interruptHandle: LuaInterruptHandle { LuaInterruptHandle(host: clua_host(L)) }

    /// Interrupts the running code (`interrupted!`). Safe from any thread
    /// through ``interruptHandle``; this method is for the owning thread.
    public func interrupt() { interruptHandle.interrupt() }

    /// Why the last outermost call stopped early, if it did.
    public var lastStopReason: LuaStopReason { LuaStopReason(clua_stopreason(L)) }

    /// True when running code should stop (interrupt or deadline): long
    /// Swift loops called from Lua poll this, since hooks never fire in them.
    public var isCancellationRequested: Bool { clua_cancelrequested(L) != 0 }

    /// Runs a full garbage collection (finalizers run, protected).
    public func collectGarbage() throws {
        let status = clua_pgccollect(current)
        if status != LUA_OK { throw error(status: status, current) }
    }
}

extension LuaRuntime {
    /// A Lua value for a C function (no upvalues: pushing it cannot fail).
    func cFunction(_ f: lua_CFunction) -> LuaValue {
        let L = current
        lua_pushcclosure(L, f, 0)
        defer { clua_pop(L, 1) }
        return .function(LuaReference(runtime: self, L: L, index: -1))
    }
}
