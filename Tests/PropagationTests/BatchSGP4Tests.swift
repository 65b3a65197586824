import Foundation
import Testing
import Astrodynamics
import ElementSets
import Propagation

/// The fixture subset of the 2023-10 catalog (see Fixtures/batch/SOURCE.md), as propagators.
func batchFixturePropagators() throws -> [SGP4Propagator] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/batch/catalog-2023-10-subset.3le")
    let text = try String(contentsOf: url, encoding: .utf8)
    let lines = text.split(whereSeparator: \.isNewline).map(String.init)
    var result: [SGP4Propagator] = []
    var i = 0
    while i + 2 < lines.count {
        let name = String(lines[i].dropFirst(2))
        let elements = try ElementSet(tleLine1: lines[i + 1], tleLine2: lines[i + 2], name: name)
        result.append(try SGP4Propagator(elements))
        i += 3
    }
    return result
}

/// Compares a batch ephemeris with the scalar propagator at the same times; returns the largest position and
/// velocity differences and records an issue for every disagreement beyond the tolerances or in failures.
func compareWithScalar(_ propagators: [SGP4Propagator], _ eph: BatchEphemeris, minutes: (Int) -> [Double],
                       positionToleranceKm: Double = 1e-6, velocityToleranceKmPerS: Double = 1e-9)
    -> (dr: Double, dv: Double, failures: Int)
{
    var maxDr = 0.0, maxDv = 0.0, failures = 0
    for (o, p) in propagators.enumerated() {
        var scalarFailure: SGP4Error? = nil
        var failedAt = -1
        let times = minutes(o)
        for (k, t) in times.enumerated() {
            let scalar: StateVector<TEME>
            do {
                scalar = try p.state(minutesSinceEpoch: t)
            } catch {
                scalarFailure = error
                failedAt = k
                break
            }
            guard let batch = eph.state(object: o, time: k) else {
                Issue.record("object \(o) (\(p.elementSet.catalogNumber)): batch has no state at t = \(t), failure \(String(describing: eph.failures[o]))")
                break
            }
            let dr = Vector3(x: scalar.positionKm.x - batch.positionKm.x, y: scalar.positionKm.y - batch.positionKm.y,
                             z: scalar.positionKm.z - batch.positionKm.z).length
            let dv = Vector3(x: scalar.velocityKmPerS.x - batch.velocityKmPerS.x,
                             y: scalar.velocityKmPerS.y - batch.velocityKmPerS.y,
                             z: scalar.velocityKmPerS.z - batch.velocityKmPerS.z).length
            maxDr = max(maxDr, dr)
            maxDv = max(maxDv, dv)
            if !(dr <= positionToleranceKm) || !(dv <= velocityToleranceKmPerS) {
                // one issue per object is enough to diagnose; keep the report short
                Issue.record("object \(o) (\(p.elementSet.catalogNumber)) t = \(t): |dr| = \(dr) km, |dv| = \(dv) km/s")
                break
            }
        }
        if let scalarFailure {
            failures += 1
            #expect(eph.failures[o] == scalarFailure,
                    "object \(o) (\(p.elementSet.catalogNumber)): scalar fails with \(scalarFailure), batch \(String(describing: eph.failures[o]))")
            // the failed time and everything after it carry no state
            for k in failedAt..<times.count where eph.state(object: o, time: k) != nil {
                Issue.record("object \(o): state present at time index \(k) after the failure at index \(failedAt)")
                break
            }
        } else {
            #expect(eph.failures[o] == nil, "object \(o) (\(p.elementSet.catalogNumber)): batch reports \(String(describing: eph.failures[o])), scalar succeeds")
        }
    }
    return (maxDr, maxDv, failures)
}

@Suite struct BatchSGP4Tests {
    /// One day at one-minute steps, every fixture object: the batch agrees with the scalar propagator to 1 mm and
    /// 1e-9 km/s and reports the same failures (code and minute).
    @Test func agreesWithScalarOverOneDay() throws {
        let propagators = try batchFixturePropagators()
        #expect(propagators.count == 520)
        let batch = SGP4Batch(propagators)
        // the fixture exercises both paths and both drag models
        #expect(batch.nearEarthCount > 300 && batch.count - batch.nearEarthCount >= 100)
        #expect(propagators.contains { !$0.isDeepSpace && $0.record.simplifiedDrag })
        let minutes = (0...1440).map(Double.init)
        var eph = BatchEphemeris(objectCount: 0, timeCount: 0)
        // a first run at other times (more failures) into the same storage: the second must overwrite everything
        batch.propagate(minutesSinceEpoch: minutes.map { $0 + 4000 }, into: &eph, threads: 2)
        batch.propagate(minutesSinceEpoch: minutes, into: &eph, threads: 2)
        #expect(eph.objectCount == propagators.count && eph.timeCount == minutes.count)
        let (dr, dv, failures) = compareWithScalar(propagators, eph, minutes: { _ in minutes })
        print("batch vs scalar, \(propagators.count) objects x \(minutes.count) minutes: max |dr| \(dr * 1e6) mm, max |dv| \(dv) km/s, \(failures) objects failing")
        // the 51 objects of the fixture that decay within the day
        #expect(failures == 51)
    }

    /// Absolute instants: each object's minutes come from its own epoch, like ``SGP4Propagator/state(at:)``.
    /// Instants span a day around the fixture's median epoch; objects whose epoch is within half a day of it take
    /// part (the agreement tolerance is specified for a day of propagation).
    @Test func instantsAgreeWithScalar() throws {
        let all = try batchFixturePropagators()
        let epochs = all.map(\.elementSet.epoch).sorted()
        let start = epochs[epochs.count / 2]
        let propagators = all.filter { abs($0.elementSet.epoch.minutes(since: start)) < 720 }
        #expect(propagators.count > 300)
        let instants = (0..<200).map { start.adding(minutes: Double($0) * 7.3 - 300) }
        let batch = SGP4Batch(propagators)
        var eph = BatchEphemeris(objectCount: propagators.count, timeCount: instants.count)
        batch.propagate(at: instants, into: &eph)
        _ = compareWithScalar(propagators, eph, minutes: { o in
            instants.map { $0.minutes(since: propagators[o].elementSet.epoch) }
        })
    }

    /// The result does not depend on the number of threads, bit for bit.
    @Test func threadCountDoesNotChangeResults() throws {
        let propagators = Array(try batchFixturePropagators().prefix(120))
        let batch = SGP4Batch(propagators)
        let minutes = stride(from: -60.0, through: 600, by: 13.25).map { $0 }
        var one = BatchEphemeris(objectCount: 0, timeCount: 0), three = one
        batch.propagate(minutesSinceEpoch: minutes, into: &one, threads: 1)
        batch.propagate(minutesSinceEpoch: minutes, into: &three, threads: 3)
        #expect(one.failures == three.failures)
        for i in one.x.indices {
            let same = [(one.x[i], three.x[i]), (one.y[i], three.y[i]), (one.z[i], three.z[i]),
                        (one.vx[i], three.vx[i]), (one.vy[i], three.vy[i]), (one.vz[i], three.vz[i])]
                .allSatisfy { $0.0.bitPattern == $0.1.bitPattern }
            if !same { Issue.record("entry \(i) differs between 1 and 3 threads"); break }
        }
    }

    /// Degenerate shapes do not trap.
    @Test func emptyInputs() throws {
        let propagators = Array(try batchFixturePropagators().prefix(3))
        var eph = BatchEphemeris(objectCount: 5, timeCount: 5)
        SGP4Batch([]).propagate(minutesSinceEpoch: [0, 1], into: &eph)
        #expect(eph.objectCount == 0 && eph.x.isEmpty)
        SGP4Batch(propagators).propagate(minutesSinceEpoch: [], into: &eph, threads: 4)
        #expect(eph.objectCount == 3 && eph.timeCount == 0 && eph.failures == [nil, nil, nil])
        #expect(eph.state(object: 0, time: 0) == nil)
    }
}
