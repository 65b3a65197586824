public import Catalog
import Dispatch
import Synchronization

/// The element-set store the service queries, reopened when a query fails because the connection was lost (a
/// PostgreSQL restart), so the process never needs restarting. Holds no data of its own.
public final class StoreHandle: Sendable {
    /// The backend name reported by `/health`: "sqlite" or "postgresql".
    public let backend: String
    private let opener: @Sendable () async throws(CatalogError) -> any ElementSetStore
    private let current: Mutex<(any ElementSetStore)?>
    private let canReopen: Bool
    /// How long a request waits for the database to come back before answering 503.
    public let reconnectWaitSeconds: Double

    /// Creates a handle over an open store; `reopen` opens a new one after a failure (nil: keep the same).
    public init(store: any ElementSetStore, backend: String, reconnectWaitSeconds: Double = 10,
                reopen: (@Sendable () async throws(CatalogError) -> any ElementSetStore)? = nil) {
        self.backend = backend
        self.reconnectWaitSeconds = reconnectWaitSeconds
        self.current = Mutex(store)
        self.canReopen = reopen != nil
        if let reopen {
            self.opener = reopen
        } else {
            self.opener = { () throws(CatalogError) in store }
        }
    }

    /// Opens the store at `location` and returns a handle that reopens it there after failures.
    public static func open(_ location: StoreLocation) async throws(CatalogError) -> StoreHandle {
        let store = try await location.open()
        let backend: String
        switch location {
        case .sqlite: backend = "sqlite"
        case .postgres: backend = "postgresql"
        }
        return StoreHandle(store: store, backend: backend, reopen: { () throws(CatalogError) in try await location.open() })
    }

    /// Runs `body` against the store; after a database failure the store is reopened and `body` run once more.
    ///
    /// - Throws: ``ServiceError`` with status 503 when the database cannot answer.
    public func run<T: Sendable>(_ body: (any ElementSetStore) async throws(CatalogError) -> T) async throws(ServiceError) -> T {
        var lastError: CatalogError?
        for _ in 0..<2 {
            let store: any ElementSetStore
            if let existing = current.withLock({ $0 }) {
                store = existing
            } else {
                store = try await openWithRetry()
            }
            do {
                return try await body(store)
            } catch {
                lastError = error
                switch error.kind {
                case .unavailable, .database:
                    // Drop the (possibly dead) connection so the next attempt opens a new one.
                    guard canReopen else { continue }
                    let dropped = current.withLock { slot -> (any ElementSetStore)? in
                        guard let held = slot, held as AnyObject === store as AnyObject else { return nil }
                        slot = nil
                        return held
                    }
                    if let dropped { await dropped.close() }
                case .remote:
                    throw ServiceError(status: 502, error.description)
                case .invalidLocation:
                    throw ServiceError.unavailable(error.description)
                default:
                    throw ServiceError(status: 400, error.description)
                }
            }
        }
        throw ServiceError.unavailable(lastError?.description ?? "unknown failure")
    }

    /// Opens the store, retrying every 250 ms for up to ``reconnectWaitSeconds`` (a restarting database server
    /// delays requests instead of failing them); when several tasks reconnect at once the first store wins.
    private func openWithRetry() async throws(ServiceError) -> any ElementSetStore {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(reconnectWaitSeconds * 1e9)
        while true {
            if let existing = current.withLock({ $0 }) { return existing }
            do {
                let store = try await opener()
                let winner = current.withLock { slot -> (any ElementSetStore)? in
                    if let other = slot { return other }
                    slot = store
                    return nil
                }
                if let winner {
                    if canReopen { await store.close() }
                    return winner
                }
                return store
            } catch {
                if DispatchTime.now().uptimeNanoseconds >= deadline { throw ServiceError.unavailable(error.description) }
                try? await Task.sleep(nanoseconds: 250_000_000)
            }
        }
    }

    /// Closes the store.
    public func close() async {
        if let store = current.withLock({ slot -> (any ElementSetStore)? in let s = slot; slot = nil; return s }) {
            await store.close()
        }
    }
}
