/// Draws a ``Chart`` as text for a terminal: a y axis with value ticks, the series as lines,
/// a time axis in simulated time, a row of event markers and a legend.
///
/// Styles: `braille` (2×4 dots per character, the finest), `block` (half blocks, 1×2) and
/// `ascii` (one glyph per series: `*`, `+`, `o`, ...; for terminals without Unicode). In
/// braille and block styles a cell shows one series, so with several series each line's end
/// carries its legend number, and colours (ANSI, off unless asked for) tell them apart.
public struct TerminalChart: Sendable {
    /// How lines are drawn.
    public enum Style: String, CaseIterable, Sendable {
        /// Unicode braille patterns, 2×4 dots per character.
        case braille
        /// Unicode half blocks, 1×2 per character.
        case block
        /// Plain ASCII, one glyph per series.
        case ascii
    }

    /// Total width in columns (labels, axis, plot and line-end numbers).
    public var width: Int
    /// Plot height in rows (the axes, markers and legend come below).
    public var height: Int
    /// How lines are drawn.
    public var style: Style
    /// Colour the series with ANSI escapes (off by default: pipes and files stay plain).
    public var color: Bool

    /// Options; `width` is clamped to at least 30 and `height` to at least 3.
    public init(width: Int = 80, height: Int = 15, style: Style = .braille, color: Bool = false) {
        self.width = max(width, 30)
        self.height = max(height, 3)
        self.style = style
        self.color = color
    }

    /// ANSI foreground colours per series (blue, red, green, yellow, magenta, cyan).
    static let ansi = [34, 31, 32, 33, 35, 36]
    /// ASCII glyphs per series (no `+`, the axis tick).
    static let glyphs: [Character] = ["*", "o", "x", "#", "@", "%", "&", "="]

    /// Cell resolution of each style (dots per character, across and down).
    var resolution: (x: Int, y: Int) {
        switch style {
        case .braille: return (2, 4)
        case .block: return (1, 2)
        case .ascii: return (1, 1)
        }
    }

    /// The chart as text (lines joined by newlines, no trailing newline).
    public func render(_ chart: Chart) -> String {
        let range = chart.valueRange ?? (0, 1)
        let scale = ChartAxis.valueScale(
            min: range.min, max: range.max, count: max(2, height / 3 + 1))
        let labels = scale.labels
        let gutter = labels.map(\.count).max() ?? 1
        let numbered = style != .ascii && chart.series.count > 1
        // Room for two line-end numbers (`1,2`) when lines end on the same row.
        let endWidth = numbered ? 2 * String(chart.series.count).count + 2 : 0
        let columns = max(10, width - gutter - 2 - endWidth)
        var canvas = Canvas(columns: columns, rows: height, resolution: resolution)

        // Lines, in legend order (a later series draws over an earlier one).
        let xOf = { (t: SimTime) -> Int in
            let f = Double((t - chart.from).milliseconds) / Double((chart.to - chart.from).milliseconds)
            return Int((f * Double(canvas.dotsX - 1)).rounded())
        }
        let yOf = { (v: Double) -> Int in
            let f = (v - scale.low) / (scale.high - scale.low)
            return Int((f * Double(canvas.dotsY - 1)).rounded())
        }
        var endRows: [Int: [Int]] = [:]
        for (index, s) in chart.series.enumerated() {
            var previous: (Int, Int)?
            for p in chart.path(of: s) {
                guard p.value.isFinite, p.time >= chart.from, p.time <= chart.to else {
                    previous = nil
                    continue
                }
                let point = (xOf(p.time), yOf(p.value))
                if let previous { canvas.line(from: previous, to: point, series: index) }
                else { canvas.plot(point.0, point.1, series: index) }
                previous = point
            }
            if let last = previous {
                let row = canvas.rows - 1 - last.1 / resolution.y
                endRows[row, default: []].append(index)
            }
        }

        // Rows: value labels on the tick rows.
        var tickLabels: [Int: String] = [:]
        for (v, label) in zip(scale.ticks, labels) {
            let row = canvas.rows - 1 - yOf(v) / resolution.y
            if tickLabels[row] == nil { tickLabels[row] = label }
        }
        let vertical = style == .ascii ? "|" : "│"
        let tickMark = style == .ascii ? "+" : "┤"
        var lines: [String] = []
        if let title = chart.title { lines.append(title) }
        for row in 0..<canvas.rows {
            var line = pad(tickLabels[row] ?? "", gutter) + " "
            line += tickLabels[row] == nil ? vertical : tickMark
            line += cells(canvas, row: row)
            if numbered, let ends = endRows[row] {
                let shown = ends.prefix(2).map { colored(String($0 + 1), $0) }
                line += " " + shown.joined(separator: ",") + (ends.count > 2 ? "…" : "")
            }
            lines.append(line)
        }
        lines += timeAxis(chart, gutter: gutter, columns: columns, xOf: { xOf($0) / resolution.x })
        lines += legend(chart)
        return lines.map { trimTrailingSpaces($0) }.joined(separator: "\n")
    }

    /// One plot row as characters (with colour escapes when enabled).
    private func cells(_ canvas: Canvas, row: Int) -> String {
        var text = ""
        for column in 0..<canvas.columns {
            let cell = canvas.cell(column, row)
            guard cell.bits != 0 else {
                text.append(" ")
                continue
            }
            let character: Character
            switch style {
            case .braille:
                character = Character(Unicode.Scalar(0x2800 + UInt32(cell.bits)) ?? " ")
            case .block:
                character = cell.bits == 3 ? "█" : (cell.bits == 2 ? "▀" : "▄")
            case .ascii:
                character = TerminalChart.glyphs[cell.series % TerminalChart.glyphs.count]
            }
            text += colored(String(character), cell.series)
        }
        return text
    }

    /// The axis line with tick marks, the event-marker row and the time labels.
    private func timeAxis(
        _ chart: Chart, gutter: Int, columns: Int, xOf: (SimTime) -> Int
    ) -> [String] {
        let ticks = ChartAxis.timeTicks(from: chart.from, to: chart.to, count: max(2, columns / 10))
        var axis = [Character](repeating: style == .ascii ? "-" : "─", count: columns)
        var labels = [Character](repeating: " ", count: columns + gutter + 2)
        var nextFree = 0
        for t in ticks {
            let x = min(max(xOf(t), 0), columns - 1)
            axis[x] = style == .ascii ? "+" : "┬"
            let text = Array(ChartAxis.timeLabel(t))
            // Centre the label under its tick, inside the line, after the previous label.
            let start = min(max(gutter + 2 + x - text.count / 2, 0), labels.count - text.count)
            guard start >= nextFree else { continue }
            for (i, c) in text.enumerated() { labels[start + i] = c }
            nextFree = start + text.count + 1
        }
        let corner = style == .ascii ? "+" : "└"
        var lines = [String(repeating: " ", count: gutter + 1) + corner + String(axis)]
        if !chart.markers.isEmpty {
            var row = [Character](repeating: " ", count: columns)
            var owner = [Int](repeating: -1, count: columns)
            for (i, m) in chart.markers.enumerated() {
                let x = min(max(xOf(m.time), 0), columns - 1)
                // A failure outranks other events sharing the column.
                if owner[x] < 0 || (m.symbol == "F" && row[x] != "F") {
                    row[x] = m.symbol
                    owner[x] = i
                }
            }
            var text = String(repeating: " ", count: gutter + 2)
            for x in 0..<columns {
                if owner[x] < 0 { text.append(" "); continue }
                let warn = chart.markers[owner[x]].isWarning || row[x] == "F"
                text += color ? "\u{1B}[1;\(warn ? 31 : 37)m\(row[x])\u{1B}[0m" : String(row[x])
            }
            lines.append(text)
        }
        lines.append(String(labels))
        return lines
    }

    /// The legend: one entry per series, then the marker key with counts.
    private func legend(_ chart: Chart) -> [String] {
        var entries: [String] = []
        for (index, s) in chart.series.enumerated() {
            let key: String
            switch style {
            case .braille: key = "⣿"
            case .block: key = "█"
            case .ascii: key = String(TerminalChart.glyphs[index % TerminalChart.glyphs.count])
            }
            let number = style != .ascii && chart.series.count > 1 ? "\(index + 1) " : ""
            entries.append(colored(key, index) + " " + number + s.label)
        }
        var lines = wrap(entries)
        var counts: [(String, Character, Int)] = []
        for m in chart.markers {
            if let i = counts.firstIndex(where: { $0.0 == m.reason }) { counts[i].2 += 1 }
            else { counts.append((m.reason, m.symbol, 1)) }
        }
        if !counts.isEmpty {
            let times = style == .ascii ? "x" : "×"
            lines += wrap(counts.map { "\($0.1) \($0.0) \(times)\($0.2)" }, prefix: "events: ")
        }
        return lines
    }

    /// Joins entries with three spaces, wrapping at the chart width (escapes not counted).
    private func wrap(_ entries: [String], prefix: String = "") -> [String] {
        var lines: [String] = []
        var line = prefix
        var visible = prefix.count
        for e in entries {
            let w = visibleCount(e)
            if visible > prefix.count && visible + 3 + w > width {
                lines.append(line)
                line = String(repeating: " ", count: prefix.count)
                visible = prefix.count
            }
            if visible > prefix.count {
                line += "   "
                visible += 3
            }
            line += e
            visible += w
        }
        if visible > prefix.count { lines.append(line) }
        return lines
    }

    private func colored(_ text: String, _ series: Int) -> String {
        guard color else { return text }
        return "\u{1B}[\(TerminalChart.ansi[series % TerminalChart.ansi.count])m\(text)\u{1B}[0m"
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private func trimTrailingSpaces(_ s: String) -> String {
        var s = Substring(s)
        while s.last == " " { s.removeLast() }
        return String(s)
    }

    private func visibleCount(_ s: String) -> Int {
        var count = 0
        var inEscape = false
        for c in s {
            if inEscape { if c == "m" { inEscape = false }; continue }
            if c == "\u{1B}" { inEscape = true; continue }
            count += 1
        }
        return count
    }
}

/// A grid of character cells, each with sub-character dots and the series that drew last.
struct Canvas {
    struct Cell {
        var bits: UInt8 = 0
        var series = 0
    }

    let columns: Int
    let rows: Int
    let resolution: (x: Int, y: Int)
    private var grid: [Cell]

    init(columns: Int, rows: Int, resolution: (x: Int, y: Int)) {
        self.columns = columns
        self.rows = rows
        self.resolution = resolution
        grid = Array(repeating: Cell(), count: columns * rows)
    }

    var dotsX: Int { columns * resolution.x }
    var dotsY: Int { rows * resolution.y }

    func cell(_ column: Int, _ row: Int) -> Cell { grid[row * columns + column] }

    /// Sets the dot at (x, y), y counted from the bottom.
    mutating func plot(_ x: Int, _ y: Int, series: Int) {
        guard x >= 0, y >= 0, x < dotsX, y < dotsY else { return }
        let column = x / resolution.x
        let fromTop = dotsY - 1 - y
        let row = fromTop / resolution.y
        let dx = x % resolution.x, dy = fromTop % resolution.y
        let bit: UInt8
        switch (resolution.x, resolution.y) {
        case (2, 4):
            // Braille dot numbering: dots 1-3 and 7 in the left column, 4-6 and 8 in the right.
            let left: [UInt8] = [0x01, 0x02, 0x04, 0x40]
            let right: [UInt8] = [0x08, 0x10, 0x20, 0x80]
            bit = dx == 0 ? left[dy] : right[dy]
        case (1, 2): bit = dy == 0 ? 2 : 1  // 2 = upper half, 1 = lower half
        default: bit = 1
        }
        grid[row * columns + column].bits |= bit
        grid[row * columns + column].series = series
    }

    /// Bresenham's line between two dots.
    mutating func line(from a: (Int, Int), to b: (Int, Int), series: Int) {
        var (x0, y0) = a
        let (x1, y1) = b
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        while true {
            plot(x0, y0, series: series)
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x0 += sx }
            if e2 <= dx { error += dx; y0 += sy }
        }
    }
}
