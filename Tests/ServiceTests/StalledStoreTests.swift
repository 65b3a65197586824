import Astrodynamics
import Catalog
import ElementSets
import Foundation
import Hummingbird
import HummingbirdTesting
import Service
import Synchronization
import Testing

/// A store operation that never returns (a query lost in a connection the server was closing) costs one request a
/// bounded wait, not the process: the handle abandons it, reconnects and answers.
@Suite("A store operation that never returns")
struct StalledStoreTests {
    @Test("is abandoned after the operation timeout and the request answered from a new connection")
    func stalledOperationIsAbandoned() async throws {
        try await answersFromANewConnection(disconnected: false, operationTimeoutSeconds: 3)
    }

    /// Ten minutes of operation timeout: only the closed connection can end the wait within the five-minute limit
    /// (which leaves room for a busy scheduler while the whole suite runs in parallel on two cores).
    @Test("is abandoned as soon as its connection is known closed", .timeLimit(.minutes(5)))
    func pendingOperationOnAClosedConnectionIsAbandoned() async throws {
        try await answersFromANewConnection(disconnected: true, operationTimeoutSeconds: 600)
    }

    /// Serves `/health` from a store whose first operation stalls (on a connection that reports itself closed
    /// when `disconnected`) and checks that the request is answered from the reopened store.
    func answersFromANewConnection(disconnected: Bool, operationTimeoutSeconds: Double) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("perigee-stall-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let inner = try SQLiteElementSetStore(path: directory + "/catalog.sqlite")
        let stored = try await inner.insert(try Fixture.sets(Fixture.sample), source: "sample-2023-10.3le",
                                            ingestedAt: Fixture.now)
        let stall = Stall()
        let handle = StoreHandle(store: StallingStore(inner, stall: stall, disconnected: disconnected), backend: "sqlite",
                                 operationTimeoutSeconds: operationTimeoutSeconds,
                                 reopen: { () throws(CatalogError) in StallingStore(inner, stall: nil) })
        let app = application(serving: handle)
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try json(response)
                #expect(body["element_set_count"]?.int == stored.inserted)
            }
        }
        #expect(stall.waiting == 1, "the first connection's operation should have stalled")
        stall.release()
        await handle.close()
        await inner.close()
    }
}

/// Operations suspended until released.
final class Stall: Sendable {
    private let continuations = Mutex<[CheckedContinuation<Void, Never>]>([])
    var waiting: Int { continuations.withLock { $0.count } }
    func wait() async {
        await withCheckedContinuation { continuation in continuations.withLock { $0.append(continuation) } }
    }
    func release() {
        for continuation in continuations.withLock({ list in defer { list = [] }; return list }) { continuation.resume() }
    }
}

/// A store that forwards to another but, when given a ``Stall``, never answers its element-set count until released;
/// closing it leaves the inner store open.
final class StallingStore: ElementSetStore {
    let inner: any ElementSetStore
    let stall: Stall?
    /// What ``isDisconnected`` answers (a connection the server has closed).
    let disconnected: Bool
    init(_ inner: any ElementSetStore, stall: Stall?, disconnected: Bool = false) {
        self.inner = inner
        self.stall = stall
        self.disconnected = disconnected
    }

    var isDisconnected: Bool { disconnected }

    var locationDescription: String { inner.locationDescription }
    func insert(_ sets: [ElementSet], source: String, ingestedAt: Instant) async throws(CatalogError) -> InsertCounts {
        try await inner.insert(sets, source: source, ingestedAt: ingestedAt)
    }
    func upsert(objects: [CatalogObject]) async throws(CatalogError) -> Int { try await inner.upsert(objects: objects) }
    func history(of catalogNumber: CatalogNumber) async throws(CatalogError) -> [StoredElementSet] {
        try await inner.history(of: catalogNumber)
    }
    func object(_ catalogNumber: CatalogNumber) async throws(CatalogError) -> CatalogObject? {
        try await inner.object(catalogNumber)
    }
    func objects(designatorPrefix prefix: String) async throws(CatalogError) -> [CatalogObject] {
        try await inner.objects(designatorPrefix: prefix)
    }
    func latestElementSets(asOf instant: Instant?) async throws(CatalogError) -> [StoredElementSet] {
        try await inner.latestElementSets(asOf: instant)
    }
    func searchObjects(matching text: String, limit: Int) async throws(CatalogError) -> [CatalogObject] {
        try await inner.searchObjects(matching: text, limit: limit)
    }
    func elementSetCount() async throws(CatalogError) -> Int {
        if let stall { await stall.wait() }
        return try await inner.elementSetCount()
    }
    func dataAge() async throws(CatalogError) -> (newestEpoch: Instant, lastIngest: Instant)? { try await inner.dataAge() }
    func close() async {}
}
