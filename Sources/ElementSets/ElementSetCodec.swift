internal import Decompression

/// The element-set file formats this library reads and writes.
public enum ElementSetFormat: String, Sendable, CaseIterable {
    /// Two-line element sets (line 1 and line 2 only).
    case tle
    /// Three-line element sets: a name line (with or without a leading "0 ") before each TLE.
    case threeLine = "3le"
    /// CCSDS OMM in XML (`<ndm><omm>…` as CelesTrak and Space-Track publish it).
    case ommXML = "omm-xml"
    /// OMM keywords as JSON objects in an array (numbers as numbers or as strings).
    case ommJSON = "omm-json"
    /// OMM keywords as CSV with a header row.
    case ommCSV = "omm-csv"
    /// CCSDS OMM in keyword = value notation.
    case ommKVN = "omm-kvn"
}

/// One record that could not be read, and why.
public struct ElementSetProblem: Sendable, Hashable, CustomStringConvertible {
    /// The 0-based index of the record in the input (counting good and bad records), if known.
    public var recordIndex: Int?
    /// What was wrong, with line, column and field where known.
    public var error: ElementSetError

    /// Creates a problem report.
    public init(recordIndex: Int?, error: ElementSetError) {
        self.recordIndex = recordIndex
        self.error = error
    }

    /// A readable one-line description.
    public var description: String {
        var e = error
        if e.recordIndex == nil { e.recordIndex = recordIndex }
        return e.description
    }
}

/// What a decoder read from one input: the element sets that loaded and the records that did not.
public struct ElementSetDecodeResult: Sendable {
    /// The format the input was read as.
    public var format: ElementSetFormat
    /// The element sets read, in input order.
    public var elementSets: [ElementSet]
    /// The records that could not be read, in input order.
    public var problems: [ElementSetProblem]

    /// Creates a result.
    public init(format: ElementSetFormat, elementSets: [ElementSet], problems: [ElementSetProblem]) {
        self.format = format
        self.elementSets = elementSets
        self.problems = problems
    }
}

/// Reads element sets from TLE, 3LE and OMM (XML, JSON, CSV, KVN) data, gzip- or xz-compressed or not.
public struct ElementSetDecoder: Sendable {
    /// Whether any problem fails the whole input.
    public var strict: Bool

    /// Creates a decoder. With `strict`, any bad record makes `decode` throw; otherwise bad records are reported
    /// in ``ElementSetDecodeResult/problems`` and the good ones still load.
    public init(strict: Bool = false) {
        self.strict = strict
    }

    /// Decodes element sets from bytes.
    ///
    /// - Parameters:
    ///   - bytes: the file contents; gzip and xz are recognised by their magic bytes and decompressed.
    ///   - format: the format, or `nil` to detect it.
    /// - Throws: ``ElementSetError`` when the input cannot be read at all (unknown format, an HTML page, binary
    ///   data, corrupt compression), and in strict mode for the first bad record.
    public func decode(_ bytes: [UInt8], format: ElementSetFormat? = nil) throws(ElementSetError) -> ElementSetDecodeResult {
        let data: [UInt8]
        do {
            data = try Decompression.decompressIfNeeded(bytes)
        } catch {
            throw ElementSetError(.decompression, message: "cannot decompress the input: \(error.message)")
        }
        let result = try data.withUnsafeBufferPointer { p throws(ElementSetError) in
            try Self.decodePlain(p, format: format)
        }
        if strict, let first = result.problems.first {
            var error = first.error
            if error.recordIndex == nil { error.recordIndex = first.recordIndex }
            if result.problems.count > 1 {
                error.message += " (and \(result.problems.count - 1) more problem\(result.problems.count > 2 ? "s" : ""))"
            }
            throw error
        }
        return result
    }

    /// Reads a file and decodes it (see ``decode(_:format:)``).
    public func decode(contentsOfFile path: String, format: ElementSetFormat? = nil) throws(ElementSetError) -> ElementSetDecodeResult {
        try decode(try FileReading.read(path), format: format)
    }

    /// Detects the format of (possibly compressed) bytes, or `nil` when they are not an element-set format.
    public static func detectFormat(_ bytes: [UInt8]) -> ElementSetFormat? {
        guard let data = try? Decompression.decompressIfNeeded(bytes) else { return nil }
        return data.withUnsafeBufferPointer { p in
            if FormatDetection.isBinary(p) || FormatDetection.isHTML(p) { return nil }
            return FormatDetection.detect(p)
        }
    }

    static func decodePlain(_ p: UnsafeBufferPointer<UInt8>, format: ElementSetFormat?) throws(ElementSetError) -> ElementSetDecodeResult {
        if FormatDetection.isBinary(p) {
            throw ElementSetError(.unrecognizedFormat, message: "the input is binary data (it contains NUL or other "
                                  + "control bytes), not element sets")
        }
        if FormatDetection.isHTML(p) {
            throw ElementSetError(.unrecognizedFormat, line: 1, message: "the input is an HTML page (for example an "
                                  + "error or login page saved in place of the data), not element sets")
        }
        let isEmpty = FormatDetection.firstNonBlank(p) == nil
        guard let format = format ?? FormatDetection.detect(p) else {
            throw ElementSetError(.unrecognizedFormat, message: isEmpty ? "the input is empty"
                                  : "the input is not TLE, 3LE or OMM (XML, JSON, CSV or KVN)")
        }
        if isEmpty { return ElementSetDecodeResult(format: format, elementSets: [], problems: []) }
        switch format {
        case .tle, .threeLine:
            let out = TLEFileReader.read(p)
            guard out.sawTLELines else {
                throw ElementSetError(.unrecognizedFormat, message: "no TLE line 1 or line 2 found in the input")
            }
            return ElementSetDecodeResult(format: format, elementSets: out.sets, problems: out.problems)
        case .ommXML:
            let (records, root) = XMLReader.read(p)
            if let root, root.lowercased() == "html" {
                throw ElementSetError(.unrecognizedFormat, message: "the input is an HTML page, not OMM XML")
            }
            if records.isEmpty, let root, !["ndm", "omm", "xml"].contains(root.lowercased()) {
                throw ElementSetError(.unrecognizedFormat, message: "the XML document <\(root)> holds no OMM records")
            }
            return build(records, format: format, lenientEpoch: false)
        case .ommJSON:
            let records = JSONReader.read(p)
            if records.count == 1, let e = records[0].error, e.recordIndex == 0, e.line == 1, e.column == 1 {
                throw ElementSetError(.unrecognizedFormat, line: 1, column: 1, message: "the input is not OMM JSON: \(e.message)")
            }
            return build(records, format: format, lenientEpoch: true)
        case .ommCSV:
            let (records, header) = CSVReader.read(p)
            guard header.contains(OMMKey.epoch) else {
                throw ElementSetError(.unrecognizedFormat, line: 1, message: "the CSV header has no EPOCH column; "
                                      + "expected a header row of OMM keywords")
            }
            return build(records, format: format, lenientEpoch: true)
        case .ommKVN:
            return build(KVNReader.read(p), format: format, lenientEpoch: false)
        }
    }

    static func build(_ records: [OMMRecord], format: ElementSetFormat, lenientEpoch: Bool) -> ElementSetDecodeResult {
        var sets: [ElementSet] = []
        sets.reserveCapacity(records.count)
        var problems: [ElementSetProblem] = []
        for (index, record) in records.enumerated() {
            do throws(ElementSetError) {
                sets.append(try OMMBuilder.build(record, recordIndex: index, lenientEpoch: lenientEpoch))
            } catch {
                var e = error
                if record.error != nil, e.recordIndex == nil { e.recordIndex = nil } else { e.recordIndex = index }
                problems.append(ElementSetProblem(recordIndex: e.recordIndex, error: e))
            }
        }
        return ElementSetDecodeResult(format: format, elementSets: sets, problems: problems)
    }
}

/// Writes element sets in one format.
public struct ElementSetEncoder: Sendable {
    /// The format written.
    public var format: ElementSetFormat

    /// Creates an encoder for `format`.
    public init(format: ElementSetFormat) {
        self.format = format
    }

    /// Renders element sets as text (LF line ends; CRLF for CSV, as CelesTrak writes it).
    ///
    /// OMM formats keep full `Double` precision and omit OBJECT_NAME / OBJECT_ID when they are `nil`; `.tle` writes
    /// no names, `.threeLine` writes each name as "0 NAME" ("0" alone for none). TLE and 3LE round each value half up
    /// to its column's resolution (a zero exponent field is written " 00000-0") and refuse,
    /// with ``ElementSetError/Kind/notEncodable``, what they cannot carry: catalog numbers above 339999,
    /// epochs outside 1957-2056, OBJECT_IDs that do not fit columns 10-17, values that overflow their columns.
    public func encode(_ sets: [ElementSet]) throws(ElementSetError) -> String {
        switch format {
        case .tle, .threeLine:
            var out = ""
            for (index, set) in sets.enumerated() {
                let (l1, l2) = try TLEWriter.lines(set, recordIndex: index)
                if format == .threeLine {
                    var name = "0"
                    if let n = set.objectName {
                        for u in n.unicodeScalars where u.value < 0x20 || u.value == 0x7F {
                            throw ElementSetError(.notEncodable, field: OMMKey.objectName, recordIndex: index,
                                                  message: "the name contains a control character")
                        }
                        guard trimmedText(n) == n, !n.isEmpty else {
                            throw ElementSetError(.notEncodable, field: OMMKey.objectName, recordIndex: index,
                                                  message: "the name \"\(n)\" is empty or has leading or trailing blanks")
                        }
                        name += " " + n
                    }
                    out += name + "\n"
                }
                out += l1 + "\n" + l2 + "\n"
            }
            return out
        case .ommXML: return try XMLWriter.encode(sets)
        case .ommJSON: return try JSONWriter.encode(sets)
        case .ommCSV: return try CSVWriter.encode(sets)
        case .ommKVN: return try KVNWriter.encode(sets)
        }
    }
}

enum FormatDetection {
    /// The offset of the first byte that is not blank, a line break or a byte order mark.
    static func firstNonBlank(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        if p.count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { i = 3 }
        while i < p.count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x0C { i += 1 }
        return i < p.count ? i : nil
    }

    /// NUL bytes, or more than 1 % other control bytes, in the first 64 KiB.
    static func isBinary(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = min(p.count, 1 << 16)
        var control = 0
        for i in 0 ..< n {
            let b = p[i]
            if b == 0 { return true }
            if (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C) || b == 0x7F { control += 1 }
        }
        return control * 100 > n
    }

    /// Whether the input starts like an HTML document.
    static func isHTML(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let s = firstNonBlank(p), p[s] == UInt8(ascii: "<") else { return false }
        let n = min(p.count, s + 2048)
        let head = String(decoding: UnsafeBufferPointer(rebasing: p[s ..< n]), as: UTF8.self).lowercased()
        return head.hasPrefix("<!doctype html") || head.contains("<html") || head.hasPrefix("<head")
            || head.hasPrefix("<body")
    }

    /// Lines `[start, end)` of the first `limit` lines, without line breaks.
    static func lines(_ p: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var i = start
        while i < p.count, out.count < limit {
            var e = i
            while e < p.count, p[e] != 0x0A { e += 1 }
            var end = e
            while end > i, p[end - 1] == 0x0D || isBlank(p[end - 1]) { end -= 1 }
            out.append((i, end))
            i = e + 1
        }
        return out
    }

    /// The index of the first line 1 directly followed by a line 2 (both of 69 columns when `exact`).
    static func firstPair(_ p: UnsafeBufferPointer<UInt8>, _ head: [(Int, Int)], exact: Bool) -> Int? {
        guard head.count >= 2 else { return nil }
        for k in 0 ..< head.count - 1 {
            let (a, b) = head[k], (c, d) = head[k + 1]
            if exact && (b - a != 69 || d - c != 69) { continue }
            if TLEFileReader.isDataLine(p, a, b, UInt8(ascii: "1")), TLEFileReader.isDataLine(p, c, d, UInt8(ascii: "2")) {
                return k
            }
        }
        return nil
    }

    static func detect(_ p: UnsafeBufferPointer<UInt8>) -> ElementSetFormat? {
        guard let s = firstNonBlank(p) else { return nil }
        let head = lines(p, from: s, limit: 12).filter { $0.1 > $0.0 }
        guard let first = head.first else { return nil }
        // TLE or 3LE first (a name line may hold anything): a complete 69-column line 1 followed by a line 2;
        // a name before it makes it 3LE.
        if let k = firstPair(p, head, exact: true) { return k == 0 ? .tle : .threeLine }
        switch p[s] {
        case UInt8(ascii: "<"): return .ommXML
        case UInt8(ascii: "["), UInt8(ascii: "{"): return .ommJSON
        default: break
        }
        // KVN: the first line that is not a comment is "KEYWORD = value".
        for (a, b) in head {
            let text = String(decoding: UnsafeBufferPointer(rebasing: p[a ..< b]), as: UTF8.self)
            if text.hasPrefix("COMMENT") { continue }
            if let eq = text.firstIndex(of: "=") {
                let key = text[..<eq].trimmingCharacters()
                if let first = key.utf8.first, first >= 65, first <= 90,
                   key.utf8.allSatisfy({ isDigit($0) || ($0 >= 65 && $0 <= 90) || $0 == 95 }) { return .ommKVN }
            }
            break
        }
        // CSV: a header row naming OMM keywords.
        let firstText = asciiUppercased(String(decoding: UnsafeBufferPointer(rebasing: p[first.0 ..< first.1]), as: UTF8.self))
        if firstText.contains(","), firstText.contains("EPOCH") || firstText.contains("NORAD_CAT_ID") { return .ommCSV }
        // Damaged TLE files: any line 1 / line 2 pair, or any line that looks like one.
        if let k = firstPair(p, head, exact: false) { return k == 0 ? .tle : .threeLine }
        if head.contains(where: { TLEFileReader.isDataLine(p, $0.0, $0.1, UInt8(ascii: "1"))
            || TLEFileReader.isDataLine(p, $0.0, $0.1, UInt8(ascii: "2")) }) {
            return .tle
        }
        return nil
    }
}

extension Substring {
    func trimmingCharacters() -> String { trimmedText(String(self)) }
}

/// Internal access to decompression for tests.
enum DecompressionBridge {
    static func decompress(_ bytes: [UInt8]) throws -> [UInt8] { try Decompression.decompressIfNeeded(bytes) }
}
