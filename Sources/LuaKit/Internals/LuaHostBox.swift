import CLuaShim

/// A Swift callable owned by Lua: the C trampolines hold a retained
/// pointer to a box (in a userdata upvalue whose `__gc` queues the
/// release) and call ``luaKitHostCall``, which calls `invoke`.
///
/// `invoke` never lets a Lua error cross it: the body's Swift errors become
/// a status the trampoline raises after this frame has returned.
class LuaHostBox {
    /// What `help()` says about it (``LuaDoc/none`` when undescribed).
    var doc = LuaDoc.none
    /// For a method: its type's name and its own name.
    var owner: String?
    var name: String?

    func invoke(_ L: OpaquePointer, _ object: UnsafeMutableRawPointer?) -> Int32 { 0 }

    /// Hands the box to C: one retain, released by the box's `__gc`.
    final func retainedPointer() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }
}

/// A plain Swift function.
final class LuaFunctionBox: LuaHostBox {
    let body: (LuaCall) throws -> Int32

    init(_ body: @escaping (LuaCall) throws -> Int32) { self.body = body }

    override func invoke(_ L: OpaquePointer, _ object: UnsafeMutableRawPointer?) -> Int32 {
        do {
            return try body(LuaCall(L))
        } catch {
            return LuaCall.raise(error, L)
        }
    }
}

/// A method of a userdata type: `object` is its checked Swift object.
final class LuaMethodBox<T: AnyObject>: LuaHostBox {
    let body: (T, LuaCall) throws -> Int32

    init(_ body: @escaping (T, LuaCall) throws -> Int32) { self.body = body }

    override func invoke(_ L: OpaquePointer, _ object: UnsafeMutableRawPointer?) -> Int32 {
        guard let object else { return 0 }
        // The object is kept alive by the userdata in argument 1.
        return Unmanaged<T>.fromOpaque(object)._withUnsafeGuaranteedRef { target in
            do {
                return try body(target, LuaCall(L))
            } catch {
                return LuaCall.raise(error, L)
            }
        }
    }
}

/// A property getter of a userdata type: the hot path of `obj.field`, so
/// it calls the getter directly rather than through a method closure.
final class LuaGetterBox<T: AnyObject>: LuaHostBox {
    let get: (T) throws -> LuaValue

    init(_ get: @escaping (T) throws -> LuaValue) { self.get = get }

    override func invoke(_ L: OpaquePointer, _ object: UnsafeMutableRawPointer?) -> Int32 {
        guard let object else { return 0 }
        return Unmanaged<T>.fromOpaque(object)._withUnsafeGuaranteedRef { target in
            do {
                return LuaCall(L).push(try get(target))
            } catch {
                return LuaCall.raise(error, L)
            }
        }
    }
}

/// The single entry from C into Swift (`clua_HostCall`).
let luaKitHostCall: clua_HostCall = { L, box, object in
    guard let L, let box else { return 0 }
    // The box is kept alive by its userdata upvalue: no retain needed.
    return Unmanaged<LuaHostBox>.fromOpaque(box)._withUnsafeGuaranteedRef {
        $0.invoke(L, object)
    }
}

/// Releases a retained box or object (`clua_HostRelease`), outside the GC.
let luaKitRelease: clua_HostRelease = { pointer in
    guard let pointer else { return }
    Unmanaged<AnyObject>.fromOpaque(pointer).release()
}
