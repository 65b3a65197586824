public import Astrodynamics
import ElementSets

/// A JSON value with ordered object keys, rendered without Foundation so responses are byte-for-byte stable
/// (the `ETag` is a hash of the body).
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A number; a non-finite value is written as `null` (never as `NaN`).
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object with its keys in the given order.
    case object([(String, JSONValue)])

    /// A number rounded to `digits` decimals (keeps bodies short and stable); `null` when not finite.
    public static func number(_ value: Double, digits: Int) -> JSONValue {
        guard value.isFinite else { return .null }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return .number(rounded == 0 ? 0 : rounded)
    }

    /// An ISO 8601 UTC time with milliseconds, or `null` when `nil`.
    public static func time(_ instant: Instant?) -> JSONValue {
        guard let instant else { return .null }
        return .string(instant.iso8601(fractionDigits: 3))
    }

    /// Days from `epoch` to `reference` (4 decimals), or `null` when `epoch` is `nil`.
    public static func ageDays(from epoch: Instant?, to reference: Instant) -> JSONValue {
        guard let epoch else { return .null }
        return .number(reference.seconds(since: epoch) / 86_400, digits: 4)
    }

    /// A rounded number, or `null` when `nil` or not finite.
    public static func optionalNumber(_ value: Double?, digits: Int) -> JSONValue {
        guard let value else { return .null }
        return number(value, digits: digits)
    }

    /// A string, or `null` when `nil`.
    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// The compact JSON text.
    public var text: String {
        var out = ""
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    /// Appends the compact JSON text to `out`.
    public func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let d):
            if !d.isFinite {
                out += "null"
            } else if d == d.rounded(), abs(d) < 1e15 {
                out += String(Int64(d))
            } else {
                out += String(d)  // Swift's shortest round-trip form ("1e-05", "0.25") is valid JSON
            }
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (k, member) in members.enumerated() {
                if k > 0 { out += "," }
                JSONValue.writeString(member.0, into: &out)
                out += ":"
                member.1.write(into: &out)
            }
            out += "}"
        }
    }

    /// Writes a JSON string literal with the required escapes.
    static func writeString(_ text: String, into out: inout String) {
        out += JSONText.quoted(text)
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
