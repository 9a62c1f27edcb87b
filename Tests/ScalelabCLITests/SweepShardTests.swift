import Foundation
import Testing

/// Issue 7 item 2: shards of a sweep run as separate processes of the built binary, merged,
/// give the single-process table; `--emit-job` prints an Indexed Job; issue 8 item 4: a sweep
/// of a million points stops within a second of `--timeout` or Ctrl-C.
@Suite struct SweepShardTests {
    static let sweepScript = """
        local c = cluster.new{ provider = "gke", seed = 1 }
        c:add_pool{ name = "default", type = "n1-standard-4", count = 3 }
        c:deploy{ name = "myapp", replicas = 2, requests = { cpu = "100m", memory = "64Mi" },
                  rps_capacity = 10, startup = "20s" }
        c:prometheus{ scrape_interval = "15s" }:adapter("adapter.yaml")
        c:apply("hpa.yaml")
        local s = sim.sweep{ baseline = c, duration = "30m",
          traffic = load.ramp{ from = 2, to = 15, duration = "10m" },
          grid = { scrape = { "15s", "30s", "60s" }, window = { 0, 300 } },
          apply = function(v, p)
            v:prometheus{ scrape_interval = p.scrape }:adapter("adapter.yaml")
            v:hpa_controller{ sync_period = p.window == 0 and "15s" or "30s" }
          end }
        print(s)
        """

    static func directory() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        for name in ["adapter.yaml", "hpa.yaml"] {
            let url = ScalelabBinary.packageRoot.appendingPathComponent("examples/manifests/"
                + name)
            _ = try dir.write(name, try String(contentsOf: url, encoding: .utf8))
        }
        _ = try dir.write("sweep.lua", sweepScript)
        return dir
    }

    @Test func shardsInSeparateProcessesMergeIntoTheSingleProcessTable() throws {
        let dir = try Self.directory()
        defer { dir.remove() }
        let single = try runScalelab(["sweep.lua"], directory: dir.url)
        #expect(single.status == 0, "\(single.stderr)")
        #expect(single.stdout.hasPrefix("sweep 1: scrape (3) × window (2) = 6 points"))
        #expect(single.stdout.split(separator: "\n").count == 8)
        var files: [String] = []
        for k in 1...4 {
            let out = "shard\(k).jsonl"
            let r = try runScalelab(["sweep.lua", "--shard", "\(k)/4", "--out", out],
                                    directory: dir.url)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("shard \(k)/4"))
            files.append(out)
        }
        let merged = try runScalelab(["merge"] + files, directory: dir.url)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == single.stdout)
        // Without --out a shard writes its JSON lines to stdout, after the script's prints:
        // merge skips the lines that are not results.
        let mixed = try runScalelab(["sweep.lua", "--shard=2/2"], directory: dir.url)
        let first = try runScalelab(["sweep.lua", "--shard", "1/2", "--out", "-"],
                                    directory: dir.url)
        _ = try dir.write("mixed.txt", first.stdout + mixed.stdout)
        let fromLogs = try runScalelab(["merge", "mixed.txt"], directory: dir.url)
        #expect(fromLogs.stdout == single.stdout, "\(fromLogs.stderr)")
        // A missing shard is named.
        let partial = try runScalelab(["merge", files[0], files[1]], directory: dir.url)
        #expect(partial.status == 1)
        #expect(partial.stderr.contains("has 4 of 6 points"), "\(partial.stderr)")
    }

    @Test func badShardOptionsAreUsageErrors() throws {
        let cases = [(["x.lua", "--shard", "3/2"], "invalid shard \"3/2\""),
                     (["x.lua", "--shard"], "'--shard' needs argument"),
                     (["x.lua", "--emit-job", "--shard", "1/2"], "do not go together"),
                     (["merge"], "'merge' needs shard result files")]
        for (args, message) in cases {
            let r = try runScalelab(args)
            #expect(r.status == 1)
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        // After `--` the script gets them.
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let script = try dir.write("args.lua", "print(...)")
        let r = try runScalelab([script, "--", "--shard", "1/2"])
        #expect(r.stdout == "--shard\t1/2\n")
    }

    @Test func emitJobPrintsAnIndexedJob() throws {
        let dir = try Self.directory()
        defer { dir.remove() }
        let r = try runScalelab(["sweep.lua", "--emit-job", "--shards", "5", "--image",
                                 "registry.example/scalelab:1"], directory: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        for line in ["kind: ConfigMap", "kind: Job", "completionMode: Indexed",
                     "completions: 5", "parallelism: 5", "image: registry.example/scalelab:1",
                     "exec scalelab /sweep/sweep.lua --shard \"$((JOB_COMPLETION_INDEX + 1))/5\"",
                     "  sweep.lua: |", "    local c = cluster.new{ provider = \"gke\", seed = 1 }"]
        {
            #expect(r.stdout.contains(line), "missing \(line)")
        }
    }

    static let million = """
        local c = cluster.new{ provider = "gke", seed = 1 }
        c:add_pool{ name = "default", type = "n1-standard-4", count = 1 }
        c:deploy{ name = "web", replicas = 1, requests = { cpu = "100m", memory = "64Mi" } }
        local values = {}
        for i = 1, 1000 do values[i] = i end
        io.write("started\\n") io.stdout:flush()
        sim.sweep{ baseline = c, duration = "1h", grid = { a = values, b = values },
                   apply = function(v, p) end }
        """

    @Test func aMillionPointSweepStopsWithinOneSecondOfTheTimeout() throws {
        let start = Date()
        let r = try runScalelab(["--timeout", "1s", "-e", Self.million])
        let elapsed = Date().timeIntervalSince(start)
        #expect(r.status == 1)
        #expect(r.stderr.contains("timeout"), "\(r.stderr)")
        #expect(elapsed < 3, "took \(elapsed) s")  // 1 s + 1 s + start-up on a loaded machine
    }

    @Test func ctrlCStopsAMillionPointSweep() throws {
        let repl = try InteractiveProcess(quietRepl)
        repl.send(Self.million.replacingOccurrences(of: "\n", with: " ") + "\n")
        #expect(repl.waitFor { $0.stdout.contains("started\n") })
        Thread.sleep(forTimeInterval: 0.3)
        let sent = Date()
        repl.interrupt()
        #expect(repl.waitFor { $0.stderr.contains("interrupted!") }, "\(repl.stderr)")
        #expect(Date().timeIntervalSince(sent) < 1.5)
        repl.send("print(6 * 7)\n")
        #expect(repl.waitFor { $0.stdout.contains("42\n") })
        repl.closeInput()
        #expect(repl.waitForExit() == 0)
    }
}
