import Foundation
import Testing

/// A fresh install: no store at the default location, so the first catalog command loads the bundled snapshot
/// and every answer states the data's age.
@Suite("First use")
struct FirstUseTests {
    /// Runs `perigee` with HOME and XDG_DATA_HOME pointing into an empty directory and no PERIGEE_DATABASE.
    static func run(_ arguments: [String], home: String) throws -> PerigeeBinary.Output {
        let process = Process()
        process.executableURL = PerigeeBinary.url
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PERIGEE_DATABASE"] = nil
        environment["HOME"] = home
        environment["XDG_DATA_HOME"] = home + "/data"
        environment["XDG_CACHE_HOME"] = home + "/cache"
        process.environment = environment
        let outFile = home + "/stdout-\(UUID().uuidString)", errFile = home + "/stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: outFile, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outFile))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errFile))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        return PerigeeBinary.Output(status: process.terminationStatus,
                                    standardOutput: (try? String(contentsOfFile: outFile, encoding: .utf8)) ?? "",
                                    standardError: (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? "")
    }

    @Test func emptyDefaultStoreLoadsTheBundledSnapshotAndStatesItsAge() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("perigee-home-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let database = home + "/data/perigee/catalog.sqlite"
        #expect(!FileManager.default.fileExists(atPath: database))

        let first = try Self.run(["history", "25544", "--format", "csv"], home: home)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardError.contains("first use; loaded the bundled snapshot"), "\(first.standardError)")
        #expect(FileManager.default.fileExists(atPath: database))
        // The snapshot's ISS set (Space-Track 3LE of 2023-10-09, epoch 23282.xxx) and the age of the data.
        #expect(first.lines.count == 2)
        #expect(first.lines.last?.hasPrefix("25544,2023-10-0") == true, "\(first.standardOutput)")
        #expect(first.standardError.contains("data: newest epoch 2023-10-"), "\(first.standardError)")
        #expect(first.standardError.contains("days old"))

        // The SATCAT of the snapshot is there too: Sputnik 1's launch, with its decay date.
        let launch = try Self.run(["launch", "1957-001", "--format", "csv"], home: home)
        #expect(launch.status == 0, "\(launch.standardError)")
        #expect(launch.standardOutput.contains("2,1957-001B,SPUTNIK 1,"))
        #expect(launch.standardOutput.contains("decayed,1958-01-03"))
        #expect(launch.standardError.contains("data: newest epoch 2023-10-"))
        // Loaded once: the second command does not load it again.
        #expect(!launch.standardError.contains("first use"))
    }
}
