import Astrodynamics
import Catalog
import ElementSets
import Foundation
import Hummingbird
import HummingbirdTesting
import Service
import Testing

/// The backends the route tests run against; PostgreSQL joins when `PERIGEE_TEST_POSTGRES_URL` is set, and then
/// an unreachable server fails the tests rather than skipping them.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static let postgresURL = ProcessInfo.processInfo.environment["PERIGEE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static var enabled: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }

    /// A new empty store (own file or schema), its location text and a cleanup.
    func makeStore() async throws -> (store: any ElementSetStore, cleanUp: @Sendable () async -> Void) {
        let name = "svc_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("perigee-\(name)").path
            let store = try SQLiteElementSetStore(path: directory + "/catalog.sqlite")
            return (store, { await store.close(); try? FileManager.default.removeItem(atPath: directory) })
        case .postgres:
            let url = try #require(Self.postgresURL)
            let full = url + (url.contains("?") ? "&" : "?") + "schema=\(name)"
            let store = try await StoreLocation(full).open()
            return (store, {
                if let postgres = store as? PostgresElementSetStore { try? await postgres.dropSchema(name) }
                await store.close()
            })
        }
    }
}

enum Fixture {
    static let testsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let repository = testsRoot.deletingLastPathComponent()
    /// Sixteen objects of the public catalog of 2023-10-09 (see Samples/SOURCE.md).
    static let sample = repository.appendingPathComponent("Samples/sample-2023-10.3le").path
    /// 609 ISS element sets of 2023 H1 (Tests/ElementSetsTests/Fixtures/history/SOURCE-history-2023h1.md).
    static let issHistory = testsRoot.appendingPathComponent("ElementSetsTests/Fixtures/history/ISS.tle").path
    /// NUTSAT's history up to its re-entry (Tests/OrbitHistoryTests/Fixtures/decay/SOURCE.md).
    static let nutsat = testsRoot.appendingPathComponent("OrbitHistoryTests/Fixtures/decay/NUTSAT.tle").path
    /// The repository's OpenAPI document and web page.
    static let resources = repository.appendingPathComponent("Sources/Service/Resources").path

    /// The fixed "now" of the tests: the day after the sample catalog.
    static let now = Instant(utc: UTCComponents(year: 2023, month: 10, day: 10))
    /// A time inside the sample's validity.
    static let at = "2023-10-09T12:00:00.000Z"

    static let apiKey = "test-key-7f3a"

    static func sets(_ path: String) throws -> [ElementSet] {
        try ElementSetDecoder().decode(contentsOfFile: path).elementSets
    }
}

/// An in-process application serving `handle` with the fixture resources and clock (rate limits at their defaults).
func application(serving handle: StoreHandle) -> some ApplicationProtocol {
    var configuration = ServiceConfiguration()
    configuration.resourcesDirectory = Fixture.resources
    let service = PerigeeService(configuration: configuration, store: handle, clock: { Fixture.now })
    return Application(router: service.buildRouter())
}

/// A service over a fixture store on one backend.
struct ServiceFixture {
    let service: PerigeeService
    let store: any ElementSetStore
    let cleanUp: @Sendable () async -> Void

    static func make(_ backend: Backend, configure: (inout ServiceConfiguration) -> Void = { _ in }) async throws -> ServiceFixture {
        let (store, cleanUp) = try await backend.makeStore()
        let ingestedAt = try Instant(iso8601: "2023-10-09T20:00:00Z")
        _ = try await store.insert(try Fixture.sets(Fixture.issHistory), source: "ISS.tle", ingestedAt: ingestedAt)
        _ = try await store.insert(try Fixture.sets(Fixture.nutsat), source: "NUTSAT.tle", ingestedAt: ingestedAt)
        _ = try await store.insert(try Fixture.sets(Fixture.sample), source: "sample-2023-10.3le", ingestedAt: ingestedAt)
        var configuration = ServiceConfiguration()
        configuration.resourcesDirectory = Fixture.resources
        configuration.rateLimitPerSecond = 10_000
        configuration.rateBurst = 10_000
        configuration.apiKeyDigests = [try #require(APIKeysTestSupport.digest(Fixture.apiKey))]
        configuration.celestrakURL = "http://127.0.0.1:9/unreachable"
        configuration.fetchCacheDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("perigee-svc-fetch-\(UUID())").path
        configure(&configuration)
        let handle = StoreHandle(store: store, backend: backend == .sqlite ? "sqlite" : "postgresql")
        let service = PerigeeService(configuration: configuration, store: handle, clock: { Fixture.now })
        return ServiceFixture(service: service, store: store, cleanUp: cleanUp)
    }

    /// Runs `body` with an in-process client of the router.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: service.buildRouter())
        try await app.test(.router, body)
    }
}

enum APIKeysTestSupport {
    static func digest(_ key: String) -> [UInt8]? {
        let hex = APIKeys.digestHex(of: key)
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

/// The OpenAPI document in the repository, and its validator.
enum OpenAPI {
    static let document: JSON = {
        let text = (try? String(contentsOfFile: Fixture.resources + "/openapi.json", encoding: .utf8)) ?? "{}"
        return (try? JSON.parse(text)) ?? .object([:])
    }()

    static let validator = SchemaValidator(document: document)
}

/// The body of a response as text.
func text(_ response: TestResponse) -> String {
    String(buffer: response.body)
}

/// The body parsed as JSON (a test failure when it is not JSON).
func json(_ response: TestResponse) throws -> JSON {
    try JSON.parse(text(response))
}
