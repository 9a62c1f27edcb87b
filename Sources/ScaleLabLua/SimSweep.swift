import Foundation
import LuaKit
import ScaleLab
import Synchronization

/// How the `scalelab` command runs sweeps: one shard of each (`--shard K/N`) and where the
/// results go as JSON lines (`--out FILE`; `-` or nil with a shard: stdout).
public struct SweepSettings: Sendable, Equatable {
    /// The shard to run (nil: every point).
    public var shard: SweepShard?
    /// Where to write JSON lines (nil: nowhere unless sharded, then stdout; `-`: stdout).
    public var output: String?

    /// Settings.
    public init(shard: SweepShard? = nil, output: String? = nil) {
        self.shard = shard
        self.output = output
    }
}

/// `sim.sweep{...}` (SimModule.swift): builds each point's simulation on the Lua thread, in
/// batches, and runs each batch on worker threads.
enum SimSweep {
    static let keys = ["baseline", "grid", "apply", "duration", "traffic", "workload",
                       "metrics", "flap_window", "threads"]

    /// The process-wide settings (the CLI sets them before running the script), and whether
    /// the output file was written yet (later sweeps append to it).
    private static let state = Mutex<(settings: SweepSettings, wrote: Bool)>(
        (SweepSettings(), false))

    /// Sets the sweep settings for this process.
    static func configure(_ settings: SweepSettings) {
        state.withLock { $0 = (settings, false) }
    }

    /// The sweeps a runtime's `sim` module ran (each gets its number in the JSON lines).
    final class Counter {
        var sweeps = 0
    }

    /// Points per batch per thread: enough to keep the workers busy while the Lua thread
    /// builds the next batch, few enough that a stop is seen quickly.
    static let batchPerThread = 4

    static func sweep(_ call: LuaCall, _ counter: Counter) throws -> Int32 {
        guard let runtime = call.runtime else { return 0 }
        let o = try OptionTable(call, 1, context: "sim.sweep", allowed: keys)
        let setup = try SimModule.Setup(o, runtime: runtime, defaultMetrics: WhatIfMetric.defaults)
        let grid = try self.grid(o)
        guard case .function(let apply)? = o.fields["apply"] else {
            throw o.bad("apply", "a function(c, point) expected, got "
                + (o.fields["apply"]?.typeName ?? "nil"))
        }
        let settings = state.withLock { $0.settings }
        counter.sweeps += 1
        let number = counter.sweeps
        var result = SweepResult(grid: grid, metrics: setup.metrics, duration: setup.duration,
                                 shard: settings.shard, sweep: number)
        let progress = SweepProgress(total: result.expected, label: "sweep \(number)")
        defer { progress.finish() }
        let step = settings.shard?.count ?? 1
        var next = settings.shard.map { $0.index - 1 } ?? 0
        let batch = max(setup.threads * batchPerThread, 8)
        let stop = StopFlag()
        build: while next < grid.count {
            var jobs: [WhatIfJob] = []
            var indices: [Int] = []
            while jobs.count < batch && next < grid.count {
                if runtime.isCancellationRequested {
                    stop.set()
                    break build
                }
                let c = setup.clone()
                _ = try runtime.call(apply, [.object(c), pointTable(grid, next)])
                jobs.append(try setup.job("#\(next + 1)", c, context: o.context))
                indices.append(next)
                next += step
            }
            let done = result.rows.count
            let outcomes = WhatIfRunner.run(
                jobs, duration: setup.duration, threads: setup.threads, stop: stop,
                keepSimulations: false,
                poll: { finished in
                    if runtime.isCancellationRequested { stop.set() }
                    progress.update(done + finished)
                })
            for (i, outcome) in outcomes.enumerated() {
                guard let outcome, outcome.completed else { continue }
                result.rows.append(SweepRow(index: indices[i],
                                            values: setup.metrics.map { outcome.figures[$0] },
                                            trend: outcome.trend))
            }
            if stop.isSet { break }
        }
        progress.finish()
        if !stop.isSet { try write(result, settings) }
        return call.push(.object(LuaSweep(result)))
    }

    /// `grid = { window = { "30s", "60s" }, scrape = { 15, 30 } }`.
    static func grid(_ o: OptionTable) throws -> SweepGrid {
        guard let t = try o.table("grid") else { throw o.bad("grid", "required") }
        guard t.array.isEmpty else {
            throw o.bad("grid", "a table of named value lists expected ({ window = { \"30s\", "
                + "\"60s\" } })")
        }
        var parameters: [(String, [SweepValue])] = []
        for (key, value) in t.fields {
            guard case .string(let name) = key else {
                throw o.bad("grid", "parameter names must be strings, got \(key.typeName)")
            }
            guard case .table(let list) = value, list.fields.isEmpty else {
                throw o.bad("grid", "\"\(name)\": a list of values expected, got "
                    + value.typeName)
            }
            parameters.append((name, try list.array.map { v in
                switch v {
                case .string(let s): return .string(s)
                case .integer(let n): return .integer(n)
                case .number(let d): return .number(d)
                case .boolean(let b): return .boolean(b)
                default:
                    throw o.bad("grid", "\"\(name)\": values must be strings, numbers or "
                        + "booleans, got \(v.typeName)")
                }
            }))
        }
        do { return try SweepGrid(parameters) } catch let e as ReportError {
            throw o.bad("grid", e.message)
        }
    }

    /// The point as the `apply` function receives it: `{ window = "30s", scrape = 15 }`.
    static func pointTable(_ grid: SweepGrid, _ index: Int) -> LuaValue {
        .table(LuaTable(fields: zip(grid.keys, grid.point(index)).map { key, value in
            (key: .string(key), value: luaValue(value))
        }))
    }

    static func luaValue(_ v: SweepValue) -> LuaValue {
        switch v {
        case .string(let s): .string(s)
        case .integer(let n): .integer(n)
        case .number(let d): .number(d)
        case .boolean(let b): .boolean(b)
        }
    }

    /// Writes the JSON lines where the settings say: a file (the first sweep of the process
    /// replaces it, later ones append) or stdout.
    static func write(_ result: SweepResult, _ settings: SweepSettings) throws {
        let target = settings.output ?? (settings.shard != nil ? "-" : nil)
        guard let target else { return }
        let text = try result.jsonLines()
        if target == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        let append = state.withLock { s -> Bool in
            defer { s.wrote = true }
            return s.wrote
        }
        do {
            if append, let h = FileHandle(forWritingAtPath: target) {
                defer { try? h.close() }
                try h.seekToEnd()
                try h.write(contentsOf: Data(text.utf8))
            } else {
                try AtomicFileWriter.write(text, to: target)
            }
        } catch {
            throw LuaCallError.message("sim.sweep: cannot write '\(target)': \(error)")
        }
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal, at most ten times a
/// second: `sweep 1 [██████░░░░░░░░░░]  37% 370/1000`.
final class SweepProgress {
    let total: Int
    let label: String
    let enabled: Bool
    private var lastDraw = DispatchTime(uptimeNanoseconds: 0)
    private var drawn = false

    init(total: Int, label: String) {
        self.total = total
        self.label = label
        enabled = isatty(STDERR_FILENO) == 1 && total > 0
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let now = DispatchTime.now()
        guard now.uptimeNanoseconds - lastDraw.uptimeNanoseconds > 100_000_000 else { return }
        lastDraw = now
        let width = 24
        let filled = min(width, done * width / max(total, 1))
        let percent = min(100, done * 100 / max(total, 1))
        let bar = String(repeating: "█", count: filled)
            + String(repeating: "░", count: width - filled)
        let pad = percent < 10 ? "  " : percent < 100 ? " " : ""
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(pad)\(percent)% \(done)/\(total)"
            .utf8))
        drawn = true
    }

    /// Clears the bar's line.
    func finish() {
        guard drawn else { return }
        drawn = false
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

extension ScaleLabLua {
    /// Sets how `sim.sweep` runs in this process (`scalelab --shard K/N --out FILE`).
    public static func configureSweeps(_ settings: SweepSettings) {
        SimSweep.configure(settings)
    }
}
