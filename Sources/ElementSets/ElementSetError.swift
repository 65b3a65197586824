/// A problem found while reading or writing an element set, naming where it is and what was expected.
///
/// Positions are 1-based and count lines and characters of the decompressed input (a column counts Unicode
/// scalars, so a non-breaking space is one column even though it takes two UTF-8 bytes).
public struct ElementSetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is, for matching in `catch`.
    public enum Kind: String, Sendable, Hashable {
        /// A field did not hold what its format requires.
        case malformedField
        /// A line had the wrong length or layout.
        case layout
        /// The TLE checksum did not match.
        case checksum
        /// A value was outside its allowed range.
        case outOfRange
        /// The element set cannot be written in the requested format.
        case notEncodable
        /// A byte outside ASCII where only ASCII is allowed (for example a non-breaking space in a TLE line).
        case nonASCII
        /// A field the format requires is absent or empty.
        case missingField
        /// Two parts of one record disagree (for example the catalog numbers of TLE lines 1 and 2).
        case inconsistent
        /// The input ends in the middle of a record (a lone TLE line 1, a cut CSV row, an unclosed element).
        case truncated
        /// The structure of the document is broken (XML, JSON, CSV or KVN syntax).
        case syntax
        /// The input is not an element-set file this library can read (unknown format, HTML page, binary data).
        case unrecognizedFormat
        /// Compressed input (gzip or xz) could not be decompressed.
        case decompression
        /// The file could not be read.
        case fileUnreadable
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// The OMM field or TLE column range concerned, if any (for example "ECCENTRICITY" or "columns 27-33").
    public var field: String?
    /// The 1-based line in the input, if known.
    public var line: Int?
    /// The 1-based column in that line, if known.
    public var column: Int?
    /// The 0-based index of the record (element set) in the input, counting good and bad records, if known.
    public var recordIndex: Int?
    /// What was wrong and what was expected.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, field: String? = nil, line: Int? = nil, column: Int? = nil, recordIndex: Int? = nil,
                message: String) {
        self.kind = kind
        self.field = field
        self.line = line
        self.column = column
        self.recordIndex = recordIndex
        self.message = message
    }

    /// A one-line readable description: record, position, field, and message.
    public var description: String {
        var parts: [String] = []
        if let recordIndex { parts.append("record \(recordIndex + 1)") }
        if let line { parts.append(column.map { "line \(line), column \($0)" } ?? "line \(line)") }
        if let field { parts.append(field) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
