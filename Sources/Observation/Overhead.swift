#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif
internal import Dispatch
public import Astrodynamics
public import ElementSets
public import Propagation

/// An object above a site at one instant.
public struct OverheadObject: Sendable, Hashable {
    /// Index of the object in the input.
    public var index: Int
    /// The object's catalog number.
    public var catalogNumber: CatalogNumber
    /// The object's name, if known.
    public var objectName: String?
    /// Where it is seen.
    public var lookAngles: LookAngles

    /// Creates an entry.
    public init(index: Int, catalogNumber: CatalogNumber, objectName: String?, lookAngles: LookAngles) {
        self.index = index
        self.catalogNumber = catalogNumber
        self.objectName = objectName
        self.lookAngles = lookAngles
    }
}

/// "What is above this site now": every object of a catalog above a minimum elevation at one instant.
///
/// Objects whose orbit can never rise above the threshold at the site (inclination plus visibility radius
/// below the site's latitude, or too low) are pruned without propagation. The others are propagated once, and
/// a cheap cone test (central angle from the site against the visibility radius at the object's radius)
/// rejects most before look angles are computed. One TEME → Earth-fixed rotation serves all objects. For a
/// batch propagator, ``objects(positionsTEMEKm:velocitiesTEMEKmPerS:at:)`` takes precomputed positions.
public struct OverheadFinder: Sendable {
    /// The observer.
    public var site: Site
    /// The minimum elevation in degrees.
    public var minimumElevationDeg: Double
    /// Earth orientation (`.zero`: UT1 = UTC, no polar motion).
    public var earthOrientation: EarthOrientation

    /// Creates a finder.
    public init(site: Site, minimumElevationDeg: Double = 0, earthOrientation: EarthOrientation = .zero) {
        self.site = site
        self.minimumElevationDeg = minimumElevationDeg
        self.earthOrientation = earthOrientation
    }

    /// Objects above the minimum elevation at `instant`, sorted by decreasing elevation. Objects SGP4 cannot
    /// propagate to `instant` are left out.
    public func objects(among propagators: [SGP4Propagator], at instant: Instant, threads: Int = 1) -> [OverheadObject] {
        var finder = PassFinder(site: site, minimumElevationDeg: minimumElevationDeg)
        finder.earthOrientation = earthOrientation
        let tables = ObservationTimeTables(origin: instant, durationSeconds: 0, earthOrientation: earthOrientation)
        let context = PassSearchContext(finder: finder, tables: tables)
        let frame = tables.frame(secondsSinceOrigin: 0)
        let site = self.site
        let sinMin = sin(minimumElevationDeg * Double.pi / 180)
        let threadCount = max(1, min(threads, propagators.count))
        let slots = OverheadSlots(count: threadCount)
        let work: @Sendable (Int) -> Void = { worker in
            var found: [OverheadObject] = []
            var index = worker
            while index < propagators.count {
                defer { index += threadCount }
                let propagator = propagators[index]
                guard let orbit = context.orbit(of: propagator) else { continue }
                guard let state = try? propagator.state(minutesSinceEpoch: orbit.epochOffsetMinutes) else { continue }
                let (ri, vi) = frame.state(state.positionKm, state.velocityKmPerS)
                if ri.dot(context.siteUnit) / ri.length < orbit.cosPsiBound { continue }
                let topo = Topocentric(site: site, positionKm: ri, velocityKmPerS: vi)
                if topo.u / topo.rangeKm < sinMin { continue }
                let es = propagator.elementSet
                found.append(OverheadObject(index: index, catalogNumber: es.catalogNumber, objectName: es.objectName,
                                            lookAngles: topo.lookAngles))
            }
            slots.store(worker, found)
        }
        if threadCount == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: threadCount, execute: work) }
        return slots.results().flatMap { $0 }.sorted { $0.lookAngles.elevationDeg > $1.lookAngles.elevationDeg }
    }

    /// Indices and look angles of the objects above the minimum elevation, given TEME positions (km) and
    /// optionally velocities (km/s) at `instant`, e.g. from a batch propagator. Sorted by decreasing elevation.
    public func objects(positionsTEMEKm: [Vector3], velocitiesTEMEKmPerS: [Vector3]? = nil,
                        at instant: Instant) -> [(index: Int, lookAngles: LookAngles)] {
        let tables = ObservationTimeTables(origin: instant, durationSeconds: 0, earthOrientation: earthOrientation)
        let frame = tables.frame(secondsSinceOrigin: 0)
        let sinMin = sin(minimumElevationDeg * Double.pi / 180)
        let siteUnit = (1 / site.itrsKm.length) * site.itrsKm
        var result: [(index: Int, lookAngles: LookAngles)] = []
        for (i, r) in positionsTEMEKm.enumerated() {
            let v = velocitiesTEMEKmPerS.flatMap { i < $0.count ? $0[i] : nil } ?? .zero
            let (ri, vi) = frame.state(r, v)
            // Cheap reject: more than 90° of central angle away is below any threshold ≥ 0.
            if minimumElevationDeg >= 0 && ri.dot(siteUnit) < 0 { continue }
            let topo = Topocentric(site: site, positionKm: ri, velocityKmPerS: vi)
            if topo.u / topo.rangeKm < sinMin { continue }
            var look = topo.lookAngles
            if velocitiesTEMEKmPerS == nil { look.rangeRateKmPerS = .nan; look.elevationRateDegPerS = .nan }
            result.append((i, look))
        }
        return result.sorted { $0.lookAngles.elevationDeg > $1.lookAngles.elevationDeg }
    }
}

final class OverheadSlots: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<[OverheadObject]>
    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: [])
    }
    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }
    func store(_ index: Int, _ value: [OverheadObject]) { buffer[index] = value }
    func results() -> [[OverheadObject]] { Array(buffer) }
}
