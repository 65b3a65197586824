import Astrodynamics
import ElementSets
import Foundation
import Observation
import Propagation
import Testing

@Suite("Sites")
struct SiteTests {
    @Test func builtInNames() throws {
        #expect(Site.builtIn.count >= 40)
        let seoul = try #require(Site.named("Seoul"))
        #expect(abs(seoul.latitudeDeg - 37.5665) < 1e-9)
        #expect(Site.named("seoul")?.name == "Seoul")
        #expect(Site.named("NEW_YORK")?.name == "New York")
        #expect(Site.named("new-york")?.name == "New York")
        for name in ["London", "Greenwich", "Santiago", "Longyearbyen", "Tokyo", "Paris", "Sydney"] {
            #expect(Site.named(name) != nil, "\(name)")
        }
        #expect(Site.named("Atlantis") == nil)
        #expect(Set(Site.builtIn.map { $0.name.lowercased() }).count == Site.builtIn.count)
    }

    @Test func geometry() throws {
        let site = try Site(latitudeDeg: 51.4779, longitudeDeg: -0.0015, heightMeters: 46)
        #expect(abs(site.heightKm - 0.046) < 1e-12)
        #expect(abs(site.up.length - 1) < 1e-15 && abs(site.east.dot(site.north)) < 1e-15)
        let back = GeodeticPosition(itrsKm: site.itrsKm)
        #expect(abs(back.latitudeDeg - 51.4779) < 1e-9 && abs(back.heightKm - 0.046) < 1e-9)
        let wrapped = try Site(latitudeDeg: 0, longitudeDeg: 270, heightMeters: 0)
        #expect(wrapped.longitudeDeg == -90)
    }

    @Test func invalidCoordinates() {
        #expect(throws: SiteError.self) { try Site(latitudeDeg: 91, longitudeDeg: 0, heightMeters: 0) }
        #expect(throws: SiteError.self) { try Site(latitudeDeg: .nan, longitudeDeg: 0, heightMeters: 0) }
        #expect(throws: SiteError.self) { try Site(latitudeDeg: 0, longitudeDeg: 400, heightMeters: 0) }
        #expect(throws: SiteError.self) { try Site(latitudeDeg: 0, longitudeDeg: 0, heightMeters: 200_000) }
    }

    @Test func csv() throws {
        let text = "name,lat,lon,height_m\r\n# comment\n\nHome, 52.1, 4.3, 2\n\"Base, North\",78.0,15.5,10\n"
        let sites = try Site.parseSites(csv: text)
        #expect(sites.map(\.name) == ["Home", "Base, North"])
        #expect(abs(sites[0].heightKm - 0.002) < 1e-12)
    }

    @Test("sites-file errors carry line numbers", arguments: [
        ("a,1,2,3\nb,95,0,0\n", 2, SiteError.Kind.latitudeOutOfRange),
        ("a,1,2\n", 1, SiteError.Kind.wrongFieldCount),
        ("# c\na,1,x,0\n", 2, SiteError.Kind.notANumber),
        ("a,1,2,3\n,1,2,3\n", 2, SiteError.Kind.emptyName),
    ])
    func csvErrors(_ text: String, _ line: Int, _ kind: SiteError.Kind) {
        do {
            _ = try Site.parseSites(csv: text)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == line)
            #expect(error.kind == kind)
            #expect(error.description.hasPrefix("line \(line):"))
        }
    }

    @Test func unreadableFile() {
        #expect(throws: SiteError.self) { try Site.readSites(atPath: "/nonexistent/sites.csv") }
    }
}

@Suite("Look angles, Doppler, refraction")
struct LookAngleTests {
    @Test func doppler() {
        let shift = Doppler.shiftHz(frequencyHz: 437e6, rangeRateKmPerS: -7)
        #expect(abs(shift - 437e6 * 7 / 299_792.458) < 1e-6)
        let look = LookAngles(azimuthDeg: 0, elevationDeg: 10, rangeKm: 1000, rangeRateKmPerS: 5)
        #expect(look.dopplerShiftHz(frequencyHz: 145.8e6) < 0)
    }

    @Test func refraction() {
        let r0 = AtmosphericRefraction.standard.correctionDeg(geometricDeg: 0)
        #expect(abs(r0 - 0.483) < 0.002)
        #expect(abs(AtmosphericRefraction.standard.correctionDeg(geometricDeg: 90)) < 1e-5)
        #expect(AtmosphericRefraction.none.correctionDeg(geometricDeg: 0) == 0)
        #expect(AtmosphericRefraction.standard.correctionDeg(geometricDeg: -3) == 0)
        // Continuous and increasing apparent elevation across the fade-out.
        var previous = -Double.infinity
        for h in stride(from: -3.0, through: 5, by: 0.01) {
            let a = AtmosphericRefraction.standard.apparentElevationDeg(geometricDeg: h)
            #expect(a > previous)
            previous = a
        }
        let cold = AtmosphericRefraction.saemundsson(pressureMillibar: 1010, temperatureCelsius: -20)
        #expect(cold.correctionDeg(geometricDeg: 5) > AtmosphericRefraction.standard.correctionDeg(geometricDeg: 5))
    }

    @Test func zenithAndRates() throws {
        let site = try Site(latitudeDeg: 10, longitudeDeg: 20, heightMeters: 0)
        let above = site.itrsKm + 500 * site.up
        let look = site.lookAngles(toITRSKm: above)
        #expect(abs(look.elevationDeg - 90) < 1e-9 && abs(look.rangeKm - 500) < 1e-9)
        let north = site.itrsKm + 100 * site.north + 1e-9 * site.up
        #expect(abs(site.lookAngles(toITRSKm: north).azimuthDeg) < 1e-6
            || abs(site.lookAngles(toITRSKm: north).azimuthDeg - 360) < 1e-6)
        let east = site.itrsKm + 100 * site.east
        #expect(abs(site.lookAngles(toITRSKm: east).azimuthDeg - 90) < 1e-9)
        // Range-rate and elevation rate against finite differences.
        let r = site.itrsKm + Vector3(x: 800, y: -300, z: 900)
        let v = Vector3(x: 1.2, y: 6.5, z: -3.1)
        let l0 = site.lookAngles(to: StateVector<ITRS>(positionKm: r, velocityKmPerS: v))
        let h = 1e-3
        let lp = site.lookAngles(toITRSKm: r + h * v), lm = site.lookAngles(toITRSKm: r - (h * v))
        #expect(abs((lp.rangeKm - lm.rangeKm) / (2 * h) - l0.rangeRateKmPerS) < 1e-7)
        #expect(abs((lp.elevationDeg - lm.elevationDeg) / (2 * h) - l0.elevationRateDegPerS) < 1e-7)
    }
}

@Suite("Sun, Moon, shadow, twilight, magnitude")
struct SolarSystemTests {
    /// Meeus, Astronomical Algorithms, example 25.a: 1992 October 13.0 TD, apparent λ = 199.90895° (low
    /// accuracy, with its shortcut nutation; the full theory gives 199.90734°), R = 0.99766 AU.
    @Test func meeusSun() {
        let t = Instant(ttJulianDate: JulianDate(whole: 2_448_908.5, fraction: 0))
        let sun = SolarSystem.sunEclipticLongitude(at: t)
        #expect(abs(sun.longitudeDeg - 199.90895) < 0.002)
        #expect(abs(sun.distanceAU - 0.99766) < 0.00001)
    }

    /// Meeus example 47.a: 1992 April 12.0 TD: λ = 133.162655° (+Δψ 0.004610° → apparent 133.167265°),
    /// β = −3.229126°, Δ = 368 409.7 km.
    @Test func meeusMoon() {
        let t = Instant(ttJulianDate: JulianDate(whole: 2_448_724.5, fraction: 0))
        let moon = SolarSystem.moonEcliptic(at: t)
        #expect(abs(moon.longitudeDeg - 133.167265) < 0.0003)
        #expect(abs(moon.latitudeDeg - (-3.229126)) < 2e-6)
        #expect(abs(moon.distanceKm - 368_409.7) < 0.2)
        let r = SolarSystem.moonPositionTEME(at: t)
        #expect(abs(r.length - moon.distanceKm) < 1e-6)
    }

    @Test func sunDistanceAndDirection() {
        let t = Instant(utc: UTCComponents(year: 2024, month: 3, day: 20, hour: 3, minute: 6))
        let s = SolarSystem.sunPositionTEME(at: t)
        // Near the March equinox the Sun is near the equator and RA ≈ 0.
        #expect(abs(asin(s.z / s.length) * 180 / .pi) < 0.05)
        #expect(abs(s.length / SolarSystem.astronomicalUnitKm - 0.9959) < 0.001)
    }

    @Test func shadowModels() {
        let sun = Vector3(x: SolarSystem.astronomicalUnitKm, y: 0, z: 0)
        #expect(ShadowModel.sphericalPointSun.illumination(objectKm: Vector3(x: 7000, y: 0, z: 0), sunKm: sun) == .sunlit)
        #expect(ShadowModel.sphericalPointSun.illumination(objectKm: Vector3(x: -7000, y: 0, z: 0), sunKm: sun) == .umbra)
        #expect(ShadowModel.sphericalPointSun.illumination(objectKm: Vector3(x: -7000, y: 6400, z: 0), sunKm: sun) == .sunlit)
        #expect(ShadowModel.conicalWGS84.illumination(objectKm: Vector3(x: -7000, y: 0, z: 0), sunKm: sun) == .umbra)
        // Across the edge the conical model passes through penumbra with a fraction between 0 and 1.
        var sawPenumbra = false
        for y in stride(from: 6300.0, through: 6460, by: 2) {
            if case let .penumbra(f) = ShadowModel.conicalWGS84.illumination(objectKm: Vector3(x: -7000, y: y, z: 0), sunKm: sun) {
                #expect(f > 0 && f < 1)
                sawPenumbra = true
            }
        }
        #expect(sawPenumbra)
    }

    @Test func twilight() throws {
        let site = try #require(Site.named("Greenwich"))
        let start = Instant(utc: UTCComponents(year: 2023, month: 10, day: 10))
        let events = site.twilightEvents(from: start, to: start.adding(seconds: 86_400))
        #expect(events.count == 8)
        let sunrise = try #require(events.first { $0.boundary == .sunriseSunset && $0.sunRising })
        let sunset = try #require(events.first { $0.boundary == .sunriseSunset && !$0.sunRising })
        let riseHour = sunrise.instant.utcComponents().hour, setHour = sunset.instant.utcComponents().hour
        #expect(riseHour == 6 && setHour == 17)
        for e in events {
            #expect(abs(site.sunLookAngles(at: e.instant).elevationDeg - e.boundary.sunElevationDeg) < 1e-3)
        }
        #expect(site.twilightState(at: start.adding(seconds: 12 * 3600)) == .day)
        #expect(site.twilightState(at: start) == .night)
        #expect(TwilightState(sunElevationDeg: -7) == .nauticalTwilight)
        #expect(TwilightState(sunElevationDeg: -3) == .civilTwilight)
        #expect(TwilightState(sunElevationDeg: -15) == .astronomicalTwilight)
    }

    @Test func magnitude() throws {
        let m = try #require(VisualMagnitude.estimate(standardMagnitude: -1.8, rangeKm: 1000, phaseAngleDeg: 90))
        #expect(abs(m - (-1.8)) < 1e-12)
        let far = try #require(VisualMagnitude.estimate(standardMagnitude: -1.8, rangeKm: 2000, phaseAngleDeg: 90))
        #expect(abs(far - (-1.8 + 5 * log10(2.0))) < 1e-12)
        let full = try #require(VisualMagnitude.estimate(standardMagnitude: 0, rangeKm: 1000, phaseAngleDeg: 0))
        #expect(abs(full - (-2.5 * log10(Double.pi))) < 1e-12)
        #expect(VisualMagnitude.estimate(standardMagnitude: 0, rangeKm: 1000, phaseAngleDeg: 180) == nil)
        #expect(VisualMagnitude.standardMagnitude(of: try #require(CatalogNumber(25544))) == -1.8)
    }
}

@Suite("Event search")
struct EventSearchTests {
    let start = Instant(utc: UTCComponents(year: 2024, month: 1, day: 1))

    @Test func crossingsAndExtrema() {
        let search = EventSearch(coarseStepSeconds: 60, toleranceSeconds: 1e-6)
        let f: (Instant) -> Double = { t in sin(2 * .pi * t.seconds(since: self.start) / 1000) }
        let crossings = search.crossings(of: f, from: start, to: start.adding(seconds: 2100))
        let times = crossings.map { $0.instant.seconds(since: start) }
        #expect(times.count == 4)
        for (t, expected) in zip(times, [500.0, 1000, 1500, 2000]) { #expect(abs(t - expected) < 1e-5) }
        #expect(crossings.map(\.direction) == [.falling, .rising, .falling, .rising])
        let extrema = search.extrema(of: f, from: start, to: start.adding(seconds: 2100))
        #expect(extrema.count == 4)
        #expect(abs(extrema[0].instant.seconds(since: start) - 250) < 1e-3 && extrema[0].kind == .maximum)
        #expect(abs(extrema[0].value - 1) < 1e-9)
    }

    @Test func shortExcursionIsFound() {
        // A bump 2 s wide above the level, far narrower than the 60 s step.
        let search = EventSearch(coarseStepSeconds: 60, toleranceSeconds: 1e-6)
        let f: (Instant) -> Double = { t in
            let x = (t.seconds(since: self.start) - 1234.5) / 2
            return exp(-x * x)
        }
        let crossings = search.crossings(of: f, level: 0.5, from: start, to: start.adding(seconds: 3600))
        #expect(crossings.count == 2)
        let half = 2 * log(2.0).squareRoot()
        #expect(abs(crossings[0].instant.seconds(since: start) - (1234.5 - half)) < 1e-4)
        #expect(crossings[0].direction == .rising && crossings[1].direction == .falling)
    }

    @Test func rootAndOrbitStep() throws {
        let search = EventSearch(coarseStepSeconds: 10)
        let root = try #require(search.root(of: { $0.seconds(since: self.start) - 3.25 }, between: start,
                                            and: start.adding(seconds: 10)))
        #expect(abs(root.seconds(since: start) - 3.25) < 1e-3)
        #expect(search.root(of: { _ in 1.0 }, between: start, and: start.adding(seconds: 10)) == nil)
        let p = try PassVectors.shared.propagator(25544 == 0 ? 0 : 28654)
        let orbitSearch = EventSearch(orbitOf: p.elementSet, samplesPerRevolution: 100)
        #expect(abs(orbitSearch.coarseStepSeconds - 86_400 / p.elementSet.meanMotionRevPerDay / 100) < 1e-9)
    }

    @Test func typedErrorsPropagate() {
        struct Stop: Error {}
        let search = EventSearch(coarseStepSeconds: 10)
        #expect(throws: Stop.self) {
            _ = try search.crossings(of: { (_: Instant) throws(Stop) -> Double in throw Stop() },
                                     from: self.start, to: self.start.adding(seconds: 100))
        }
    }
}
