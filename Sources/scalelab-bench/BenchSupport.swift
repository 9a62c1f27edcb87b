#if canImport(Glibc)
import Glibc
#endif

/// Measurement helpers shared by the cases.
enum BenchSupport {
    /// Wall-clock seconds taken by `body`.
    static func seconds<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try body()
        let c = (clock.now - start).components
        return (value, Double(c.seconds) + Double(c.attoseconds) / 1e18)
    }

    /// The process's peak resident set size (VmHWM of /proc/self/status), in MiB; 0 when the
    /// file cannot be read.
    static func peakRSSMiB() -> Int {
        guard let file = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
                              as: UTF8.self)
            if text.hasPrefix("VmHWM:") {
                let kib = text.split(separator: " ").compactMap { Int($0) }.first ?? 0
                return kib / 1024
            }
        }
        return 0
    }

    /// The integer argument at `index`, or `fallback`.
    static func int(_ args: [String], _ index: Int, _ fallback: Int) -> Int {
        index < args.count ? Int(args[index]) ?? fallback : fallback
    }
}
