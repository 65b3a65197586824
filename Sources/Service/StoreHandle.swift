public import Catalog
import Synchronization

/// The element-set store the service queries, reopened when a query fails because the connection was lost (a
/// PostgreSQL restart), so the process never needs restarting. Holds no data of its own.
public final class StoreHandle: Sendable {
    /// The backend name reported by `/health`: "sqlite" or "postgresql".
    public let backend: String
    private let opener: @Sendable () async throws(CatalogError) -> any ElementSetStore
    private let current: Mutex<(any ElementSetStore)?>
    private let canReopen: Bool

    /// Creates a handle over an open store; `reopen` opens a new one after a failure (nil: keep the same).
    public init(store: any ElementSetStore, backend: String,
                reopen: (@Sendable () async throws(CatalogError) -> any ElementSetStore)? = nil) {
        self.backend = backend
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
        for attempt in 0..<2 {
            let store: any ElementSetStore
            if let existing = current.withLock({ $0 }) {
                store = existing
            } else {
                do {
                    store = try await opener()
                } catch {
                    throw ServiceError.unavailable(error.description)
                }
                current.withLock { $0 = store }
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
                default:
                    throw ServiceError(status: 400, error.description)
                }
            }
        }
        throw ServiceError.unavailable(lastError?.description ?? "unknown failure")
    }

    /// Closes the store.
    public func close() async {
        if let store = current.withLock({ slot -> (any ElementSetStore)? in let s = slot; slot = nil; return s }) {
            await store.close()
        }
    }
}
