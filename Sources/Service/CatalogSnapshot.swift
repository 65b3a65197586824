public import Astrodynamics
import Catalog
public import ElementSets
public import Propagation
import Foundation
import Synchronization

/// The latest element set of every object and its SGP4 propagator: the cache behind whole-catalog answers and
/// single-object propagation. Rebuilt when the store's data changes (count, newest epoch or last ingest).
public struct CatalogSnapshot: Sendable {
    /// What the store held when the snapshot was taken; a different key means the snapshot is stale.
    public struct Key: Sendable, Hashable {
        /// Element sets in the store.
        public var elementSetCount: Int
        /// The newest epoch, if any.
        public var newestEpoch: Instant?
        /// The latest ingest, if any.
        public var lastIngest: Instant?
    }

    /// The key of the data this snapshot was built from.
    public let key: Key
    /// The latest element set of each object, by catalog number.
    public let latest: [CatalogNumber: ElementSet]
    /// The latest element sets in catalog-number order (what whole-catalog screening takes).
    public let elementSets: [ElementSet]
    /// Propagators for the latest sets SGP4 accepts, in catalog-number order.
    public let propagators: [SGP4Propagator]
    /// The index into ``propagators`` of each catalog number.
    public let propagatorIndex: [CatalogNumber: Int]

    /// Builds a snapshot from the latest sets.
    public init(key: Key, latest sets: [ElementSet]) {
        self.key = key
        let sorted = sets.sorted { $0.catalogNumber.rawValue < $1.catalogNumber.rawValue }
        var latest: [CatalogNumber: ElementSet] = [:]
        latest.reserveCapacity(sorted.count)
        var propagators: [SGP4Propagator] = []
        propagators.reserveCapacity(sorted.count)
        var index: [CatalogNumber: Int] = [:]
        for set in sorted {
            latest[set.catalogNumber] = set
            if let propagator = try? SGP4Propagator(set) {
                index[set.catalogNumber] = propagators.count
                propagators.append(propagator)
            }
        }
        self.latest = latest
        self.elementSets = sorted
        self.propagators = propagators
        self.propagatorIndex = index
    }

    /// The propagator of one object.
    ///
    /// - Throws: ``ServiceError`` 404 when no element set is stored, 422 when SGP4 cannot use it.
    public func propagator(_ number: CatalogNumber, parameter: String = "catalog_number") throws(ServiceError) -> SGP4Propagator {
        if let at = propagatorIndex[number] { return propagators[at] }
        if let set = latest[number] {
            do {
                _ = try SGP4Propagator(set)
            } catch {
                throw ServiceError(status: 422, parameter: parameter, "catalog number \(number): SGP4 cannot use its latest element set: \(error)")
            }
        }
        throw .notFound("no element set stored for catalog number \(number)", parameter: parameter)
    }

    /// `{"newest_epoch", "age_days", "element_set_count"}` for whole-catalog answers.
    public func dataJSON(now: Instant) -> JSONValue {
        .object([
            ("newest_epoch", .time(key.newestEpoch)),
            ("age_days", .ageDays(from: key.newestEpoch, to: now)),
            ("element_set_count", .int(elementSets.count)),
        ])
    }
}

/// Keeps the current ``CatalogSnapshot``, checking the store for changes at most every few seconds and loading
/// at most once at a time.
public final class SnapshotCache: Sendable {
    private struct State {
        var snapshot: CatalogSnapshot?
        var checkedAtNanoseconds: UInt64 = 0
        var loading: Task<CatalogSnapshot, any Error>?
    }

    private let state = Mutex(State())
    private let refreshNanoseconds: UInt64

    /// Creates an empty cache that rechecks the store every `refreshSeconds`.
    public init(refreshSeconds: Double) {
        refreshNanoseconds = UInt64(max(0, refreshSeconds) * 1e9)
    }

    private static func monotonicNanoseconds() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }

    /// Forgets the snapshot so the next request reloads it (after an ingest).
    public func invalidate() {
        state.withLock { $0.checkedAtNanoseconds = 0 }
    }

    /// The current snapshot, reloaded from `store` when its data changed.
    ///
    /// - Throws: ``ServiceError`` 503 when the store cannot answer and nothing is cached.
    public func current(_ store: StoreHandle) async throws(ServiceError) -> CatalogSnapshot {
        let now = Self.monotonicNanoseconds()
        enum Next { case ready(CatalogSnapshot), wait(Task<CatalogSnapshot, any Error>) }
        let next: Next = state.withLock { state in
            if let snapshot = state.snapshot, state.checkedAtNanoseconds != 0,
               now &- state.checkedAtNanoseconds < refreshNanoseconds {
                return .ready(snapshot)
            }
            if let task = state.loading { return .wait(task) }
            let previous = state.snapshot
            let task = Task<CatalogSnapshot, any Error> {
                let key = try await store.run { s throws(CatalogError) in
                    let age = try await s.dataAge()
                    let count = try await s.elementSetCount()
                    return CatalogSnapshot.Key(elementSetCount: count, newestEpoch: age?.newestEpoch, lastIngest: age?.lastIngest)
                }
                if let previous, previous.key == key { return previous }
                let sets = try await store.run { s throws(CatalogError) in try await s.latestElementSets(asOf: nil) }
                return CatalogSnapshot(key: key, latest: sets.map(\.elementSet))
            }
            state.loading = task
            return .wait(task)
        }
        switch next {
        case .ready(let snapshot):
            return snapshot
        case .wait(let task):
            let result = await task.result
            return try state.withLock { state throws(ServiceError) -> CatalogSnapshot in
                if state.loading == task { state.loading = nil }
                switch result {
                case .success(let snapshot):
                    state.snapshot = snapshot
                    state.checkedAtNanoseconds = Self.monotonicNanoseconds() | 1
                    return snapshot
                case .failure(let error):
                    // Serve the stale snapshot while the database is away; try again after the interval.
                    if let stale = state.snapshot {
                        state.checkedAtNanoseconds = Self.monotonicNanoseconds() | 1
                        return stale
                    }
                    if let serviceError = error as? ServiceError { throw serviceError }
                    throw ServiceError.unavailable("\(error)")
                }
            }
        }
    }
}
