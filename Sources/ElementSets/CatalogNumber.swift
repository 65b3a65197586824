/// A satellite catalog number (`NORAD_CAT_ID`): 1 … 999,999,999.
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
    static let alpha5Letters: [Character] = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")

    /// Parses the five-character TLE field: digits (space- or zero-padded) or Alpha-5. `nil` if malformed.
    public init?(tleField: Substring) {
        let trimmed = tleField.drop { $0 == " " }
        guard let first = trimmed.first, trimmed.count <= 5 else { return nil }
        if first.isLetter {
            guard trimmed.count == 5, let index = Self.alpha5Letters.firstIndex(of: first),
                  let rest = Int(trimmed.dropFirst()), trimmed.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
            else { return nil }
            self.rawValue = (index + 10) * 10_000 + rest
        } else {
            guard trimmed.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(trimmed) else { return nil }
            self.rawValue = value
        }
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
        return String(letter) + String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// The decimal value.
    public var description: String { String(rawValue) }

    /// Orders by value.
    public static func < (a: CatalogNumber, b: CatalogNumber) -> Bool { a.rawValue < b.rawValue }
}
