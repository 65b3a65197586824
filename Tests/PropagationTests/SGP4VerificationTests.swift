import Foundation
import Testing
import Astrodynamics
import ElementSets
import Propagation

/// Where propagation of a verification case is expected to stop.
struct ExpectedStop: Sendable {
    var code: Int
    /// Minutes since epoch of the failing evaluation; `nil` for a failure during initialisation.
    var tsince: Double?
}

/// The error cases of the verification set (python-sgp4 / Vallado C++ codes).
let expectedStops: [String: ExpectedStop] = [
    "22312": ExpectedStop(code: 1, tsince: 494.2028672),
    "28350": ExpectedStop(code: 1, tsince: 1560),
    "28872": ExpectedStop(code: 6, tsince: 55),
    "29141": ExpectedStop(code: 6, tsince: 440),
    "33333": ExpectedStop(code: 4, tsince: 25),
    "33334": ExpectedStop(code: 3, tsince: nil),
    "20413#2": ExpectedStop(code: 6, tsince: 1_844_345),
]

/// The result of running one verification case through the testcpp time grid.
struct CaseRun {
    /// The rows produced before the first error: tsince and state.
    var rows: [(tsince: Double, state: StateVector<TEME>)] = []
    /// The error that ended the block, if any.
    var error: SGP4Error?
    /// Whether the error was thrown by initialisation.
    var failedAtInit = false
}

func run(_ c: VerificationCase, opsMode: SGP4OpsMode = .improved) throws -> CaseRun {
    var result = CaseRun()
    let propagator: SGP4Propagator
    do {
        propagator = try SGP4Propagator(try c.elementSet(), gravity: .wgs72, opsMode: opsMode)
    } catch let error as SGP4Error {
        result.error = error
        result.failedAtInit = true
        return result
    }
    for t in c.times {
        do {
            result.rows.append((t, try propagator.state(minutesSinceEpoch: t)))
        } catch {
            result.error = error
            break
        }
    }
    return result
}

/// Largest position and velocity differences of a run against its reference block.
struct Deviation {
    var dr = 0.0, drAt = 0.0, dv = 0.0, dvAt = 0.0
}

func distance(_ a: Vector3, _ b: [Double]) -> Double {
    let dx = a.x - b[0], dy = a.y - b[1], dz = a.z - b[2]
    return (dx * dx + dy * dy + dz * dz).squareRoot()
}

@Suite("SGP4 verification against Vallado's tcppver.out")
struct SGP4VerificationTests {
    @Test("the fixture holds the 33 verification sets and their reference blocks")
    func fixtureIsComplete() {
        #expect(VerificationData.cases.count == 33)
        #expect(VerificationData.reference.count == 33)
        let rows = VerificationData.reference.values.reduce(0) { $0 + $1.count }
        #expect(rows == 667)
    }

    @Test("every reference row is reproduced to 1e-6 km and 1e-8 km/s; errors stop where expected",
          arguments: VerificationData.cases)
    func verificationCase(_ c: VerificationCase) throws {
        let run = try run(c)
        let key = c.description
        let expected = expectedStops[key]
        var reference = VerificationData.reference[key] ?? []

        if let expected {
            let error = try #require(run.error, "\(key): expected error \(expected.code)")
            #expect(error.code == expected.code, "\(key): \(error)")
            if let t = expected.tsince {
                #expect(!run.failedAtInit)
                #expect(abs((error.minutesSinceEpoch ?? .nan) - t) < 1e-6, "\(key): \(error)")
            } else {
                #expect(run.failedAtInit, "\(key): expected an initialisation error, got \(error)")
                #expect(error.minutesSinceEpoch == 0)
                reference = []  // the single reference row is the testcpp artifact
            }
        } else {
            #expect(run.error == nil, "\(key): unexpected \(String(describing: run.error))")
        }

        #expect(run.rows.count == reference.count, "\(key): \(run.rows.count) rows, reference \(reference.count)")
        for (row, ref) in zip(run.rows, reference) {
            #expect(abs(row.tsince - ref.tsince) < 5e-9, "\(key): tsince \(row.tsince) vs \(ref.tsince)")
            let dr = distance(row.state.positionKm, ref.r)
            let dv = distance(row.state.velocityKmPerS, ref.v)
            #expect(dr <= 1e-6, "\(key) t=\(row.tsince): |dr| = \(dr) km")
            #expect(dv <= 1e-8, "\(key) t=\(row.tsince): |dv| = \(dv) km/s")
        }
    }

    @Test("worst deviation over all reference rows (printed)")
    func worstDeviation() throws {
        var worstR = (0.0, "", 0.0), worstV = (0.0, "", 0.0)
        var rowsCompared = 0
        for c in VerificationData.cases {
            let run = try run(c)
            guard !run.failedAtInit else { continue }
            let reference = VerificationData.reference[c.description] ?? []
            for (row, ref) in zip(run.rows, reference) {
                rowsCompared += 1
                let dr = distance(row.state.positionKm, ref.r)
                let dv = distance(row.state.velocityKmPerS, ref.v)
                if dr > worstR.0 { worstR = (dr, c.description, row.tsince) }
                if dv > worstV.0 { worstV = (dv, c.description, row.tsince) }
            }
        }
        let summary = "SGP4 verification: \(rowsCompared) rows; max |dr| = \(worstR.0) km (\(worstR.1) at "
            + "\(worstR.2) min); max |dv| = \(worstV.0) km/s (\(worstV.1) at \(worstV.2) min)"
        print(summary)
        #expect(rowsCompared == 666)
        #expect(worstR.0 <= 1e-6, "\(summary)")
        #expect(worstV.0 <= 1e-8, "\(summary)")
    }
}
