import Testing
import Astrodynamics
import ElementSets
@testable import Propagation

/// The deep-space lanes of ``SGP4Batch`` and the resonance integrator they carry from time to time.
@Suite struct DeepSpaceBatchTests {
    /// The deep-space objects of the fixture (resonant, non-resonant, and low-inclination ones among them).
    func deepSpaceFixture() throws -> [SGP4Propagator] {
        let deep = try batchFixturePropagators().filter(\.isDeepSpace)
        // the fixture exercises every deep-space branch of the lanes
        #expect(deep.count >= 100)
        #expect(deep.count(where: { $0.record.deepSpace.resonance == .synchronous }) >= 10)
        #expect(deep.count(where: { $0.record.deepSpace.resonance == .halfDay }) >= 10)
        #expect(deep.count(where: { $0.record.deepSpace.resonance == .none }) >= 10)
        #expect(deep.count(where: { $0.record.inclo < 0.2 }) >= 5, "Lyddane branch")
        return deep
    }

    /// Bit patterns of a state, for exact comparison.
    func bits(_ s: StateVector<TEME>) -> [UInt64] {
        [s.positionKm.x, s.positionKm.y, s.positionKm.z, s.velocityKmPerS.x, s.velocityKmPerS.y, s.velocityKmPerS.z]
            .map(\.bitPattern)
    }

    /// Continuing the resonance integration from where the previous time left it takes the same steps as
    /// integrating from epoch, so every state is bit-identical — forwards, backwards from epoch, and after jumps
    /// that force a restart.
    @Test func continuedResonanceIsBitIdentical() throws {
        let resonant = try deepSpaceFixture().filter { $0.record.deepSpace.resonance != .none }
        var times = stride(from: 0.0, through: 20_000, by: 97.25).map { $0 }
        times += [5_000, 5_000, 40_321.5, 719.9, 720, 1_440.0001]     // jumps back restart from epoch
        times += stride(from: -10.0, through: -15_000, by: -333.3).map { $0 }
        times += [-14_000, 3.5, -0.0, 0, -720, -721, -1_440, 90_000]
        var compared = 0
        for p in resonant {
            var state = SGP4Record.DeepSpace.ResonanceState()
            for t in times {
                let fresh: StateVector<TEME>?
                do { fresh = try p.state(minutesSinceEpoch: t) } catch { fresh = nil }
                let continued: StateVector<TEME>?
                do { continued = try p.record.state(minutesSinceEpoch: t, resonance: &state) } catch { continued = nil }
                if let fresh, let continued {
                    #expect(bits(fresh) == bits(continued), "\(p.elementSet.catalogNumber) at \(t)")
                    compared += 1
                } else {
                    #expect(fresh == nil && continued == nil, "\(p.elementSet.catalogNumber) at \(t)")
                }
            }
            // the state really is carried: after t = 20 000 min it stands at the last whole step before it
            _ = try? p.record.state(minutesSinceEpoch: 20_000, resonance: &state)
            #expect(state.atime == 19_440 && state.hasDerivatives)
            _ = try? p.record.state(minutesSinceEpoch: -2_000, resonance: &state)
            #expect(state.atime == -1_440 && state.hasDerivatives)
        }
        #expect(compared > resonant.count * times.count * 9 / 10)
    }

    /// A day a month after epoch (every deep-space object's resonance integrated over 60+ steps), propagated in
    /// chunks of 32 one-minute samples into one ephemeris as the conjunction screening does: each chunk agrees
    /// with the scalar propagator to 1 mm, and the chunked run equals a single call bit for bit (the integrator
    /// carried between calls changes nothing but the cost). The same backwards, a month before epoch.
    @Test(arguments: [43_200.0, -43_200.0])
    func chunkedCallsAgreeWithScalar(start: Double) throws {
        let deep = try deepSpaceFixture()
        let batch = SGP4Batch(deep)
        #expect(batch.nearEarthCount == 0)
        let direction = start > 0 ? 1.0 : -1.0
        let all = (0..<1_441).map { start + direction * Double($0) }
        var whole = BatchEphemeris(objectCount: 0, timeCount: 0)
        batch.propagate(minutesSinceEpoch: all, into: &whole, threads: 2)
        var chunked = BatchEphemeris(objectCount: 0, timeCount: 0)
        var first = 0
        var maxDr = 0.0
        while first < all.count {
            let minutes = Array(all[first..<min(all.count, first + 32)])
            batch.propagate(minutesSinceEpoch: minutes, into: &chunked, threads: 2)
            let (dr, _, _) = compareWithScalar(deep, chunked, minutes: { _ in minutes })
            maxDr = max(maxDr, dr)
            for o in deep.indices {
                for k in minutes.indices {
                    guard let a = chunked.state(object: o, time: k), let b = whole.state(object: o, time: first + k)
                    else {
                        #expect(chunked.state(object: o, time: k) == nil && whole.state(object: o, time: first + k) == nil)
                        continue
                    }
                    if bits(a) != bits(b) {
                        Issue.record("object \(o) at \(minutes[k]): chunked and single-call states differ")
                    }
                }
            }
            first += 32
        }
        print("deep-space batch vs scalar, \(deep.count) objects, 1441 minutes from \(start): max |dr| \(maxDr * 1e6) mm")
    }

    /// An ephemeris reused with another batch (other objects, other order) starts those objects' integrators
    /// from epoch instead of taking the first batch's states.
    @Test func ephemerisFromAnotherBatchIsNotContinued() throws {
        let deep = try deepSpaceFixture()
        let first = SGP4Batch(deep), second = SGP4Batch(deep.reversed())
        var eph = BatchEphemeris(objectCount: 0, timeCount: 0)
        first.propagate(minutesSinceEpoch: [30_000, 30_001], into: &eph)
        let minutes = [30_002.0, 31_000, 45_000]
        second.propagate(minutesSinceEpoch: minutes, into: &eph)
        _ = compareWithScalar(Array(deep.reversed()), eph, minutes: { _ in minutes })
    }

    /// A non-finite time stops a deep-space object with the scalar propagator's error (time not finite) instead
    /// of integrating the resonance forever.
    @Test func nonFiniteTimeFailsLikeScalar() throws {
        let deep = try deepSpaceFixture()
        for bad in [Double.infinity, -Double.infinity] {
            let minutes = [0.0, 10, bad, 20]
            var eph = BatchEphemeris(objectCount: 0, timeCount: 0)
            SGP4Batch(deep).propagate(minutesSinceEpoch: minutes, into: &eph, threads: 2)
            let (_, _, failures) = compareWithScalar(deep, eph, minutes: { _ in minutes })
            #expect(failures == deep.count)
            #expect(eph.failures.allSatisfy { $0?.code == 1 && $0?.minutesSinceEpoch == bad })
        }
    }

    /// A resonant orbit is not propagated more than a century from epoch (its integration would take one step per
    /// 720 minutes): the scalar propagator throws, naming the limit, and the batch stops the object at that time
    /// with the same error; a time inside the limit still works, and a non-resonant deep-space orbit has no limit.
    @Test func resonantOrbitsStopACenturyFromEpoch() throws {
        let deep = try deepSpaceFixture()
        let resonant = deep.filter { $0.record.deepSpace.resonance != .none }
        for far in [6e7, -6e7, 1e300] {
            let minutes = [0.0, 10, far, 20]
            var eph = BatchEphemeris(objectCount: 0, timeCount: 0)
            SGP4Batch(resonant).propagate(minutesSinceEpoch: minutes, into: &eph, threads: 2)
            for (o, p) in resonant.enumerated() {
                #expect(throws: SGP4Error.self) { _ = try p.state(minutesSinceEpoch: far) }
                let failure = eph.failures[o]
                #expect(failure?.code == 1 && failure?.minutesSinceEpoch == far, "\(String(describing: failure))")
                #expect(failure?.description.contains("beyond ±100 years for a resonant deep-space orbit") == true)
                #expect(eph.state(object: o, time: 1) != nil)
            }
        }
        let quiet = try #require(deep.first { $0.record.deepSpace.resonance == .none })
        #expect(throws: Never.self) { _ = try quiet.state(minutesSinceEpoch: 6e7) }
        #expect(throws: Never.self) { _ = try resonant[0].state(minutesSinceEpoch: 5e7) }
    }

    /// Random deep-space element sets: both resonance bands, eccentricities from 0 to 0.95 (or just below 1,
    /// see below), near-zero and retrograde inclinations, both operations modes.
    static func randomDeepSpaceSets(count: Int, seed: UInt64, nearlyParabolic: Bool) throws -> [SGP4Propagator] {
        var rng = XorShift(state: seed)
        let template = try verificationCase("5").elementSet()
        var propagators: [SGP4Propagator] = []
        while propagators.count < count {
            var es = template
            es.meanMotionRevPerDay = [Double.random(in: 0.05...6.3, using: &rng),
                                      Double.random(in: 0.9...1.1, using: &rng),
                                      Double.random(in: 1.9...2.1, using: &rng)].randomElement(using: &rng) ?? 1
            es.eccentricity = nearlyParabolic ? Double.random(in: 0.99..<0.99999, using: &rng)
                : [Double.random(in: 0..<0.95, using: &rng), Double.random(in: 0.5..<0.95, using: &rng),
                   Double.random(in: 0..<1e-3, using: &rng)].randomElement(using: &rng) ?? 0
            es.inclinationDeg = [Double.random(in: 0...180, using: &rng), Double.random(in: 0...12, using: &rng),
                                 Double.random(in: 170...180, using: &rng)].randomElement(using: &rng) ?? 0
            es.rightAscensionOfAscendingNodeDeg = Double.random(in: 0..<360, using: &rng)
            es.argumentOfPericenterDeg = Double.random(in: 0..<360, using: &rng)
            es.meanAnomalyDeg = Double.random(in: 0..<360, using: &rng)
            es.bstarPerEarthRadii = Double.random(in: -1e-3...1e-3, using: &rng)
            let mode: SGP4OpsMode = Bool.random(using: &rng) ? .improved : .afspc
            guard let p = try? SGP4Propagator(es, opsMode: mode), p.isDeepSpace else { continue }
            propagators.append(p)
        }
        return propagators
    }

    /// Random deep-space sets at times up to two weeks either side of epoch: the batch reports the scalar
    /// propagator's failures (code and time) and agrees with it to 1 mm elsewhere.
    @Test func randomDeepSpaceSetsAgreeWithScalar() throws {
        let propagators = try Self.randomDeepSpaceSets(count: 600, seed: 0x5DEE_CE66_D1CE_4E5B, nearlyParabolic: false)
        let minutes = stride(from: -20_000.0, through: 20_000, by: 211.7).map { $0 }
        var eph = BatchEphemeris(objectCount: 0, timeCount: 0)
        SGP4Batch(propagators).propagate(minutesSinceEpoch: minutes, into: &eph, threads: 2)
        let (dr, _, failures) = compareWithScalar(propagators, eph, minutes: { _ in minutes })
        let codes = Set(eph.failures.compactMap { $0?.code })
        print("random deep-space sets: max |dr| \(dr * 1e6) mm, \(failures) of \(propagators.count) fail, codes \(codes.sorted())")
        #expect(failures > 0 && failures < propagators.count / 2)
    }

    /// Eccentricities just below 1 are where the deep-space checks of the mean motion (error 2) and of the
    /// perturbed eccentricity (error 3) fire. Positions there are ill-conditioned (1 − e² cancels, so the
    /// last-ulp differences of the vector sine and cosine grow by 10⁴ and more, and the sign of the semi-latus
    /// rectum can flip), so this test checks the failures only: every object the scalar propagator stops with
    /// error 2 or 3 stops at the same time with the same error in the batch.
    @Test func nearlyParabolicFailuresAgreeWithScalar() throws {
        let propagators = try Self.randomDeepSpaceSets(count: 1_500, seed: 0xC0FF_EE12_3456_789B, nearlyParabolic: true)
        let minutes = stride(from: -20_000.0, through: 20_000, by: 211.7).map { $0 }
        var eph = BatchEphemeris(objectCount: 0, timeCount: 0)
        SGP4Batch(propagators).propagate(minutesSinceEpoch: minutes, into: &eph, threads: 2)
        var checked: [Int: Int] = [:], other = 0
        for (o, p) in propagators.enumerated() {
            var scalarFailure: SGP4Error? = nil
            for t in minutes {
                do { _ = try p.state(minutesSinceEpoch: t) } catch { scalarFailure = error; break }
            }
            guard let scalarFailure, scalarFailure.code == 2 || scalarFailure.code == 3 else { continue }
            checked[scalarFailure.code, default: 0] += 1
            if eph.failures[o] != scalarFailure {
                other += 1
                Issue.record("object \(o): scalar \(scalarFailure), batch \(String(describing: eph.failures[o]))")
            }
        }
        print("nearly parabolic deep-space sets: scalar errors 2/3 checked \(checked), \(other) differ")
        #expect(checked[2, default: 0] > 0 && checked[3, default: 0] > 0)
    }
}
