import Astrodynamics
import ElementSets
import Foundation
import Observation
import Propagation
import Testing

@Suite("Pass finder features")
struct PassFinderFeatureTests {
    let fx = PassVectors.shared

    @Test("a pass cut by the window has no rise or no set")
    func windowEdges() throws {
        let p = try fx.propagator(28654)
        let site = try fx.site("greenwich")
        let finder = PassFinder(site: site)
        let all = try finder.passes(for: p, from: fx.start, to: fx.end)
        let pass = try #require(all.first { $0.rise != nil && $0.set != nil && ($0.durationSeconds ?? 0) > 600 })
        let rise = try #require(pass.rise), set = try #require(pass.set)
        let middle = rise.instant.adding(seconds: 120)
        let cutStart = try finder.passes(for: p, from: middle, to: middle.adding(seconds: 3600))
        let first = try #require(cutStart.first)
        #expect(first.rise == nil)
        #expect(abs(try #require(first.set).instant.seconds(since: set.instant)) < 1e-3)
        let cutEnd = try finder.passes(for: p, from: rise.instant.adding(seconds: -600), to: set.instant.adding(seconds: -60))
        let last = try #require(cutEnd.last)
        #expect(last.set == nil && last.rise != nil && last.durationSeconds == nil)
    }

    @Test("horizon mask: rises and sets sit on the mask")
    func horizonMask() throws {
        let mask = try HorizonMask(points: [(0, 5), (90, 12), (180, 3), (270, 8)])
        #expect(abs(mask.minimumElevationDeg(atAzimuthDeg: 45) - 8.5) < 1e-12)
        #expect(abs(mask.minimumElevationDeg(atAzimuthDeg: 315) - 6.5) < 1e-12)
        #expect(abs(mask.minimumElevationDeg(atAzimuthDeg: -45) - 6.5) < 1e-12)
        #expect(throws: HorizonMaskError.self) { try HorizonMask(points: []) }
        let finder = PassFinder(site: try fx.site("santiago"), minimumElevationDeg: 0, horizonMask: mask)
        let passes = try finder.passes(for: try fx.propagator(28654), from: fx.start, to: fx.end)
        #expect(!passes.isEmpty)
        for pass in passes {
            for event in [pass.rise, pass.set].compactMap({ $0 }) {
                #expect(abs(event.elevationDeg - mask.minimumElevationDeg(atAzimuthDeg: event.azimuthDeg)) < 1e-3)
            }
        }
    }

    @Test("refraction makes passes longer and rises sit on the apparent threshold")
    func refraction() throws {
        let site = try fx.site("greenwich")
        let p = try fx.propagator(28654)
        var finder = PassFinder(site: site, minimumElevationDeg: 0)
        let plain = try finder.passes(for: p, from: fx.start, to: fx.end)
        finder.refraction = .standard
        let refracted = try finder.passes(for: p, from: fx.start, to: fx.end)
        // Refraction can add passes that culminate just below the geometric horizon, never remove one.
        #expect(refracted.count >= plain.count)
        for a in plain {
            let b = try #require(refracted.first { abs($0.culmination.instant.seconds(since: a.culmination.instant)) < 60 })
            guard let ra = a.rise, let rb = b.rise, let sa = a.set, let sb = b.set else { continue }
            #expect(rb.instant < ra.instant && sb.instant > sa.instant)
            #expect(abs(rb.elevationDeg) < 1e-4)
        }
    }

    @Test("threads give the same passes, and element sets work like propagators")
    func threads() throws {
        let subset = readCatalog(catalogSamplePath)
        try #require(subset.count == 119)
        let finder = PassFinder(site: try fx.site("greenwich"), minimumElevationDeg: 5)
        let end = fx.start.adding(seconds: 6 * 3600)
        let one = finder.passes(for: subset, from: fx.start, to: end, threads: 1)
        let two = finder.passes(for: subset, from: fx.start, to: end, threads: 2)
        #expect(one == two)
        #expect(!one.isEmpty)
        let search = finder.search(subset.compactMap { try? SGP4Propagator($0) }, from: fx.start, to: end, threads: 2)
        #expect(search.passes == one)
        #expect(search.statistics.objects == subset.compactMap { try? SGP4Propagator($0) }.count)
    }

    @Test("implausible SGP4 states are reported, not turned into passes")
    func staleDecayedObject() throws {
        let es = try ElementSet(tleLine1: "1 49609U 82092DA  23205.88134320  .02186457  47588-2  24851-2 0  9999",
                                tleLine2: "2 49609  82.5249 229.0290 0002846 248.4392 111.6589 16.10421656 93832")
        let p = try SGP4Propagator(es)
        let finder = PassFinder(site: try fx.site("greenwich"))
        #expect(throws: PassSearchError.self) { _ = try finder.passes(for: p, from: fx.start, to: fx.end) }
        let search = finder.search([p], from: fx.start, to: fx.end)
        #expect(search.passes.isEmpty && search.failures.count == 1)
    }

    @Test("visibility and shadow transitions are consistent with the sunlit flags")
    func flags() throws {
        let finder = PassFinder(site: try fx.site("greenwich"))
        let passes = try finder.passes(for: try fx.propagator(39444), from: fx.start, to: fx.end)
        for pass in passes {
            #expect(pass.isVisibleAtCulmination == (pass.culmination.isSunlit && pass.culmination.sunElevationDeg < -6))
            if let rise = pass.rise, let set = pass.set {
                let flips = pass.shadowTransitions.count % 2 == 1
                #expect((rise.isSunlit != set.isSunlit) == flips)
            }
        }
    }
}

@Suite("Ground track, footprint, overhead")
struct GroundTests {
    let fx = PassVectors.shared

    @Test func groundTrack() throws {
        let p = try fx.propagator(28654)
        let points = try GroundTrack.points(for: p, from: fx.start, to: fx.start.adding(seconds: 3000), stepSeconds: 60)
        #expect(points.count == 51)
        for point in points.prefix(5) {
            let exact = GroundTrack.subsatellitePoint(of: try p.state(at: point.instant), at: point.instant)
            #expect(abs(point.latitudeDeg - exact.latitudeDeg) < 1e-8)
            #expect(abs(angleDiff(point.longitudeDeg, exact.longitudeDeg)) < 1e-8)
            #expect(abs(point.heightKm - exact.heightKm) < 1e-8)
        }
    }

    @Test func footprint() throws {
        let center = SubsatellitePoint(instant: fx.start, latitudeDeg: 40, longitudeDeg: 10, heightKm: 420)
        let footprint = VisibilityFootprint(center: center, minimumElevationDeg: 0)
        #expect(footprint.angularRadiusDeg > 19.5 && footprint.angularRadiusDeg < 21)
        let object = GeodeticPosition(latitudeDeg: 40, longitudeDeg: 10, heightKm: 420).itrsKm
        for point in footprint.boundary(pointCount: 36) {
            let site = try Site(geodetic: point)
            // Spherical approximation: within a few tenths of a degree of the horizon.
            #expect(abs(site.lookAngles(toITRSKm: object).elevationDeg) < 0.4)
        }
        let high = VisibilityFootprint(center: center, minimumElevationDeg: 10)
        #expect(high.angularRadiusDeg < footprint.angularRadiusDeg)
        #expect(high.groundRadiusKm > 0)
    }

    @Test func overhead() throws {
        let site = try fx.site("greenwich")
        let props = try fx.satellites.keys.sorted().map { try fx.propagator(Int($0)!) }
        let finder = OverheadFinder(site: site, minimumElevationDeg: 0)
        var seen = 0
        for k in 0..<200 {
            let t = fx.start.adding(seconds: Double(k) * 1297)
            let above = finder.objects(among: props, at: t, threads: k % 2 + 1)
            var expected: [Int] = []
            var positions: [Vector3] = []
            for (i, p) in props.enumerated() {
                let state = try p.state(at: t)
                positions.append(state.positionKm)
                if site.lookAngles(to: state, at: t).elevationDeg >= 0 { expected.append(i) }
            }
            #expect(above.map(\.index).sorted() == expected)
            let batch = finder.objects(positionsTEMEKm: positions, at: t)
            #expect(batch.map(\.index).sorted() == expected)
            for o in above {
                let exact = site.lookAngles(to: try props[o.index].state(at: t), at: t)
                #expect(abs(o.lookAngles.elevationDeg - exact.elevationDeg) < 1e-6)
            }
            seen += above.count
        }
        #expect(seen > 0)
    }
}

@Suite("Grazing passes are not missed")
struct GrazingPassTests {
    let fx = PassVectors.shared

    /// Every reference pass over Greenwich (Skyfield 1.55, threshold 0°) searched again with the threshold set
    /// 0.002° below its reference maximum elevation: the pass then lasts from a fraction of a second (high,
    /// fast passes) to about two minutes (the slowest low passes), far less than the march's short step, and
    /// must still be found with its culmination at the reference time.
    @Test("each reference pass with the threshold 0.002° below its maximum", arguments: [28654, 39444, 44714, 7529, 43770])
    func grazing(norad: Int) throws {
        let site = try fx.site("greenwich")
        let p = try fx.propagator(norad)
        let list = try #require(fx.passes.first { $0.norad == norad && $0.site == "greenwich" && $0.minElDeg == 0 })
        #expect(!list.passes.isEmpty)
        for reference in list.passes {
            let peak = reference.culmination
            guard let peakEl = peak.elDeg else { continue }
            let culmination = instant(unix: peak.unix)
            let finder = PassFinder(site: site, minimumElevationDeg: peakEl - 0.002)
            let found = try finder.passes(for: p, from: culmination.adding(seconds: -3600),
                                          to: culmination.adding(seconds: 3600))
            let pass = found.first { abs($0.culmination.instant.seconds(since: culmination)) < 1 }
            #expect(pass != nil, "\(norad): pass culminating at \(peak.utc) (max \(peakEl)°) missed at threshold \(peakEl - 0.002)°")
            if let pass {
                #expect(pass.rise != nil && pass.set != nil)
                if let rise = pass.rise, let set = pass.set {
                    #expect(rise.instant < pass.culmination.instant && pass.culmination.instant < set.instant)
                }
                #expect(abs(pass.culmination.elevationDeg - peakEl) < 1e-3)
            }
        }
    }
}
