/// A problem found while reading or writing an element set, naming where it is and what was expected.
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
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// The OMM field or TLE column range concerned, if any (for example "ECCENTRICITY" or "columns 27-33").
    public var field: String?
    /// The 1-based line in the input, if known.
    public var line: Int?
    /// The 1-based column in that line, if known.
    public var column: Int?
    /// What was wrong and what was expected.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, field: String? = nil, line: Int? = nil, column: Int? = nil, message: String) {
        self.kind = kind
        self.field = field
        self.line = line
        self.column = column
        self.message = message
    }

    /// A one-line readable description: position, field, and message.
    public var description: String {
        var parts: [String] = []
        if let line { parts.append(column.map { "line \(line), column \($0)" } ?? "line \(line)") }
        if let field { parts.append(field) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
