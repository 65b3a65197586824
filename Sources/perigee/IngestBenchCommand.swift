#if canImport(Catalog)
import ArgumentParser
import Foundation
import Perigee

/// The benchmark subcommands that need the catalog store.
var catalogBenchCommands: [any ParsableCommand.Type] { [IngestBench.self] }

/// `perigee bench ingest`: element sets per second into SQLite and PostgreSQL, and the time to read one object's
/// whole history back.
struct IngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Time storing a full catalog and a long history, and reading that history back (SQLite, PostgreSQL).",
        discussion: """
            Each run starts from an empty store (a new SQLite file, a new PostgreSQL schema). The files are decoded \
            once before timing; the store rate times the same batched, transactional inserts `perigee ingest` \
            makes (duplicates checked, objects recorded) and the ingest rate a whole `perigee ingest` of the \
            files (read, decompress, decode, store). The history read is `history(of:)` for the history's object \
            after both files are stored, through the store opened again (a new connection or pool, as `perigee \
            history` has). Medians over the runs are reported. The last line is exactly \
            `sqlite_sets_per_s=<n> sqlite_history_ms=<ms> postgres_sets_per_s=<n|-> postgres_history_ms=<ms|->`.
            """
    )

    @Option(help: "Full-catalog file.")
    var catalog: String = "/work/shared/data/catalog-2023-10/spacetrack_3le_2023-10-09.txt"

    @Option(help: "One object's long element-set history.")
    var history: String = "/work/shared/data/history-iss/iss_gp_history_1998-11-20_2021-01-18.csv.xz"

    @Option(help: "PostgreSQL URL (default $PERIGEE_BENCH_POSTGRES_URL, else $PERIGEE_TEST_POSTGRES_URL; none skips PostgreSQL).")
    var postgres: String?

    @Option(help: "Runs per backend (medians are reported).")
    var runs: Int = 5

    @Option(help: "Element sets per transaction.")
    var batchSize: Int = 20_000

    @Option(help: "History reads per run.")
    var reads: Int = 5

    func validate() throws {
        guard runs >= 1, reads >= 1 else { throw ValidationError("--runs and --reads must be at least 1") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be positive") }
    }

    /// Median of a non-empty list.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// One backend's medians.
    struct Result {
        var catalogSetsPerSecond: Double
        var historySetsPerSecond: Double
        var combinedSetsPerSecond: Double
        var ingestSetsPerSecond: Double
        var historyReadMs: Double
        var historyCount: Int
    }

    func run() async throws {
        try await reportingCatalogFailures {
            let catalogSets = try loadElementSets(path: catalog)
            let historySets = try loadElementSets(path: history)
            guard let object = historySets.first?.catalogNumber else {
                throw CommandFailure(description: "\(history): no element sets")
            }
            let environment = ProcessInfo.processInfo.environment
            let postgresURL = postgres ?? environment["PERIGEE_BENCH_POSTGRES_URL"] ?? environment["PERIGEE_TEST_POSTGRES_URL"]
            print("catalog: \(catalogSets.count) element sets (\(catalog))")
            print("history: \(historySets.count) element sets of \(object.rawValue) (\(history))")
            print("runs: \(runs), batch size \(batchSize), history reads per run \(reads)")

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("perigee-bench-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            var runIndex = 0
            let sqlite = try await measure(name: "sqlite", catalogSets: catalogSets, historySets: historySets, object: object) {
                runIndex += 1
                return directory + "/run\(runIndex).sqlite"
            } dropping: { _, _ in }
            var postgresResult: Result?
            if let url = postgresURL, !url.isEmpty {
                postgresResult = try await measure(name: "postgres", catalogSets: catalogSets, historySets: historySets, object: object) {
                    let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
                    return url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"
                } dropping: { store, location in
                    guard let postgres = store as? PostgresElementSetStore,
                          let schema = URLComponents(string: location)?.queryItems?.first(where: { $0.name == "schema" })?.value
                    else { return }
                    try? await postgres.dropSchema(schema)
                }
            } else {
                print("postgres: skipped (no --postgres, PERIGEE_BENCH_POSTGRES_URL or PERIGEE_TEST_POSTGRES_URL)")
            }
            func rate(_ value: Double?) -> String { value.map { String(Int($0.rounded())) } ?? "-" }
            func ms(_ value: Double?) -> String { value.map { fixed($0, digits: 2) } ?? "-" }
            print("sqlite_sets_per_s=\(rate(sqlite.combinedSetsPerSecond)) sqlite_history_ms=\(ms(sqlite.historyReadMs)) "
                  + "postgres_sets_per_s=\(rate(postgresResult?.combinedSetsPerSecond)) "
                  + "postgres_history_ms=\(ms(postgresResult?.historyReadMs))")
        }
    }

    /// Runs the store and read timings `runs` times on fresh stores at the locations `newLocation` gives.
    ///
    /// The history is read through a store opened again after the inserts (a new connection or pool, as
    /// `perigee history` and a restarted service have), not through the one that wrote it.
    private func measure(name: String, catalogSets: [ElementSet], historySets: [ElementSet], object: CatalogNumber,
                         newLocation: () -> String,
                         dropping drop: @escaping (any ElementSetStore, String) async -> Void) async throws -> Result {
        func open() async throws -> (any ElementSetStore, String, () async -> Void) {
            let location = newLocation()
            let store = try await StoreLocation(location).open()
            return (store, location, { await drop(store, location) })
        }
        let clock = ContinuousClock()
        var catalogRates: [Double] = [], historyRates: [Double] = [], combinedRates: [Double] = []
        var ingestRates: [Double] = [], readTimes: [Double] = []
        var historyCount = 0
        let ingestedAt = CatalogIngester.now()
        func store(_ sets: [ElementSet], into store: any ElementSetStore, source: String) async throws -> Double {
            var start = 0
            var inserted = 0
            let elapsed = try await clock.measure {
                while start < sets.count {
                    let end = min(start + batchSize, sets.count)
                    inserted += try await store.insert(Array(sets[start..<end]), source: source, ingestedAt: ingestedAt).inserted
                    start = end
                }
            }
            guard inserted > 0 else {
                throw CommandFailure(description: "\(name): nothing was inserted from \(source) (store not empty?)")
            }
            return Self.seconds(elapsed)
        }
        for run in 1...runs {
            let (target, location, cleanUp) = try await open()
            do {
                let catalogSeconds = try await store(catalogSets, into: target, source: catalog)
                let historySeconds = try await store(historySets, into: target, source: history)
                catalogRates.append(Double(catalogSets.count) / catalogSeconds)
                historyRates.append(Double(historySets.count) / historySeconds)
                combinedRates.append(Double(catalogSets.count + historySets.count) / (catalogSeconds + historySeconds))
                let reader = try await StoreLocation(location).open()
                do {
                    for _ in 0..<reads {
                        var count = 0
                        let elapsed = try await clock.measure { count = try await reader.history(of: object).count }
                        readTimes.append(Self.seconds(elapsed) * 1000)
                        historyCount = count
                    }
                } catch {
                    await reader.close()
                    throw error
                }
                await reader.close()
                print("\(name) run \(run): catalog \(Int(catalogRates.last ?? 0)) sets/s, history \(Int(historyRates.last ?? 0)) sets/s, "
                      + "read \(historyCount) sets in \(fixed(readTimes.last ?? 0, digits: 2)) ms")
            } catch {
                await cleanUp()
                await target.close()
                throw error
            }
            await cleanUp()
            await target.close()
            // A whole `perigee ingest` of both files (read, decompress, decode, store) into another empty store.
            let (fresh, _, freshCleanUp) = try await open()
            do {
                let ingester = CatalogIngester(store: fresh, batchSize: batchSize)
                var summary = IngestSummary()
                let elapsed = try await clock.measure { summary = try await ingester.ingest(paths: [catalog, history]) }
                ingestRates.append(Double(summary.elementSetsRead) / Self.seconds(elapsed))
            } catch {
                await freshCleanUp()
                await fresh.close()
                throw error
            }
            await freshCleanUp()
            await fresh.close()
        }
        let result = Result(catalogSetsPerSecond: Self.median(catalogRates), historySetsPerSecond: Self.median(historyRates),
                            combinedSetsPerSecond: Self.median(combinedRates), ingestSetsPerSecond: Self.median(ingestRates),
                            historyReadMs: Self.median(readTimes), historyCount: historyCount)
        print("\(name): store \(Int(result.combinedSetsPerSecond)) sets/s (catalog \(Int(result.catalogSetsPerSecond)), "
              + "history \(Int(result.historySetsPerSecond))); whole ingest incl. decode \(Int(result.ingestSetsPerSecond)) sets/s; "
              + "history read \(fixed(result.historyReadMs, digits: 2)) ms for \(result.historyCount) sets (medians of \(runs) runs)")
        return result
    }
}
#else
import ArgumentParser

/// The benchmark subcommands that need the catalog store (none in a build without it).
var catalogBenchCommands: [any ParsableCommand.Type] { [] }
#endif
