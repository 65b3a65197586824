import Astrodynamics
import Foundation
import Testing
@testable import OrbitHistory

/// The manoeuvre detector on the public TLE benchmark (operator manoeuvre times, ±12 h, each matched once).
///
/// Truth: the operators' raw manoeuvre files (IDS `*man.txt` day-of-year counted from 1, Fengyun times converted
/// from China Standard Time to UTC). The benchmark's YAML times are one day (8 hours for Fengyun) later; their
/// scores are printed beside for comparison but not asserted.
@Suite(.serialized) struct ManoeuvreBenchmarkTests {
    /// F1 measured with the default detector on operator times (rounded down); the test fails if a change makes any
    /// satellite worse.
    /// (Reporting a step's time one gap earlier when its along-track crossing says so, 2026-11-27, cost CryoSat-2,
    /// Jason-2 and Sentinel-3A one match each and gained TOPEX two, Fengyun-2E three, the other and unseen satellites
    /// 24; the floors were reset to the new measurements then. Not taking a step undone within days for a slow uptake
    /// of the burn, 2026-11-28, gained CryoSat-2 and Jason-2 one match each. Timing an along-track kink by its
    /// expectation within its two gaps instead of the clamped fit, 2026-11-28, gained TOPEX one. Removing the sets'
    /// speed lag as well as the curvature before an along-track crossing, crossing a ramp that only follows the step
    /// at its end, and following a crossing back by up to a day, 2026-11-28: CryoSat-2 +3 matches −3 false alarms,
    /// Jason-2 +2 −2, TOPEX one false alarm more (a kink in its 12-day gap of January 1996, freed when the step
    /// there moved), Jason-3, Jason-1 and Fengyun-2H/4A one match each more. Leaving out of a kink's timing fit the
    /// sets after the gap whose lagged speed still dates from before it, 2026-11-28: CryoSat-2 +5 −5, Haiyang-2A +2
    /// −2, SARAL −1 +1 (its 2013 kinks, timed within 5 h before, moved 4–15 h early). Burn pairs found by the
    /// along-track shift they leave, 2026-11-28: CryoSat-2 +2 matches (2016-04-05, 2018-03-23), nothing else changed.
    /// No kink fit across more than five days without a set, and a step over 80 σ across such a hole reported without
    /// the along-track check, 2026-11-28: TOPEX −2 false alarms (three around its holes of 1996–97 gone, one in 2000
    /// added), Haiyang-2A −1 match −1 false alarm (the match lost was a kink timed inside a 12-day hole), Jason-3
    /// unchanged (its 20 km raise of April 2022 inside an 8-day hole is now reported as a step with Δv 9.3 m/s,
    /// 22 h before the second burn, instead of as a kink with Δv 13.3 m/s four days earlier). Raising kinks of four
    /// typical changes or more taken above five median scores, and every kink timed by how late the same fits placed
    /// the object's nearest steps, 2026-11-28: TOPEX +6 matches +2 false alarms, Jason-2 +1 −1, Haiyang-2A +8 +3,
    /// SARAL +2, Jason-1 +7 −4.)
    static let minimumF1 = ["CryoSat-2": 0.904, "Jason-2": 0.763, "Sentinel-3A": 0.938, "TOPEX": 0.553,
                            "Fengyun-2E": 0.850]

    /// The (threshold, along-track consistency factor, noise quantile) points the leave-one-out evaluation
    /// chooses from.
    static let grid: [(threshold: Double, consistency: Double?, quantile: Double)] = [6.0, 8, 10, 12].flatMap { k in
        [1.3, 1.5, 2, nil].flatMap { factor in [0.5, 0.75].map { (k, factor, $0) } }
    }

    @Test func evaluation() async throws {
        let detector = ManoeuvreDetector()
        var leo = DetectionScore()
        var errors: [Double] = []
        for satellite in BenchmarkSatellite.all {
            let data = try satellite.load()
            let detections = try await onOwnThread { detector.manoeuvres(in: data.history).map(\.time) }
            let score = DetectionScore(detections: detections, truth: data.operatorTruth)
            let yaml = DetectionScore(detections: detections, truth: data.yamlTruth)
            let satelliteErrors = matchedTimeErrorsHours(detections: detections, truth: data.operatorTruth)
            errors += satellite.isGEO ? [] : satelliteErrors
            let medianError = Robust.median(satelliteErrors.map { abs($0) }) ?? .nan
            print("\(satellite.name): operator times \(score); benchmark YAML times \(yaml); "
                + "median |time error| of matches \(String(format: "%.1f", medianError)) h")
            if !satellite.isGEO { leo = leo + score }
            #expect(score.f1 >= (Self.minimumF1[satellite.name] ?? 1), "\(satellite.name) F1 \(score.f1)")
        }
        print("LEO pooled: \(leo); median |time error| \(String(format: "%.1f", Robust.median(errors.map { abs($0) }) ?? .nan)) h")
    }

    /// The five other LEO satellites of the benchmark (operator times, ±12 h): per-satellite and pooled scores. The
    /// settings were not chosen on them (three rules were diagnosed on them, see the fixtures' SOURCE.md); the test
    /// fails if a change makes any of them worse than measured (rounded down).
    @Test func otherSatellites() async throws {
        let detector = ManoeuvreDetector()
        var pooled = DetectionScore()
        for satellite in BenchmarkSatellite.others {
            let data = try satellite.load()
            let detections = try await onOwnThread { detector.manoeuvres(in: data.history).map(\.time) }
            let score = DetectionScore(detections: detections, truth: data.operatorTruth)
            print("\(satellite.name) (not tuned on): operator times \(score)")
            pooled = pooled + score
            #expect(score.f1 >= (Self.minimumOtherF1[satellite.name] ?? 1), "\(satellite.name) F1 \(score.f1)")
        }
        print("Five other LEO satellites pooled: \(pooled)")
    }

    /// Satellites that nothing in the detector was chosen or tuned on (added afterwards; Jason-1's inclination jumps
    /// were looked at for one later check, see the fixtures' SOURCE.md), operator times, ±12 h: per-satellite scores
    /// and the LEO and GEO pools. The test fails if a change makes any of them worse than measured (rounded down).
    @Test func unseenSatellites() async throws {
        let detector = ManoeuvreDetector()
        var leo = DetectionScore(), geo = DetectionScore()
        for satellite in BenchmarkSatellite.unseen {
            let data = try satellite.load()
            let detections = try await onOwnThread { detector.manoeuvres(in: data.history).map(\.time) }
            let score = DetectionScore(detections: detections, truth: data.operatorTruth)
            let yaml = DetectionScore(detections: detections, truth: data.yamlTruth)
            print("\(satellite.name) (unseen, \(satellite.isGEO ? "GEO" : "LEO")): operator times \(score); "
                + "benchmark YAML times \(yaml)")
            let found = try TruthCategory.found(of: satellite.name, data: data, detections: detections)
            print("\(satellite.name): found/operator manoeuvres by cause: " + TruthCategory.describe(found))
            if satellite.isGEO { geo = geo + score } else { leo = leo + score }
            #expect(score.f1 >= (Self.minimumUnseenF1[satellite.name] ?? 1), "\(satellite.name) F1 \(score.f1)")
        }
        print("Unseen LEO satellites pooled: \(leo)")
        print("Unseen GEO satellites pooled: \(geo)")
    }

    /// F1 measured on the unseen satellites with the default detector (rounded down).
    static let minimumUnseenF1 = ["Jason-1": 0.449, "Fengyun-2D": 0.799, "Fengyun-2F": 0.876, "Fengyun-2H": 0.605,
                                  "Fengyun-4A": 0.666]

    /// F1 measured on the five other satellites with the default detector (rounded down).
    static let minimumOtherF1 = ["Sentinel-6A": 0.636, "Sentinel-3B": 0.856, "Jason-3": 0.783, "Haiyang-2A": 0.659,
                                 "SARAL": 0.786]

    /// Every manoeuvre's time lies inside the interval reported with it (preceding … following epoch), on every
    /// satellite of the benchmark, to the millisecond (times go through days since the first set and back). A burn
    /// timed before the set a channel starts from must widen the interval to the set before.
    @Test func timeInsideReportedInterval() async throws {
        let detector = ManoeuvreDetector()
        var checked = 0
        for satellite in BenchmarkSatellite.all + BenchmarkSatellite.others + BenchmarkSatellite.unseen {
            let data = try satellite.load()
            let found = try await onOwnThread { detector.manoeuvres(in: data.history) }
            for m in found {
                checked += 1
                #expect(m.precedingEpoch.seconds(since: m.time) <= 1e-3 && m.time.seconds(since: m.followingEpoch) <= 1e-3,
                        "\(satellite.name) \(m.kind) at \(m.time) outside \(m.precedingEpoch) … \(m.followingEpoch)")
            }
        }
        #expect(checked > 500)
    }

    /// Recall of the default detector per cause of being out of reach, judged from the operators' files and the set
    /// epochs alone (second entries < 12 h after another, burns that cancel, burns inside long gaps between sets):
    /// shows where the remaining misses are. The recall of the observable LEO manoeuvres must not fall below the
    /// measured value (rounded down). The found counts of the other causes are printed, not asserted (a detection
    /// near a cancelled pair or a second entry is a match by chance or to the first entry).
    @Test func missesByCause() async throws {
        let detector = ManoeuvreDetector()
        var counts: [TruthCategory: (found: Int, total: Int)] = [:]
        for satellite in BenchmarkSatellite.all where !satellite.isGEO {
            let data = try satellite.load()
            let detections = try await onOwnThread { detector.manoeuvres(in: data.history).map(\.time) }
            let found = try TruthCategory.found(of: satellite.name, data: data, detections: detections)
            counts.merge(found) { ($0.found + $1.found, $0.total + $1.total) }
            print("\(satellite.name): found/operator manoeuvres by cause: " + TruthCategory.describe(found))
        }
        for category in TruthCategory.allCases {
            let entry = counts[category, default: (0, 0)]
            print("LEO pooled, \(category.rawValue): \(entry.found) of \(entry.total) found")
        }
        let observable = counts[.observable, default: (0, 0)]
        let recall = Double(observable.found) / Double(max(1, observable.total))
        print("LEO recall of the observable manoeuvres: \(String(format: "%.3f", recall))")
        #expect(recall >= Self.minimumObservableRecall, "observable LEO recall \(recall)")
    }

    /// Recall of the observable LEO manoeuvres measured with the default detector (rounded down).
    static let minimumObservableRecall = 0.780

    /// Detections matched (±12 h) to an operator manoeuvre against the operator's file: the kind must agree with
    /// the main burn direction for 85 % (measured: CryoSat-2 123 of 123, Jason-2 40 of 45, Sentinel-3A 52 of 52),
    /// and for in-plane ones the estimated Δv over the stated Δv must have a median within 10 % of 1
    /// with four in five within a factor of two.
    @Test(arguments: ["CryoSat-2", "Jason-2", "Sentinel-3A"])
    func deltaVAndKindAgainstOperators(name: String) async throws {
        let satellite = try #require(BenchmarkSatellite.all.first { $0.name == name })
        let found = try await onOwnThread { ManoeuvreDetector().manoeuvres(in: try satellite.load().history) }
        let truth = try Fixture.operatorDeltaV(name)
        var ratios: [Double] = []
        var kindsAgree = 0, matched = 0
        for manoeuvre in found {
            guard let nearest = truth.min(by: { abs($0.time.seconds(since: manoeuvre.time))
                                                < abs($1.time.seconds(since: manoeuvre.time)) }),
                  abs(nearest.time.seconds(since: manoeuvre.time)) <= 12 * 3600, nearest.deltaVMetresPerSecond > 0
            else { continue }
            matched += 1
            if (manoeuvre.kind == .outOfPlane) == nearest.outOfPlane { kindsAgree += 1 }
            if manoeuvre.kind == .inPlane, !nearest.outOfPlane {
                ratios.append(manoeuvre.deltaVMetresPerSecond / nearest.deltaVMetresPerSecond)
            }
        }
        print("\(name): kind agrees with the operator's burn direction for \(kindsAgree) of \(matched) matches")
        #expect(Double(kindsAgree) >= 0.85 * Double(matched))
        let median = try #require(Robust.median(ratios))
        let withinTwo = Double(ratios.filter { $0 > 0.5 && $0 < 2 }.count) / Double(max(1, ratios.count))
        let sorted = ratios.sorted()
        print("\(name): Δv estimate / operator Δv over \(ratios.count) matched in-plane manoeuvres: median "
            + String(format: "%.3f, quartiles %.3f–%.3f, within a factor 2: %.0f %%", median,
                     sorted[sorted.count / 4], sorted[(3 * sorted.count) / 4], 100 * withinTwo))
        #expect(ratios.count >= 20)
        #expect(abs(median - 1) <= 0.1, "median ratio \(median)")
        #expect(withinTwo >= 0.8, "within a factor 2: \(withinTwo)")
    }

    /// Leave one satellite out: the threshold, the along-track consistency factor and the noise quantile are chosen
    /// on the pooled F1 of the other four satellites and scored on the fifth.
    @Test func leaveOneSatelliteOut() async throws {
        let data = try BenchmarkSatellite.all.map { try $0.load() }
        let table = try await onOwnThread {   // [grid point][satellite]
            Self.grid.map { point in
                let detector = ManoeuvreDetector(threshold: point.threshold, alongTrackConsistency: point.consistency,
                                                 noiseQuantile: point.quantile)
                return data.map { DetectionScore(detections: detector.manoeuvres(in: $0.history).map(\.time),
                                                 truth: $0.operatorTruth) }
            }
        }
        let heldOutLEO = Self.heldOut(table) { Self.describe(Self.grid[$0]) }
        print("LEO pooled, each satellite held out: \(heldOutLEO)")
        for (row, point) in zip(table, Self.grid) {
            let leo = row.prefix(4).reduce(DetectionScore(), +)
            print("\(Self.describe(point)): LEO pooled F1 \(String(format: "%.3f", leo.f1)); per satellite "
                + row.map { String(format: "%.3f", $0.f1) }.joined(separator: " "))
        }
    }

    /// Leave one satellite out for the two settings of the newer signals (the absorption set count of the gradual
    /// steps and the sequence fraction of burn sequences; off, or one of a few values), the others at their defaults.
    @Test func leaveOneSatelliteOutForGradualAndSequenceSettings() async throws {
        let data = try BenchmarkSatellite.all.map { try $0.load() }
        let points: [(absorption: Int?, sequence: Double?)] = [nil, 3, 5, 7].flatMap { absorption in
            [nil, 0.25, 0.5].map { (absorption, $0) }
        }
        let table = try await onOwnThread {
            points.map { point in
                let detector = ManoeuvreDetector(absorptionSetCount: point.absorption, sequenceFraction: point.sequence)
                return data.map { DetectionScore(detections: detector.manoeuvres(in: $0.history).map(\.time),
                                                 truth: $0.operatorTruth) }
            }
        }
        let heldOutLEO = Self.heldOut(table) { best in
            "absorption \(points[best].absorption.map(String.init) ?? "off"), "
                + "sequence fraction \(points[best].sequence.map { String($0) } ?? "off")"
        }
        print("LEO pooled, each satellite held out (gradual and sequence settings): \(heldOutLEO)")
        for (row, point) in zip(table, points) {
            print("absorption \(point.absorption.map(String.init) ?? "off"), sequence \(point.sequence.map { String($0) } ?? "off"): "
                + "LEO pooled F1 \(String(format: "%.3f", row.prefix(4).reduce(DetectionScore(), +).f1)); per satellite "
                + row.map { String(format: "%.3f", $0.f1) }.joined(separator: " "))
        }
    }

    /// Leave one satellite out for the per-object thresholds: the false-discovery rate and the degrees of freedom of
    /// the Student-t reference (or the fixed threshold alone), the others at their defaults.
    @Test func leaveOneSatelliteOutForFalseDiscoveryRate() async throws {
        let data = try BenchmarkSatellite.all.map { try $0.load() }
        let points: [(rate: Double?, nu: Double)] = [(nil, 3)] + [2.0, 3, 4].flatMap { nu in
            [0.05, 0.2, 0.5].map { (Optional($0), nu) }
        }
        func describe(_ point: (rate: Double?, nu: Double)) -> String {
            point.rate.map { "rate \($0), degrees of freedom \(point.nu)" } ?? "fixed threshold"
        }
        let table = try await onOwnThread {
            points.map { point in
                let detector = ManoeuvreDetector(falseDiscoveryRate: point.rate, referenceDegreesOfFreedom: point.nu)
                return data.map { DetectionScore(detections: detector.manoeuvres(in: $0.history).map(\.time),
                                                 truth: $0.operatorTruth) }
            }
        }
        let heldOutLEO = Self.heldOut(table) { describe(points[$0]) }
        print("LEO pooled, each satellite held out (false-discovery rate): \(heldOutLEO)")
        for (row, point) in zip(table, points) {
            print("\(describe(point)): LEO pooled F1 \(String(format: "%.3f", row.prefix(4).reduce(DetectionScore(), +).f1)); "
                + "per satellite " + row.map { String(format: "%.3f", $0.f1) }.joined(separator: " "))
        }
    }

    /// Holds each satellite out in turn: the setting (a row of `table`, scores per satellite) with the best pooled F1
    /// on the other four is scored on it, and that score must stay within 0.1 of the satellite's floor; returns the
    /// pooled score of the held-out LEO satellites.
    static func heldOut(_ table: [[DetectionScore]], describe: (Int) -> String) -> DetectionScore {
        var heldOutLEO = DetectionScore()
        for (held, satellite) in BenchmarkSatellite.all.enumerated() {
            let pooled = table.map { row in
                row.enumerated().filter { $0.offset != held }.map(\.element).reduce(DetectionScore(), +).f1
            }
            let best = pooled.indices.max { pooled[$0] < pooled[$1] } ?? 0
            let score = table[best][held]
            if !satellite.isGEO { heldOutLEO = heldOutLEO + score }
            print("left out \(satellite.name): \(describe(best)) chosen on the others; \(score)")
            // A held-out score far below the default's floor would mean the parameters fit that satellite.
            #expect(score.f1 >= (minimumF1[satellite.name] ?? 1) - 0.1, "\(satellite.name) held out: \(score)")
        }
        return heldOutLEO
    }

    static func describe(_ point: (threshold: Double, consistency: Double?, quantile: Double)) -> String {
        "threshold \(point.threshold), along-track factor \(point.consistency.map { String($0) } ?? "off"), "
            + "noise quantile \(point.quantile)"
    }
}
