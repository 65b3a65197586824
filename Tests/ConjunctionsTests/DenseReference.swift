import Astrodynamics
import ElementSets
import Propagation

/// A close approach found by the dense reference.
struct DenseMinimum {
    var catalogNumber1: Int
    var catalogNumber2: Int
    var tca: Instant
    var missKm: Double
    var relativeSpeedKmPerS: Double
}

/// Brute-force reference: Δr·Δv of the two SGP4 states sampled every `stepSeconds` over the whole interval
/// (no grid, no motion padding, no candidate test) and every − → + sign change bisected to 1 µs.
func denseMinima(_ a: SGP4Propagator, _ b: SGP4Propagator, start: Instant, seconds: Double, stepSeconds: Double,
                 thresholdKm: Double) -> [DenseMinimum] {
    func f(_ t: Double) -> Double? {
        guard let s1 = try? a.state(at: start.adding(seconds: t)), let s2 = try? b.state(at: start.adding(seconds: t))
        else { return nil }
        return (s2.positionKm - s1.positionKm).dot(s2.velocityKmPerS - s1.velocityKmPerS)
    }
    var out: [DenseMinimum] = []
    var t0 = 0.0
    guard var f0 = f(0) else { return [] }
    let steps = Int((seconds / stepSeconds).rounded(.up))
    for k in 1...steps {
        let t1 = min(seconds, Double(k) * stepSeconds)
        guard let f1 = f(t1) else { return out }
        if f0 < 0 && f1 >= 0 {
            var lo = t0, hi = t1
            while hi - lo > 1e-6 {
                let mid = 0.5 * (lo + hi)
                if let fm = f(mid), fm < 0 { lo = mid } else { hi = mid }
            }
            let t = 0.5 * (lo + hi)
            if let s1 = try? a.state(at: start.adding(seconds: t)), let s2 = try? b.state(at: start.adding(seconds: t)) {
                let miss = (s2.positionKm - s1.positionKm).length
                if miss < thresholdKm {
                    let c1 = a.elementSet.catalogNumber.rawValue, c2 = b.elementSet.catalogNumber.rawValue
                    out.append(DenseMinimum(catalogNumber1: min(c1, c2), catalogNumber2: max(c1, c2),
                                            tca: start.adding(seconds: t), missKm: miss,
                                            relativeSpeedKmPerS: (s2.velocityKmPerS - s1.velocityKmPerS).length))
                }
            }
        }
        t0 = t1
        f0 = f1
    }
    return out
}
