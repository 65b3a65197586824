import Astrodynamics
import ElementSets
import Observation
import Propagation
import Testing

/// Worst cases of one comparison run.
struct PassComparison {
    var riseTime = Worst("rise time (s)")
    var setTime = Worst("set time (s)")
    var culminationTime = Worst("culmination time (s)")
    var maxElevation = Worst("max elevation (deg)")
    var azimuth = Worst("azimuth at rise/culmination/set (deg)")
    var range = Worst("range at rise/culmination/set (km)")
    var sunElevation = Worst("Sun elevation at events (deg)")
    var shadowTransition = Worst("shadow transition time (s)")
    var failures: [String] = []
    var passCount = 0
    var exceptions: [String] = []

    var all: [Worst] { [riseTime, setTime, culminationTime, maxElevation, azimuth, range, sunElevation, shadowTransition] }
}

/// Runs the pass finder on reference list `index` and compares.
func comparePassList(_ index: Int) throws -> PassComparison {
    let fx = PassVectors.shared
    let list = fx.passes[index]
    let site = try fx.site(list.site)
    let propagator = try fx.propagator(list.norad)
    let finder = PassFinder(site: site, minimumElevationDeg: list.minElDeg)
    let start = fx.start, end = fx.end
    let found = try finder.passes(for: propagator, from: start, to: end.adding(seconds: 7200)).filter {
        guard let rise = $0.rise else { return false }
        return rise.instant >= start && rise.instant < end
    }
    let label = "\(list.norad)@\(list.site)/\(list.minElDeg)°"
    var c = PassComparison()
    c.passCount = found.count
    var used = Set<Int>()
    for ref in list.passes {
        let where_ = "\(label) rise \(ref.rise.utc)"
        guard let i = found.indices.first(where: { !used.contains($0) && abs(unix(found[$0].rise!.instant) - ref.rise.unix) < 120 }) else {
            if ref.flags.contains("marginal_max_el") {
                c.exceptions.append("missing marginal pass \(where_) (max el \(ref.culmination.elDeg ?? .nan)°)")
            } else {
                c.failures.append("missing pass \(where_)")
            }
            continue
        }
        used.insert(i)
        let p = found[i]
        guard let rise = p.rise, let set = p.set else {
            c.failures.append("pass without rise/set \(where_)")
            continue
        }
        let transitions = ref.shadowTransitions.map(\.unix)
        func nearTransition(_ t: Double) -> Bool { transitions.contains { abs($0 - t) <= 2 } }
        c.riseTime.add(unix(rise.instant) - ref.rise.unix, where_)
        c.setTime.add(unix(set.instant) - ref.set.unix, where_)
        c.culminationTime.add(unix(p.culmination.instant) - ref.culmination.unix, where_)
        c.maxElevation.add(p.culmination.elevationDeg - (ref.culmination.elDeg ?? .nan), where_)
        for (mine, theirs, name) in [(rise, ref.rise, "rise"), (p.culmination, ref.culmination, "culmination"), (set, ref.set, "set")] {
            if (theirs.elDeg ?? 0) <= 89.5 {
                c.azimuth.add(angleDiff(mine.azimuthDeg, theirs.azDeg), "\(where_) \(name)")
            }
            c.range.add(mine.rangeKm - theirs.rangeKm, "\(where_) \(name)")
            c.sunElevation.add(mine.sunElevationDeg - theirs.sunElDeg, "\(where_) \(name)")
            if mine.isSunlit != theirs.satSunlit {
                if nearTransition(theirs.unix) {
                    c.exceptions.append("sunlit differs within 2 s of a transition: \(where_) \(name)")
                } else {
                    c.failures.append("sunlit flag differs at \(name): \(where_)")
                }
            }
        }
        if p.isVisibleAtCulmination != ref.visibleAtCulmination {
            if abs(ref.culmination.sunElDeg + 6) < 0.05 || nearTransition(ref.culmination.unix) {
                c.exceptions.append("visible flag differs (allowed): \(where_)")
            } else {
                c.failures.append("visible flag differs: \(where_)")
            }
        }
        if p.shadowTransitions.count != ref.shadowTransitions.count {
            c.failures.append("shadow transitions: \(p.shadowTransitions.count) vs \(ref.shadowTransitions.count) at \(where_)")
        } else {
            for (m, r) in zip(p.shadowTransitions, ref.shadowTransitions) {
                c.shadowTransition.add(unix(m.instant) - r.unix, where_)
                if m.entersSunlight != r.entersSunlight { c.failures.append("shadow transition direction at \(where_)") }
            }
        }
        if p.culminationCount != ref.nCulminations {
            c.failures.append("culmination count \(p.culminationCount) vs \(ref.nCulminations) at \(where_)")
        }
    }
    for (i, p) in found.enumerated() where !used.contains(i) {
        let margin = p.culmination.elevationDeg - list.minElDeg
        if margin < 0.05 {
            c.exceptions.append("extra marginal pass \(label) at \(p.culmination.instant) (max el \(p.culmination.elevationDeg)°)")
        } else {
            c.failures.append("extra pass \(label) rise \(p.rise.map { "\($0.instant)" } ?? "-")")
        }
    }
    let checks: [(Worst, Double)] = [(c.riseTime, 0.1), (c.setTime, 0.1), (c.culminationTime, 1), (c.maxElevation, 0.001),
                                     (c.azimuth, 0.01), (c.range, 0.01), (c.sunElevation, 0.05), (c.shadowTransition, 2)]
    for (w, limit) in checks where !(abs(w.value) <= limit) {
        c.failures.append("\(w.name) \(w.value) exceeds \(limit) at \(w.place)")
    }
    return c
}

@Suite("Pass reference vectors (UT1 = UTC)")
struct PassVectorTests {
    @Test("pass lists match", arguments: 0..<36)
    func passList(_ index: Int) throws {
        let fx = PassVectors.shared
        try #require(fx.passes.count == 36)
        let c = try comparePassList(index)
        for failure in c.failures { Issue.record(Comparable(failure)) }
        let list = fx.passes[index]
        let expected = list.passes.count
        let marginal = list.passes.contains { $0.flags.contains("marginal_max_el") }
        #expect(c.passCount == expected || (marginal && abs(c.passCount - expected) <= 1))
    }

    @Test("worst cases over all pass lists")
    func worstCases() throws {
        var total = PassComparison()
        var names: [String] = []
        var allExceptions: [String] = []
        for i in 0..<PassVectors.shared.passes.count {
            let c = try comparePassList(i)
            names.append("\(i)")
            total.failures += c.failures
            allExceptions += c.exceptions
            total.passCount += c.passCount
            for (k, w) in c.all.enumerated() {
                var t = total.all[k]
                t.add(w.value, w.place)
                t.count += w.count - 1
                switch k {
                case 0: total.riseTime = t
                case 1: total.setTime = t
                case 2: total.culminationTime = t
                case 3: total.maxElevation = t
                case 4: total.azimuth = t
                case 5: total.range = t
                case 6: total.sunElevation = t
                default: total.shadowTransition = t
                }
            }
        }
        print("PASS VECTORS: \(total.passCount) passes found")
        for w in total.all { print("PASS VECTORS  \(w)") }
        for e in allExceptions { print("PASS VECTORS  allowed: \(e)") }
        #expect(total.failures.isEmpty, "\(total.failures)")
    }
}

/// Wraps a message for `Issue.record`.
func Comparable(_ s: String) -> Comment { Comment(rawValue: s) }
