#if canImport(Catalog)
import Catalog
#endif
import Foundation
import Testing

/// Database locations the CLI tests run against: a SQLite file in the scratch directory, and PostgreSQL (a fresh
/// schema, dropped after the test) when `PERIGEE_TEST_POSTGRES_URL` is set.
enum CLIDatabase: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static let postgresURL = ProcessInfo.processInfo.environment["PERIGEE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static var enabled: [CLIDatabase] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }
    var testDescription: String { rawValue }

    /// Runs `body` with a fresh `--database` value, then drops the PostgreSQL schema, whether `body` threw or not
    /// (SQLite files go with the scratch directory when the test process exits).
    func withFresh(_ body: (String) throws -> Void) async throws {
        let name = "cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let location: String
        switch self {
        case .sqlite:
            location = PerigeeBinary.scratchDirectory.appendingPathComponent("\(name).sqlite").path
        case .postgres:
            let url = Self.postgresURL ?? ""
            location = url + (url.contains("?") ? "&" : "?") + "schema=\(name)"
        }
        do {
            try body(location)
        } catch {
            await drop(schema: name, at: location)
            throw error
        }
        await drop(schema: name, at: location)
    }

    /// Drops the schema of a PostgreSQL location (nothing for SQLite).
    private func drop(schema: String, at location: String) async {
        #if canImport(Catalog)
        guard self == .postgres, let store = try? await StoreLocation(location).open() else { return }
        if let postgres = store as? PostgresElementSetStore { try? await postgres.dropSchema(schema) }
        await store.close()
        #endif
    }
}

/// Reads a "name: value" count from an ingest summary.
func summaryCount(_ output: PerigeeBinary.Output, _ name: String) -> Int? {
    for line in output.lines where line.hasPrefix(name + ": ") {
        return Int(line.dropFirst(name.count + 2))
    }
    return nil
}

@Suite("Catalog commands")
struct CatalogCommandTests {
    static let sample = PerigeeBinary.path("Samples/sample-2023-10.3le")
    static let fixtures = PerigeeBinary.path("Tests/CatalogTests/Fixtures")

    @Test(arguments: CLIDatabase.enabled)
    func ingestTwiceThenHistory(_ backend: CLIDatabase) async throws {
        try await backend.withFresh { database in
            let first = try PerigeeBinary.run(["ingest", Self.sample, Self.fixtures + "/bad.3le", "--database", database])
            #expect(first.status == 0, "\(first.standardError)")
            #expect(summaryCount(first, "new element sets") == 16)
            #expect(summaryCount(first, "duplicates") == 3)
            #expect(summaryCount(first, "rejected") == 1)
            #expect(first.standardOutput.contains("bad.3le: "))
            let second = try PerigeeBinary.run(["ingest", Self.sample, "--database", database])
            #expect(summaryCount(second, "new element sets") == 0)
            #expect(summaryCount(second, "duplicates") == 16)

            let csv = try PerigeeBinary.run(["history", "20580", "--format", "csv", "--database", database])
            #expect(csv.status == 0, "\(csv.standardError)")
            #expect(csv.lines.count == 2)
            #expect(csv.lines[1].hasPrefix("20580,2023-10-09T06:20:00."))
            #expect(csv.standardError.contains("data: newest epoch"))
            let json = try PerigeeBinary.run(["history", "20580", "--format", "json", "--database", database])
            let parsed = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]]
            #expect(parsed?.first?["mean_motion_rev_per_day"] as? Double == 15.14353138)
            // The CSV columns and the JSON keys are the same names, in the same order as the CSV gives them.
            let header = csv.lines[0].split(separator: ",").map(String.init)
            #expect(header.count == 13 && header.contains("inclination_deg") && header.contains("epoch"))
            #expect(Set(header) == Set(parsed?.first?.keys.map { $0 } ?? []))
            let table = try PerigeeBinary.run(["history", "20580", "--database", database])
            #expect(table.standardOutput.contains("1 element sets"))
            let missing = try PerigeeBinary.run(["history", "99999", "--database", database])
            #expect(missing.status == 2 && missing.standardError.contains("no element sets stored"))
        }
    }

    @Test(arguments: CLIDatabase.enabled)
    func launchVerdicts(_ backend: CLIDatabase) async throws {
        try await backend.withFresh { database in
            let satcat = try PerigeeBinary.run(["ingest", Self.fixtures + "/satcat-first40.csv", "--database", database])
            #expect(satcat.status == 0, "\(satcat.standardError)")
            let launch = try PerigeeBinary.run(["launch", "1957-001", "--format", "csv", "--database", database])
            #expect(launch.status == 0, "\(launch.standardError)")
            #expect(launch.lines.count == 3)
            #expect(launch.lines[2].hasPrefix("2,1957-001B,SPUTNIK 1,,,,,decayed,1958-01-03"))
            // One piece: that object only.
            let piece = try PerigeeBinary.run(["launch", "1957-001b", "--format", "csv", "--database", database])
            #expect(piece.status == 0 && piece.lines.count == 2, "\(piece.standardOutput)")
            #expect(piece.lines.last?.hasPrefix("2,1957-001B,") == true)
            let none = try PerigeeBinary.run(["launch", "2099-001", "--database", database])
            #expect(none.status == 2 && none.standardError.contains("no catalogued objects for launch 2099-001; data:"),
                    "\(none.standardError)")
            // Not a designator: refused, not rewritten into another launch.
            for text in ["nonsense", "2023091", "1957-0011", "57-001"] {
                let bad = try PerigeeBinary.run(["launch", text, "--database", database])
                #expect(bad.status == 2 && bad.standardError.contains("is not an international designator"), "\(text)")
            }
        }
    }

    /// A command that only reads the store does not create one at a path that does not exist; ingest does. An
    /// ingest of which every record is rejected fails.
    @Test func readingAMissingStoreAndIngestingNothing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("perigee-missing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("none.sqlite").path
        for arguments in [["history", "25544"], ["launch", "1998-067"], ["decay", "--catalog-number", "25544"],
                          ["diff", "--from", "2023-01-01", "--to", "2023-02-01"]] {
            let result = try PerigeeBinary.run(arguments + ["--database", database])
            #expect(result.status == 2 && result.standardError.contains("no catalog store at \(database)"),
                    "\(arguments): \(result.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: database))
        let garbage = directory.appendingPathComponent("garbage.tle")
        try "this is not an element set\n".write(to: garbage, atomically: true, encoding: .utf8)
        let nothing = try PerigeeBinary.run(["ingest", garbage.path, "--database", database])
        #expect(nothing.status == 2 && nothing.standardError.contains("every record of the inputs was rejected"),
                "\(nothing.standardError)")
        #expect(summaryCount(nothing, "rejected") == 1)
    }

    @Test func unreachablePostgresIsAClearError() throws {
        let result = try PerigeeBinary.run(["history", "25544", "--database", "postgres://nobody:secret@127.0.0.1:1/none"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("cannot connect"))
        #expect(!result.standardError.contains("secret"))
    }

    /// Kills `perigee ingest` with SIGKILL after it has committed some batches, reruns it, and checks that the
    /// store ends with every element set exactly once.
    @Test(arguments: CLIDatabase.enabled)
    func killedIngestCompletesOnRerun(_ backend: CLIDatabase) async throws {
        try await backend.withFresh { database in
            // The whole public catalog of 2023-10-09 (26,140 element sets, Tests/ElementSetsTests/Fixtures).
            let file = PerigeeBinary.path("Tests/ElementSetsTests/Fixtures/catalog-2023-10-full.3le.xz")

            let process = Process()
            process.executableURL = PerigeeBinary.url
            process.arguments = ["ingest", file, "--database", database, "--batch-size", "500", "--log-batches"]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = Pipe()
            try process.run()
            var seen = ""
            let handle = err.fileHandleForReading
            while !seen.contains("committed batch 4:") {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                seen += String(decoding: chunk, as: UTF8.self)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "the ingest finished before it could be killed")
            #expect(seen.contains("committed batch 4:"))

            let rerun = try PerigeeBinary.run(["ingest", file, "--database", database])
            #expect(rerun.status == 0, "\(rerun.standardError)")
            let read = try #require(summaryCount(rerun, "element sets read"))
            let new = try #require(summaryCount(rerun, "new element sets"))
            let duplicates = try #require(summaryCount(rerun, "duplicates"))
            #expect(duplicates >= 2_000, "at least four committed batches survived the kill")
            #expect(new > 0)
            #expect(new + duplicates == read)
            let third = try PerigeeBinary.run(["ingest", file, "--database", database])
            #expect(summaryCount(third, "new element sets") == 0)
            #expect(summaryCount(third, "duplicates") == read)
        }
    }
}
