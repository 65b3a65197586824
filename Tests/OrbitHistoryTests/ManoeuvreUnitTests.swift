import Astrodynamics
import ElementSets
import Foundation
import Propagation
import Testing
import OrbitHistory

/// A small deterministic generator (SplitMix64) for synthetic histories.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Standard normal deviate (Box–Muller).
    mutating func gaussian() -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &self), v = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

/// A synthetic near-circular LEO history that SGP4 itself would continue: the mean anomaly, perigee and node advance
/// at the secular rates of SGP4's own initialisation for the current orbit, the semi-major axis decays (drag that
/// the sets, with B* = 0, do not model, as for CryoSat-2), and burns change the semi-major axis or the inclination
/// at given instants. One set a day (jittered) is issued with heavy-tailed noise on every element.
struct SyntheticOrbit {
    static let mu = 398_600.8
    static let start: Instant = (try? Instant(iso8601: "2024-01-01T00:00:00Z")) ?? Instant(ttSecondsSinceJ2000: 0, fraction: 0)

    var days = 200
    var burnsA: [(day: Double, km: Double)] = []
    var burnsI: [(day: Double, deg: Double)] = []
    var seed: UInt64 = 7
    var decayKmPerDay = 0.001
    /// When false, semi-major-axis burns show in the issued mean motion only, not in the motion along track
    /// (what a fitting artefact of the element sets looks like).
    var burnsMoveAlongTrack = true
    /// When false, inclination burns show in the issued inclination only, while the node keeps precessing at the old
    /// rate (what a jump of the published inclination without a real plane change looks like).
    var burnsTiltPlane = true
    /// Days over which the issued mean motion takes up a semi-major-axis burn linearly (0: at once), while the
    /// positions follow the real orbit: how the public sets of slowly decaying orbits absorb small burns.
    var absorptionDays = 0.0
    /// Days by which the issued mean motion lags the epoch (it is the one of that earlier time, burns included), while
    /// the positions follow the real orbit: how sets fitted without drag over the days before their epoch carry the
    /// mean speed of those days.
    var meanMotionLagDays = 0.0
    /// Factor on every element's issued noise.
    var noiseScale = 1.0
    /// Days after a semi-major-axis burn over which the issued positions move from the old orbit along track to the
    /// new one linearly (sets fitted over days that reach back before the burn show a blend of the two).
    var positionLagDays = 0.0
    /// Further set epochs, days since ``start`` (a set reissued hours after another).
    var extraEpochs: [Double] = []

    static func meanMotionRevPerDay(semiMajorAxisKm a: Double) -> Double {
        (mu / (a * a * a)).squareRoot() * 86_400 / (2 * Double.pi)
    }

    func elementSets() throws -> [ElementSet] {
        var rng = SeededGenerator(state: seed)
        let number = try #require(CatalogNumber(99_001))
        let epochs = ((0..<days).map { Double($0) + Double.random(in: 0..<0.4, using: &rng) } + extraEpochs).sorted()
        // True mean elements, integrated with SGP4's secular rates in steps of at most 0.02 day.
        var time = 0.0, a = 7000.0, inc = 98.0, meanAnomaly = 0.0, perigee = Double.pi / 2, node = 0.2
        var alongTrackOnlyA = 0.0   // semi-major-axis change that does not move the satellite (artefact mode)
        var issuedOnlyI = 0.0       // inclination change that does not tilt the plane (artefact mode)
        var events: [(day: Double, apply: (inout Double, inout Double, inout Double) -> Void)] = []
        for burn in burnsA {
            let moves = burnsMoveAlongTrack
            events.append((burn.day, { a, _, artefact in if moves { a += burn.km } else { artefact += burn.km } }))
        }
        let tilts = burnsTiltPlane
        for burn in burnsI {
            events.append((burn.day, { _, i, _ in if tilts { i += burn.deg } else { issuedOnlyI += burn.deg } }))
        }
        events.sort { $0.day < $1.day }
        var nextEvent = 0
        var sets: [ElementSet] = []
        for epoch in epochs {
            while time < epoch {
                var step = min(0.02, epoch - time)
                if nextEvent < events.count, events[nextEvent].day > time, events[nextEvent].day < time + step {
                    step = events[nextEvent].day - time
                }
                let template = ElementSet(epoch: Self.start, meanMotionRevPerDay: Self.meanMotionRevPerDay(semiMajorAxisKm: a),
                                          eccentricity: 0.001, inclinationDeg: inc, rightAscensionOfAscendingNodeDeg: 0,
                                          argumentOfPericenterDeg: 90, meanAnomalyDeg: 0, catalogNumber: number,
                                          bstarPerEarthRadii: 0)
                let record = try SGP4Propagator(template).record
                meanAnomaly += record.mdot * 1440 * step
                perigee += record.argpdot * 1440 * step
                node += record.nodedot * 1440 * step
                a -= decayKmPerDay * step
                time += step
                while nextEvent < events.count, events[nextEvent].day <= time + 1e-12 {
                    events[nextEvent].apply(&a, &inc, &alongTrackOnlyA)
                    nextEvent += 1
                }
            }
            // Heavy tails: one set in 25 carries ten times the usual noise.
            let scale = (Double.random(in: 0..<1, using: &rng) < 0.04 ? 10.0 : 1.0) * noiseScale
            let pendingA = burnsA.reduce(0.0) { pending, burn in
                let elapsed = epoch - burn.day
                guard absorptionDays > 0, elapsed > 0, elapsed < absorptionDays else { return pending }
                return pending + burn.km * (1 - elapsed / absorptionDays)
            }
            let lagged = meanMotionLagDays > 0
                ? decayKmPerDay * meanMotionLagDays - burnsA.filter { $0.day > epoch - meanMotionLagDays && $0.day <= epoch }
                    .reduce(0.0) { $0 + $1.km }
                : 0
            let issuedA = a + lagged + alongTrackOnlyA - pendingA + scale * 0.004 * rng.gaussian()
            let issuedI = inc + issuedOnlyI + scale * 0.0004 * rng.gaussian()
            let alongTrackNoiseRad = scale * 0.05 / a * rng.gaussian()
            // The old orbit's position: the mean anomaly less the advance the recent burns changed, Δn = −(3/2) n Δa/a.
            let nRadPerDay = 2 * Double.pi * Self.meanMotionRevPerDay(semiMajorAxisKm: a)
            let oldOrbitRad = burnsA.reduce(0.0) { sum, burn in
                let elapsed = epoch - burn.day
                guard positionLagDays > 0, elapsed > 0, elapsed < positionLagDays else { return sum }
                return sum + 1.5 * nRadPerDay * burn.km / a * elapsed * (1 - elapsed / positionLagDays)
            }
            let degrees = 180 / Double.pi
            func wrapped(_ radians: Double) -> Double {
                let d = (radians * degrees).truncatingRemainder(dividingBy: 360)
                return d < 0 ? d + 360 : d
            }
            sets.append(ElementSet(
                epoch: Self.start.adding(seconds: epoch * 86_400),
                meanMotionRevPerDay: Self.meanMotionRevPerDay(semiMajorAxisKm: issuedA),
                eccentricity: 0.001 + scale * 0.00002 * rng.gaussian(), inclinationDeg: issuedI,
                rightAscensionOfAscendingNodeDeg: wrapped(node), argumentOfPericenterDeg: wrapped(perigee),
                meanAnomalyDeg: wrapped(meanAnomaly + oldOrbitRad + alongTrackNoiseRad), catalogNumber: number,
                bstarPerEarthRadii: 0))
        }
        return sets
    }
}

@Suite struct ManoeuvreUnitTests {
    static let speedMS = (398_600.8 / 7000).squareRoot() * 1000

    /// A tangential burn (Δa = 200 m, 107 mm/s) and a plane change (0.01°, 1.3 m/s) are found once each, with the
    /// right kind, Δv within 20 % of the injected one, and the in-plane burn timed within 3 hours from the
    /// along-track divergence (the sets are a day apart).
    @Test func injectedInPlaneAndOutOfPlaneManoeuvres() throws {
        let sets = try SyntheticOrbit(burnsA: [(60.3, 0.2)], burnsI: [(130.7, 0.01)]).elementSets()
        let found = ManoeuvreDetector().manoeuvres(in: sets)
        #expect(found.count == 2, "\(found)")
        if let inPlane = found.first(where: { $0.kind == .inPlane }) {
            let expected = Self.speedMS * 0.2 / (2 * 7000)
            #expect(abs(inPlane.deltaVMetresPerSecond - expected) <= 0.2 * expected, "\(inPlane)")
            let hours = abs(inPlane.time.seconds(since: SyntheticOrbit.start) / 3600 - 60.3 * 24)
            #expect(hours < 3, "in-plane burn timed \(hours) h off")
        } else {
            Issue.record("no in-plane manoeuvre in \(found)")
        }
        if let outOfPlane = found.first(where: { $0.kind == .outOfPlane }) {
            let expected = Self.speedMS * 0.01 * Double.pi / 180
            #expect(abs(outOfPlane.deltaVMetresPerSecond - expected) <= 0.2 * expected, "\(outOfPlane)")
            // A plane change leaves no along-track trace: the time is only known to lie in the gap.
            let burn = SyntheticOrbit.start.adding(seconds: 130.7 * 86_400)
            #expect(outOfPlane.precedingEpoch <= burn && burn <= outOfPlane.followingEpoch, "\(outOfPlane)")
            #expect(abs(outOfPlane.time.seconds(since: burn)) < 1.5 * 86_400)
        } else {
            Issue.record("no out-of-plane manoeuvre in \(found)")
        }
    }

    /// Station-keeping burns (Δa = 70–100 m, 38–54 mm/s, about 12–18 noise sigmas of a consecutive difference) a
    /// few weeks apart, raising and lowering: each is found, in-plane, timed within 4 hours, with Δv within 30 %.
    @Test(arguments: [UInt64(11), 12, 13])
    func smallBurnsAreFoundAndTimed(seed: UInt64) throws {
        let burns: [(day: Double, km: Double)] = [(40.15, 0.07), (75.8, 0.1), (110.55, -0.08)]
        let sets = try SyntheticOrbit(burnsA: burns, seed: seed).elementSets()
        let found = ManoeuvreDetector().manoeuvres(in: sets)
        #expect(found.count == burns.count, "\(found)")
        Self.expectInPlaneMatches(burns, in: found, withinHours: 4)
    }

    /// A jump of the issued mean motion that the along-track positions do not follow is a fitting artefact: the
    /// along-track confirmation drops it, and without the confirmation it would have been reported.
    @Test func semiMajorAxisJumpWithoutAlongTrackMotionIsRejected() throws {
        var orbit = SyntheticOrbit(burnsA: [(60.3, 0.2)])
        orbit.burnsMoveAlongTrack = false
        let sets = try orbit.elementSets()
        #expect(ManoeuvreDetector().manoeuvres(in: sets).isEmpty)
        #expect(ManoeuvreDetector(alongTrackConsistency: nil).manoeuvres(in: sets).count == 1)
    }

    /// A jump of the issued inclination (0.01°, 80 noise sigmas) while the node keeps precessing at the old J2 rate is
    /// not a plane change: the node-rate confirmation drops it, and without the confirmation it would be reported.
    /// The same jump with the plane really tilted (the node rate changes by −Ω̇ tan i Δi) is kept.
    @Test func inclinationJumpWithoutNodeRateChangeIsRejected() throws {
        var orbit = SyntheticOrbit(burnsI: [(100.4, 0.01)])
        orbit.burnsTiltPlane = false
        let artefact = try orbit.elementSets()
        #expect(ManoeuvreDetector().manoeuvres(in: artefact).isEmpty)
        #expect(ManoeuvreDetector(alongTrackConsistency: nil).manoeuvres(in: artefact).map(\.kind) == [.outOfPlane])
        orbit.burnsTiltPlane = true
        #expect(ManoeuvreDetector().manoeuvres(in: try orbit.elementSets()).map(\.kind) == [.outOfPlane])
    }

    /// Two raises of 1 km on consecutive days (each set's own change is significant and the sets between them show
    /// the along-track drift of the first alone) are reported as two in-plane manoeuvres, each timed within 6 hours
    /// and with Δv within 30 %.
    @Test func burnsOnConsecutiveDaysAreReportedSeparately() throws {
        let burns: [(day: Double, km: Double)] = [(80.5, 1.0), (81.5, 1.0)]
        let found = ManoeuvreDetector().manoeuvres(in: try SyntheticOrbit(burnsA: burns).elementSets())
        #expect(found.count == 2, "\(found)")
        Self.expectInPlaneMatches(burns, in: found, withinHours: 6)
    }

    /// Each burn's nearest detection lies within `hours` of it, is in-plane, has the burn's sign of Δa and a Δv within
    /// 30 % of the burn's.
    static func expectInPlaneMatches(_ burns: [(day: Double, km: Double)], in found: [Manoeuvre], withinHours hours: Double) {
        for burn in burns {
            let burnTime = SyntheticOrbit.start.adding(seconds: burn.day * 86_400)
            let match = found.min { abs($0.time.seconds(since: burnTime)) < abs($1.time.seconds(since: burnTime)) }
            #expect(match.map { abs($0.time.seconds(since: burnTime)) < hours * 3600 } == true, "\(burn): \(found)")
            #expect(match?.kind == .inPlane)
            #expect(match.map { ($0.semiMajorAxisChangeKm > 0) == (burn.km > 0) } == true)
            let expected = speedMS * abs(burn.km) / (2 * 7000)
            #expect(match.map { abs($0.deltaVMetresPerSecond - expected) <= 0.3 * expected } == true, "\(found)")
        }
    }

    /// An orbit raised by 500 m and lowered again 30 hours later (a collision-avoidance pair: neither change
    /// persists, so the step test alone sees nothing) is reported as two in-plane burns, each timed within 6 hours and
    /// with Δv within 30 %, because the sets either side of the excursion have separated along track as the raised orbit predicts.
    @Test func raisedAndLoweredOrbitIsTwoBurns() throws {
        let burns: [(day: Double, km: Double)] = [(80.45, 0.5), (81.7, -0.5)]
        let found = ManoeuvreDetector().manoeuvres(in: try SyntheticOrbit(burnsA: burns).elementSets())
        #expect(found.count == 2, "\(found)")
        Self.expectInPlaneMatches(burns, in: found, withinHours: 6)
    }

    /// An orbit lowered by 250 m and raised by 240 m two days later (a phasing pair, as Jason-2's of 2018-07-16/18):
    /// the second step all but undoes the first, so its final step measured from the sets before the first burn points
    /// the other way, and is no guide to how much of the second burn its first changed set carries. Both are
    /// reported, each timed within 6 hours and with Δv within 30 %.
    @Test func loweredAndRaisedBackDaysLaterIsTwoBurns() throws {
        let burns: [(day: Double, km: Double)] = [(80.6, -0.25), (82.6, 0.24)]
        let found = ManoeuvreDetector().manoeuvres(in: try SyntheticOrbit(burnsA: burns).elementSets())
        #expect(found.count == 2, "\(found)")
        Self.expectInPlaneMatches(burns, in: found, withinHours: 6)
    }

    /// In a history with station-keeping burns, one set whose issued mean motion is 3 km off (750 noise sigmas, far
    /// beyond the size at which changes skip the along-track check) while its position is right is a bad set, not a
    /// burn and its reversal: nothing is reported near it, and the four real burns are still found.
    @Test func singleBadSetIsNotAnExcursion() throws {
        let burns: [(day: Double, km: Double)] = [(30.3, 0.1), (60.6, -0.1), (120.2, 0.1), (150.7, -0.1)]
        var sets = try SyntheticOrbit(burnsA: burns).elementSets()
        let bad = try #require(sets.firstIndex { $0.epoch > SyntheticOrbit.start.adding(seconds: 81 * 86_400) })
        let a = (SyntheticOrbit.mu / pow(sets[bad].meanMotionRevPerDay * 2 * Double.pi / 86_400, 2)).squareRoot()
        sets[bad].meanMotionRevPerDay = SyntheticOrbit.meanMotionRevPerDay(semiMajorAxisKm: cbrt(a * a) + 3)
        let found = ManoeuvreDetector().manoeuvres(in: sets)
        #expect(!found.contains { abs($0.time.seconds(since: sets[bad].epoch)) < 3 * 86_400 }, "\(found)")
        #expect(found.count == burns.count, "\(found)")
    }

    /// A 15 m raise (8 mm/s, under four noise sigmas of the issued semi-major axis, so no step stands out) still moves
    /// the satellite along track by 2 km a day: the along-track kink finds it, in-plane, timed within 12 hours, with Δv
    /// within 30 %; with that signal off nothing is reported near it, and the signal adds nothing else.
    @Test(arguments: [UInt64(31), 32, 33])
    func burnHiddenInTheMeanMotionIsFoundAlongTrack(seed: UInt64) throws {
        let burn = (day: 60.3, km: 0.015)
        let sets = try SyntheticOrbit(burnsA: [burn], seed: seed).elementSets()
        let burnTime = SyntheticOrbit.start.adding(seconds: burn.day * 86_400)
        let found = ManoeuvreDetector().manoeuvres(in: sets)
        let near = found.filter { abs($0.time.seconds(since: burnTime)) < 12 * 3600 }
        #expect(near.count == 1, "\(found)")
        Self.expectInPlaneMatches([burn], in: found, withinHours: 12)
        let without = ManoeuvreDetector(alongTrackKinkThreshold: nil).manoeuvres(in: sets)
        #expect(!without.contains { abs($0.time.seconds(since: burnTime)) < 2 * 86_400 }, "\(without)")
        // The signal adds this burn and nothing else (a noise step elsewhere in the heavy-tailed history is the step
        // test's, with or without it).
        #expect(found.count == without.count + 1, "\(found) against \(without)")
    }

    /// A 200 m raise that the issued mean motion takes up over five days (40 m a set, about 7 sigmas of a consecutive
    /// difference, below the step threshold), while the positions follow the real orbit, is found once, in-plane,
    /// timed within 12 hours and with Δv within 30 %. (Smaller absorbed burns are lost in this synthetic history's
    /// heavy tails: one set in 25 carries 40 m of noise.)
    @Test(arguments: [UInt64(21), 22, 23])
    func burnAbsorbedOverSeveralSetsIsFound(seed: UInt64) throws {
        var orbit = SyntheticOrbit(burnsA: [(70.6, 0.2)], seed: seed)
        orbit.absorptionDays = 5
        let found = ManoeuvreDetector().manoeuvres(in: try orbit.elementSets())
        #expect(found.count == 1, "\(found)")
        Self.expectInPlaneMatches([(70.6, 0.2)], in: found, withinHours: 12)
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func pureNoiseGivesNothing(seed: UInt64) throws {
        let found = ManoeuvreDetector().manoeuvres(in: try SyntheticOrbit(seed: seed).elementSets())
        #expect(found.isEmpty, "\(found)")
    }

    @Test func duplicatesOutOfOrderAndReissuesAreCleaned() throws {
        var sets = try SyntheticOrbit(days: 30).elementSets()
        let reissued = sets[10]
        var corrected = reissued
        corrected.meanMotionRevPerDay += 1e-6
        corrected.epoch = reissued.epoch.adding(seconds: 5)
        sets.append(corrected)             // a re-issue of day 10, later in the file: it wins
        sets.append(sets[3])               // an exact duplicate
        sets.reverse()                     // out of order
        let history = try #require(ElementHistory.histories(from: sets).first)
        #expect(history.elementSets.count == 30)
        #expect(zip(history.elementSets, history.elementSets.dropFirst()).allSatisfy { $0.epoch < $1.epoch })
        #expect(history.droppedCount == 2)
    }

    @Test func sparseHistoryIsHandled() throws {
        #expect(ManoeuvreDetector().manoeuvres(in: try SyntheticOrbit(days: 5).elementSets()).isEmpty)
        #expect(ManoeuvreDetector().manoeuvres(in: []).isEmpty)
    }
}

/// Histories without noise: the thresholds cannot fall below the resolution of the TLE fields.
@Suite struct ManoeuvreResolutionTests {
    /// Identical re-issues whose mean motion changes once, and for good, in its last digit (10⁻⁸ rev/day, 3 mm of
    /// semi-major axis) show no manoeuvre, while a real 100 m raise in the same quiet history is one.
    @Test func lastDigitChangesOfQuietHistoriesAreNotManoeuvres() throws {
        let number = try #require(CatalogNumber(99_002))
        let quiet = SyntheticOrbit.meanMotionRevPerDay(semiMajorAxisKm: 7000)
        func history(changeAtDay30 change: Double) -> [ElementSet] {
            (0..<60).map { day in
                ElementSet(epoch: SyntheticOrbit.start.adding(seconds: Double(day) * 86_400),
                           meanMotionRevPerDay: day >= 30 ? quiet + change : quiet,
                           eccentricity: 0.001, inclinationDeg: 98, rightAscensionOfAscendingNodeDeg: 10,
                           argumentOfPericenterDeg: 90, meanAnomalyDeg: 0, catalogNumber: number,
                           bstarPerEarthRadii: 0)
            }
        }
        #expect(ManoeuvreDetector().manoeuvres(in: history(changeAtDay30: 1e-8)).isEmpty)
        #expect(ManoeuvreDetector(alongTrackConsistency: nil).manoeuvres(in: history(changeAtDay30: 1e-8)).isEmpty)
        // The raise is found from the elements (the along-track check is off: these sets are not a real orbit).
        let raised = SyntheticOrbit.meanMotionRevPerDay(semiMajorAxisKm: 7000.1) - quiet
        let found = ManoeuvreDetector(alongTrackConsistency: nil).manoeuvres(in: history(changeAtDay30: raised))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.kind == .inPlane)
    }
}
