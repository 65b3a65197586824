import ElementSets
import Foundation


/// The unwrapped right ascension of the node of one history, for checking plane changes against the node motion.
struct NodeHistory {
    let days: [Double]
    let nodeDeg: [Double]
    let inclinationDeg: [Double]
    /// Days either side of a plane change over which the node rate is measured.
    static let spanDays = 20.0

    init(sets: [ElementSet], days: [Double]) {
        self.days = days
        var node: [Double] = []
        node.reserveCapacity(sets.count)
        for set in sets {
            var value = set.rightAscensionOfAscendingNodeDeg
            if let last = node.last {
                while value - last > 180 { value -= 360 }
                while value - last < -180 { value += 360 }
            }
            node.append(value)
        }
        nodeDeg = node
        inclinationDeg = sets.map(\.inclinationDeg)
    }

    /// Observed change of the node rate across a plane change between sets `i − 1` and `i` over the change J2
    /// predicts for an inclination change `Δi` (−Ω̇ tan i Δi); the rates are Theil–Sen slopes over ``spanDays``
    /// before and after the gap. `nil` when either side has fewer than four sets or nothing is predicted.
    func rateChangeRatio(at i: Int, inclinationChangeDeg deltaI: Double) -> Double? {
        guard i >= 1, i < days.count else { return nil }
        let before = (0..<i).filter { days[$0] >= days[i - 1] - Self.spanDays }
        let afterIndices = (i..<days.count).filter { days[$0] <= days[i] + Self.spanDays }
        guard before.count >= 4, afterIndices.count >= 4,
              let rateBefore = slope(before), let rateAfter = slope(afterIndices) else { return nil }
        let predicted = -rateBefore * tan(inclinationDeg[i - 1] * Double.pi / 180) * deltaI * Double.pi / 180
        guard predicted != 0 else { return nil }
        let ratio = (rateAfter - rateBefore) / predicted
        return ratio.isFinite ? ratio : nil
    }

    /// Days before a plane change whose sets give the earlier inclination that ``returnsToEarlierLevel(at:)`` compares
    /// with (ten to twenty days back).
    static let earlierLevelDays = 10.0...20.0
    /// Largest share of the step by which the inclination after a plane change may differ from the earlier level for
    /// the step to count as a return from an excursion.
    static let returnShare = 0.5

    /// Whether the step of the published inclination between sets `i − 1` and `i` only brings it back to the level of
    /// ten to twenty days before (within ``returnShare`` of the step): the sets drifted away and were reset, the
    /// orbit did not change plane. A plane change moves the inclination to a level that lasts (TOPEX's sets of
    /// 1994–97 and Jason-1's of 2002–03 drift by up to 0.001° a day and jump back). The levels are medians of the
    /// three sets either side of the step and of the sets in the earlier window; `false` when that window is empty.
    func returnsToEarlierLevel(at i: Int) -> Bool {
        guard i >= 1, i < days.count else { return false }
        let earlier = (0..<i).filter { Self.earlierLevelDays.contains(days[i - 1] - days[$0]) }.map { inclinationDeg[$0] }
        guard let earlierLevel = Robust.median(earlier),
              let before = Robust.median(Array(inclinationDeg[max(0, i - 3)..<i])),
              let after = Robust.median(Array(inclinationDeg[i..<min(days.count, i + 3)])) else { return false }
        let step = after - before
        return step != 0 && abs(after - earlierLevel) < Self.returnShare * abs(step)
    }

    /// Theil–Sen slope of the node over the sets `indices`, degrees per day (pairs closer than 0.2 day skipped).
    func slope(_ indices: [Int]) -> Double? {
        var slopes: [Double] = []
        for (n, j) in indices.enumerated() {
            for k in indices[(n + 1)...] where days[k] - days[j] > 0.2 {
                slopes.append((nodeDeg[k] - nodeDeg[j]) / (days[k] - days[j]))
            }
        }
        return Robust.median(slopes)
    }
}
