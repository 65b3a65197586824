/// An error reading a time, a leap-second file or other time data.
///
/// The description names what was wrong, where (line and column, when the input is a file) and what was
/// expected, for example `line 14, column 30: expected TAI−UTC in whole seconds, found "1O"`.
public struct TimeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: String, Sendable, Hashable {
        /// A string is not ISO 8601 in one of the accepted forms.
        case malformedISO8601
        /// A field parsed but is out of its range (month 13, minute 61, …).
        case fieldOutOfRange
        /// Second 60 was given at a time when the leap-second table has no leap second.
        case notALeapSecond
        /// A leap-second file (`Leap_Second.dat` or `leap-seconds.list`) is malformed.
        case malformedLeapSecondFile
        /// A file could not be read.
        case unreadableFile
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// What was expected at the failing position.
    public var expected: String
    /// The text found instead (empty at the end of input).
    public var found: String
    /// The 1-based line number in a file, if the input was a file.
    public var line: Int?
    /// The 1-based character column of the problem, if known.
    public var column: Int?
    /// The whole input (a string, or the offending line of a file), for context.
    public var input: String

    /// Creates an error.
    public init(_ kind: Kind, expected: String, found: String, line: Int? = nil, column: Int? = nil,
                input: String = "") {
        self.kind = kind
        self.expected = expected
        self.found = found
        self.line = line
        self.column = column
        self.input = input
    }

    /// A readable one-line description.
    public var description: String {
        var place: [String] = []
        if let line { place.append("line \(line)") }
        if let column { place.append("column \(column)") }
        let prefix = place.isEmpty ? "" : place.joined(separator: ", ") + ": "
        let what: String
        switch kind {
        case .malformedISO8601: what = "malformed ISO 8601 time"
        case .fieldOutOfRange: what = "field out of range"
        case .notALeapSecond: what = "not a leap second"
        case .malformedLeapSecondFile: what = "malformed leap-second file"
        case .unreadableFile: what = "unreadable file"
        }
        let foundText = found.isEmpty ? "end of input" : "\"\(found)\""
        let context = input.isEmpty ? "" : " in \"\(input)\""
        return "\(prefix)\(what): expected \(expected), found \(foundText)\(context)"
    }
}
