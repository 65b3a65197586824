import ArgumentParser
import Perigee

/// Where an analytics command (`decay`, `manoeuvres`) reads element-set history: a file, or one object's history
/// in the catalog store.
struct HistorySource: ParsableArguments {
    @Argument(help: "Element-set history file in any supported format (.gz and .xz too).")
    var file: String?

    @Option(name: .customLong("catalog-number"), help: "Read this object's history from the catalog store instead.",
            transform: catalogNumberArgument)
    var catalogNumber: Int?

    #if canImport(Catalog)
    @OptionGroup var database: DatabaseOptions
    #endif

    func validate() throws {
        guard (file == nil) != (catalogNumber == nil) else {
            throw ValidationError(file == nil
                ? "give a history file, or --catalog-number to read one object's history from the catalog store"
                : "give either a history file or --catalog-number (to read the catalog store), not both")
        }
    }

    /// The object's stored history and the data-age line when `--catalog-number` was given, otherwise `nil` (the
    /// caller reads `file`). Store failures are reported and exit non-zero.
    func storedSets() async throws -> (sets: [ElementSet], age: String)? {
        guard let catalogNumber else { return nil }
        #if canImport(Catalog)
        var loaded: (sets: [ElementSet], age: String)?
        try await reportingCatalogFailures {
            loaded = try await storedHistory(catalogNumber, database: database)
        }
        return loaded
        #else
        printToStandardError("error: --catalog-number needs the catalog store, which this build does not include; "
                             + "pass a history file instead")
        throw ExitCode(2)
        #endif
    }
}
