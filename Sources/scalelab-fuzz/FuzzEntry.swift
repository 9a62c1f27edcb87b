// scalelab-fuzz: the fuzz targets of ScaleLabFuzzTargets behind libFuzzer's callback.
// scripts/fuzz builds it with `-sanitize=fuzzer,address` and `-DSCALELAB_LIBFUZZER`: main then
// hands the command line to libFuzzer's driver, and SCALELAB_FUZZ_TARGET names the target. In
// the normal build it is a replayer: `scalelab-fuzz TARGET FILE...` runs each file through the
// target.
import CFuzzDriver
import Foundation
import ScaleLabFuzzTargets

/// The target SCALELAB_FUZZ_TARGET names (read once).
let selectedTarget: FuzzTarget? = {
    let name = ProcessInfo.processInfo.environment["SCALELAB_FUZZ_TARGET"] ?? ""
    return FuzzTarget.named(name)
}()

/// libFuzzer's callback: one input (exported under libFuzzer's name too).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let target = selectedTarget else {
        let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data(
            "scalelab-fuzz: set SCALELAB_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    target.run(bytes)
    return 0
}

@main
enum FuzzMain {
    static func main() {
        #if SCALELAB_LIBFUZZER
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(sl_fuzz_run_driver(&argc, &argv) { fuzzTestOneInput($0, $1) })
        #else
        replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    /// The replayer of the normal build.
    static func replay(_ arguments: [String]) {
        guard let name = arguments.first, let target = FuzzTarget.named(name) else {
            let names = FuzzTarget.all.map(\.name).joined(separator: "|")
            FileHandle.standardError.write(Data(
                "usage: scalelab-fuzz \(names) FILE...\n".utf8))
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("scalelab-fuzz: cannot read \(path)\n".utf8))
                exit(1)
            }
            target.run(Array(data))
            print("ok \(path)")
        }
    }
}
