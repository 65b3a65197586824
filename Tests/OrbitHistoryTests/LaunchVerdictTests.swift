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

    /// Judged against the data's end: NUTSAT's sets stop on 2023-03-31, forecast to re-enter that day, in data that
    /// run to 2023-05-05 (no SATCAT decay date yet): presumed decayed, with the forecast. The same sets in data that end
    /// on 2023-04-10 leave it in orbit (last set 10 days before the end).
    @Test func setsThatStopBeforeTheDataEnd() throws {
        let sets = try Fixture.elementSets("decay/NUTSAT.tle")
        let number = try #require(sets.first?.catalogNumber)
        let record = LaunchObjectRecord(catalogNumber: number, internationalDesignator: "2022-159A",
                                        launchDate: "2022-11-26", elementSets: sets)
        let may = Instant(utc: UTCComponents(year: 2023, month: 5, day: 5))
        let gone = LaunchVerdict.assess(record, dataEnd: may)
        #expect(gone.verdict == .presumedDecayed && gone.verdict.name == "presumed decayed")
        #expect(gone.reentryForecast?.predictedReentry.iso8601(fractionDigits: 0).hasPrefix("2023-03-31") == true)
        #expect(gone.lastManoeuvre == nil && gone.verdict.decayDate == nil)
        let april = Instant(utc: UTCComponents(year: 2023, month: 4, day: 10))
        #expect(LaunchVerdict.assess(record, dataEnd: april).verdict == .inOrbit)
        // A SATCAT decay date decides, whatever the data's end.
        let decayed = LaunchObjectRecord(catalogNumber: number, launchDate: "2022-11-26", decayDate: "2023-04-04",
                                         elementSets: sets)
        #expect(LaunchVerdict.assess(decayed, dataEnd: may).verdict == .decayed(date: "2023-04-04"))
        // Sets of a steady orbit that stop two months before the data's end: no longer tracked, not decayed.
        let steady = LaunchObjectRecord(catalogNumber: CatalogNumber(57000)!, internationalDesignator: "2023-091A",
                                        elementSets: (0..<6).map { Self.set(57000, meanMotion: 14.2, day: 3 + $0) })
        let august = Instant(utc: UTCComponents(year: 2023, month: 8, day: 10))
        let untracked = LaunchVerdict.assess(steady, dataEnd: august)
        #expect(untracked.verdict == .noRecentElementSets && untracked.verdict.name == "no recent element sets")
        #expect(untracked.perigeeHeightKm != nil && untracked.lastManoeuvre == nil)
    }

    /// A SATCAT row without element sets is "not catalogued yet" within 30 days of launch (before the data's end) and
    /// "no public element sets" after; without a data end it stays "not catalogued yet".
    @Test func rowWithoutElementSets() {
        let record = LaunchObjectRecord(catalogNumber: CatalogNumber(5)!, launchDate: "2023-06-01")
        let june = Instant(utc: UTCComponents(year: 2023, month: 6, day: 20))
        let september = Instant(utc: UTCComponents(year: 2023, month: 9, day: 20))
        #expect(LaunchVerdict.assess(record, dataEnd: june).verdict == .notCataloguedYet)
        let old = LaunchVerdict.assess(record, dataEnd: september)
        #expect(old.verdict == .noPublicElementSets && old.verdict.name == "no public element sets")
        #expect(LaunchVerdict.assess(record).verdict == .notCataloguedYet)
    }

    /// International designators as users write them: launches and pieces, long and short forms; anything else is
    /// refused rather than rewritten.
    @Test(arguments: [
        ("2023-091", "2023-091", nil), ("2023-091a", "2023-091", "A"), (" 2023-091AA ", "2023-091", "AA"),
        ("23091", "2023-091", nil), ("98067UR", "1998-067", "UR"), ("57001", "1957-001", nil),
    ] as [(String, String, String?)])
    func designatorQueries(text: String, launch: String, piece: String?) throws {
        let query = try #require(LaunchDesignatorQuery(text))
        #expect(query.launch == launch && query.piece == piece)
    }

    @Test(arguments: ["2023091", "19980067", "2023_091", "2023-0911", "2023-91A", "2023-091ABCD", "1956-001",
                      "banana", "", "2023-", "23-091", "2023-09A", "2023-091A1", "２０２３-091"])
    func malformedDesignators(text: String) {
        #expect(LaunchDesignatorQuery(text) == nil, "\(text)")
    }

    /// A piece matches only itself ("2023-091A" is not "2023-091AA"); a launch matches all its pieces.
    @Test func designatorMatching() throws {
        let piece = try #require(LaunchDesignatorQuery("2023-091A"))
        #expect(piece.matches("2023-091A") && !piece.matches("2023-091AA") && !piece.matches("2023-092A"))
        let launch = try #require(LaunchDesignatorQuery("23091"))
        #expect(launch.matches("2023-091A") && launch.matches("2023-091AA") && !launch.matches("2023-0910"))
        #expect(launch.text == "2023-091" && piece.text == "2023-091A")
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
