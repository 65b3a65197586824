import Foundation
internal import Logging
public import PostgresNIO

/// Where the element-set store lives: a SQLite file or a PostgreSQL URL.
public enum StoreLocation: Sendable, Hashable {
    /// A SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL server, `postgres://user:password@host:port/database[?schema=name]`.
    case postgres(url: String)

    /// The environment variable that overrides the default location.
    public static let environmentVariable = "PERIGEE_DATABASE"

    /// Reads a `--database` value: a `postgres://` or `postgresql://` URL, a `sqlite:` path, or a plain path.
    public init(_ text: String) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else if text.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The location to use: `explicit` if given, else `PERIGEE_DATABASE`, else the default in the user's data
    /// directory (`$XDG_DATA_HOME/perigee/catalog.sqlite` or `~/.local/share/perigee/catalog.sqlite`).
    ///
    /// - Parameters:
    ///   - explicit: The `--database` value, if any.
    ///   - environment: The process environment (passed in, not read globally).
    /// - Returns: The location and whether it is the default one.
    public static func resolve(_ explicit: String?, environment: [String: String]) -> (location: StoreLocation, isDefault: Bool) {
        if let explicit, !explicit.isEmpty { return (StoreLocation(explicit), false) }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return (StoreLocation(fromEnvironment), false)
        }
        return (.sqlite(path: defaultSQLitePath(environment: environment)), true)
    }

    /// `$XDG_DATA_HOME/perigee/catalog.sqlite`, or `$HOME/.local/share/perigee/catalog.sqlite`.
    public static func defaultSQLitePath(environment: [String: String]) -> String {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            base = home + "/.local/share"
        }
        return base + "/perigee/catalog.sqlite"
    }

    /// Opens the store at this location with a logger that discards PostgreSQL driver events.
    ///
    /// - Throws: ``CatalogError``.
    public func open() async throws(CatalogError) -> any ElementSetStore {
        try await open(logger: Logger(label: "perigee.catalog", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Opens the store at this location (creating and migrating it as needed).
    ///
    /// - Parameter logger: The logger the PostgreSQL driver logs into.
    /// - Throws: ``CatalogError``.
    public func open(logger: Logger) async throws(CatalogError) -> any ElementSetStore {
        switch self {
        case .sqlite(let path):
            return try SQLiteElementSetStore(path: path)
        case .postgres(let url):
            return try await PostgresElementSetStore.open(url: url, logger: logger)
        }
    }
}
