import Foundation

/// One measured point of a sweep.
public struct SweepRow: Sendable, Equatable {
    /// The point's index in the grid.
    public var index: Int
    /// One value per metric of the sweep (nil: does not apply).
    public var values: [Double?]
    /// The workload's replicas as sparkline bucket peaks.
    public var trend: [Double?]

    /// A row.
    public init(index: Int, values: [Double?], trend: [Double?]) {
        self.index = index
        self.values = values
        self.trend = trend
    }
}

/// The results of a sweep (or of one shard of it, or of shards merged): the grid, the
/// metrics, and one row per finished point in index order.
public struct SweepResult: Sendable, Equatable {
    /// The grid.
    public var grid: SweepGrid
    /// The metrics measured, in column order.
    public var metrics: [WhatIfMetric]
    /// The simulated duration of each point's run.
    public var duration: SimDuration
    /// The finished points, in index order.
    public var rows: [SweepRow]
    /// The shard these rows are (nil: the whole sweep).
    public var shard: SweepShard?
    /// Which `sim.sweep` call of the script this is (1-based), to tell several apart.
    public var sweep: Int

    /// A result.
    public init(grid: SweepGrid, metrics: [WhatIfMetric], duration: SimDuration,
                rows: [SweepRow] = [], shard: SweepShard? = nil, sweep: Int = 1) {
        self.grid = grid
        self.metrics = metrics
        self.duration = duration
        self.rows = rows
        self.shard = shard
        self.sweep = sweep
    }

    /// The number of points the sweep (or this shard) should have.
    public var expected: Int {
        guard let shard else { return grid.count }
        let n = grid.count
        return n / shard.count + (n % shard.count > shard.index - 1 ? 1 : 0)
    }

    /// The table rows: header, then at most `limit` points.
    public func tableRows(limit: Int = .max) -> [[String]] {
        var header = ["#"] + grid.keys.map { $0.uppercased() } + ["REPLICAS"]
        header += metrics.map(\.header)
        var out = [header]
        let shown = rows.prefix(limit)
        let scale = shown.flatMap(\.trend)
        for row in shown {
            var cells = [String(row.index + 1)] + grid.point(row.index).map(\.description)
            cells.append(Sparkline.render(row.trend, scale: scale))
            for (m, v) in zip(metrics, row.values) { cells.append(m.text(v)) }
            out.append(cells)
        }
        return out
    }

    /// The heading line: what was swept, over how long, how much finished.
    public var heading: String {
        var s = "sweep \(sweep): "
            + grid.keys.enumerated().map { "\($1) (\(grid.values[$0].count))" }
            .joined(separator: " × ") + " = \(grid.count) point\(grid.count == 1 ? "" : "s")"
            + ", \(duration) each"
        if let shard { s += ", shard \(shard)" }
        if rows.count < expected { s += "; \(rows.count) of \(expected) finished" }
        return s
    }

    /// The table as text (for `print`), at most `limit` rows, then a count of the rest.
    public func text(limit: Int = 50) -> String {
        var out = heading + "\n" + TextTable.render(tableRows(limit: limit))
        if rows.count > limit { out += "\n… \(rows.count - limit) more rows" }
        return out
    }

    // MARK: JSON lines

    struct HeaderLine: Codable, Equatable {
        var scalelab_sweep: Int
        var sweep: Int
        var shard: String?
        var duration_ms: Int64
        var grid: SweepGrid
        var metrics: [String]
    }

    struct RowLine: Codable {
        var sweep: Int
        var index: Int
        var point: [SweepValue]
        var trend: [Double?]
        var values: [Double?]
    }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return d
    }

    /// The result as JSON lines: one header object (`"scalelab_sweep": 1`, the grid, the
    /// metrics, the shard), then one object per finished point.
    public func jsonLines() throws -> String {
        let e = Self.encoder()
        let header = HeaderLine(scalelab_sweep: 1, sweep: sweep, shard: shard?.description,
                                duration_ms: duration.milliseconds, grid: grid,
                                metrics: metrics.map(\.rawValue))
        var out = String(decoding: try e.encode(header), as: UTF8.self) + "\n"
        for row in rows {
            let line = RowLine(sweep: sweep, index: row.index, point: grid.point(row.index),
                               trend: row.trend, values: row.values)
            out += String(decoding: try e.encode(line), as: UTF8.self) + "\n"
        }
        return out
    }

    /// Combines the JSON lines of shards (several files, or one file holding several shards'
    /// output, such as the logs of a Job's pods) into one result per sweep. Lines that are
    /// not JSON objects (a script's own prints) are skipped. Shards of one sweep must agree
    /// on the grid, metrics and duration; a point given twice must have the same figures; a
    /// point that no shard gave is an error naming the first missing index.
    public static func merge(_ inputs: [(name: String, text: String)]) throws -> [SweepResult] {
        let d = decoder()
        var headers: [Int: (HeaderLine, String)] = [:]
        var rows: [Int: [Int: SweepRow]] = [:]
        var shardsSeen: [Int: Set<String>] = [:]
        for input in inputs {
            var lineNumber = 0
            for line in input.text.split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                guard line.hasPrefix("{") else { continue }
                let data = Data(line.utf8)
                let place = "\(input.name):\(lineNumber)"
                if line.contains("\"scalelab_sweep\"") {
                    let h: HeaderLine
                    do { h = try d.decode(HeaderLine.self, from: data) } catch {
                        throw ReportError("\(place): not a sweep header: \(error)")
                    }
                    var plain = h
                    plain.shard = nil
                    if let (known, where_) = headers[h.sweep] {
                        guard known == plain else {
                            throw ReportError("\(place): sweep \(h.sweep) does not match the "
                                + "sweep of \(where_) (different grid, metrics or duration)")
                        }
                    } else {
                        headers[h.sweep] = (plain, place)
                    }
                    if let s = h.shard { shardsSeen[h.sweep, default: []].insert(s) }
                    continue
                }
                guard let r = try? d.decode(RowLine.self, from: data) else { continue }
                guard let (h, _) = headers[r.sweep] else {
                    throw ReportError("\(place): a row of sweep \(r.sweep) before its header")
                }
                guard r.values.count == h.metrics.count, r.index >= 0,
                      r.index < h.grid.count else {
                    throw ReportError("\(place): row \(r.index) does not fit sweep \(r.sweep)")
                }
                let row = SweepRow(index: r.index, values: r.values, trend: r.trend)
                if let old = rows[r.sweep]?[r.index], old != row {
                    throw ReportError("\(place): point \(r.index + 1) of sweep \(r.sweep) was "
                        + "given twice with different results")
                }
                rows[r.sweep, default: [:]][r.index] = row
            }
        }
        guard !headers.isEmpty else {
            throw ReportError("merge: no sweep results found in "
                + inputs.map(\.name).joined(separator: ", "))
        }
        return try headers.sorted(by: { $0.key < $1.key }).map { sweep, entry in
            let h = entry.0
            let metrics = try h.metrics.map(WhatIfMetric.named)
            let found = rows[sweep] ?? [:]
            let sorted = found.keys.sorted().compactMap { found[$0] }
            if sorted.count < h.grid.count {
                let missing = (0..<h.grid.count).first { found[$0] == nil } ?? 0
                throw ReportError("merge: sweep \(sweep) has \(sorted.count) of "
                    + "\(h.grid.count) points; point \(missing + 1) is missing (is a shard "
                    + "file missing? shards seen: "
                    + "\(shardsSeen[sweep]?.sorted().joined(separator: ", ") ?? "none"))")
            }
            return SweepResult(grid: h.grid, metrics: metrics, duration: .ms(h.duration_ms),
                               rows: sorted, shard: nil, sweep: sweep)
        }
    }
}
