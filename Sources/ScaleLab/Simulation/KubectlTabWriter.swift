// Go's text/tabwriter (src/text/tabwriter/tabwriter.go: Writer.format, writeLines) as kubectl's
// describers configure it: `tabbedString` in k8s.io/kubectl pkg/describe/describe.go calls
// `out.Init(buf, 0, 8, 2, ' ', 0)` — minimum width 0, padding 2, spaces, no flags. Lines are
// written with tab-terminated cells; a column block is a run of consecutive lines that have a
// cell in that column, so a line without a tab (`Conditions:`) ends every block above it.
// (`kubectl get` tables use padding 3: that is `TextTable`.)

/// Aligns tab-separated text exactly as kubectl's `describe` output does.
public enum KubectlTabWriter {
    /// kubectl describe's padding between columns.
    public static let describePadding = 2

    /// Formats `lines` (cells separated by `\t`; the text after a line's last tab is not part
    /// of any column) as Go's tabwriter with `minWidth` and `padding` would, then flushes.
    /// Call it once per flushed segment (kubectl's `DescribeEvents` flushes before a list).
    public static func format(_ lines: [String], minWidth: Int = 0,
                              padding: Int = describePadding) -> [String] {
        let cells = lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false)
            .map(String.init) }
        var layout = Layout(cells: cells, minWidth: minWidth, padding: padding)
        layout.format(0, cells.count)
        return layout.output
    }

    /// The recursive column-block layout of `Writer.format`.
    private struct Layout {
        let cells: [[String]]
        let minWidth: Int
        let padding: Int
        var widths: [Int] = []
        var output: [String] = []

        init(cells: [[String]], minWidth: Int, padding: Int) {
            self.cells = cells
            self.minWidth = minWidth
            self.padding = padding
            output.reserveCapacity(cells.count)
        }

        /// Go counts a cell's width in runes (Unicode scalars).
        static func width(_ cell: String) -> Int { cell.unicodeScalars.count }

        mutating func format(_ start: Int, _ end: Int) {
            var line0 = start
            let column = widths.count
            var this = start
            while this < end {
                // The last cell of a line is not tab-terminated and belongs to no column.
                if column >= cells[this].count - 1 {
                    this += 1
                    continue
                }
                writeLines(line0, this)
                line0 = this
                var width = minWidth
                while this < end && column < cells[this].count - 1 {
                    width = max(width, Self.width(cells[this][column]) + padding)
                    this += 1
                }
                widths.append(width)
                format(line0, this)
                widths.removeLast()
                line0 = this
            }
            writeLines(line0, end)
        }

        mutating func writeLines(_ from: Int, _ to: Int) {
            guard from < to else { return }
            for index in from..<to {
                var text = ""
                for (j, cell) in cells[index].enumerated() {
                    text += cell
                    if j < widths.count {
                        let pad = widths[j] - Self.width(cell)
                        if pad > 0 { text += String(repeating: " ", count: pad) }
                    }
                }
                output.append(text)
            }
        }
    }
}
