import Foundation

/// A parsed JSON value that keeps the distinction JSON Schema needs (integer versus number, bool versus number).
indirect enum JSON: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double, isInteger: Bool)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    subscript(index: Int) -> JSON? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    var double: Double? { if case .number(let d, _) = self { return d }; return nil }
    var int: Int? { if case .number(let d, true) = self { return Int(d) }; return nil }
    var string: String? { if case .string(let s) = self { return s }; return nil }
    var array: [JSON]? { if case .array(let a) = self { return a }; return nil }
    var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    var isNull: Bool { self == .null }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .number(let d, _): return String(d)
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[" + a.map(\.description).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
    }

    /// Parses JSON text; throws on anything malformed (a strict RFC 8259 reader).
    static func parse(_ text: String) throws -> JSON {
        var parser = Parser(bytes: Array(text.utf8))
        let value = try parser.value()
        parser.skipBlanks()
        guard parser.index == parser.bytes.count else { throw Parser.Failure(message: "trailing text at \(parser.index)") }
        return value
    }

    struct Parser {
        struct Failure: Error, CustomStringConvertible { var message: String; var description: String { message } }
        let bytes: [UInt8]
        var index = 0

        mutating func skipBlanks() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ literal: String) throws {
            for b in literal.utf8 {
                guard index < bytes.count, bytes[index] == b else { throw Failure(message: "expected \(literal) at \(index)") }
                index += 1
            }
        }

        mutating func value() throws -> JSON {
            skipBlanks()
            guard index < bytes.count else { throw Failure(message: "unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "n"): try expect("null"); return .null
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "["):
                index += 1
                var items: [JSON] = []
                skipBlanks()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skipBlanks()
                    guard index < bytes.count else { throw Failure(message: "unterminated array") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                    throw Failure(message: "expected , or ] at \(index)")
                }
            case UInt8(ascii: "{"):
                index += 1
                var members: [String: JSON] = [:]
                skipBlanks()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                while true {
                    skipBlanks()
                    let key = try string()
                    skipBlanks()
                    try expect(":")
                    guard members[key] == nil else { throw Failure(message: "duplicate key \(key)") }
                    members[key] = try value()
                    skipBlanks()
                    guard index < bytes.count else { throw Failure(message: "unterminated object") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                    throw Failure(message: "expected , or } at \(index)")
                }
            default:
                return try number()
            }
        }

        mutating func string() throws -> String {
            try expect("\"")
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() { if !raw.isEmpty { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw = [] } }
            while index < bytes.count {
                let b = bytes[index]
                index += 1
                if b == UInt8(ascii: "\"") { flush(); return String(scalars) }
                guard b >= 0x20 else { throw Failure(message: "control character in string at \(index)") }
                if b == UInt8(ascii: "\\") {
                    flush()
                    guard index < bytes.count else { break }
                    let e = bytes[index]
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "u"):
                        guard index + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                              let scalar = Unicode.Scalar(code) else { throw Failure(message: "bad \\u escape") }
                        index += 4
                        scalars.append(scalar)
                    default: throw Failure(message: "bad escape at \(index)")
                    }
                } else {
                    raw.append(b)
                }
            }
            throw Failure(message: "unterminated string")
        }

        mutating func number() throws -> JSON {
            let start = index
            var isInteger = true
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) {
                if [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) { isInteger = false }
                index += 1
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            let pattern = #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$"#
            guard text.range(of: pattern, options: .regularExpression) != nil, let value = Double(text) else {
                throw Failure(message: "bad number \"\(text)\" at \(start)")
            }
            return .number(value, isInteger: isInteger)
        }
    }
}

/// A JSON Schema subset validator (the keywords the OpenAPI document uses): type (a name or an array of names,
/// "null" included), required, properties, additionalProperties (false or a schema), items, enum, oneOf, anyOf,
/// format date-time, minimum/maximum, and local `$ref`s into the document.
struct SchemaValidator {
    /// The whole OpenAPI document, for `$ref`.
    let document: JSON

    /// Every way `value` breaks `schema`, as "path: problem" lines; empty when it conforms.
    func errors(_ value: JSON, _ schema: JSON, path: String = "$") -> [String] {
        if let reference = schema["$ref"]?.string {
            guard let target = resolve(reference) else { return ["\(path): unresolvable $ref \(reference)"] }
            return errors(value, target, path: path)
        }
        var problems: [String] = []
        if let alternatives = schema["oneOf"]?.array {
            let matching = alternatives.filter { errors(value, $0, path: path).isEmpty }.count
            if matching != 1 { problems.append("\(path): matches \(matching) of the oneOf alternatives, not exactly one") }
        }
        if let alternatives = schema["anyOf"]?.array, !alternatives.contains(where: { errors(value, $0, path: path).isEmpty }) {
            problems.append("\(path): matches none of the anyOf alternatives")
        }
        if let type = schema["type"] {
            let names = type.array?.compactMap(\.string) ?? [type.string ?? ""]
            if !names.contains(where: { Self.has(value, type: $0) }) {
                problems.append("\(path): expected type \(names.joined(separator: "|")), got \(value)")
                return problems
            }
        }
        if let allowed = schema["enum"]?.array, !allowed.contains(value) {
            problems.append("\(path): \(value) is not one of \(allowed)")
        }
        if schema["format"]?.string == "date-time", case .string(let text) = value {
            let pattern = #"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"#
            if text.range(of: pattern, options: .regularExpression) == nil {
                problems.append("\(path): \"\(text)\" is not an RFC 3339 date-time")
            }
        }
        if case .number(let d, _) = value {
            if let minimum = schema["minimum"]?.double, d < minimum { problems.append("\(path): \(d) < minimum \(minimum)") }
            if let maximum = schema["maximum"]?.double, d > maximum { problems.append("\(path): \(d) > maximum \(maximum)") }
        }
        if case .object(let members) = value {
            for name in schema["required"]?.array?.compactMap(\.string) ?? [] where members[name] == nil {
                problems.append("\(path): missing required property \"\(name)\"")
            }
            let properties: [String: JSON]
            if case .object(let declared)? = schema["properties"] { properties = declared } else { properties = [:] }
            for (name, member) in members {
                if let sub = properties[name] {
                    problems += errors(member, sub, path: "\(path).\(name)")
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        problems.append("\(path): property \"\(name)\" is not allowed")
                    } else if case .object = additional {
                        problems += errors(member, additional, path: "\(path).\(name)")
                    }
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (k, item) in items.enumerated() { problems += errors(item, itemSchema, path: "\(path)[\(k)]") }
        }
        return problems
    }

    func resolve(_ reference: String) -> JSON? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSON? = document
        for part in reference.dropFirst(2).split(separator: "/") {
            node = node?[String(part).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
        }
        return node
    }

    static func has(_ value: JSON, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): return true
        case ("number", .number): return true
        case ("integer", .number(let d, _)): return d == d.rounded()
        default: return false
        }
    }

    /// The schema of the `status` response of `method` on `path` (JSON content), from the document.
    func responseSchema(path: String, method: String, status: Int) -> JSON? {
        document["paths"]?[path]?[method]?["responses"]?[String(status)]?["content"]?["application/json"]?["schema"]
    }
}
