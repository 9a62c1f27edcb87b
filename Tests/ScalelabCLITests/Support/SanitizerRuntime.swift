import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The sanitizer this test process runs under (`scripts/test --sanitize address|thread`), if
/// any, so tests that load the sanitized `scalelab.so` into stock `lua5.4` can preload the
/// sanitizer's shared runtime: the test binary links it statically, the module leaves its
/// `__asan_*` / `__tsan_*` symbols to the host, and an uninstrumented host has none
/// ("undefined symbol: __asan_option_detect_stack_use_after_return").
enum SanitizerRuntime {
    /// `LD_PRELOAD` of the running sanitizer's shared runtime from the Swift toolchain, or no
    /// variables without a sanitizer.
    /// ThreadSanitizer's runtime also needs libdispatch's symbols
    /// ("undefined symbol: _dispatch_data_destructor_munmap"), so the toolchain's
    /// `libdispatch.so` is preloaded with it.
    static var environment: [String: String] {
        guard let name = runtimeName, let path = toolchainLibrary("clang", name) else { return [:] }
        guard isThreadSanitizer else { return ["LD_PRELOAD": path] }
        guard let dispatch = toolchainLibrary("swift", "linux/libdispatch.so") else { return [:] }
        return ["LD_PRELOAD": path + ":" + dispatch]
    }

    /// Whether this process runs under ThreadSanitizer.
    static var isThreadSanitizer: Bool { runtimeName?.hasPrefix("libclang_rt.tsan") ?? false }

    /// `libclang_rt.<asan|tsan>-x86_64.so` when this process has that runtime inside.
    private static var runtimeName: String? {
        let handle = dlopen(nil, RTLD_NOW)
        defer { if let handle { dlclose(handle) } }
        #if arch(x86_64)
        let arch = "x86_64"
        #else
        let arch = "aarch64"
        #endif
        if dlsym(handle, "__asan_init") != nil { return "libclang_rt.asan-\(arch).so" }
        if dlsym(handle, "__tsan_init") != nil { return "libclang_rt.tsan-\(arch).so" }
        return nil
    }

    /// `<toolchain>/usr/lib/clang/<version>/lib/linux/<name>` (`directory` "clang") or
    /// `<toolchain>/usr/lib/swift/<name>` (`directory` "swift"), the toolchain found from the
    /// `swift` on `PATH` (the one that built these tests).
    private static func toolchainLibrary(_ directory: String, _ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for dir in path.split(separator: ":") {
            let swift = URL(fileURLWithPath: String(dir)).appendingPathComponent("swift")
            guard FileManager.default.isExecutableFile(atPath: swift.path) else { continue }
            let usr = swift.resolvingSymlinksInPath().deletingLastPathComponent()
                .deletingLastPathComponent()
            if directory == "swift" {
                let candidate = usr.appendingPathComponent("lib/swift/\(name)").path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
                continue
            }
            let clang = usr.appendingPathComponent("lib/clang")
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: clang.path)) ?? []
            for version in versions.sorted().reversed() {
                let candidate = clang.appendingPathComponent("\(version)/lib/linux/\(name)").path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
            }
        }
        return nil
    }
}
