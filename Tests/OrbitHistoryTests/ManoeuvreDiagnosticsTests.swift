import Astrodynamics
import Foundation
import Testing
@testable import OrbitHistory

/// Diagnostics printed on demand (PERIGEE_MANOEUVRE_DIAGNOSTICS=1; nothing asserted): every miss and false alarm of
/// the default detector with what a lower threshold would see near it, the matched and unmatched detections of loose
/// detectors by score band, and how alternative along-track crossings would have timed the in-plane detections.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["PERIGEE_MANOEUVRE_DIAGNOSTICS"] != nil))
struct ManoeuvreDiagnosticsTests {
    @Test func missesAndFalseAlarms() throws {
        let detector = ManoeuvreDetector()
        let loose = ManoeuvreDetector(threshold: 3)
        for satellite in BenchmarkSatellite.all {
            let data = try satellite.load()
            let found = detector.manoeuvres(in: data.history)
            let candidates = loose.manoeuvres(in: data.history)
            let truth = data.operatorTruth
            let epochs = data.history.elementSets.map(\.epoch)
            let categories = try TruthCategory.categories(of: satellite.name, truth: truth, epochs: epochs)
            let matched = oneToOneMatches(detections: found.map(\.time), truth: truth, toleranceSeconds: 12 * 3600)
            let dv = try Fixture.operatorDeltaV(satellite.name)
            func fmt(_ x: Double) -> String { String(format: "%.2f", x) }
            for (t, time) in truth.enumerated() where !matched.truth.contains(t) {
                let nearest = found.min { abs($0.time.seconds(since: time)) < abs($1.time.seconds(since: time)) }
                let near = candidates.filter { abs($0.time.seconds(since: time)) < 36 * 3600 }
                let op = dv.first { abs($0.time.seconds(since: time)) < 60 }
                let gapBefore = epochs.lastIndex { $0 <= time }.map { time.seconds(since: epochs[$0]) / 3600 } ?? .nan
                let gapAfter = epochs.firstIndex { $0 > time }.map { epochs[$0].seconds(since: time) / 3600 } ?? .nan
                print("MISS \(satellite.name) \(time) [\(categories[t].rawValue)] op dv \(op.map { fmt($0.deltaVMetresPerSecond) } ?? "-") "
                    + "\(op.map { $0.outOfPlane ? "OOP" : "IP" } ?? "") sets -\(fmt(gapBefore))h +\(fmt(gapAfter))h; "
                    + "nearest det \(nearest.map { fmt($0.time.seconds(since: time) / 3600) + "h sig " + fmt($0.significance) } ?? "-"); "
                    + "loose: " + near.map { "\(fmt($0.time.seconds(since: time) / 3600))h \($0.kind.rawValue) sig \(fmt($0.significance)) dv \(fmt($0.deltaVMetresPerSecond))" }.joined(separator: ", "))
            }
            for (d, m) in found.enumerated() where !matched.detections.contains(d) {
                let nearest = truth.min { abs($0.seconds(since: m.time)) < abs($1.seconds(since: m.time)) }
                let i = epochs.lastIndex { $0 <= m.time } ?? 0
                let spacing = (max(0, i - 2)...min(epochs.count - 1, i + 3)).dropFirst().map { fmt(epochs[$0].seconds(since: epochs[$0 - 1]) / 86_400) }
                print("FA \(satellite.name) \(m.time) \(m.kind.rawValue) sig \(fmt(m.significance)) dv \(fmt(m.deltaVMetresPerSecond)) "
                    + "da \(String(format: "%.4f", m.semiMajorAxisChangeKm)) di \(String(format: "%.5f", m.inclinationChangeDeg)) "
                    + "conf \(fmt(m.confidence)) nearest truth \(nearest.map { fmt($0.seconds(since: m.time) / 3600) + "h" } ?? "-") "
                    + "spacing(d) \(spacing.joined(separator: ","))")
            }
        }
    }
}

extension ManoeuvreDiagnosticsTests {
    /// Matched / unmatched detections of a loose detector by significance band, per satellite.
    @Test func significanceBands() throws {
        let bands: [Double] = [3, 4, 5, 6, 7, 8, 10, 12, 16, 24, 50, 1e9]
        for threshold in [3.0, 5.0] {
            let loose = ManoeuvreDetector(threshold: threshold)
            for satellite in BenchmarkSatellite.all {
                let data = try satellite.load()
                let found = loose.manoeuvres(in: data.history)
                let matched = oneToOneMatches(detections: found.map(\.time), truth: data.operatorTruth, toleranceSeconds: 12 * 3600)
                var line: [String] = []
                for b in 0..<(bands.count - 1) {
                    let members = found.indices.filter { found[$0].significance >= bands[b] && found[$0].significance < bands[b + 1] }
                    let tp = members.filter { matched.detections.contains($0) }.count
                    let ip = members.filter { found[$0].kind == .inPlane }.count
                    line.append("[\(Int(bands[b]))) \(tp)/\(members.count - tp) ip\(ip)")
                }
                print("BANDS thr \(threshold) \(satellite.name): " + line.joined(separator: " "))
            }
        }
    }
}

extension ManoeuvreDiagnosticsTests {
    /// Alternative along-track crossings around each in-plane LEO detection near a truth time.
    @Test func timingAlternatives() throws {
        var within = [Int](repeating: 0, count: 6), total = 0
        var switched = [Int](repeating: 0, count: 15)
        for satellite in BenchmarkSatellite.all where !satellite.isGEO {
            let data = try satellite.load()
            let sets = data.history.elementSets
            let start = sets[0].epoch
            let days = sets.map { $0.epoch.seconds(since: start) / 86_400 }
            let orbits = PropagatedHistory(sets: sets, days: days, window: 50)
            for m in ManoeuvreDetector().manoeuvres(in: data.history) where m.kind == .inPlane {
                guard let truth = data.operatorTruth.min(by: { abs($0.seconds(since: m.time)) < abs($1.seconds(since: m.time)) }),
                      abs(truth.seconds(since: m.time)) < 48 * 3600,
                      let i = sets.firstIndex(where: { $0.epoch == m.followingEpoch }), i >= 3, i + 2 < sets.count else { continue }
                let t = truth.seconds(since: start) / 86_400
                func clampErr(_ c: Double?, _ lo: Int, _ hi: Int) -> Double {
                    guard let c else { return .nan }
                    return (min(max(c, days[lo]), days[hi]) - t) * 24
                }
                let estimates: [Double] = [
                    m.time.seconds(since: start) / 86_400 * 24 - t * 24,
                    clampErr(orbits.crossingDay(between: i - 2, and: i + 1, calibrationIndex: i), i - 2, i),
                    clampErr(orbits.crossingDay(between: i - 2, and: i + 2, calibrationIndex: i), i - 2, i),
                    clampErr(orbits.crossingDay(between: i - 1, and: i + 1, calibrationIndex: i), i - 1, i),
                    clampErr(orbits.crossingDay(between: i - 3, and: i + 2, calibrationIndex: i), i - 2, i),
                    clampErr(orbits.crossingDay(between: i - 2, and: i + 1, calibrationIndex: i), i - 2, i + 1),
                ]
                total += 1
                for (k, e) in estimates.enumerated() where abs(e) <= 12 { within[k] += 1 }
                let afterPrevious = (m.time.seconds(since: start) / 86_400 - days[i - 1]) * 24
                for (n, x) in [0.5, 2, 4, 6, 8].enumerated() {
                    for (v, alt) in [estimates[2], estimates[1], estimates[4]].enumerated() {
                        let e = afterPrevious < x && alt.isFinite ? alt : estimates[0]
                        if abs(e) <= 12 { switched[n * 3 + v] += 1 }
                    }
                }
                print("TIMING \(satellite.name) \(truth) set gaps \(String(format: "%.2f %.2f %.2f", days[i - 1] - days[i - 2], days[i] - days[i - 1], days[i + 1] - days[i])) truth-at \(String(format: "%.2f", (t - days[i - 1]) * 24))h after set i-1; errors h: "
                    + estimates.map { String(format: "%.1f", $0) }.joined(separator: " "))
            }
        }
        print("TIMING within 12 h of \(total): current, (i-2,i+1), (i-2,i+2), (i-1,i+1), (i-3,i+2), (i-2,i+1 to i+1): \(within)")
        print("TIMING switched below 0.5/2/4/6/8 h after set i-1 to (i-2,i+2)/(i-2,i+1)/(i-3,i+2): \(switched)")
    }
}
