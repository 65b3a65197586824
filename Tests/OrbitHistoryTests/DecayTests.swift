import Astrodynamics
import ElementSets
import Foundation
import Testing
import OrbitHistory

@Suite struct DecayTests {
    static let nutsatReentry = "2023-04-04T12:00:00Z"  // GCAT gives the date only; noon ± 12 h

    /// NUTSAT predicted from sets up to 30, 14, 7, 3 and 1 days before re-entry; errors must stay within the
    /// measured bounds (days). The TLEs end on 2023-03-31 near 180 km, and every cut-off predicts
    /// 2023-03-30/31, four days before the GCAT date; see the report.
    @Test func nutsat() throws {
        let sets = try ElementSetDecoder().decode(contentsOfFile: Fixture.path("decay/NUTSAT.tle")).elementSets
        let history = try #require(ElementHistory.histories(from: sets).first)
        let truth = try Instant(iso8601: Self.nutsatReentry)
        let bounds: [(Double, Double)] = [(30, 4.3), (14, 4.2), (7, 4.7), (3, 4.2), (1, 4.2)]
        for (daysBefore, maximumError) in bounds {
            let cutoff = truth.adding(seconds: -daysBefore * 86_400)
            let p = try DecayPredictor().predict(history, before: cutoff)
            let error = p.predictedReentry.seconds(since: truth) / 86_400
            let inWindow = p.windowStart <= truth.adding(seconds: 43_200) && p.windowEnd >= truth.adding(seconds: -43_200)
            print("NUTSAT \(daysBefore) d before: predicted \(p.predictedReentry) window \(p.windowStart)…\(p.windowEnd) error \(String(format: "%+.2f", error)) d inWindow \(inWindow); \(p.basis)")
            #expect(abs(error) <= maximumError)
            #expect(p.predictedReentry > p.windowStart && p.predictedReentry < p.windowEnd)
        }
    }

    /// The Starlinks that vanished in the 2026-05 week: the prediction from all their sets against the bracket
    /// (last epoch … first snapshot without them).
    @Test func starlinks() throws {
        let sets = try ElementSetDecoder().decode(contentsOfFile: Fixture.path("decay/starlink_disappeared_2026-05.tle")).elementSets
        let snapshots = try String(contentsOfFile: Fixture.path("decay/starlink_snapshot_times.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let summary = try String(contentsOfFile: Fixture.path("decay/starlink_disappeared_summary.csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } }
        for row in summary where row[0] == "starlink" {
            guard let number = Int(row[1]), let catalogNumber = CatalogNumber(number) else { continue }
            let history = ElementHistory(catalogNumber: catalogNumber, elementSets: sets)
            guard let index = snapshots.firstIndex(of: row[10]), index + 1 < snapshots.count,
                  let lastEpoch = history.elementSets.last?.epoch else { continue }
            let s = snapshots[index + 1]
            let absent = try Instant(iso8601: "\(s.prefix(4))-\(s.dropFirst(4).prefix(2))-\(s.dropFirst(6).prefix(2))T\(s.dropFirst(9).prefix(2)):\(s.dropFirst(11).prefix(2)):00Z")
            do {
                let p = try DecayPredictor().predict(history)
                let middle = lastEpoch.adding(seconds: absent.seconds(since: lastEpoch) / 2)
                let error = p.predictedReentry.seconds(since: middle) / 86_400
                let inside = p.predictedReentry >= lastEpoch && p.predictedReentry <= absent
                #expect(inside)
                print("\(row[2]) \(number): bracket \(lastEpoch)…\(absent) predicted \(p.predictedReentry) [\(p.windowStart)…\(p.windowEnd)] vs mid \(String(format: "%+.2f", error)) d inBracket \(inside); \(p.basis)")
            } catch {
                print("\(row[2]) \(number): \(error)")
            }
        }
    }
}
