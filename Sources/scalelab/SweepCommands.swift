import Foundation
import ScaleLab
import ScaleLabLua

/// The sweep options of the command line and the `merge` subcommand (docs/WHATIF.md):
///
/// ```
/// scalelab sweep.lua --shard K/N [--out FILE] [args]   run shard K of N of every sim.sweep
/// scalelab sweep.lua --emit-job [--shards N] [--image IMG] [args]   print an Indexed Job
/// scalelab merge [--json] FILE...                      combine shard results
/// ```
///
/// The sweep options come right after the script name (as the shard pods run it); lua.c
/// would pass them to the script, so scalelab takes only these names, only before the
/// script's own arguments, and `--` after the script ends them.
enum SweepCommands {
    /// The subcommand word.
    static let mergeCommand = "merge"

    /// The sweep options of a run.
    struct Options: Equatable {
        /// `--shard K/N`.
        var shard: SweepShard?
        /// `--out FILE` (`-`: stdout).
        var out: String?
        /// `--emit-job`.
        var emitJob = false
        /// `--shards N` (with `--emit-job`; default 4).
        var shards: Int?
        /// `--image IMG` (with `--emit-job`).
        var image: String?
    }

    static let names = ["--shard", "--out", "--emit-job", "--shards", "--image"]

    /// Takes the sweep options that follow the script name out of the argument vector.
    static func takeOptions(_ options: LaunchOptions) -> Invocation {
        var options = options
        var args = options.arguments
        var raw = options.rawArguments  // kept index for index with args
        func remove(_ range: Range<Int>) {
            args.removeSubrange(range)
            if raw.count > range.upperBound - 1 { raw.removeSubrange(range) }
        }
        var i = options.scriptIndex + 1
        while i < args.count {
            var name = args[i]
            var value: String?
            if let eq = name.firstIndex(of: "="), name.hasPrefix("--") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if name == "--" && i == options.scriptIndex + 1 {
                remove(i..<(i + 1))
                break
            }
            guard names.contains(name) else { break }
            var taken = 1
            if name == "--emit-job" {
                guard value == nil else { return .usageError("'--emit-job' takes no value") }
                options.sweep.emitJob = true
            } else {
                if value == nil {
                    guard i + 1 < args.count else { return .usageError("'\(name)' needs argument") }
                    value = args[i + 1]
                    taken = 2
                }
                let text = value ?? ""
                switch name {
                case "--shard":
                    do { options.sweep.shard = try SweepShard(text) } catch {
                        return .usageError("\(error)")
                    }
                case "--shards":
                    guard let n = Int(text), n >= 1 else {
                        return .usageError("invalid --shards '\(text)': a positive integer")
                    }
                    options.sweep.shards = n
                case "--out": options.sweep.out = text
                default: options.sweep.image = text
                }
            }
            remove(i..<(i + taken))
        }
        options.arguments = args
        options.rawArguments = raw
        if options.sweep.emitJob && options.sweep.shard != nil {
            return .usageError("--emit-job and --shard do not go together (the Job's pods "
                + "pass --shard themselves)")
        }
        return .run(options)
    }

    /// Before the script runs: where sim.sweep writes and which shard it runs.
    static func configure(_ options: LaunchOptions) {
        ScaleLabLua.configureSweeps(SweepSettings(shard: options.sweep.shard,
                                                  output: options.sweep.out))
    }

    /// `--emit-job`: prints the ConfigMap and Indexed Job for the script instead of running it.
    static func emitJob(_ options: LaunchOptions) -> Int32 {
        guard case .file(let path)? = options.script else {
            StandardStreams.writeError("scalelab: --emit-job needs a script file\n")
            return 1
        }
        do {
            let bytes = try ChunkSource.readBytes(path: path)
            guard let script = String(validating: bytes, as: UTF8.self) else {
                StandardStreams.writeError("scalelab: \(path): not UTF-8 text\n")
                return 1
            }
            let manifest = try SweepJobManifest(
                scriptName: path, script: script, shards: options.sweep.shards ?? 4,
                image: options.sweep.image ?? "scalelab:\(ScaleLabLua.version)",
                scriptArguments: options.scriptArguments)
            StandardStreams.write(try manifest.yaml())
            return 0
        } catch {
            StandardStreams.writeError("scalelab: \(error)\n")
            return 1
        }
    }

    /// `scalelab merge [--json] FILE...` (`-`: stdin): prints each sweep's table as the
    /// single-process run prints it, or the merged JSON lines with `--json`.
    static func merge(_ arguments: [String]) -> Int32 {
        var files = arguments
        let json = files.first == "--json"
        if json { files.removeFirst() }
        guard !files.isEmpty else {
            StandardStreams.writeError("scalelab: 'merge' needs shard result files "
                + "(usage: scalelab merge [--json] FILE...)\n")
            return 1
        }
        do {
            let inputs = try files.map { path -> (name: String, text: String) in
                let bytes = try ChunkSource.readBytes(path: path == "-" ? nil : path)
                return (path == "-" ? "stdin" : path, String(decoding: bytes, as: UTF8.self))
            }
            for result in try SweepResult.merge(inputs) {
                StandardStreams.write(json ? try result.jsonLines() : result.text() + "\n")
            }
            return 0
        } catch {
            StandardStreams.writeError("scalelab: \(error)\n")
            return 1
        }
    }
}
