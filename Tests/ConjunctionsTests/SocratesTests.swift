import Astrodynamics
import Conjunctions
import Decompression
import ElementSets
import Foundation
import Propagation
import Testing

/// The path of a file in `Tests/ConjunctionsTests/Fixtures`.
func fixturePath(_ name: String, file: String = #filePath) -> String {
    var parts = file.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast()
    return parts.joined(separator: "/") + "/Fixtures/" + name
}

/// Splits one CSV line with optional double quotes (no embedded line breaks in these files).
func csvFields(_ line: Substring) -> [String] {
    var fields: [String] = [], current = "", quoted = false
    for ch in line {
        if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { fields.append(current); current = "" } else {
            current.append(ch)
        }
    }
    fields.append(current)
    return fields
}

/// Text lines of a possibly compressed file.
func fixtureLines(_ name: String) throws -> [Substring] {
    let data = try Data(contentsOf: URL(fileURLWithPath: fixturePath(name)))
    let bytes = try Decompression.decompressIfNeeded([UInt8](data))
    let text = String(decoding: bytes, as: UTF8.self)
    return text.split(whereSeparator: \.isNewline)
}

/// A SOCRATES event with the element sets SOCRATES used and its reported miss distance when a run lists it.
struct SocratesEvent {
    var tca: Instant
    var set1: ElementSet
    var set2: ElementSet
    var missKm: Double?
}

let monthNumbers = ["Jan": "01", "Feb": "02", "Mar": "03", "Apr": "04", "May": "05", "Jun": "06", "Jul": "07",
                    "Aug": "08", "Sep": "09", "Oct": "10", "Nov": "11", "Dec": "12"]

func socratesEvents() throws -> [SocratesEvent] {
    // Reported miss distances from the runs, keyed by the two catalog numbers and the TCA text.
    var misses: [String: Double] = [:]
    let runs = try FileManager.default.contentsOfDirectory(atPath: fixturePath("socrates-2020-12/socrates_runs"))
    for run in runs where run.hasSuffix(".csv.gz") {
        let lines = try fixtureLines("socrates-2020-12/socrates_runs/" + run)
        for line in lines.dropFirst() {
            let f = csvFields(line)
            guard f.count >= 12 else { continue }
            // "2020 Dec 12 03:23:20.848" → "2020-12-12T03:23:20.848"
            let t = f[11].split(separator: " ")
            guard t.count == 4, let month = monthNumbers[String(t[1])] else { continue }
            let iso = "\(t[0])-\(month)-\(t[2])T\(t[3])"
            misses["\(f[0]),\(f[7]),\(iso)"] = Double(f[5])
        }
    }
    var events: [SocratesEvent] = []
    let lines = try fixtureLines("socrates-2020-12/socrates_pairs_tca_before_2020-12-12.csv.xz")
    for line in lines.dropFirst() {
        let f = csvFields(line)
        guard f.count == 10 else { continue }
        let tca = try Instant(iso8601: f[1] + "Z")
        let s1 = try ElementSet(tleLine1: f[5], tleLine2: f[6])
        let s2 = try ElementSet(tleLine1: f[8], tleLine2: f[9])
        events.append(SocratesEvent(tca: tca, set1: s1, set2: s2, missKm: misses["\(f[2]),\(f[3]),\(f[1])"]))
    }
    return events
}

@Suite struct SocratesTests {
    /// Every SOCRATES event of the fixture, screened pair by pair over ±5 minutes around its TCA with a 10 km
    /// threshold. Each is either matched (TCA within 10 ms, miss within 10 m where a run reports it) or an
    /// explained exception, and in every case the screening finds the dense reference's minimum of the same
    /// element sets (recall of the screener itself is 100 %):
    /// - slow pairs (relative speed < 0.5 km/s): the distance is flat near TCA, so SOCRATES's printed TCA is
    ///   not determined to 10 ms; the miss must still agree within 10 m;
    /// - window edges: SOCRATES lists the distance at the start of its run window (TCA 00:00 or 12:00:00.000)
    ///   when the pair is closing there; that is not a local minimum;
    /// - element-set mismatch: the dense reference on the fixture's element sets disagrees with SOCRATES as much
    ///   as we do (the fixture joined a neighbouring element set).
    @Test func everySocratesEventIsFound() throws {
        let events = try socratesEvents()
        #expect(events.count == 6_596)
        // Events are checked independently on both cores (each check is single-threaded), then summed in order.
        let outcomes = OutcomeSlots(count: events.count)
        DispatchQueue.concurrentPerform(iterations: 2) { w in
            for k in stride(from: w, to: events.count, by: 2) { outcomes.set(k, Self.check(events[k])) }
        }
        var failures: [String] = []
        var matched = 0, slow = 0, edge = 0, mismatch = 0, docked = 0, withMiss = 0
        var worstTCA = 0.0, worstMiss = 0.0, worstDenseTCA = 0.0, worstDenseMiss = 0.0
        for o in outcomes.all() {
            failures += o.failures
            worstDenseTCA = max(worstDenseTCA, o.worstDenseTCA)
            worstDenseMiss = max(worstDenseMiss, o.worstDenseMiss)
            switch o.kind {
            case .matched(let dt, let dm, let hasMiss):
                matched += 1
                worstTCA = max(worstTCA, dt)
                if hasMiss { withMiss += 1; worstMiss = max(worstMiss, dm) }
            case .docked: docked += 1
            case .edge: edge += 1
            case .slow: slow += 1
            case .mismatch: mismatch += 1
            case .unexplained: break
            }
        }
        print("SOCRATES: \(events.count) events; matched \(matched) (\(withMiss) with reported miss; worst TCA \(worstTCA * 1000) ms, worst miss \(worstMiss * 1000) m); slow pairs \(slow), window edges \(edge), element-set mismatches \(mismatch), docked \(docked); against dense: worst TCA (≥ 0.5 km/s) \(worstDenseTCA * 1000) ms, worst miss \(worstDenseMiss * 1000) m")
        for f in failures.prefix(30) { print(f) }
        #expect(failures.isEmpty)
    }

    enum Kind { case matched(Double, Double, Bool), docked, edge, slow, mismatch, unexplained }

    struct Outcome {
        var kind: Kind = .unexplained
        var failures: [String] = []
        var worstDenseTCA = 0.0
        var worstDenseMiss = 0.0
    }

    /// One SOCRATES event: the screening of its pair over ±5 minutes against the dense reference (always) and
    /// against SOCRATES (matched or an explained exception).
    static func check(_ e: SocratesEvent) -> Outcome {
        var o = Outcome()
        let start = e.tca.adding(seconds: -300)
        var screening = ConjunctionScreening(start: start, duration: .seconds(600), thresholdKm: 10)
        screening.threads = 1
        guard let result = try? screening.run([e.set1, e.set2]),
              let p1 = try? SGP4Propagator(e.set1), let p2 = try? SGP4Propagator(e.set2)
        else {
            o.failures.append("screening or SGP4 failed for \(e.set1.catalogNumber)-\(e.set2.catalogNumber)")
            return o
        }
        // Recall against the dense reference of the same element sets, always.
        let dense = denseMinima(p1, p2, start: start, seconds: 600, stepSeconds: 2, thresholdKm: 10)
        for d in dense {
            let near = result.conjunctions.min { abs($0.timeOfClosestApproach.seconds(since: d.tca))
                < abs($1.timeOfClosestApproach.seconds(since: d.tca)) }
            guard let near else { o.failures.append("dense minimum not found: \(d)"); continue }
            let dt = abs(near.timeOfClosestApproach.seconds(since: d.tca))
            let dm = abs(near.missDistanceKm - d.missKm)
            // A slow pair's TCA is ill-conditioned; there it must agree to 1 m of relative motion.
            let dtOK = dt <= 0.010 || dt * d.relativeSpeedKmPerS <= 0.001
            if !dtOK || dm > 0.010 { o.failures.append("dense \(d): ours \(near)") }
            if d.relativeSpeedKmPerS >= 0.5 { o.worstDenseTCA = max(o.worstDenseTCA, dt) }
            o.worstDenseMiss = max(o.worstDenseMiss, dm)
        }
        if result.conjunctions.count != dense.count { o.failures.append("count \(result.conjunctions.count) vs dense \(dense.count) for \(e.set1.catalogNumber)-\(e.set2.catalogNumber) \(e.tca)") }
        // Agreement with SOCRATES.
        let near = result.conjunctions.min { abs($0.timeOfClosestApproach.seconds(since: e.tca))
            < abs($1.timeOfClosestApproach.seconds(since: e.tca)) }
        let dt = near.map { abs($0.timeOfClosestApproach.seconds(since: e.tca)) } ?? .infinity
        let dm = near.flatMap { n in e.missKm.map { abs(n.missDistanceKm - $0) } } ?? 0
        if dt <= 0.010 && dm <= 0.010 {
            o.kind = .matched(dt, dm, e.missKm != nil)
            return o
        }
        let iso = e.tca.iso8601(fractionDigits: 3)
        if e.set1.catalogNumber == e.set2.catalogNumber { o.kind = .docked; return o }
        if iso.hasSuffix("T00:00:00.000Z") || iso.hasSuffix("T12:00:00.000Z") { o.kind = .edge; return o }
        if let n = near, n.relativeSpeedKmPerS < 0.5, dm <= 0.010 { o.kind = .slow; return o }
        // Element-set mismatch: the dense reference is as far from SOCRATES as we are.
        if let d = dense.min(by: { abs($0.tca.seconds(since: e.tca)) < abs($1.tca.seconds(since: e.tca)) }),
           abs(d.tca.seconds(since: e.tca)) > 0.010 || (e.missKm.map { abs(d.missKm - $0) > 0.010 } ?? false) {
            o.kind = .mismatch
            return o
        }
        o.failures.append("unexplained: \(e.set1.catalogNumber)-\(e.set2.catalogNumber) \(iso) reported \(e.missKm ?? -1) km; ours \(String(describing: near))")
        return o
    }
}

/// Per-event outcomes written by two worker threads, each to its own indices.
final class OutcomeSlots: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<SocratesTests.Outcome>
    private let count: Int
    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: SocratesTests.Outcome(), count: count)
    }
    func set(_ k: Int, _ o: SocratesTests.Outcome) { slots[k] = o }
    func all() -> [SocratesTests.Outcome] { Array(UnsafeBufferPointer(start: slots, count: count)) }
    deinit { slots.deinitialize(count: count); slots.deallocate() }
}
