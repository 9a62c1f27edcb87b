import CLuaShim

/// A handle that interrupts a ``LuaRuntime`` from another thread.
///
/// `interrupt()` only sets an atomic flag that the runtime's hook reads
/// (within 1,000 instructions, on every thread of the state), so it is safe
/// from any thread. It must not be used after the runtime is deallocated.
/// From a signal handler, use the C functions of ``LuaSignals`` instead.
public struct LuaInterruptHandle: @unchecked Sendable {
    let host: OpaquePointer

    /// Stops the running Lua code with the error `interrupted!`.
    public func interrupt() { clua_interrupt(host) }
}

/// Why the last outermost call stopped early.
public enum LuaStopReason: Equatable, Sendable {
    /// Ran to the end (or failed on its own).
    case none
    /// ``LuaRuntime/interrupt()`` or Ctrl-C.
    case interrupted
    /// The wall-clock limit (``LuaRuntime/setTimeout(_:message:)``).
    case timeout
    /// The instruction budget (``LuaRuntime/setInstructionLimit(_:message:)``).
    case instructionLimit

    init(_ code: Int32) {
        switch code {
        case CLUA_STOP_INTERRUPT: self = .interrupted
        case CLUA_STOP_TIMEOUT: self = .timeout
        case CLUA_STOP_BUDGET: self = .instructionLimit
        default: self = .none
        }
    }
}

/// SIGINT handling for a host (the handler itself is C, in CLuaShim).
///
/// The handler is installed without `SA_RESTART`, so a blocking read (such
/// as libedit's `el_gets`) returns `EINTR` on Ctrl-C. While the target
/// runtime runs code, Ctrl-C interrupts it (`interrupted!`, not catchable
/// by `pcall`); a second Ctrl-C while the first is unanswered (code stuck
/// in C) restores the default action and re-raises it, as `lua` does.
public enum LuaSignals {
    /// Installs the SIGINT handler. Returns false if `sigaction` failed.
    @discardableResult
    public static func installInterruptHandler() -> Bool { clua_sigint_install() == 0 }

    /// Restores the SIGINT action that was in place before.
    public static func restoreInterruptHandler() { clua_sigint_restore() }

    /// The runtime Ctrl-C interrupts (nil: none).
    public static func setTarget(_ runtime: LuaRuntime?) { clua_sigint_target(runtime?.L) }

    /// The number of SIGINTs received since the last call (then resets it).
    public static func takeInterruptCount() -> Int { Int(clua_sigint_take()) }
}
