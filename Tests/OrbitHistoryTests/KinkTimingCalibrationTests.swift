import Astrodynamics
import Foundation
import Testing
@testable import OrbitHistory

/// The kink channels' timing learnt from the object's own steps, and the one-sided channel of raising kinks.
@Suite struct KinkTimingCalibrationTests {
    /// A manoeuvre of `history` found by another signal at `day` (since its first set), in-plane unless told.
    static func manoeuvre(of history: ElementHistory, atDay day: Double, deltaV: Double = 0.01,
                          kind: ManoeuvreKind = .inPlane) -> Manoeuvre {
        let time = history.elementSets[0].epoch.adding(seconds: day * 86_400)
        return Manoeuvre(catalogNumber: history.catalogNumber, time: time, kind: kind,
                         deltaVMetresPerSecond: deltaV, confidence: 1, precedingEpoch: time, followingEpoch: time,
                         semiMajorAxisChangeKm: 0.01, inclinationChangeDeg: 0, significance: 50)
    }

    /// A fit placing the burn `late` days after `day`.
    static func fit(day: Double, late: Double, score: Double = 20, error: Double = 0.1) -> AlongTrackKink {
        AlongTrackKink(speedChangeKmPerDay: -1, score: score, burnDay: day + late, burnDayStandardError: error)
    }

    /// Each calibrating manoeuvre reads the higher-scoring fit of the gap it lies in and the next; fits with a vague
    /// time, larger orbit changes and plane changes do not calibrate; a kink takes the median lateness of the seven
    /// calibrations nearest in time.
    @Test func latenessIsLearntFromTheObjectsOwnSteps() throws {
        let sets = try SyntheticOrbit(days: 120).elementSets()
        let history = try #require(ElementHistory.histories(from: sets).first)
        let scan = try #require(ManoeuvreScan(history: history, detector: ManoeuvreDetector()))
        var short = [AlongTrackKink](repeating: .unavailable, count: scan.count)
        var long = short
        var found: [Manoeuvre] = []
        func gap(after day: Double) throws -> Int { try #require(scan.days.firstIndex { $0 > day }) }
        // Eight steps a day late in the short fit, the last one far away and 2.5 days late; the long fit 0.5 days.
        for (day, late) in [(10.5, 1.0), (20.5, 0.9), (30.5, 1.1), (40.5, 1.0), (50.5, 1.2), (60.5, 0.8),
                            (70.5, 1.0), (110.5, 2.5)] {
            let i = try gap(after: day)
            short[i] = Self.fit(day: day, late: late)
            long[i] = Self.fit(day: day, late: 0.5)
            found.append(Self.manoeuvre(of: history, atDay: day))
        }
        // At 80.5 the next gap's fit scores higher and is the one read (0.9 days late); the gap's own says 5.
        let i = try gap(after: 80.5)
        short[i] = Self.fit(day: 80.5, late: 5, score: 10)
        short[i + 1] = Self.fit(day: 80.5, late: 0.9, score: 30)
        found.append(Self.manoeuvre(of: history, atDay: 80.5))
        // Not calibrating: a vague fit, an orbit change over 0.1 m/s, a plane change.
        for (day, error, deltaV, kind) in [(85.5, 0.5, 0.01, ManoeuvreKind.inPlane), (90.5, 0.1, 0.2, .inPlane),
                                           (95.5, 0.1, 0.01, .outOfPlane)] {
            short[try gap(after: day)] = Self.fit(day: day, late: -2, error: error)
            found.append(Self.manoeuvre(of: history, atDay: day, deltaV: deltaV, kind: kind))
        }
        let calibration = KinkTimingCalibration(scan: scan, short: short, long: long, found: found)
        #expect(calibration.short.count == 9)
        #expect(calibration.short.contains { abs($0.day - 80.5) < 1e-9 && abs($0.lateDays - 0.9) < 1e-9 })
        #expect(abs(calibration.lateDays(near: 45, long: false) - 1.0) < 1e-9)
        #expect(abs(calibration.lateDays(near: 45, long: true) - 0.5) < 1e-9)
        // Near the far step the seven nearest include it (1.0 from the others' median is unchanged).
        #expect(abs(calibration.lateDays(near: 115, long: false) - 1.0) < 1e-9)
        #expect(KinkTimingCalibration().lateDays(near: 45, long: false) == 0)
        // Without the steps nothing is learnt.
        let none = KinkTimingCalibration(scan: scan, short: short, long: long, found: [])
        #expect(none.short.isEmpty && none.long.isEmpty)
    }

    /// Only kinks that raise the orbit by at least four times the object's typical change of along-track speed, and by
    /// at least 0.4 km/day, keep their score in the raising channel; a lowering kink of the same size, a small raise
    /// and an unavailable fit do not.
    @Test func onlyLargeRaisesAreScored() {
        var kinks = (0..<40).map { i in
            AlongTrackKink(speedChangeKmPerDay: i.isMultiple(of: 2) ? 0.25 : -0.25, score: 3, burnDay: 0,
                           burnDayStandardError: 1)
        }
        kinks[10].speedChangeKmPerDay = -1.1      // a raise of 4.4 typical changes
        kinks[20].speedChangeKmPerDay = 1.1       // a lowering of the same size
        kinks[30].speedChangeKmPerDay = -0.9      // a raise of 3.6 typical changes
        kinks[35] = .unavailable
        let scores = kinks.indices.map { Double($0) }
        let raising = KinkChannels.raisingScores(kinks, scores: scores)
        #expect(raising[10] == 10)
        #expect(raising[20] == 0 && raising[30] == 0 && raising[35] == 0)
        #expect(raising.enumerated().allSatisfy { $0.offset == 10 || $0.element == 0 })
        // In a quiet history (typical change 0.05 km/day) a raise of six typical changes is still under 0.4 km/day.
        let quiet = kinks.map { kink in
            var kink = kink
            kink.speedChangeKmPerDay = kink.speedChangeKmPerDay.isFinite ? kink.speedChangeKmPerDay / 5 : .nan
            return kink
        }
        var small = quiet
        small[10].speedChangeKmPerDay = -0.3
        #expect(KinkChannels.raisingScores(small, scores: scores)[10] == 0)
        small[10].speedChangeKmPerDay = -0.45
        #expect(KinkChannels.raisingScores(small, scores: scores)[10] == 10)
    }
}
