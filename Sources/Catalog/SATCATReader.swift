import Astrodynamics
import ElementSets

/// Reads SATCAT CSV: Space-Track's `satcat` class (`INTLDES, NORAD_CAT_ID, OBJECT_TYPE, SATNAME, COUNTRY, LAUNCH,
/// DECAY, …`) or CelesTrak's (`OBJECT_NAME, OBJECT_ID, NORAD_CAT_ID, OBJECT_TYPE, OWNER, LAUNCH_DATE, DECAY_DATE, …`).
public struct SATCATReader: Sendable {
    /// What one read produced: the rows that loaded and the ones that did not, with line and field.
    public struct Result: Sendable {
        /// The objects read, in input order.
        public var objects: [CatalogObject]
        /// Rows that could not be read.
        public var problems: [CatalogError]
    }

    /// Creates a reader.
    public init() {}

    /// Whether `bytes` start with a SATCAT CSV header (and not an OMM CSV one).
    public static func looksLikeSATCAT(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(while: { $0 != 0x0A }).prefix(4096), as: UTF8.self).uppercased()
        return head.contains("NORAD_CAT_ID") && !head.contains("MEAN_MOTION")
            && (head.contains("SATNAME") || head.contains("LAUNCH") || head.contains("DECAY"))
    }

    /// Reads SATCAT rows.
    ///
    /// - Parameters:
    ///   - bytes: The CSV text (already decompressed).
    ///   - location: The file name, for error messages.
    /// - Throws: ``CatalogError`` of kind `invalidSATCAT` when the header lacks `NORAD_CAT_ID`.
    public func read(_ bytes: [UInt8], location: String) throws(CatalogError) -> Result {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }  // a byte-order mark before the header
        var lines = splitLines(text).makeIterator()
        guard let headerLine = lines.next() else {
            throw CatalogError(.invalidSATCAT, location: location, line: 1, "empty file")
        }
        let header = Self.fields(headerLine).map { $0.uppercased() }
        func column(_ names: String...) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        guard let numberColumn = column("NORAD_CAT_ID", "OBJECT_NUMBER") else {
            throw CatalogError(.invalidSATCAT, location: location, line: 1, field: "NORAD_CAT_ID", "the header has no NORAD_CAT_ID column")
        }
        let designatorColumn = column("OBJECT_ID", "INTLDES")
        let nameColumn = column("SATNAME", "OBJECT_NAME")
        let typeColumn = column("OBJECT_TYPE")
        let ownerColumn = column("COUNTRY", "OWNER")
        let launchColumn = column("LAUNCH", "LAUNCH_DATE")
        let decayColumn = column("DECAY", "DECAY_DATE")
        var result = Result(objects: [], problems: [])
        var lineNumber = 1
        while let line = lines.next() {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "," }) { continue }
            let fields = Self.fields(line)
            func value(_ index: Int?) -> String? {
                guard let index, index < fields.count else { return nil }
                let v = fields[index].trimmingSpaces
                return v.isEmpty ? nil : v
            }
            guard numberColumn < fields.count else {
                result.problems.append(CatalogError(.invalidSATCAT, location: location, line: lineNumber,
                                                    field: "NORAD_CAT_ID", "the row has \(fields.count) fields, fewer than the header"))
                continue
            }
            guard let raw = value(numberColumn), let catalogNumber = CatalogNumber(ommText: raw) else {
                result.problems.append(CatalogError(.invalidSATCAT, location: location, line: lineNumber,
                                                    field: "NORAD_CAT_ID", "'\(value(numberColumn) ?? "")' is not a catalog number"))
                continue
            }
            var problem: CatalogError?
            for (columnIndex, name) in [(launchColumn, "LAUNCH"), (decayColumn, "DECAY")] {
                if let date = value(columnIndex), Self.date(date) == nil {
                    problem = CatalogError(.invalidSATCAT, location: location, line: lineNumber, field: name,
                                           "'\(date)' is not a YYYY-MM-DD date")
                }
            }
            if let problem { result.problems.append(problem); continue }
            result.objects.append(CatalogObject(
                catalogNumber: catalogNumber, internationalDesignator: value(designatorColumn).map(Self.designator),
                name: value(nameColumn), objectType: value(typeColumn), owner: value(ownerColumn),
                launchDate: value(launchColumn).flatMap(Self.date), decayDate: value(decayColumn).flatMap(Self.date)))
        }
        return result
    }

    /// "1998-067A" from "1998-067A" or "98067A".
    static func designator(_ text: String) -> String {
        if text.count >= 5, text.allSatisfy({ $0 != "-" }), let yy = Int(text.prefix(2)) {
            let year = yy < 57 ? 2000 + yy : 1900 + yy
            return "\(year)-\(text.dropFirst(2))"
        }
        return text
    }

    /// The `YYYY-MM-DD` part of a date or date-time, if it is a day of the calendar (2023-02-31 is not).
    static func date(_ text: String) -> String? {
        let day = text.prefix(10)
        guard day.count == 10, let year = Int(day.prefix(4)), year > 1900,
              (try? Instant(iso8601: day + "T00:00:00Z")) != nil else { return nil }
        return String(day)
    }

    /// Splits one CSV line (RFC 4180 quotes, doubled quotes inside).
    static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else {
                            quoted = false
                            if next == "," { fields.append(current); current = "" } else { current.append(next) }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current); current = ""
            } else if c != "\r" {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
