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
