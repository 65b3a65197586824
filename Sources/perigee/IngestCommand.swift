#if canImport(Catalog)
import ArgumentParser
import Foundation
import Perigee
#if canImport(Glibc)
import Glibc
#endif

/// The catalog-store subcommands.
var catalogCommands: [any ParsableCommand.Type] {
    [IngestCommand.self, SyncCommand.self, HistoryCommand.self, LaunchCommand.self] + serveCommands
}

/// The `--database` option shared by the catalog commands.
struct DatabaseOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "SQLite file or postgres://user:password@host:port/database URL.",
        discussion: "Default: $PERIGEE_DATABASE, else $XDG_DATA_HOME/perigee/catalog.sqlite (~/.local/share/perigee/…)."))
    var database: String?

    /// Opens the store; the default location is filled from the bundled snapshot on first use. A SQLite file given
    /// with --database or PERIGEE_DATABASE that does not exist is created only when `creating` (ingest, sync, serve);
    /// a command that only reads it fails instead of answering from a new, empty store.
    func openStore(creating: Bool = false) async throws -> (store: any ElementSetStore, isDefault: Bool) {
        let environment = ProcessInfo.processInfo.environment
        let (location, isDefault) = StoreLocation.resolve(database, environment: environment)
        if !isDefault, !creating, case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            throw CommandFailure(description: "no catalog store at \(path) (perigee ingest creates one there)")
        }
        do {
            let store = try await location.open()
            if isDefault {
                let bar = ProgressBar(logBatches: false)
                if try await BundledSnapshot.loadIfEmpty(into: store, environment: environment, progress: { bar.update($0) }) != nil {
                    printToStandardError("note: first use; loaded the \(BundledSnapshot.ageStatement) into \(store.locationDescription)")
                }
            }
            return (store, isDefault)
        } catch {
            throw CommandFailure(description: "\(error)")
        }
    }
}

/// Runs an async command body, printing a ``CommandFailure`` or ``CatalogError`` and exiting with status 2.
func reportingCatalogFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as CommandFailure {
        printToStandardError("error: \(failure)")
        throw ExitCode(2)
    } catch let error as CatalogError {
        printToStandardError("error: \(error)")
        throw ExitCode(2)
    }
}

/// "data: newest epoch …, last ingest …" for answers computed from the store.
func dataAgeLine(_ store: any ElementSetStore) async -> String {
    guard let age = try? await store.dataAge() else { return "data: the store is empty" }
    let days = CatalogIngester.now().seconds(since: age.newestEpoch) / 86_400
    return "data: newest epoch \(age.newestEpoch.iso8601(fractionDigits: 0)) (\(fixed(days, digits: 1)) days old), "
        + "last ingest \(age.lastIngest.iso8601(fractionDigits: 0)) from \(store.locationDescription)"
}

/// Draws a progress bar on standard error when it is a terminal.
struct ProgressBar: Sendable {
    let enabled: Bool = isatty(2) == 1
    let logBatches: Bool

    func update(_ progress: IngestProgress) {
        if logBatches {
            printToStandardError("committed batch \(progress.summary.batchesCommitted): \(progress.committed)/\(progress.total) of \(progress.source)")
        }
        guard enabled else { return }
        let width = 30
        let fraction = progress.total > 0 ? Double(progress.committed) / Double(progress.total) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let name = (progress.source as NSString).lastPathComponent
        FileHandle.standardError.write(Data("\r[\(bar)] \(Int(fraction * 100))% \(progress.committed)/\(progress.total) \(name)\u{1B}[K".utf8))
        if progress.committed == progress.total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// `perigee ingest`: load element-set files, directories, SATCAT CSV or URLs into the store.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Store element sets (every format, .gz/.xz) and SATCAT CSV from files, directories or URLs.",
        discussion: """
            Each batch is one transaction and already stored element sets (same catalog number, epoch and \
            element-set number) are skipped, so an interrupted ingest is completed by running it again. The \
            summary lists new sets, duplicates and every rejected record with its position and reason; the exit \
            status is 2 when records were rejected and none could be stored.
            """
    )

    @Argument(help: "Files, directories or http(s) URLs.")
    var inputs: [String]

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Element sets per transaction.")
    var batchSize: Int = 20_000

    @Flag(help: "Print a line on standard error after every committed batch.")
    var logBatches = false

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    func run() async throws {
        try await reportingCatalogFailures {
            let (store, _) = try await database.openStore(creating: true)
            let bar = ProgressBar(logBatches: logBatches)
            let ingester = CatalogIngester(store: store, batchSize: batchSize, progress: { bar.update($0) })
            var summary = IngestSummary()
            do {
                var files: [String] = []
                for input in inputs {
                    if input.hasPrefix("http://") || input.hasPrefix("https://") {
                        let fetched = try await RemoteFetcher(cacheDirectory: RemoteFetcher.defaultCacheDirectory(
                            environment: ProcessInfo.processInfo.environment)).fetch(input)
                        try await ingester.ingest(bytes: fetched.bytes, source: input, into: &summary)
                    } else {
                        files.append(input)
                    }
                }
                summary.add(try await ingester.ingest(paths: files))
            } catch {
                await store.close()
                throw error
            }
            await store.close()
            printSummary(summary)
            if summary.elementSetsRead == 0, summary.objectsWritten == 0, !summary.rejected.isEmpty {
                throw CommandFailure(description: "nothing could be stored: every record of the inputs was rejected")
            }
        }
    }
}

/// Prints an ingest summary on standard output.
func printSummary(_ summary: IngestSummary) {
    print("inputs: \(summary.inputs)")
    print("element sets read: \(summary.elementSetsRead)")
    print("new element sets: \(summary.newElementSets)")
    print("duplicates: \(summary.duplicates)")
    print("SATCAT objects written: \(summary.objectsWritten)")
    print("SATCAT objects unchanged: \(summary.objectsUnchanged)")
    print("rejected: \(summary.rejected.count)")
    for rejection in summary.rejected {
        print("  \(rejection)")
    }
    let rate = summary.storeSeconds > 0 ? Double(summary.elementSetsRead) / summary.storeSeconds : 0
    printToStandardError("timing: decode \(fixed(summary.decodeSeconds, digits: 3)) s, store \(fixed(summary.storeSeconds, digits: 3)) s "
                         + "(\(Int(rate)) element sets/s into the store)")
}

#else
import ArgumentParser

/// The catalog-store subcommands (none in a build without the Catalog module).
var catalogCommands: [any ParsableCommand.Type] { [] }
#endif
