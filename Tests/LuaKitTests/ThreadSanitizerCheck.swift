#if canImport(Glibc)
import Glibc
#endif

/// Whether this test process runs under ThreadSanitizer (`scripts/test --sanitize thread`).
///
/// Debian's liblua5.4 is built with `_FORTIFY_SOURCE`, so `lua_error` leaves through
/// `__longjmp_chk`, which ThreadSanitizer does not intercept (it intercepts `longjmp`,
/// `siglongjmp` and the `setjmp` family): the instrumented frames a Lua error jumps over stay
/// on its shadow call stack (64Ki entries), so some 60,000 errors in one thread overflow it and
/// the process dies with SEGV. Tests that raise errors by the hundred thousand run fewer under
/// ThreadSanitizer; they run in full normally and under AddressSanitizer, which intercepts
/// `__longjmp_chk`.
let runsUnderThreadSanitizer: Bool = {
    let handle = dlopen(nil, RTLD_NOW)
    defer { if let handle { dlclose(handle) } }
    return dlsym(handle, "__tsan_init") != nil
}()
