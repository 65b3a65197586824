import Astrodynamics
import ElementSets
import Foundation
@testable import OrbitHistory

/// Paths and loaders for the test fixtures.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    static func elementSets(_ relative: String) throws -> [ElementSet] {
        try ElementSetDecoder().decode(contentsOfFile: path(relative)).elementSets
    }

    /// Ground-truth manoeuvre start times from a benchmark YAML file.
    static func truthTimes(_ relative: String) throws -> [Instant] {
        let text = try String(contentsOfFile: path(relative), encoding: .utf8)
        var times: [Instant] = []
        for line in text.split(separator: "\n") where line.hasPrefix("- ") {
            let stamp = line.dropFirst(2).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "")
                .replacingOccurrences(of: "'", with: "")
            let iso = stamp.replacingOccurrences(of: " ", with: "T") + "Z"
            times.append(try Instant(iso8601: iso))
        }
        return times
    }
}

extension Fixture {
    /// The operators' raw manoeuvre files copied into the fixtures, by satellite: IDS format (`*man.txt`) or NSMC
    /// format (`*.fy`).
    static let operatorFiles = ["CryoSat-2": "cs2man.txt", "Jason-2": "ja2man.txt", "Sentinel-3A": "s3aman.txt",
                                "TOPEX": "topman.txt", "Jason-1": "ja1man.txt", "Fengyun-2E": "manFY2E.txt.fy",
                                "Fengyun-2D": "manFY2D.txt.fy", "Fengyun-2F": "manFY2F.txt.fy",
                                "Fengyun-2H": "manFY2H.txt.fy", "Fengyun-4A": "manFY4A.txt.fy"]

    /// Manoeuvre start times from the operators' raw files (UTC). The benchmark's YAML files are one day late for
    /// the IDS-format files (day-of-year counted from 0) and 8 hours late for Fengyun (China Standard Time taken
    /// as UTC); these are the times the raw files state.
    static func operatorTimes(_ name: String) throws -> [Instant] {
        guard let file = operatorFiles[name] else {
            // The satellites without a copied raw file: the YAML times less the benchmark's one-day shift.
            return try truthTimes("maneuver-benchmark/manoeuvres_\(name).yaml").map { $0.adding(seconds: -86_400) }
        }
        let text = try String(contentsOfFile: path("maneuver-benchmark/\(file)"), encoding: .utf8)
        var times: [Instant] = []
        for line in text.split(separator: "\n") {
            if file.hasSuffix(".fy") {
                let parts = line.split(separator: "\"")
                guard parts.count > 1 else { continue }
                let local = parts[1].replacingOccurrences(of: " CST", with: "")
                times.append(try Instant(iso8601: local + "Z").adding(seconds: -8 * 3600))
            } else {
                let f = line.split(separator: " ")
                guard f.count > 4, let year = Int(f[1]), let day = Int(f[2]), let hour = Int(f[3]),
                      let minute = Int(f[4]) else { continue }
                let newYear = try Instant(iso8601: String(format: "%04d-01-01T00:00:00Z", year))
                times.append(newYear.adding(seconds: Double(day - 1) * 86_400 + Double(hour) * 3600 + Double(minute) * 60))
            }
        }
        // A record listed twice (Fengyun-2F's 2017-09-05 entry) is one manoeuvre.
        return Array(Set(times)).sorted()
    }
}

/// Precision, recall and F1 of detections against truth times, each truth matched at most once within a tolerance.
struct DetectionScore: CustomStringConvertible, Sendable {
    var truePositives = 0
    var falsePositives = 0
    var falseNegatives = 0

    init(detections: [Instant], truth: [Instant], toleranceSeconds: Double = 12 * 3600) {
        let matched = oneToOneMatches(detections: detections, truth: truth, toleranceSeconds: toleranceSeconds)
        truePositives = matched.truth.count
        falsePositives = detections.count - matched.detections.count
        falseNegatives = truth.count - matched.truth.count
    }

    init() {}

    static func + (l: DetectionScore, r: DetectionScore) -> DetectionScore {
        var s = DetectionScore()
        s.truePositives = l.truePositives + r.truePositives
        s.falsePositives = l.falsePositives + r.falsePositives
        s.falseNegatives = l.falseNegatives + r.falseNegatives
        return s
    }

    var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
    var recall: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }
    var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    var description: String {
        "P=\(String(format: "%.3f", precision)) R=\(String(format: "%.3f", recall)) F1=\(String(format: "%.3f", f1)) "
            + "(tp \(truePositives), fp \(falsePositives), fn \(falseNegatives))"
    }
}

/// The five benchmark satellites.
struct BenchmarkSatellite: Sendable {
    var name: String
    var isGEO: Bool

    static let all = [
        BenchmarkSatellite(name: "CryoSat-2", isGEO: false), BenchmarkSatellite(name: "Jason-2", isGEO: false),
        BenchmarkSatellite(name: "Sentinel-3A", isGEO: false), BenchmarkSatellite(name: "TOPEX", isGEO: false),
        BenchmarkSatellite(name: "Fengyun-2E", isGEO: true),
    ]

    /// Five more LEO satellites of the same benchmark that the detector's settings were not chosen on.
    static let others = ["Sentinel-6A", "Sentinel-3B", "Jason-3", "Haiyang-2A", "SARAL"].map {
        BenchmarkSatellite(name: $0, isGEO: false)
    }

    /// Satellites of the same benchmark added after the detector's settings and rules were fixed: nothing in the
    /// detector was chosen or tuned on them (one later check looked at Jason-1's inclination jumps).
    static let unseen = [BenchmarkSatellite(name: "Jason-1", isGEO: false)]
        + ["Fengyun-2D", "Fengyun-2F", "Fengyun-2H", "Fengyun-4A"].map { BenchmarkSatellite(name: $0, isGEO: true) }

    /// One satellite's cleaned history and its truth times inside the span of the element sets.
    struct Data: Sendable {
        var history: ElementHistory
        var operatorTruth: [Instant]
        var yamlTruth: [Instant]
    }

    /// Loads the history and both truths (truth outside the span of the element sets is not counted).
    func load() throws -> Data {
        let sets = try Fixture.elementSets("maneuver-benchmark/\(name).tle.xz")
        let history = ElementHistory.histories(from: sets)[0]
        let first = history.elementSets.first?.epoch, last = history.elementSets.last?.epoch
        func inSpan(_ times: [Instant]) -> [Instant] {
            guard let first, let last else { return [] }
            return times.filter { $0 >= first && $0 <= last }
        }
        return Data(history: history, operatorTruth: inSpan(try Fixture.operatorTimes(name)),
                    yamlTruth: inSpan(try Fixture.truthTimes("maneuver-benchmark/manoeuvres_\(name).yaml")))
    }

    /// Scores a detector on this satellite against the operators' times (or the benchmark YAML's).
    func score(_ detector: ManoeuvreDetector, operatorTimes: Bool = true) throws -> DetectionScore {
        let data = try load()
        return DetectionScore(detections: detector.manoeuvres(in: data.history).map(\.time),
                              truth: operatorTimes ? data.operatorTruth : data.yamlTruth)
    }
}

/// Indices of the truth times matched one-to-one by a detection within the tolerance (a maximum matching).
func matchedTruthIndices(detections: [Instant], truth: [Instant], toleranceSeconds: Double = 12 * 3600) -> Set<Int> {
    oneToOneMatches(detections: detections, truth: truth, toleranceSeconds: toleranceSeconds).truth
}

/// The detections and truth times paired one-to-one within the tolerance, as many pairs as possible.
///
/// Every truth time accepts the detections within ±tolerance: intervals of one length on a line. Taking the detections
/// in time order and giving each the earliest unmatched truth time that accepts it (the one whose interval ends first)
/// pairs as many as any one-to-one assignment can (the earliest-deadline exchange argument). Ties (equal times) go to
/// the lower index, so the pairing is deterministic.
func oneToOneMatches(detections: [Instant], truth: [Instant],
                     toleranceSeconds: Double) -> (detections: Set<Int>, truth: Set<Int>) {
    let pairs = maximumMatching(detections: detections, truth: truth, toleranceSeconds: toleranceSeconds)
    return (Set(pairs.map(\.detection)), Set(pairs.map(\.truth)))
}

/// The pairs of a maximum one-to-one matching within the tolerance (see ``oneToOneMatches``), in detection time order.
func maximumMatching(detections: [Instant], truth: [Instant],
                     toleranceSeconds: Double) -> [(detection: Int, truth: Int)] {
    let detectionOrder = detections.indices.sorted { (detections[$0], $0) < (detections[$1], $1) }
    let truthOrder = truth.indices.sorted { (truth[$0], $0) < (truth[$1], $1) }
    var used = [Bool](repeating: false, count: truth.count)
    var firstOpen = 0   // truth times before this position are matched or too early for every later detection
    var pairs: [(detection: Int, truth: Int)] = []
    for d in detectionOrder {
        while firstOpen < truthOrder.count,
              used[truthOrder[firstOpen]] || detections[d].seconds(since: truth[truthOrder[firstOpen]]) > toleranceSeconds {
            firstOpen += 1
        }
        var position = firstOpen
        while position < truthOrder.count {
            let t = truthOrder[position]
            let gap = detections[d].seconds(since: truth[t])
            if gap < -toleranceSeconds { break }
            if !used[t], abs(gap) <= toleranceSeconds {
                used[t] = true
                pairs.append((d, t))
                break
            }
            position += 1
        }
    }
    return pairs
}

/// The detections and truth times paired nearest pairs first (the matching used before session 5; kept to report
/// how much the maximum matching changes).
func nearestFirstMatches(detections: [Instant], truth: [Instant],
                         toleranceSeconds: Double) -> (detections: Set<Int>, truth: Set<Int>) {
    var pairs: [(Double, Int, Int)] = []
    for (d, detection) in detections.enumerated() {
        for (t, truthTime) in truth.enumerated() {
            let gap = abs(detection.seconds(since: truthTime))
            if gap <= toleranceSeconds { pairs.append((gap, d, t)) }
        }
    }
    pairs.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
    var usedDetections = Set<Int>(), usedTruth = Set<Int>()
    for (_, d, t) in pairs where !usedDetections.contains(d) && !usedTruth.contains(t) {
        usedDetections.insert(d)
        usedTruth.insert(t)
    }
    return (usedDetections, usedTruth)
}

/// Why an operator manoeuvre may be out of reach of any detector that sees only the public element sets, judged from
/// the operator's own file and the set epochs alone (never from a detector's output).
enum TruthCategory: String, CaseIterable, Sendable {
    /// Less than 12 hours after the operator's previous entry: one detection can match only one of the two.
    case closeSecondEntry = "second entry < 12 h after another"
    /// Two or more burns whose Δv components in the operator's local orbital frame cancel (their sum under a tenth of
    /// the summed magnitudes): the orbit after the manoeuvre is the orbit before it (Jason-2's plane burn pairs of
    /// 2018–19, ±0.3–2.3 m/s normal to the plane; its published inclination does not move). A tangential pair still
    /// leaves the satellite shifted along track by about 3 Δv Δt, which the detector sees when it stands out of the
    /// object's along-track scatter.
    case netZero = "burns cancel (net Δv < 10 %)"
    /// The element sets either side are more than five days apart (TOPEX has none from 1996 to 2000).
    case inSetGap = "inside a gap of > 5 days between sets"
    /// None of the above.
    case observable = "observable"

    /// How many of a satellite's operator manoeuvres in each category `detections` found (matched one to one, ±12 h).
    static func found(of name: String, data: BenchmarkSatellite.Data, detections: [Instant]) throws
        -> [TruthCategory: (found: Int, total: Int)] {
        let truth = data.operatorTruth
        let categories = try categories(of: name, truth: truth, epochs: data.history.elementSets.map(\.epoch))
        let matched = matchedTruthIndices(detections: detections, truth: truth)
        var counts: [TruthCategory: (found: Int, total: Int)] = [:]
        for (index, category) in categories.enumerated() {
            counts[category, default: (0, 0)].total += 1
            if matched.contains(index) { counts[category, default: (0, 0)].found += 1 }
        }
        return counts
    }

    /// One line of found/total per category present in `counts`.
    static func describe(_ counts: [TruthCategory: (found: Int, total: Int)]) -> String {
        allCases.compactMap { category in
            counts[category].map { "\(category.rawValue) \($0.found)/\($0.total)" }
        }.joined(separator: "; ")
    }

    /// The category of each truth time of a satellite (operator times, sorted, inside the span of the sets).
    static func categories(of name: String, truth: [Instant], epochs: [Instant]) throws -> [TruthCategory] {
        let burns = try Fixture.operatorDeltaV(name)
        return truth.enumerated().map { k, time in
            if k > 0, time.seconds(since: truth[k - 1]) < 12 * 3600 { return .closeSecondEntry }
            if let entry = burns.first(where: { abs($0.time.seconds(since: time)) < 60 }), entry.burnCount > 1,
               entry.netDeltaVMetresPerSecond < 0.1 * entry.deltaVMetresPerSecond { return .netZero }
            let after = epochs.firstIndex { $0 > time }
            if let after, after > 0, epochs[after].seconds(since: epochs[after - 1]) > 5 * 86_400 { return .inSetGap }
            return .observable
        }
    }
}

/// Time errors (detection − truth) of the detections matched to a truth time within the tolerance (the maximum
/// matching of ``oneToOneMatches``), hours.
func matchedTimeErrorsHours(detections: [Instant], truth: [Instant], toleranceSeconds: Double = 12 * 3600) -> [Double] {
    maximumMatching(detections: detections, truth: truth, toleranceSeconds: toleranceSeconds).map {
        detections[$0.detection].seconds(since: truth[$0.truth]) / 3600
    }
}

extension Fixture {
    /// Manoeuvre start times, total Δv (sum of the burns' Δv magnitudes, m/s) and whether the burns were mostly
    /// normal to the orbit plane (third component), the magnitude of the sum of the burns' Δv components and the number
    /// of burns from an operator's IDS-format manoeuvre file: per line the start
    /// and end (year, day of year from 1, hour, minute), a format code, the number of burns, then 15 fields per
    /// burn (time, duration, the three Δv components in m/s, further fields).
    static func operatorDeltaV(_ name: String) throws
        -> [(time: Instant, deltaVMetresPerSecond: Double, outOfPlane: Bool, netDeltaVMetresPerSecond: Double,
             burnCount: Int)] {
        // TOPEX's file gives times only; the Fengyun files are in the NSMC format.
        guard let file = operatorFiles[name], file.hasSuffix("man.txt"), file != "topman.txt" else { return [] }
        let text = try String(contentsOfFile: path("maneuver-benchmark/\(file)"), encoding: .utf8)
        var result: [(Instant, Double, Bool, Double, Int)] = []
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ").map(String.init)
            guard f.count > 10, let year = Int(f[1]), let day = Int(f[2]), let hour = Int(f[3]), let minute = Int(f[4]),
                  let burns = Int(f[10]), f.count >= 11 + 15 * burns else { continue }
            var total = 0.0, inPlane = 0.0, normal = 0.0, sum = [0.0, 0.0, 0.0]
            for burn in 0..<burns {
                let first = 11 + 15 * burn + 6
                let components = f[first..<(first + 3)].compactMap(Double.init)
                guard components.count == 3 else { continue }
                for axis in 0..<3 { sum[axis] += components[axis] }
                total += components.map { $0 * $0 }.reduce(0, +).squareRoot()
                inPlane += (components[0] * components[0] + components[1] * components[1]).squareRoot()
                normal += abs(components[2])
            }
            let newYear = try Instant(iso8601: String(format: "%04d-01-01T00:00:00Z", year))
            result.append((newYear.adding(seconds: Double(day - 1) * 86_400 + Double(hour) * 3600 + Double(minute) * 60),
                           total, normal > inPlane, sum.map { $0 * $0 }.reduce(0, +).squareRoot(), burns))
        }
        return result
    }
}

/// Runs CPU-bound `work` on a thread of its own instead of one of Swift Testing's cooperative threads.
///
/// The tests run in parallel on a cooperative pool of one thread per core (two on the CI machine). A test that
/// computes for a minute on one of them starves the async tests beside it: a database reconnect or an HTTP round
/// trip waits for a free thread until its time limit expires. On a thread of its own the work shares the cores under
/// the system's scheduler instead, and the pool stays free.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result(catching: work)) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
