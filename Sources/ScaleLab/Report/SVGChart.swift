import Foundation

/// Draws a ``Chart`` as a self-contained SVG document: the same ticks, lines, event markers
/// and legend as ``TerminalChart``, sized in pixels, with system sans-serif fonts and a
/// colour-blind-safe palette (Okabe and Ito). The height grows with the legend, so nothing
/// overlaps however many series there are.
public struct SVGChart: Sendable {
    /// Total width in pixels.
    public var width: Int
    /// Height of the plot area in pixels (title, axes and legend are added around it).
    public var plotHeight: Int

    /// Options; the width is at least 320 and the plot height at least 120 pixels.
    public init(width: Int = 800, plotHeight: Int = 320) {
        self.width = max(width, 320)
        self.plotHeight = max(plotHeight, 120)
    }

    /// Okabe–Ito colours (yellow left out: unreadable on white).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                          "#000000"]
    static let font = "font-family=\"DejaVu Sans, Verdana, Arial, Helvetica, sans-serif\""
    /// Approximate advance of an 11px bold marker symbol.
    static let markerWidth = 8.0
    /// Approximate advance of a 12px sans-serif character, for layout.
    static let charWidth = 7.2

    /// The SVG document (UTF-8 text, starting with `<svg`, no XML declaration needed).
    public func render(_ chart: Chart) -> String {
        let range = chart.valueRange ?? (0, 1)
        let scale = ChartAxis.valueScale(min: range.min, max: range.max,
                                         count: max(3, plotHeight / 50))
        let labels = scale.labels
        let labelWidth = Double(labels.map(\.count).max() ?? 1) * SVGChart.charWidth
        let left = (labelWidth + 16).rounded()
        let right = 20.0
        let top = (chart.title == nil ? 12.0 : 36.0) + (chart.markers.isEmpty ? 0 : 28)
        let plotW = Double(width) - left - right
        let plotH = Double(plotHeight)
        let bottom = top + plotH
        let legend = legendLayout(chart, startY: bottom + 66, left: left)
        let height = Int((legend.endY + 12).rounded())

        let x = { (t: SimTime) -> Double in
            left + plotW * Double((t - chart.from).milliseconds)
                / Double((chart.to - chart.from).milliseconds)
        }
        let y = { (v: Double) -> Double in
            bottom - plotH * (v - scale.low) / (scale.high - scale.low)
        }

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" "
            + "height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" \(SVGChart.font) "
            + "font-size=\"12\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        if let title = chart.title {
            out += "<text x=\"\(f(left))\" y=\"22\" font-size=\"15\" font-weight=\"bold\" "
                + "fill=\"#222222\">\(SVGChart.escape(title))</text>\n"
        }
        // Value grid and labels.
        out += "<g stroke=\"#e4e4e4\" stroke-width=\"1\">\n"
        for v in scale.ticks {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(left + plotW))\" "
                + "y2=\"\(f(y(v)))\"/>\n"
        }
        out += "</g>\n<g fill=\"#333333\" text-anchor=\"end\">\n"
        for (v, label) in zip(scale.ticks, labels) {
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(y(v) + 4))\">\(label)</text>\n"
        }
        out += "</g>\n"
        // Time ticks and labels (a label that would touch the previous one is left out).
        let ticks = ChartAxis.timeTicks(from: chart.from, to: chart.to,
                                        count: max(2, Int(plotW / 90)))
        out += "<g fill=\"#333333\" text-anchor=\"middle\">\n"
        var nextFree = -Double.infinity
        for t in ticks {
            let text = ChartAxis.timeLabel(t)
            let half = Double(text.count) * SVGChart.charWidth / 2
            let cx = min(max(x(t), half), Double(width) - half)
            out += "<line x1=\"\(f(x(t)))\" y1=\"\(f(bottom))\" x2=\"\(f(x(t)))\" "
                + "y2=\"\(f(bottom + 5))\" stroke=\"#333333\"/>\n"
            guard cx - half >= nextFree else { continue }
            out += "<text x=\"\(f(cx))\" y=\"\(f(bottom + 20))\">\(text)</text>\n"
            nextFree = cx + half + 6
        }
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(bottom + 38))\" fill=\"#555555\">"
            + "simulated time</text>\n</g>\n"
        // Event markers: a dashed line through the plot and the symbol above it. Symbols
        // closer than a label's width share one label (`SU`: a rescale and a scale-up at
        // nearly the same time), and labels alternate between two levels, so every event in
        // the legend's key is visible and none overlaps another.
        if !chart.markers.isEmpty {
            out += "<g font-size=\"11\" text-anchor=\"middle\" font-weight=\"bold\">\n"
            var drawn: [(x: Double, symbol: Character)] = []
            var labels: [(x: Double, marks: [ChartMarker])] = []
            for m in chart.markers.sorted(by: { $0.time < $1.time }) {
                let mx = x(m.time)
                let colour = SVGChart.markerColour(m)
                // The same kind of event at the same instant is one line and one label.
                guard !drawn.contains(where: { abs($0.x - mx) < 1 && $0.symbol == m.symbol })
                else { continue }
                drawn.append((mx, m.symbol))
                out += "<line x1=\"\(f(mx))\" y1=\"\(f(top - 4))\" x2=\"\(f(mx))\" "
                    + "y2=\"\(f(bottom))\" stroke=\"\(colour)\" stroke-width=\"1\" "
                    + "stroke-dasharray=\"3,3\" opacity=\"0.6\"/>\n"
                if let last = labels.last,
                   mx - last.x < SVGChart.markerWidth * Double(last.marks.count) / 2 + 6 {
                    if !last.marks.contains(where: { $0.symbol == m.symbol }) {
                        labels[labels.count - 1].marks.append(m)
                    }
                } else {
                    labels.append((mx, [m]))
                }
            }
            var levelEnd = [-Double.infinity, -Double.infinity]
            for label in labels {
                let half = SVGChart.markerWidth * Double(label.marks.count) / 2
                let level = levelEnd.firstIndex(where: { label.x - half - 2 >= $0 })
                    ?? (levelEnd[0] <= levelEnd[1] ? 0 : 1)
                levelEnd[level] = label.x + half
                let ty = top - 8 - Double(level) * 13
                out += "<text x=\"\(f(label.x))\" y=\"\(f(ty))\">"
                for m in label.marks {
                    out += "<tspan fill=\"\(SVGChart.markerColour(m))\">\(m.symbol)<title>"
                        + "\(SVGChart.escape(m.reason)) at \(ChartAxis.timeLabel(m.time))"
                        + "</title></tspan>"
                }
                out += "</text>\n"
            }
            out += "</g>\n"
        }
        // Series.
        out += "<g fill=\"none\" stroke-linejoin=\"round\">\n"
        for (index, s) in chart.series.enumerated() {
            var d = ""
            var pen = false
            for p in chart.path(of: s) {
                guard p.value.isFinite else { pen = false; continue }
                d += (pen ? "L" : (d.isEmpty ? "M" : " M")) + f(x(p.time)) + " " + f(y(p.value))
                pen = true
            }
            guard !d.isEmpty else { continue }
            out += "<path d=\"\(d)\" stroke=\"\(SVGChart.colour(index))\" "
                + "stroke-width=\"\(f(SVGChart.lineWidth(index, of: chart.series.count)))\">"
                + "<title>\(SVGChart.escape(s.label))</title></path>\n"
        }
        out += "</g>\n"
        // Axes.
        out += "<path d=\"M\(f(left)) \(f(top))L\(f(left)) \(f(bottom))L\(f(left + plotW)) "
            + "\(f(bottom))\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n"
        out += legend.markup
        out += "</svg>\n"
        return out
    }

    /// The stroke width of series `index` of `count`: lines drawn earlier are wider, so where
    /// runs coincide (a comparison's variants often match the baseline for a while) every
    /// line still shows as a stripe around the next instead of being hidden under it.
    static func lineWidth(_ index: Int, of count: Int) -> Double {
        guard count > 1 else { return 2 }
        let step = min(1.5, 4.5 / Double(count - 1))
        return 2 + step * Double(count - 1 - index)
    }

    /// Legend entries (series swatches, then the marker key), wrapped to the width.
    private func legendLayout(_ chart: Chart, startY: Double, left: Double)
        -> (markup: String, endY: Double)
    {
        var items: [(swatch: String, text: String)] = []
        for (index, s) in chart.series.enumerated() {
            let width = max(3, SVGChart.lineWidth(index, of: chart.series.count))
            items.append(("line:" + SVGChart.colour(index) + ":" + f(width), s.label))
        }
        var counts: [(String, Character, Int, Bool)] = []
        for m in chart.markers {
            if let i = counts.firstIndex(where: { $0.0 == m.reason }) { counts[i].2 += 1 }
            else { counts.append((m.reason, m.symbol, 1, m.isWarning || m.symbol == "F")) }
        }
        for c in counts {
            items.append(("mark:\(c.1):" + (c.3 ? "#C00000" : "#777777"), "\(c.0) ×\(c.2)"))
        }
        var out = "<g fill=\"#222222\">\n"
        var cx = left, cy = startY
        for item in items {
            let w = 26 + Double(item.text.count) * SVGChart.charWidth + 18
            if cx > left && cx + w > Double(width) - 10 {
                cx = left
                cy += 20
            }
            let parts = item.swatch.split(separator: ":", maxSplits: 2).map(String.init)
            if parts[0] == "line" {
                out += "<line x1=\"\(f(cx))\" y1=\"\(f(cy - 4))\" x2=\"\(f(cx + 20))\" "
                    + "y2=\"\(f(cy - 4))\" stroke=\"\(parts[1])\" stroke-width=\"\(parts[2])\"/>\n"
            } else {
                out += "<text x=\"\(f(cx + 10))\" y=\"\(f(cy))\" text-anchor=\"middle\" "
                    + "font-weight=\"bold\" fill=\"\(parts[2])\">\(parts[1])</text>\n"
            }
            out += "<text x=\"\(f(cx + 26))\" y=\"\(f(cy))\">\(SVGChart.escape(item.text))"
                + "</text>\n"
            cx += w
        }
        out += "</g>\n"
        return (out, items.isEmpty ? startY - 14 : cy)
    }

    static func colour(_ index: Int) -> String { palette[index % palette.count] }

    /// Failures and Warning events in red, the rest in grey.
    static func markerColour(_ m: ChartMarker) -> String {
        m.isWarning || m.symbol == "F" ? "#C00000" : "#777777"
    }

    /// One decimal, no `-0.0`.
    private func f(_ v: Double) -> String {
        let text = String(format: "%.1f", v)
        return text == "-0.0" ? "0.0" : text
    }

    /// XML text and attribute escaping (`&`, `<`, `>`, `"`, `'`).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
