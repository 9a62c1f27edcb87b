import Foundation

/// Reads back what ``TimelineExport`` writes, so exported runs can be charted and compared
/// again (and so the formats are tested by round trips).
extension Timeline {
    /// A timeline from exported CSV: the `time_s` column and one step series per other
    /// column (empty cells are "no value yet"). Errors name the line and the bad field.
    public init(csv text: String) throws {
        self.init()
        var rows = TimelineImportParser.csvRows(text)
        guard !rows.isEmpty else { throw ReportError("csv: empty input") }
        let header = rows.removeFirst()
        guard header.first == "time_s" else {
            throw ReportError("csv line 1: the first column must be \"time_s\", got "
                + "\"\(header.first ?? "")\"")
        }
        let ids = header.dropFirst().map { series(named: $0, kind: .step) }
        for (n, row) in rows.enumerated() where !(row.count == 1 && row[0].isEmpty) {
            let line = n + 2
            guard row.count == header.count else {
                throw ReportError("csv line \(line): \(row.count) fields, the header has "
                    + "\(header.count)")
            }
            let t = try TimelineImportParser.time(row[0], "csv line \(line)")
            for (id, cell) in zip(ids, row.dropFirst()) where !cell.isEmpty {
                guard let v = TimelineImportParser.number(cell) else {
                    throw ReportError("csv line \(line): not a number: \"\(cell)\"")
                }
                record(id, v, at: t)
            }
        }
    }

    /// A timeline from exported JSON (`series` with `name`, `kind` and `points`).
    public init(json text: String) throws {
        self.init()
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw ReportError("json: not valid JSON (\(error.localizedDescription))")
        }
        guard let root = object as? [String: Any], let list = root["series"] as? [Any] else {
            throw ReportError("json: expected an object with a \"series\" array")
        }
        for (i, item) in list.enumerated() {
            guard let s = item as? [String: Any], let name = s["name"] as? String,
                let points = s["points"] as? [Any]
            else { throw ReportError("json: series[\(i)] needs \"name\" and \"points\"") }
            let kind = (s["kind"] as? String).flatMap(Timeline.Kind.init) ?? .step
            let id = series(named: name, kind: kind)
            for (j, p) in points.enumerated() {
                guard let pair = p as? [Any], pair.count == 2,
                    let t = (pair[0] as? NSNumber)?.doubleValue
                else {
                    throw ReportError("json: series \"\(name)\" point \(j): expected [time_s, "
                        + "value]")
                }
                let v = (pair[1] as? NSNumber)?.doubleValue ?? .nan
                record(id, v, at: SimTime(milliseconds: Int64((t * 1000).rounded())))
            }
        }
    }
}

/// The small parsers behind the importers.
enum TimelineImportParser {
    /// RFC 4180 rows (quoted fields may hold commas, quotes and line breaks).
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(c) }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\n", "\r\n":
                row.append(field); rows.append(row); row = []; field = ""
            case "\r": break
            default: field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    static func time(_ text: String, _ place: String) throws -> SimTime {
        guard let s = Double(text), s.isFinite else {
            throw ReportError("\(place): not a time in seconds: \"\(text)\"")
        }
        return SimTime(milliseconds: Int64((s * 1000).rounded()))
    }

    static func number(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(text)
        }
    }
}
