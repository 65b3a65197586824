import Astrodynamics
import ElementSets
@testable import OrbitHistory
import Testing

@Suite("LaunchVerdict")
struct LaunchVerdictTests {
    static func set(_ number: Int, meanMotion: Double, eccentricity: Double = 0.001, day: Int = 10) -> ElementSet {
        ElementSet(objectName: "OBJ \(number)", objectID: "2023-091A", epoch: Instant(utc: UTCComponents(year: 2023, month: 6, day: day)),
                   meanMotionRevPerDay: meanMotion, eccentricity: eccentricity, inclinationDeg: 51.6,
                   rightAscensionOfAscendingNodeDeg: 10, argumentOfPericenterDeg: 20, meanAnomalyDeg: 30,
                   catalogNumber: CatalogNumber(number)!, bstarPerEarthRadii: 1e-4)
    }

    @Test func inOrbitWithHeights() {
        let record = LaunchObjectRecord(catalogNumber: CatalogNumber(57000)!, internationalDesignator: "2023-091A",
                                        launchDate: "2023-06-01",
                                        elementSets: [Self.set(57000, meanMotion: 15.5, day: 12), Self.set(57000, meanMotion: 15.49, day: 3)])
        let verdict = LaunchVerdict.assess(record)
        #expect(verdict.verdict == .inOrbit)
        #expect(verdict.firstEpoch! < verdict.latestEpoch!)
        // 15.5 rev/day ≈ a 6795 km orbit: heights around 410 km, apogee above perigee by 2ae.
        let perigee = verdict.perigeeHeightKm!, apogee = verdict.apogeeHeightKm!
        #expect(perigee > 390 && perigee < 420)
        #expect(abs((apogee - perigee) - 2 * 0.001 * (perigee + apogee + 2 * 6378.135) / 2) < 1e-6)
    }

    /// An object in orbit whose sets show decay carries its re-entry forecast: NUTSAT's history with no SATCAT decay
    /// date, as the store held it before the re-entry; an object without decay, or judged without a forecaster,
    /// carries none.
    @Test func inOrbitObjectsCarryTheirReentryForecast() throws {
        let sets = try Fixture.elementSets("decay/NUTSAT.tle")
        let number = try #require(sets.first?.catalogNumber)
        let record = LaunchObjectRecord(catalogNumber: number, internationalDesignator: "2022-159A", launchDate: "2022-11-26",
                                        elementSets: sets)
        let verdict = LaunchVerdict.assess(record)
        #expect(verdict.verdict == .inOrbit)
        let forecast = try #require(verdict.reentryForecast)
        #expect(forecast == (try DecayPredictor().predict(ElementHistory(catalogNumber: number, elementSets: sets))))
        #expect(forecast.predictedReentry.iso8601(fractionDigits: 0).hasPrefix("2023-03-31"))
        #expect(LaunchVerdict.assess(record, forecaster: nil).reentryForecast == nil)
        // Mean motion falling (the orbit rising) is no decay.
        let rising = LaunchObjectRecord(catalogNumber: CatalogNumber(57000)!, internationalDesignator: "2023-091A",
                                        elementSets: (0..<6).map { Self.set(57000, meanMotion: 15.5 - 0.01 * Double($0), day: 3 + $0) })
        #expect(LaunchVerdict.assess(rising).verdict == .inOrbit && LaunchVerdict.assess(rising).reentryForecast == nil)
        // NUTSAT has no propulsion: its two weak detections in the storms of February and March 2023 (confidence
        // 0.30 and 0.15) do not make it alive.
        #expect(verdict.lastManoeuvre == nil)
        // A decayed object gets no forecast.
        let decayed = LaunchObjectRecord(catalogNumber: number, launchDate: "2022-11-26", decayDate: "2023-04-04", elementSets: sets)
        #expect(LaunchVerdict.assess(decayed).reentryForecast == nil)
    }

    /// Is it alive? A Starlink raising its orbit in the 2026-05 week carries its last manoeuvre, one holding its
    /// station that week carries none, and none is looked for without a detector.
    @Test func inOrbitObjectsCarryTheirLastManoeuvre() throws {
        let sets = try Fixture.elementSets("sustained-raise/starlink_week_2026-05.tle")
        func record(_ number: Int, _ designator: String) throws -> LaunchObjectRecord {
            let catalogNumber = try #require(CatalogNumber(number))
            return LaunchObjectRecord(catalogNumber: catalogNumber, internationalDesignator: designator,
                                      elementSets: sets.filter { $0.catalogNumber == catalogNumber })
        }
        let raising = LaunchVerdict.assess(try record(68_611, "2026-073K"))
        #expect(raising.verdict == .inOrbit)
        let manoeuvre = try #require(raising.lastManoeuvre)
        let history = ElementHistory(catalogNumber: manoeuvre.catalogNumber, elementSets: sets)
        #expect(manoeuvre == ManoeuvreDetector().manoeuvres(in: history).last { $0.confidence >= 0.5 })
        #expect(manoeuvre.kind == .inPlane && manoeuvre.deltaVMetresPerSecond > 1)
        #expect(LaunchVerdict.assess(try record(68_611, "2026-073K"), detector: nil).lastManoeuvre == nil)
        let holding = LaunchVerdict.assess(try record(49_141, "2021-082M"))
        #expect(holding.verdict == .inOrbit && holding.lastManoeuvre == nil)
    }

    @Test func decayedShortLivedSubOrbitalAndUncatalogued() {
        let decayed = LaunchObjectRecord(catalogNumber: CatalogNumber(1)!, launchDate: "1957-10-04", decayDate: "1957-12-01",
                                         elementSets: [Self.set(1, meanMotion: 16)])
        #expect(LaunchVerdict.assess(decayed).verdict == .decayed(date: "1957-12-01"))
        let short = LaunchObjectRecord(catalogNumber: CatalogNumber(2)!, launchDate: "2023-06-01", decayDate: "2023-06-09",
                                       elementSets: [Self.set(2, meanMotion: 16.3)])
        #expect(LaunchVerdict.assess(short).verdict == .shortLived(decayDate: "2023-06-09"))
        let sameDay = LaunchObjectRecord(catalogNumber: CatalogNumber(3)!, launchDate: "2023-06-01", decayDate: "2023-06-01")
        #expect(LaunchVerdict.assess(sameDay).verdict == .subOrbital)
        // A mean motion of 17.5 rev/day puts the whole orbit below the surface.
        let ballistic = LaunchObjectRecord(catalogNumber: CatalogNumber(4)!, elementSets: [Self.set(4, meanMotion: 17.5)])
        #expect(LaunchVerdict.assess(ballistic).verdict == .subOrbital)
        let pending = LaunchObjectRecord(catalogNumber: CatalogNumber(5)!, launchDate: "2023-06-01")
        let verdict = LaunchVerdict.assess(pending)
        #expect(verdict.verdict == .notCataloguedYet)
        #expect(verdict.firstEpoch == nil && verdict.perigeeHeightKm == nil)
    }

    @Test func ordersByDesignator() {
        let records = [LaunchObjectRecord(catalogNumber: CatalogNumber(9)!, internationalDesignator: "2023-091C"),
                       LaunchObjectRecord(catalogNumber: CatalogNumber(8)!, internationalDesignator: "2023-091A"),
                       LaunchObjectRecord(catalogNumber: CatalogNumber(7)!)]
        #expect(LaunchVerdict.assess(records).map(\.catalogNumber.rawValue) == [8, 9, 7])
    }

    @Test func daysBetweenDates() {
        #expect(LaunchVerdict.daysBetween("2020-02-28", "2020-03-01") == 2)
        #expect(LaunchVerdict.daysBetween("bad", "2020-03-01") == nil)
    }
}
