import Foundation
import Testing

/// Runs the built `perigee` executable with a chosen environment (the test process's own, plus `extra`).
func runPerigee(_ arguments: [String], environment extra: [String: String]) throws -> (status: Int32, output: String, error: String) {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [products, products.deletingLastPathComponent()].map { $0.appendingPathComponent("perigee") }
    let executable = ProcessInfo.processInfo.environment["PERIGEE_BINARY"].map(URL.init(fileURLWithPath:))
        ?? candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    for (name, value) in extra { environment[name] = value }
    process.environment = environment
    let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("perigee-out-\(UUID().uuidString)")
    let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("perigee-err-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
    defer {
        try? FileManager.default.removeItem(at: outFile)
        try? FileManager.default.removeItem(at: errFile)
    }
    // Files rather than pipes: no pipe end can leak into another test's child and hold it open.
    let out = try FileHandle(forWritingTo: outFile), err = try FileHandle(forWritingTo: errFile)
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try? out.close()
    try? err.close()
    return (process.terminationStatus,
            String(decoding: (try? Data(contentsOf: outFile)) ?? Data(), as: UTF8.self),
            String(decoding: (try? Data(contentsOf: errFile)) ?? Data(), as: UTF8.self))
}

/// `perigee sync` against the in-process fixture server: the query it sends, the cache, Space-Track's login.
@Suite("perigee sync", .serialized, .timeLimit(.minutes(10)))
struct SyncCommandTests {
    /// "new element sets: N" from an ingest summary.
    static func count(_ output: String, _ name: String) -> Int? {
        output.split(separator: "\n").first { $0.hasPrefix(name + ": ") }.flatMap { Int($0.dropFirst(name.count + 2)) }
    }

    @Test func celestrakQueriesCacheAndSpaceTrackLogin() throws {
        let server = try FixtureHTTPServer(handler: { GPFixture.handle($0) })
        defer { server.stop() }
        let scratch = RemoteFetcherTests.temporaryDirectory("sync")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let database = scratch + "/catalog.sqlite"
        let environment = ["PERIGEE_CELESTRAK_URL": server.baseURL + "/NORAD/elements/gp.php",
                           "PERIGEE_SPACETRACK_URL": server.baseURL, "XDG_CACHE_HOME": scratch + "/cache",
                           "SPACETRACK_USERNAME": "fixture-user", "SPACETRACK_PASSWORD": "fixture-pass"]

        let group = try runPerigee(["sync", "--group", "stations", "--format", "xml", "--database", database], environment: environment)
        #expect(group.status == 0, "\(group.error)")
        #expect(Self.count(group.output, "new element sets") == 15)
        #expect(server.requests.last?.query == ["GROUP": "stations", "FORMAT": "xml"])
        // Asked again within two hours: no request, the cached answer is used and said to be.
        let again = try runPerigee(["sync", "--group", "stations", "--format", "xml", "--database", database], environment: environment)
        #expect(again.status == 0 && again.error.contains("cached copy"), "\(again.error)")
        #expect(Self.count(again.output, "duplicates") == 15)
        #expect(server.requests.count == 1)

        let catnr = try runPerigee(["sync", "--catnr", "25544", "--format", "json", "--database", database], environment: environment)
        #expect(catnr.status == 0, "\(catnr.error)")
        #expect(server.requests.last?.query == ["CATNR": "25544", "FORMAT": "json"])
        let intdes = try runPerigee(["sync", "--intdes", "1998-067A", "--format", "csv", "--database", database], environment: environment)
        #expect(intdes.status == 0, "\(intdes.error)")
        #expect(server.requests.last?.query == ["INTDES": "1998-067A", "FORMAT": "csv"])
        let tle = try runPerigee(["sync", "--group", "orbcomm", "--format", "tle", "--database", database], environment: environment)
        #expect(Self.count(tle.output, "element sets read") == 60, "\(tle.error)")

        let before = server.requests.count
        let spacetrack = try runPerigee(["sync", "--source", "spacetrack", "--database", database], environment: environment)
        #expect(spacetrack.status == 0, "\(spacetrack.error)")
        let sent = Array(server.requests.dropFirst(before))
        #expect(sent.map(\.method) == ["POST", "GET"])
        #expect(sent.first?.path == "/ajaxauth/login")
        #expect(sent.last?.headers["cookie"] == GPFixture.cookie)
        #expect(Self.count(spacetrack.output, "element sets read") == 3)
        // Within the hour Space-Track is not asked again, not even to log in.
        let soon = try runPerigee(["sync", "--source", "spacetrack", "--database", database], environment: environment)
        #expect(soon.status == 0 && soon.error.contains("cached copy"), "\(soon.error)")
        #expect(server.requests.count == before + 2)

        // Bad credentials: the 401 stops the sync with a clear error and status 2.
        var wrong = environment
        wrong["SPACETRACK_PASSWORD"] = "wrong"
        wrong["XDG_CACHE_HOME"] = scratch + "/cache2"
        let refused = try runPerigee(["sync", "--source", "spacetrack", "--database", database], environment: wrong)
        #expect(refused.status == 2)
        #expect(refused.error.contains("HTTP status 401"), "\(refused.error)")
        #expect(!refused.error.contains("wrong"))
    }
}
