// OMM JSON: an array of flat objects (CelesTrak, Space-Track) or a single object. Values may be numbers or
// strings (Space-Track quotes every number); null means absent; booleans and nested values are kept as their JSON
// text (the keywords that use them then report what they found).
//
// A small hand-written reader rather than JSONSerialization: it keeps number text exactly as written (so the
// decimal parser gives the same double as `Double(String)`), reports line and column of every value, keeps
// the complete records before a syntax error or a cut, and needs no Foundation.

struct JSONReader {
    let p: UnsafeBufferPointer<UInt8>
    var i = 0
    var tracker: PositionTracker
    var records: [OMMRecord] = []
    static let maximumDepth = 64

    init(_ p: UnsafeBufferPointer<UInt8>) {
        self.p = p
        tracker = PositionTracker(p)
    }

    struct SyntaxError: Error { var message: String; var offset: Int; var truncated: Bool }

    mutating func error(_ message: String) -> SyntaxError {
        SyntaxError(message: message, offset: i, truncated: i >= p.count)
    }

    mutating func skipWhitespace() {
        while i < p.count, p[i] == 0x20 || p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x09 { i += 1 }
    }

    /// Reads all records; syntax errors become a problem on the record being read, after which reading stops.
    static func read(_ p: UnsafeBufferPointer<UInt8>) -> [OMMRecord] {
        var r = JSONReader(p)
        do {
            try r.readTop()
        } catch let e as SyntaxError {
            let (line, column) = r.tracker.position(e.offset)
            let message = e.truncated ? "the JSON text ends early (\(e.message)); the file appears cut" : e.message
            var record = OMMRecord()
            record.line = line
            record.error = ElementSetError(e.truncated ? .truncated : .syntax, line: line, column: column,
                                           recordIndex: r.records.count, message: message)
            r.records.append(record)
        } catch {}
        return r.records
    }

    mutating func readTop() throws {
        if p.count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { i = 3 }
        skipWhitespace()
        guard i < p.count else { throw error("expected '[' or '{'") }
        if p[i] == UInt8(ascii: "{") {
            records.append(try readRecord())
        } else if p[i] == UInt8(ascii: "[") {
            i += 1
            skipWhitespace()
            if i < p.count, p[i] == UInt8(ascii: "]") { i += 1 } else {
                while true {
                    skipWhitespace()
                    guard i < p.count else { throw error("expected an object") }
                    if p[i] == UInt8(ascii: "{") {
                        records.append(try readRecord())
                    } else {
                        let start = i
                        try skipValue(depth: 1)
                        let (line, column) = tracker.position(start)
                        var record = OMMRecord()
                        record.line = line
                        record.error = ElementSetError(.syntax, line: line, column: column, recordIndex: records.count,
                                                       message: "expected an object with OMM keywords, found another JSON value")
                        records.append(record)
                    }
                    skipWhitespace()
                    guard i < p.count else { throw error("expected ',' or ']'") }
                    if p[i] == UInt8(ascii: ",") { i += 1; continue }
                    if p[i] == UInt8(ascii: "]") { i += 1; break }
                    throw error("expected ',' or ']' between array elements, found \(quoted(p, i, i + 1))")
                }
            }
        } else {
            throw error("expected '[' or '{' at the start of OMM JSON, found \(quoted(p, i, i + 1))")
        }
        skipWhitespace()
        guard i == p.count else { throw error("unexpected text after the end of the JSON value") }
    }

    mutating func readRecord() throws -> OMMRecord {
        var record = OMMRecord()
        record.line = tracker.position(i).line
        i += 1  // '{'
        skipWhitespace()
        if i < p.count, p[i] == UInt8(ascii: "}") { i += 1; return record }
        while true {
            skipWhitespace()
            guard i < p.count, p[i] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
            let key = try readString()
            skipWhitespace()
            guard i < p.count, p[i] == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
            i += 1
            skipWhitespace()
            guard i < p.count else { throw error("expected a value for \"\(key)\"") }
            let start = i
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                let value = try readString()
                let (line, column) = tracker.position(start)
                record.set(key, OMMValue(text: value, line: line, column: column))
            } else if c == UInt8(ascii: "-") || isDigit(c) {
                try skipNumber()
                let (line, column) = tracker.position(start)
                record.set(key, OMMValue(text: String(decoding: UnsafeBufferPointer(rebasing: p[start ..< i]), as: UTF8.self),
                                         line: line, column: column))
            } else if c == UInt8(ascii: "n") {
                try literal("null")
            } else {
                // true, false, an array or an object: kept as its JSON text, so that a keyword that needs a number
                // or a name says what it found rather than that it is missing.
                try skipValue(depth: 1)
                let (line, column) = tracker.position(start)
                let raw = String(decoding: UnsafeBufferPointer(rebasing: p[start ..< min(i, start + 40)]), as: UTF8.self)
                record.set(key, OMMValue(text: raw, line: line, column: column))
            }
            skipWhitespace()
            guard i < p.count else { throw error("expected ',' or '}'") }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            if p[i] == UInt8(ascii: "}") { i += 1; return record }
            throw error("expected ',' or '}' after the value of \"\(key)\", found \(quoted(p, i, i + 1))")
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= p.count else { i = p.count; throw error("expected \(word)") }
        for k in 0 ..< n where p[i + k] != word.utf8Start[k] { throw error("expected \(word)") }
        i += n
    }

    mutating func skipNumber() throws {
        if p[i] == UInt8(ascii: "-") { i += 1 }
        var digits = 0
        while i < p.count, isDigit(p[i]) { i += 1; digits += 1 }
        guard digits > 0 else { throw error("expected digits in a number") }
        if i < p.count, p[i] == UInt8(ascii: ".") {
            i += 1
            var f = 0
            while i < p.count, isDigit(p[i]) { i += 1; f += 1 }
            guard f > 0 else { throw error("expected digits after '.' in a number") }
        }
        if i < p.count, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < p.count, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
            var e = 0
            while i < p.count, isDigit(p[i]) { i += 1; e += 1 }
            guard e > 0 else { throw error("expected exponent digits in a number") }
        }
    }

    mutating func skipValue(depth: Int) throws {
        guard depth <= Self.maximumDepth else { throw error("JSON nested deeper than \(Self.maximumDepth) levels") }
        skipWhitespace()
        guard i < p.count else { throw error("expected a value") }
        switch p[i] {
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "-"), UInt8(ascii: "0") ... UInt8(ascii: "9"): try skipNumber()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let close: UInt8 = p[i] == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
            let isObject = close == UInt8(ascii: "}")
            i += 1
            skipWhitespace()
            if i < p.count, p[i] == close { i += 1; return }
            while true {
                skipWhitespace()
                if isObject {
                    guard i < p.count, p[i] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
                    _ = try readString()
                    skipWhitespace()
                    guard i < p.count, p[i] == UInt8(ascii: ":") else { throw error("expected ':'") }
                    i += 1
                }
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard i < p.count else { throw error("expected ',' or a closing bracket") }
                if p[i] == UInt8(ascii: ",") { i += 1; continue }
                if p[i] == close { i += 1; return }
                throw error("expected ',' or a closing bracket, found \(quoted(p, i, i + 1))")
            }
        default:
            throw error("expected a JSON value, found \(quoted(p, i, i + 1))")
        }
    }

    /// Reads a string starting at the opening quote, decoding escapes.
    mutating func readString() throws -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < p.count, p[i] != UInt8(ascii: "\""), p[i] != UInt8(ascii: "\\"), p[i] >= 0x20 { i += 1 }
        if i < p.count, p[i] == UInt8(ascii: "\"") {
            i += 1
            return String(decoding: UnsafeBufferPointer(rebasing: p[start ..< i - 1]), as: UTF8.self)
        }
        var bytes = Array(p[start ..< i])
        while true {
            guard i < p.count else { throw error("unterminated string") }
            let c = p[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            guard c >= 0x20 else { throw error("control character 0x\(hex2(c)) inside a string must be escaped") }
            if c != UInt8(ascii: "\\") { bytes.append(c); i += 1; continue }
            i += 1
            guard i < p.count else { throw error("unterminated escape") }
            let e = p[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(e)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800, scalar < 0xDC00, i + 1 < p.count, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    if low >= 0xDC00, low < 0xE000 { scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) } else { scalar = 0xFFFD }
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                bytes.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= p.count else { i = p.count; throw error("incomplete \\u escape") }
        var v: UInt32 = 0
        for _ in 0 ..< 4 {
            let c = p[i] | 0x20
            let d: UInt32
            if isDigit(p[i]) { d = UInt32(p[i] - 0x30) } else if c >= UInt8(ascii: "a"), c <= UInt8(ascii: "f") {
                d = UInt32(c - UInt8(ascii: "a") + 10)
            } else { throw error("invalid hex digit in \\u escape") }
            v = v << 4 | d
            i += 1
        }
        return v
    }
}

/// JSON text helpers shared by the OMM writer, the command-line tool and the HTTP service.
public enum JSONText {
    /// `text` as a JSON string literal, quotes included: `"` and `\` escaped, control characters as `\n`, `\r`,
    /// `\t` or `\u00XX`, everything else as is (UTF-8 output).
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += "\\u00" + hex2(UInt8(u.value)) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

enum JSONWriter {
    static func escaped(_ s: String) -> String { JSONText.quoted(s) }

    static func encode(_ sets: [ElementSet]) throws(ElementSetError) -> String {
        var out = "["
        for (index, set) in sets.enumerated() {
            out += index == 0 ? "{" : ",\n{"
            let fields = try OMMBuilder.fields(of: set, recordIndex: index)
            for (k, (key, value, isNumber)) in fields.enumerated() {
                if k > 0 { out += "," }
                out += "\"" + key + "\":" + (isNumber ? value : escaped(value))
            }
            out += "}"
        }
        return out + "]\n"
    }
}
