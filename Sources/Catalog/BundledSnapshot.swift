import Foundation

/// The compact default data shipped with Perigee, loaded into an empty default store on first use so a fresh
/// install works offline: the full public catalog of 2023-10-09 (26,140 element sets, Space-Track 3LE, xz) and
/// the Space-Track SATCAT of 2021-01-19 (47,315 objects, gzip CSV).
public enum BundledSnapshot {
    /// The snapshot's file names, SATCAT first so element sets find their objects' rows.
    public static let fileNames = ["satcat-2021-01-19.csv.gz", "catalog-2023-10-09.3le.xz"]

    /// A sentence stating what the snapshot is and how old it is.
    public static let ageStatement = "bundled snapshot: element sets of 2023-10-09, SATCAT of 2021-01-19"

    /// The directory holding the snapshot files, if the resource bundle is installed next to the executable.
    ///
    /// Looks for SwiftPM's `Perigee_Catalog.resources` bundle beside the running executable (and one level
    /// up), or in `PERIGEE_SNAPSHOT_DIR` when given.
    public static func directory(environment: [String: String]) -> String? {
        let candidates = ResourceBundle.candidateDirectories(module: "Catalog", override: "PERIGEE_SNAPSHOT_DIR",
                                                             environment: environment)
        return candidates.first { candidate in
            fileNames.allSatisfy { FileManager.default.fileExists(atPath: candidate + "/" + $0) }
        }
    }

    /// Loads the snapshot into `store` if the store holds no element set yet.
    ///
    /// - Parameters:
    ///   - store: The store (normally the default SQLite file).
    ///   - environment: The process environment (for ``directory(environment:)``).
    ///   - progress: Progress reports, as for ``CatalogIngester``.
    /// - Returns: The ingest summary, or `nil` when the store was not empty or no snapshot is installed.
    public static func loadIfEmpty(into store: any ElementSetStore, environment: [String: String],
                                   progress: (@Sendable (IngestProgress) -> Void)? = nil) async throws(CatalogError) -> IngestSummary? {
        guard try await store.elementSetCount() == 0, let directory = directory(environment: environment) else { return nil }
        let ingester = CatalogIngester(store: store, progress: progress)
        // Each set's source names the snapshot, not the path of the build or installation it was read from.
        var summary = IngestSummary()
        for name in fileNames {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                summary.inputs += 1
                summary.rejected.append(IngestRejection(source: path, reason: "cannot read the bundled snapshot file"))
                continue
            }
            try await ingester.ingest(bytes: [UInt8](data), source: "bundled snapshot " + name, into: &summary)
        }
        return summary
    }
}

/// Where SwiftPM installs a module's resource bundle relative to the running executable.
public enum ResourceBundle {
    /// The directories that may hold `module`'s resources, in search order: the directory named by the `override`
    /// environment variable, then the Linux (`Perigee_<module>.resources`) and macOS (`.bundle`) bundles beside the
    /// executable and one level up.
    public static func candidateDirectories(module: String, override: String, environment: [String: String]) -> [String] {
        var candidates: [String] = []
        if let explicit = environment[override], !explicit.isEmpty { candidates.append(explicit) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<2 {
            candidates.append(directory.appendingPathComponent("Perigee_\(module).resources/Resources").path)
            candidates.append(directory.appendingPathComponent("Perigee_\(module).bundle/Contents/Resources/Resources").path)
            directory = directory.deletingLastPathComponent()
        }
        return candidates
    }
}
