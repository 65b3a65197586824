import Astrodynamics
@testable import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Service
import Synchronization
import Testing

/// The service keeps answering when PostgreSQL drops its connection while the server is idle (a database restart
/// between requests): the next request reconnects instead of waiting forever on the dead connection.
@Suite("Reconnecting after PostgreSQL closes the connection")
struct ReconnectTests {
    /// The limit only catches a hang (the probes inside give up after 10 s each); on this 2-core machine the whole
    /// test suite runs in parallel, so a tight limit would fail on a busy scheduler rather than on a hang.
    @Test("an idle connection closed by the server is replaced on the next request",
          .timeLimit(.minutes(5)), arguments: Backend.enabled.filter { $0 == .postgres })
    func idleConnectionClosedByServer(_ backend: Backend) async throws {
        let url = try #require(Backend.postgresURL)
        let schema = "svc_reconnect_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let location = StoreLocation(url + (url.contains("?") ? "&" : "?") + "schema=\(schema)")
        let first = try #require(try await location.open() as? PostgresElementSetStore)
        let handle = StoreHandle(store: first, backend: "postgresql", reconnectWaitSeconds: 10,
                                 reopen: { () throws(CatalogError) in try await location.open() })
        do {
            try await checkReconnect(first: first, handle: handle, url: url)
        } catch {
            // Close before the store is released whatever happened: the driver asserts on a connection left open.
            await handle.close()
            await first.close()
            throw error
        }
        await handle.close()
        let cleaner = try #require(try await location.open() as? PostgresElementSetStore)
        try await cleaner.dropSchema(schema)
        await cleaner.close()
    }

    /// The body of the test above, on a store that the caller closes.
    func checkReconnect(first: PostgresElementSetStore, handle: StoreHandle, url: String) async throws {
        let stored = try await first.insert(try Fixture.sets(Fixture.sample), source: "sample-2023-10.3le",
                                            ingestedAt: Fixture.now)
        let app = application(serving: handle)

        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
            }
            // The server ends the store's session, as a restart does, while no request is running.
            let pid = try await Self.serverProcessID(of: first)
            let admin = try #require(try await StoreLocation(url).open() as? PostgresElementSetStore)
            _ = try await admin.connection.query("SELECT pg_terminate_backend(\(pid))", logger: admin.logger)
            await admin.close()
            var waited = 0
            while !(await first.connection.isClosed), waited < 100 {
                try await Task.sleep(nanoseconds: 50_000_000)
                waited += 1
            }
            #expect(await first.connection.isClosed)

            // The dead store refuses at once with a typed error instead of hanging (before the fix the query
            // waited forever, so the probe runs detached and the test gives up on it after 10 s) …
            let outcome = Mutex<CatalogError.Kind??>(nil)
            Task {
                do throws(CatalogError) {
                    _ = try await first.elementSetCount()
                    outcome.withLock { $0 = .some(nil) }
                } catch {
                    outcome.withLock { $0 = .some(error.kind) }
                }
            }
            var polls = 0
            while outcome.withLock({ $0 }) == nil, polls < 200 {
                try await Task.sleep(nanoseconds: 50_000_000)
                polls += 1
            }
            guard let answered = outcome.withLock({ $0 }) else {
                Issue.record("a query on the connection the server closed did not return within 10 s")
                return
            }
            #expect(answered == .unavailable)
            // … and the service reconnects and answers with the data it had.
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try json(response)
                #expect(body["element_set_count"]?.int == stored.inserted)
            }
        }
    }

    static func serverProcessID(of store: PostgresElementSetStore) async throws -> Int32 {
        let rows = try await store.connection.query("SELECT pg_backend_pid()", logger: store.logger)
        for try await pid in rows.decode(Int32.self) { return pid }
        throw TestFailure("pg_backend_pid() returned no row")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
