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
    /// How long one store operation may take before it is abandoned, its connection replaced and the request
    /// retried once (a query caught in a connection the server was closing is otherwise never answered, and one
    /// such request would also hold up a graceful shutdown for ever).
    public let operationTimeoutSeconds: Double

    /// Creates a handle over an open store; `reopen` opens a new one after a failure (nil: keep the same).
    public init(store: any ElementSetStore, backend: String, reconnectWaitSeconds: Double = 10,
                operationTimeoutSeconds: Double = 20,
                reopen: (@Sendable () async throws(CatalogError) -> any ElementSetStore)? = nil) {
        self.backend = backend
        self.reconnectWaitSeconds = reconnectWaitSeconds
        self.operationTimeoutSeconds = operationTimeoutSeconds
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

    /// Runs `body` against the store; after a database failure, or when `body` takes longer than
    /// ``operationTimeoutSeconds``, the store is reopened and `body` run once more.
    ///
    /// - Throws: ``ServiceError`` with status 503 when the database cannot answer.
    public func run<T: Sendable>(_ body: @escaping @Sendable (any ElementSetStore) async throws(CatalogError) -> T) async throws(ServiceError) -> T {
        var lastError: CatalogError?
        for _ in 0..<2 {
            let store: any ElementSetStore
            if let existing = current.withLock({ $0 }) {
                store = existing
            } else {
                store = try await openWithRetry()
            }
            do {
                return try await Self.withDeadline(seconds: operationTimeoutSeconds, location: store.locationDescription,
                                                   abandonWhen: { store.isDisconnected }) { () throws(CatalogError) in
                    try await body(store)
                }
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
                    // Closed in the background: a connection that stopped answering may not close promptly either.
                    if let dropped { Task { await dropped.close() } }
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

    /// Runs `operation` in its own task and answers with its result, or with an `unavailable` error once `seconds`
    /// have passed or as soon as `abandonWhen` holds (checked every 50 ms: the store's connection closed under a
    /// pending operation, which may then never be answered); an abandoned operation is not awaited.
    static func withDeadline<T: Sendable>(seconds: Double, location: String,
                                          abandonWhen: @escaping @Sendable () -> Bool = { false },
                                          _ operation: @escaping @Sendable () async throws(CatalogError) -> T) async throws(CatalogError) -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, CatalogError>, Never>) in
            let once = ResumeOnce(continuation)
            let timer = Task {
                let poll: UInt64 = 50_000_000
                var waited: UInt64 = 0
                let limit = UInt64(max(0, seconds) * 1e9)
                while waited < limit {
                    try? await Task.sleep(nanoseconds: min(poll, limit - waited))
                    guard !Task.isCancelled else { return }
                    waited += min(poll, limit - waited)
                    if abandonWhen() {
                        once.resume(.failure(CatalogError(.unavailable, location: location,
                                                          "the database connection closed during the operation; reconnecting")))
                        return
                    }
                }
                guard !Task.isCancelled else { return }
                once.resume(.failure(CatalogError(.unavailable, location: location,
                                                  "the database did not answer within \(seconds) s; reconnecting")))
            }
            Task {
                let outcome: Result<T, CatalogError>
                do throws(CatalogError) {
                    outcome = .success(try await operation())
                } catch {
                    outcome = .failure(error)
                }
                timer.cancel()
                once.resume(outcome)
            }
        }
        return try result.get()
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

/// A continuation that the first of several racing tasks resumes; later calls do nothing.
final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Result<T, CatalogError>, Never>?>

    init(_ continuation: CheckedContinuation<Result<T, CatalogError>, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ result: Result<T, CatalogError>) {
        let waiting = continuation.withLock { slot -> CheckedContinuation<Result<T, CatalogError>, Never>? in
            let taken = slot
            slot = nil
            return taken
        }
        waiting?.resume(returning: result)
    }
}
