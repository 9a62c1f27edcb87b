/// Reading an element of a table of structs in place.
extension UnsafeBufferPointer {
    /// Element `i` read in place through the pointer's addressor: the buffer's own subscript
    /// is a getter, which copies the element (retaining every reference in it) whenever it is
    /// passed on to a function, even a `borrowing` parameter.
    @inline(__always)
    subscript(at i: Int) -> Element {
        unsafeAddress {
            precondition(i >= 0 && i < count, "index out of range")
            return baseAddress.unsafelyUnwrapped + i
        }
    }

    /// A pointer to element `i`, for functions that read a few fields of a large struct:
    /// passing the element itself copies it, even through `subscript(at:)`.
    @inline(__always)
    func pointer(at i: Int) -> UnsafePointer<Element> {
        precondition(i >= 0 && i < count, "index out of range")
        return baseAddress.unsafelyUnwrapped + i
    }
}
