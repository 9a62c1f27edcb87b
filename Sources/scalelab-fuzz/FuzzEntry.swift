// scalelab-fuzz: the fuzz targets of ScaleLabFuzzTargets behind libFuzzer's entry point.
// scripts/fuzz builds it with `--sanitize=fuzzer` and `-DSCALELAB_LIBFUZZER`, so libFuzzer
// supplies `main` and picks inputs; SCALELAB_FUZZ_TARGET names the target. In the normal
// build it is a replayer: `scalelab-fuzz TARGET FILE...` runs each file through the target.
import Foundation
import ScaleLabFuzzTargets

/// The target SCALELAB_FUZZ_TARGET names (read once).
let selectedTarget: FuzzTarget? = {
    let name = ProcessInfo.processInfo.environment["SCALELAB_FUZZ_TARGET"] ?? ""
    return FuzzTarget.named(name)
}()

/// libFuzzer's callback: one input.
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

#if !SCALELAB_LIBFUZZER
/// The replayer of the normal build.
@main
enum FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
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
#endif
