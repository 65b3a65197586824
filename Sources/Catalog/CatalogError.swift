/// A failure of the element-set store or of an ingest, with what went wrong and where.
public struct CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure, to match in `catch`.
    public enum Kind: String, Sendable, Hashable {
        /// The `--database` location could not be understood.
        case invalidLocation = "invalid database location"
        /// The database could not be opened or reached.
        case unavailable = "database unavailable"
        /// A query or migration failed.
        case database = "database error"
        /// An input file could not be read.
        case unreadableInput = "unreadable input"
        /// A SATCAT row or header was malformed.
        case invalidSATCAT = "invalid SATCAT"
        /// A remote source answered with something other than success.
        case remote = "remote source error"
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// The file, URL or table involved, when known.
    public var location: String?
    /// The 1-based line in ``location``, when known.
    public var line: Int?
    /// The field involved, when known.
    public var field: String?
    /// A readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, location: String? = nil, line: Int? = nil, field: String? = nil, _ message: String) {
        self.kind = kind
        self.location = location
        self.line = line
        self.field = field
        self.message = message
    }

    /// "kind: location:line: field: message".
    public var description: String {
        var parts = [kind.rawValue]
        if let location {
            parts.append(line.map { "\(location):\($0)" } ?? location)
        } else if let line {
            parts.append("line \(line)")
        }
        if let field { parts.append("field \(field)") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
