// OMM XML. Records are `<omm>` elements (CelesTrak and Space-Track NDM layout: ndm/omm/body/segment/
// metadata|data/meanElements|tleParameters/KEYWORD) or, in flat layouts without `<omm>`, any element whose
// direct children include an EPOCH leaf (for example Space-Track's `<xml><item>…</item></xml>`). Leaf
// elements give keyword/value pairs by local name; attributes, comments, processing instructions and DOCTYPE
// are skipped; entity references other than the five predefined ones and character references are rejected.
//
// Hand-written rather than FoundationXML's XMLParser: it reports line and column for every value, keeps the
// records read before a syntax error, is fast, and has no dependency.

struct XMLReader {
    let p: UnsafeBufferPointer<UInt8>
    var i = 0
    var tracker: PositionTracker
    var records: [OMMRecord] = []
    var rootName: String?

    struct Frame {
        var name: String
        var hasChildElement = false
        var hasEpochChild = false
        var text: [UInt8] = []
        var textOffset: Int?
        var fields: [String: OMMValue] = [:]
        var line: Int
    }
    var stack: [Frame] = []
    var ommDepth = 0
    static let maximumDepth = 64

    init(_ p: UnsafeBufferPointer<UInt8>) {
        self.p = p
        tracker = PositionTracker(p)
    }

    struct SyntaxError: Error { var message: String; var offset: Int; var truncated: Bool }

    func error(_ message: String, at offset: Int? = nil) -> SyntaxError {
        SyntaxError(message: message, offset: offset ?? i, truncated: i >= p.count)
    }

    static func read(_ p: UnsafeBufferPointer<UInt8>) -> (records: [OMMRecord], root: String?) {
        var r = XMLReader(p)
        do {
            try r.run()
        } catch let e as SyntaxError {
            let (line, column) = r.tracker.position(e.offset)
            let insideRecord = r.stack.contains { $0.name == "omm" } || r.stack.contains { $0.hasEpochChild }
            var record = OMMRecord()
            record.line = line
            record.error = ElementSetError(
                e.truncated ? .truncated : .syntax, line: line, column: column,
                recordIndex: insideRecord ? r.records.count : nil,
                message: e.truncated ? "the XML document ends early (\(e.message)); the file appears cut" : e.message)
            r.records.append(record)
        } catch {}
        return (r.records, r.rootName)
    }

    func startsWith(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= p.count else { return false }
        for k in 0 ..< n where p[i + k] != s.utf8Start[k] { return false }
        return true
    }

    /// Moves past the next occurrence of `terminator`.
    mutating func skip(past terminator: StaticString, what: String) throws {
        let n = terminator.utf8CodeUnitCount
        while i + n <= p.count {
            if startsWith(terminator) { i += n; return }
            i += 1
        }
        i = p.count
        throw error("unterminated \(what)")
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        isDigit(b) || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || b == UInt8(ascii: "_")
            || b == UInt8(ascii: ":") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b >= 0x80
    }

    mutating func readName() throws -> String {
        let start = i
        while i < p.count, Self.isNameByte(p[i]) { i += 1 }
        guard i > start else { throw error("expected an element name, found \(quoted(p, i, i + 1))") }
        // Local name: drop a namespace prefix.
        var s = start
        for k in start ..< i where p[k] == UInt8(ascii: ":") { s = k + 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: p[s ..< i]), as: UTF8.self)
    }

    mutating func skipBlanks() {
        while i < p.count, p[i] == 0x20 || p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x09 { i += 1 }
    }

    mutating func run() throws {
        if p.count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { i = 3 }
        var sawRoot = false
        while i < p.count {
            if p[i] == UInt8(ascii: "<") {
                if startsWith("<?") { try skip(past: "?>", what: "processing instruction"); continue }
                if startsWith("<!--") { try skip(past: "-->", what: "comment"); continue }
                if startsWith("<![CDATA[") {
                    i += 9
                    let start = i
                    try skip(past: "]]>", what: "CDATA section")
                    try appendText(p[start ..< i - 3], at: start)
                    continue
                }
                if startsWith("<!") { try skipDeclaration(); continue }
                if startsWith("</") {
                    i += 2
                    let nameOffset = i
                    let name = try readName()
                    skipBlanks()
                    guard i < p.count, p[i] == UInt8(ascii: ">") else { throw error("expected '>' to close </\(name)") }
                    i += 1
                    guard let top = stack.last else { throw error("closing tag </\(name)> without an open element", at: nameOffset) }
                    guard top.name == name else {
                        throw error("closing tag </\(name)> does not match the open element <\(top.name)>", at: nameOffset)
                    }
                    close()
                    continue
                }
                i += 1
                let nameOffset = i
                let name = try readName()
                if stack.isEmpty {
                    guard !sawRoot else { throw error("a second root element <\(name)> after the document element", at: nameOffset) }
                    sawRoot = true
                    rootName = name
                    if name.lowercased() == "html" { return }
                }
                guard stack.count < Self.maximumDepth else { throw error("elements nested deeper than \(Self.maximumDepth) levels") }
                // Attributes.
                var selfClosing = false
                while true {
                    skipBlanks()
                    guard i < p.count else { throw error("unterminated start tag <\(name)") }
                    if p[i] == UInt8(ascii: ">") { i += 1; break }
                    if p[i] == UInt8(ascii: "/") {
                        guard i + 1 < p.count, p[i + 1] == UInt8(ascii: ">") else { throw error("expected '/>'") }
                        i += 2
                        selfClosing = true
                        break
                    }
                    _ = try readName()
                    skipBlanks()
                    guard i < p.count, p[i] == UInt8(ascii: "=") else { throw error("expected '=' after an attribute name in <\(name)>") }
                    i += 1
                    skipBlanks()
                    guard i < p.count, p[i] == UInt8(ascii: "\"") || p[i] == UInt8(ascii: "'") else {
                        throw error("expected a quoted attribute value in <\(name)>")
                    }
                    let q = p[i]
                    i += 1
                    while i < p.count, p[i] != q {
                        guard p[i] != UInt8(ascii: "<") else { throw error("'<' inside an attribute value") }
                        i += 1
                    }
                    guard i < p.count else { throw error("unterminated attribute value") }
                    i += 1
                }
                if !stack.isEmpty { stack[stack.count - 1].hasChildElement = true }
                if name == "omm" { ommDepth += 1 }
                stack.append(Frame(name: name, line: tracker.position(nameOffset).line))
                if selfClosing { close() }
            } else {
                let start = i
                while i < p.count, p[i] != UInt8(ascii: "<") { i += 1 }
                try appendText(p[start ..< i], at: start)
            }
        }
        if let top = stack.last { throw error("element <\(top.name)> is not closed") }
        guard sawRoot else { throw error("no XML element found") }
    }

    mutating func skipDeclaration() throws {
        // <!DOCTYPE …> possibly with an internal subset in brackets.
        var depth = 0
        while i < p.count {
            let c = p[i]
            i += 1
            if c == UInt8(ascii: "[") { depth += 1 } else if c == UInt8(ascii: "]") { depth -= 1 } else if c == UInt8(ascii: ">"), depth <= 0 { return }
        }
        throw error("unterminated declaration")
    }

    /// Adds character data (decoding entity references) to the open element.
    mutating func appendText(_ slice: Slice<UnsafeBufferPointer<UInt8>>, at start: Int) throws {
        guard !stack.isEmpty else {
            for b in slice where !(b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09) {
                throw error("text outside the document element", at: start)
            }
            return
        }
        var text = stack[stack.count - 1].text
        stack[stack.count - 1].text = []
        if stack[stack.count - 1].textOffset == nil {
            var k = slice.startIndex
            while k < slice.endIndex, slice[k] == 0x20 || slice[k] == 0x0A || slice[k] == 0x0D || slice[k] == 0x09 { k += 1 }
            if k < slice.endIndex { stack[stack.count - 1].textOffset = k }
        }
        var k = slice.startIndex
        while k < slice.endIndex {
            let b = slice[k]
            if b != UInt8(ascii: "&") { text.append(b); k += 1; continue }
            var semi = k + 1
            while semi < slice.endIndex, semi - k < 12, slice[semi] != UInt8(ascii: ";") { semi += 1 }
            guard semi < slice.endIndex, slice[semi] == UInt8(ascii: ";") else {
                throw error("'&' must start an entity reference such as &amp;", at: k)
            }
            let name = String(decoding: UnsafeBufferPointer(rebasing: p[k + 1 ..< semi]), as: UTF8.self)
            switch name {
            case "lt": text.append(UInt8(ascii: "<"))
            case "gt": text.append(UInt8(ascii: ">"))
            case "amp": text.append(UInt8(ascii: "&"))
            case "quot": text.append(UInt8(ascii: "\""))
            case "apos": text.append(UInt8(ascii: "'"))
            default:
                var value: UInt32?
                if name.hasPrefix("#x") || name.hasPrefix("#X") { value = UInt32(name.dropFirst(2), radix: 16) } else if name.hasPrefix("#") { value = UInt32(name.dropFirst(), radix: 10) }
                guard let v = value, let scalar = Unicode.Scalar(v) else {
                    throw error("unknown entity reference &\(name.prefix(12));", at: k)
                }
                text.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            k = semi + 1
        }
        stack[stack.count - 1].text = text
    }

    mutating func close() {
        let frame = stack.removeLast()
        if frame.name == "omm" { ommDepth -= 1 }
        guard !stack.isEmpty else { return }
        if !frame.hasChildElement {
            // A leaf: keyword/value for the parent.
            let (line, column) = frame.textOffset.map { tracker.position($0) } ?? (frame.line, nil)
            let value = OMMValue(text: String(decoding: frame.text, as: UTF8.self), line: line, column: column)
            let key = asciiUppercased(frame.name)
            stack[stack.count - 1].fields[key] = value
            if key == "EPOCH" { stack[stack.count - 1].hasEpochChild = true }
            return
        }
        if frame.name == "omm" || (frame.hasEpochChild && ommDepth == 0) {
            var record = OMMRecord()
            record.fields = frame.fields
            record.line = frame.line
            records.append(record)
            return
        }
        // Pass the keywords up to the enclosing record element.
        if ommDepth > 0 || frame.hasEpochChild {
            for (k, v) in frame.fields { stack[stack.count - 1].fields[k] = v }
        }
    }
}

enum XMLWriter {
    static func escaped(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func encode(_ sets: [ElementSet]) throws(ElementSetError) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<ndm xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        out += "xsi:noNamespaceSchemaLocation=\"https://sanaregistry.org/r/ndmxml_unqualified/ndmxml-2.0.0-master-2.0.xsd\">\n"
        let metadataKeys: Set<String> = [OMMKey.objectName, OMMKey.objectID]
        let meanKeys: Set<String> = [OMMKey.epoch, OMMKey.meanMotion, OMMKey.eccentricity, OMMKey.inclination,
                                     OMMKey.raan, OMMKey.argumentOfPericenter, OMMKey.meanAnomaly]
        for (index, set) in sets.enumerated() {
            let fields = try OMMBuilder.fields(of: set, recordIndex: index)
            func element(_ key: String, _ value: String) -> String { "<\(key)>\(escaped(value))</\(key)>" }
            out += "<omm id=\"CCSDS_OMM_VERS\" version=\"2.0\">\n"
            out += "<header><CREATION_DATE/><ORIGINATOR/></header>\n<body><segment><metadata>"
            for (k, v, _) in fields where metadataKeys.contains(k) { out += element(k, v) }
            out += "<CENTER_NAME>EARTH</CENTER_NAME><REF_FRAME>TEME</REF_FRAME><TIME_SYSTEM>UTC</TIME_SYSTEM>"
            out += "<MEAN_ELEMENT_THEORY>SGP4</MEAN_ELEMENT_THEORY></metadata>\n<data><meanElements>"
            for (k, v, _) in fields where meanKeys.contains(k) { out += element(k, v) }
            out += "</meanElements>\n<tleParameters>"
            for (k, v, _) in fields where !meanKeys.contains(k) && !metadataKeys.contains(k) { out += element(k, v) }
            out += "</tleParameters></data></segment></body>\n</omm>\n"
        }
        return out + "</ndm>\n"
    }
}
