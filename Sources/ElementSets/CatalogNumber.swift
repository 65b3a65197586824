/// A satellite catalog number (`NORAD_CAT_ID`): 0 … 999,999,999.
///
/// TLEs carry five characters: digits up to 99999, then Alpha-5 (`A0000`–`Z9999` = 100000–339999, skipping the
/// letters I and O). OMM carries up to nine digits.
public struct CatalogNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The numeric value.
    public let rawValue: Int

    /// The largest value any catalog number may take.
    public static let maximum = 999_999_999
    /// The largest value a TLE can carry (Alpha-5 `Z9999`).
    public static let maximumInTLE = 339_999

    /// Creates a catalog number, or `nil` outside 0 … 999,999,999.
    public init?(_ rawValue: Int) {
        guard (0...Self.maximum).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// The Alpha-5 letters in order of their value (10 … 33): A–Z without I and O.
    static let alpha5Letters: [UInt8] = Array("ABCDEFGHJKLMNPQRSTUVWXYZ".utf8)

    /// The value (10 … 33) of an Alpha-5 letter, or `nil` for anything else (I, O and lowercase included).
    @inline(__always)
    static func alpha5Value(_ b: UInt8) -> Int? {
        guard b >= UInt8(ascii: "A"), b <= UInt8(ascii: "Z"), b != UInt8(ascii: "I"), b != UInt8(ascii: "O") else {
            return nil
        }
        var v = Int(b - UInt8(ascii: "A")) + 10
        if b > UInt8(ascii: "I") { v -= 1 }
        if b > UInt8(ascii: "O") { v -= 1 }
        return v
    }

    /// Parses the five TLE columns at `p[start ..< start + 5]`: digits (space- or zero-padded) or Alpha-5.
    static func parseTLEField(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> CatalogNumber? {
        guard start >= 0, start + 5 <= p.count else { return nil }
        if let letter = alpha5Value(p[start]) {
            var rest = 0
            for i in start + 1 ..< start + 5 {
                guard isDigit(p[i]) else { return nil }
                rest = rest * 10 + Int(p[i] &- 0x30)
            }
            return CatalogNumber(unchecked: letter * 10_000 + rest)
        }
        var i = start
        while i < start + 5, p[i] == 0x20 { i += 1 }
        guard i < start + 5 else { return nil }
        var value = 0
        while i < start + 5 {
            guard isDigit(p[i]) else { return nil }
            value = value * 10 + Int(p[i] &- 0x30)
            i += 1
        }
        return CatalogNumber(unchecked: value)
    }

    init(unchecked rawValue: Int) { self.rawValue = rawValue }

    /// Parses the five-character TLE field: digits (space- or zero-padded) or Alpha-5. `nil` if malformed.
    public init?(tleField: Substring) {
        var bytes = Array(tleField.utf8)
        // Accept a shorter right-justified field, as the columns would hold it.
        guard bytes.count <= 5 else { return nil }
        bytes = Array(repeating: 0x20, count: 5 - bytes.count) + bytes
        guard let parsed = bytes.withUnsafeBufferPointer({ Self.parseTLEField($0, 0) }) else { return nil }
        self = parsed
    }

    /// Parses an OMM `NORAD_CAT_ID`: an integer of up to nine digits, with optional '+' and leading zeros.
    public init?(ommText: String) {
        var text = ommText
        let value: Int? = text.withUTF8 { p in
            let (s, e) = trimSpaces(p, 0, p.count)
            guard s < e else { return nil }
            var i = s
            if p[i] == UInt8(ascii: "+") { i += 1 }
            while i < e - 1, p[i] == UInt8(ascii: "0") { i += 1 }
            guard e - i <= 9 else { return nil }
            return IntegerParser.parse(p, i, e, allowSign: false)
        }
        guard let value, let number = CatalogNumber(value) else { return nil }
        self = number
    }

    /// Parses a catalog number as a person writes it: decimal digits (up to nine, leading zeros allowed) or the
    /// Alpha-5 form of a TLE (`T0000` = 270000; the letter in either case, I and O excluded). `nil` otherwise.
    public init?(text: String) {
        var bytes = Array(text.utf8)
        guard let first = bytes.first else { return nil }
        if bytes.count == 5, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") {
            bytes[0] = first - 0x20   // the TLE field's letters are capitals
        }
        if bytes.count == 5, Self.alpha5Value(bytes[0]) != nil {
            guard let parsed = bytes.withUnsafeBufferPointer({ Self.parseTLEField($0, 0) }) else { return nil }
            self = parsed
            return
        }
        // Digits only: the OMM reader's decimal rule then applies (at most nine significant digits).
        guard bytes.allSatisfy(isDigit), let number = CatalogNumber(ommText: text) else { return nil }
        self = number
    }

    /// The five-character TLE field (zero-padded digits or Alpha-5), or `nil` above ``maximumInTLE``.
    public var tleField: String? {
        if rawValue < 100_000 {
            let digits = String(rawValue)
            return String(repeating: "0", count: 5 - digits.count) + digits
        }
        guard rawValue <= Self.maximumInTLE else { return nil }
        let letter = Self.alpha5Letters[rawValue / 10_000 - 10]
        let digits = String(rawValue % 10_000)
        return String(Unicode.Scalar(letter)) + String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// The decimal value.
    public var description: String { String(rawValue) }

    /// Orders by value.
    public static func < (a: CatalogNumber, b: CatalogNumber) -> Bool { a.rawValue < b.rawValue }
}
