// OMM CSV: a header row of OMM keywords, then one row per element set (RFC 4180 quoting, LF or CRLF).
// Unknown columns are ignored; empty cells count as absent.

enum CSVReader {
    /// Splits the input into rows of (cell text, byte offset of the cell).
    struct Row { var cells: [(String, Int)]; var line: Int; var terminated: Bool }

    struct SyntaxError: Error { var message: String; var offset: Int; var line: Int }

    static func rows(_ p: UnsafeBufferPointer<UInt8>) -> (rows: [Row], error: SyntaxError?) {
        var rows: [Row] = []
        var i = 0
        var line = 1
        if p.count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { i = 3 }
        while i < p.count {
            var cells: [(String, Int)] = []
            let rowLine = line
            var terminated = false
            while true {
                let cellStart = i
                var cell: [UInt8] = []
                if i < p.count, p[i] == UInt8(ascii: "\"") {
                    i += 1
                    while true {
                        guard i < p.count else {
                            return (rows, SyntaxError(message: "a quoted cell is not closed before the input ends; "
                                                      + "the file appears cut", offset: cellStart, line: rowLine))
                        }
                        if p[i] == UInt8(ascii: "\"") {
                            if i + 1 < p.count, p[i + 1] == UInt8(ascii: "\"") { cell.append(0x22); i += 2; continue }
                            i += 1
                            break
                        }
                        if p[i] == 0x0A { line += 1 }
                        cell.append(p[i])
                        i += 1
                    }
                    // Only a separator or line end may follow a closing quote.
                    if i < p.count, p[i] != UInt8(ascii: ","), p[i] != 0x0A, p[i] != 0x0D {
                        return (rows, SyntaxError(message: "unexpected \(quoted(p, i, i + 1)) after a closing quote",
                                                  offset: i, line: line))
                    }
                } else {
                    let s = i
                    while i < p.count, p[i] != UInt8(ascii: ","), p[i] != 0x0A, p[i] != 0x0D { i += 1 }
                    cell.append(contentsOf: UnsafeBufferPointer(rebasing: p[s ..< i]))
                }
                cells.append((String(decoding: cell, as: UTF8.self), cellStart))
                if i < p.count, p[i] == UInt8(ascii: ",") { i += 1; continue }
                if i < p.count, p[i] == 0x0D { i += 1 }
                if i < p.count, p[i] == 0x0A { i += 1; line += 1; terminated = true } else if i >= p.count {
                    terminated = false
                } else {
                    terminated = true  // lone CR
                    line += 1
                }
                break
            }
            // Skip blank lines.
            if cells.count == 1, trimmedText(cells[0].0).isEmpty { continue }
            rows.append(Row(cells: cells, line: rowLine, terminated: terminated))
        }
        return (rows, nil)
    }

    static func read(_ p: UnsafeBufferPointer<UInt8>) -> (records: [OMMRecord], header: [String]) {
        let (rows, syntaxError) = rows(p)
        var tracker = PositionTracker(p)
        var records: [OMMRecord] = []
        guard let headerRow = rows.first else {
            if let e = syntaxError {
                var r = OMMRecord()
                r.error = ElementSetError(.truncated, line: e.line, recordIndex: 0, message: e.message)
                return ([r], [])
            }
            return ([], [])
        }
        let header = headerRow.cells.map { asciiUppercased(trimmedText($0.0)) }
        for (n, row) in rows.dropFirst().enumerated() {
            var record = OMMRecord()
            record.line = row.line
            if row.cells.count != header.count {
                // A short last row is a cut file only when the file ends inside it (no line end after it).
                let isLast = n == rows.count - 2 && syntaxError == nil
                let cut = isLast && row.cells.count < header.count && !row.terminated
                record.error = ElementSetError(
                    cut ? .truncated : .layout, line: row.line, recordIndex: records.count,
                    message: "the row has \(row.cells.count) cells but the header has \(header.count)"
                        + (cut ? "; the file appears cut in its last row" : ""))
            } else {
                for (k, cell) in row.cells.enumerated() where !header[k].isEmpty {
                    let (line, column) = tracker.position(cell.1)
                    record.set(header[k], OMMValue(text: cell.0, line: line, column: column))
                }
            }
            records.append(record)
        }
        if let e = syntaxError {
            var r = OMMRecord()
            let (line, column) = tracker.position(e.offset)
            r.error = ElementSetError(.truncated, line: line, column: column, recordIndex: records.count, message: e.message)
            records.append(r)
        }
        return (records, header)
    }
}

enum CSVWriter {
    static let header = [OMMKey.objectName, OMMKey.objectID, OMMKey.epoch, OMMKey.meanMotion, OMMKey.eccentricity,
                         OMMKey.inclination, OMMKey.raan, OMMKey.argumentOfPericenter, OMMKey.meanAnomaly,
                         OMMKey.ephemerisType, OMMKey.classification, OMMKey.catalog, OMMKey.elementSetNumber,
                         OMMKey.revolution, OMMKey.bstar, OMMKey.meanMotionDot, OMMKey.meanMotionDDot]

    static func cell(_ s: String) -> String {
        var needsQuotes = false
        for b in s.utf8 where b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D {
            needsQuotes = true
        }
        if let f = s.utf8.first, isBlank(f) { needsQuotes = true }
        if let l = s.utf8.last, isBlank(l) { needsQuotes = true }
        guard needsQuotes else { return s }
        var out = "\""
        for ch in s { out += ch == "\"" ? "\"\"" : String(ch) }
        return out + "\""
    }

    static func encode(_ sets: [ElementSet]) throws(ElementSetError) -> String {
        var out = header.joined(separator: ",") + "\r\n"
        for (index, set) in sets.enumerated() {
            let fields = try OMMBuilder.fields(of: set, recordIndex: index)
            var byKey: [String: String] = [:]
            for (k, v, _) in fields { byKey[k] = v }
            out += header.map { byKey[$0].map(cell) ?? "" }.joined(separator: ",") + "\r\n"
        }
        return out
    }
}

// OMM KVN: "KEYWORD = value" lines (CCSDS 502.0-B-3 §7). Blank lines and COMMENT lines are skipped, units in
// brackets after a value are dropped, LF or CRLF. A record starts at CCSDS_OMM_VERS, or when a keyword repeats.

enum KVNReader {
    /// Keywords whose values are text, where a trailing "[…]" is part of the value, not a unit.
    static let textKeys: Set<String> = ["OBJECT_NAME", "OBJECT_ID", "ORIGINATOR", "MESSAGE_ID", "CLASSIFICATION",
                                        "COMMENT", "CREATION_DATE", "EPOCH"]

    static func read(_ p: UnsafeBufferPointer<UInt8>) -> [OMMRecord] {
        var records: [OMMRecord] = []
        var current = OMMRecord()
        var lineNumber = 0
        var pos = 0
        if p.count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { pos = 3 }
        func finish() {
            if !current.isEmpty || current.error != nil { records.append(current) }
            current = OMMRecord()
        }
        while pos < p.count {
            lineNumber += 1
            let start = pos
            var nl = pos
            while nl < p.count, p[nl] != 0x0A { nl += 1 }
            pos = nl + 1
            var (s, e) = trimSpaces(p, start, nl)
            while e > s, p[e - 1] == 0x0D || isBlank(p[e - 1]) { e -= 1 }
            if s == e { continue }
            // COMMENT lines.
            if e - s >= 7, String(decoding: UnsafeBufferPointer(rebasing: p[s ..< s + 7]), as: UTF8.self) == "COMMENT",
               e - s == 7 || isBlank(p[s + 7]) { continue }
            var eq = s
            while eq < e, p[eq] != UInt8(ascii: "=") { eq += 1 }
            guard eq < e else {
                let word = String(decoding: UnsafeBufferPointer(rebasing: p[s ..< e]), as: UTF8.self)
                if word.hasSuffix("_START") || word.hasSuffix("_STOP"), !word.contains(" ") { continue }
                if current.error == nil {
                    current.error = ElementSetError(
                        .syntax, line: lineNumber, column: scalarColumn(p, lineStart: start, offset: s),
                        recordIndex: records.count,
                        message: "expected \"KEYWORD = value\", found \(quoted(p, s, e))")
                    if current.line == nil { current.line = lineNumber }
                }
                continue
            }
            let (ks, ke) = trimSpaces(p, s, eq)
            var (vs, ve) = trimSpaces(p, eq + 1, e)
            let key = asciiUppercased(String(decoding: UnsafeBufferPointer(rebasing: p[ks ..< ke]), as: UTF8.self))
            // Units in brackets after a numeric value.
            if !textKeys.contains(key), ve > vs, p[ve - 1] == UInt8(ascii: "]") {
                var b = ve - 1
                while b > vs, p[b] != UInt8(ascii: "[") { b -= 1 }
                if p[b] == UInt8(ascii: "[") { (vs, ve) = trimSpaces(p, vs, b) }
            }
            guard !key.isEmpty else {
                if current.error == nil {
                    current.error = ElementSetError(.syntax, line: lineNumber, column: 1, recordIndex: records.count,
                                                    message: "a line starts with '=' and has no keyword")
                }
                continue
            }
            if key == "CCSDS_OMM_VERS" || (current.fields[key] != nil && !key.hasPrefix("USER_DEFINED")) { finish() }
            if current.line == nil { current.line = lineNumber }
            let value = String(decoding: UnsafeBufferPointer(rebasing: p[vs ..< ve]), as: UTF8.self)
            current.set(key, OMMValue(text: value, line: lineNumber, column: scalarColumn(p, lineStart: start, offset: vs)))
        }
        finish()
        return records
    }
}

enum KVNWriter {
    static func encode(_ sets: [ElementSet]) throws(ElementSetError) -> String {
        var out = ""
        for (index, set) in sets.enumerated() {
            let fields = try OMMBuilder.fields(of: set, recordIndex: index)
            func line(_ key: String, _ value: String) -> String {
                key + String(repeating: " ", count: max(1, 20 - key.utf8.count)) + "= " + value + "\n"
            }
            if index > 0 { out += "\n" }
            out += line("CCSDS_OMM_VERS", "2.0") + "CREATION_DATE       =\nORIGINATOR          =\n\n"
            var kv: [String: String] = [:]
            for (k, v, _) in fields { kv[k] = v }
            for k in [OMMKey.objectName, OMMKey.objectID] { if let v = kv[k] { out += line(k, v) } }
            out += line("CENTER_NAME", "EARTH") + line("REF_FRAME", "TEME") + line("TIME_SYSTEM", "UTC")
            out += line("MEAN_ELEMENT_THEORY", "SGP4") + "\n"
            for (k, v, _) in fields where k != OMMKey.objectName && k != OMMKey.objectID {
                out += line(k, v)
                if k == OMMKey.meanAnomaly { out += "\n" }
            }
        }
        return out
    }
}
