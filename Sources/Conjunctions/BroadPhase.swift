#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VectorMath

/// Reusable buffers of one sweep worker (grown on demand, freed on deinit), so that a sample allocates nothing
/// but its candidate list.
final class SweepScratch: @unchecked Sendable {
    /// Lanes of the vector pair test.
    static let lanes = 16
    /// 32-bit words in one entry record: x, y, z, vx, vy, vz (as `Float` bit patterns), the cell tag, and the
    /// object index with the first-cell flags in bits 29–31 (32 bytes: half a cache line).
    static let recordWords = 8
    /// Rows of a bucket transposed for the pair test: every word of the record, then the object's radial floor
    /// and the highest radius its path can reach (`Float`).
    static let rowCount = 10
    private(set) var objectCapacity = 0
    private(set) var entryCapacity = 0
    private(set) var tableCapacity = 0
    private(set) var bucketCapacity = 0
    /// Per object: first and last cell along x, y, z.
    var cells = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// Per object: its entry record without tag and flags (`recordWords` words).
    var templates = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    /// The objects with a valid state at this sample.
    var live = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// Per object: the highest radius its path can reach at this sample, plus half the threshold, km.
    var radialCeiling = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    /// The entries' records sorted by bucket.
    var records = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    /// One bucket's records transposed into `rowCount` rows of `bucketCapacity` words for the vector pair test.
    var rows = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
    var counts = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var fill = UnsafeMutablePointer<Int32>.allocate(capacity: 1)

    func reserveObjects(_ n: Int) {
        guard n > objectCapacity else { return }
        cells.deallocate(); templates.deallocate(); live.deallocate(); radialCeiling.deallocate()
        cells = .allocate(capacity: 6 * n)
        radialCeiling = .allocate(capacity: n)
        templates = .allocate(capacity: SweepScratch.recordWords * n)
        templates.initialize(repeating: 0, count: SweepScratch.recordWords * n)
        live = .allocate(capacity: n)
        objectCapacity = n
    }

    func reserveEntries(_ entries: Int, tableSize: Int) {
        if entries > entryCapacity {
            records.deallocate()
            let c = entries + entries / 4 + 1
            records = .allocate(capacity: SweepScratch.recordWords * c)
            entryCapacity = c
        }
        if tableSize + 1 > tableCapacity {
            counts.deallocate(); fill.deallocate()
            counts = .allocate(capacity: tableSize + 1); fill = .allocate(capacity: tableSize + 1)
            tableCapacity = tableSize + 1
        }
    }

    /// Room for a bucket of `entries` records plus one vector of padding per row.
    func reserveBucket(_ entries: Int) {
        let c = entries + SweepScratch.lanes
        guard c > bucketCapacity else { return }
        rows.deallocate()
        rows = .allocate(capacity: SweepScratch.rowCount * c)
        bucketCapacity = c
    }

    deinit {
        cells.deallocate(); templates.deallocate(); live.deallocate(); records.deallocate(); rows.deallocate()
        radialCeiling.deallocate()
        counts.deallocate(); fill.deallocate()
    }
}

extension Sweep {
    /// Every pair at one sample whose distance can fall below the threshold within ±h/2 of it.
    ///
    /// Broad phase: each object's path over ±h/2 lies within `c = ½·g·(h/2)²` of the segment `p ± v·h/2`
    /// (`g` bounds its acceleration: gravity at the lowest radius it can reach in the window, plus a slack for J2
    /// and drag). Its box is that segment's bounding box widened by `c + threshold/2 + margin`; two objects that
    /// come closer than the threshold have overlapping boxes (the midpoint between them lies in both). Boxes are
    /// binned in a uniform grid of cubic cells (side `cellKm`), hashed into buckets by a counting sort, and a pair
    /// is examined in one cell only: along each axis the first cell the two boxes share (two objects that come
    /// close share at least the cell of that midpoint). Each entry carries the object's state rounded to `Float`,
    /// so the pair test runs on `SweepScratch.lanes` pairs at once without reading anything else: the linear
    /// relative motion over ±h/2, widened by the relative-acceleration bound and by the rounding, must come
    /// within the threshold. Only the pairs that pass get the exact narrow test
    /// (``narrow(_:_:_:_:_:_:_:_:half:thresholdKm:)`` on the double states): the pair's linear relative motion
    /// over ±h/2 plus a bound on the relative acceleration (gravity gradient 3μ/r³ times the separation).
    ///
    /// - Parameter p: the sample's six rows of `n` doubles (x, y, z, vx, vy, vz; NaN where an object has no state);
    ///   the samples one step before and after it lie `6·n` doubles before and after (NaN when the screening has
    ///   no such sample). Nothing is written to them.
    static func candidates(_ objects: ScreeningObjects, _ p: UnsafeMutablePointer<Double>, n: Int, step: Int,
                           stepSeconds: Double, thresholdKm: Double, cellKm: Double,
                           scratch: SweepScratch) -> [Candidate] {
        let px = p, py = p + n, pz = p + 2 * n, vx = p + 3 * n, vy = p + 4 * n, vz = p + 5 * n
        // A state faster than the escape speed at the Earth's surface (11.2 km/s) is SGP4 out of its domain
        // (for example a decayed object's diverging solution): such samples take no part.
        let speedLimit2 = 12.0 * 12.0
        // Every bound here assumes that SGP4's velocity is the derivative of its position. A diverged solution
        // (a decayed object's weeks-old element set with a high drag term) moves many times faster than the
        // velocity it reports. Between neighbouring samples the trapezoid rule predicts the position to within
        // h³/12 times the largest jerk (3μ/r³·v ≤ 6·10⁻⁵ km/s³ above 6,300 km and below 12 km/s); a sample whose
        // neighbour lies further than that plus 0.1 km/s·h from the prediction is out of SGP4's domain and takes
        // no part (every catalogued object stays below a tenth of that; the diverged ones exceed it tenfold).
        let h = stepSeconds
        let chordLimit = 0.1 * h + 6e-5 * h * h * h / 12
        let chordLimit2 = chordLimit * chordLimit
        let sampleSize = 6 * n
        let before = p - sampleSize, after = p + sampleSize
        let half = stepSeconds / 2
        let mu = 398_600.8
        let inverseCell = 1 / cellKm
        scratch.reserveObjects(n)
        let cells = scratch.cells, templates = scratch.templates, live = scratch.live
        let radialCeiling = scratch.radialCeiling
        let words = SweepScratch.recordWords
        var liveCount = 0
        var entryCount = 0
        // 1. Per object, eight at a time: the box, its cell range, the entry record (the state in `Float`) and
        //    the radial ceiling.
        typealias D = SIMD8<Double>
        var i0 = 0
        while i0 < n {
            let width = min(8, n - i0)
            @inline(__always) func lanes(_ row: UnsafeMutablePointer<Double>) -> D {
                if width == 8 { return UnsafeRawPointer(row + i0).loadUnaligned(as: D.self) }
                var v = D(repeating: .nan)
                for l in 0..<width { v[l] = row[i0 + l] }
                return v
            }
            defer { i0 += 8 }
            let x = lanes(px), y = lanes(py), z = lanes(pz), u = lanes(vx), w = lanes(vy), q = lanes(vz)
            let v2 = dot(u, w, q, u, w, q), r2 = dot(x, y, z, x, y, z)
            let r = VectorMath.sqrt(r2)
            // Beyond 10⁶ km (or not a number) is SGP4 out of its domain too.
            var valid = (v2 .<= D(repeating: speedLimit2)) .& (r .< D(repeating: 1e6))
            guard any(valid) else { continue }
            /// Whether the neighbouring sample `dt` seconds away lies where the trapezoid rule puts it (a neighbour
            /// without a state, NaN, does not count against the sample).
            @inline(__always) func consistent(_ neighbour: UnsafeMutablePointer<Double>, _ dt: Double)
                -> SIMDMask<SIMD8<Int64>>
            {
                let k = D(repeating: 0.5 * dt)
                let nx = lanes(neighbour)
                let ex = nx - x - (u + lanes(neighbour + 3 * n)) * k
                let ey = lanes(neighbour + n) - y - (w + lanes(neighbour + 4 * n)) * k
                let ez = lanes(neighbour + 2 * n) - z - (q + lanes(neighbour + 5 * n)) * k
                return (dot(ex, ey, ez, ex, ey, ez) .<= D(repeating: chordLimit2)) .| (nx .!= nx)
            }
            valid = valid .& consistent(before, -h) .& consistent(after, h)
            guard any(valid) else { continue }
            var rLow = r - VectorMath.sqrt(v2) * half
            rLow.replace(with: 6_000, where: rLow .< 6_000)
            let g = mu / (rLow * rLow) * 1.01 + 1e-5
            let pad = 0.5 * half * half * g + (thresholdKm / 2 + 0.05)
            let ex = VectorMath.magnitude(u) * half + pad, ey = VectorMath.magnitude(w) * half + pad
            let ez = VectorMath.magnitude(q) * half + pad
            let c0 = ((x - ex) * inverseCell).rounded(.down), d0 = ((x + ex) * inverseCell).rounded(.down)
            let c1 = ((y - ey) * inverseCell).rounded(.down), d1 = ((y + ey) * inverseCell).rounded(.down)
            let c2 = ((z - ez) * inverseCell).rounded(.down), d2 = ((z + ez) * inverseCell).rounded(.down)
            // The highest radius: |p + v·t| over |t| ≤ h/2 is largest at an end; widened by the box's pad (which
            // holds half the threshold), so that the midpoint of two objects that come within the threshold lies
            // below it; rounded up to `Float`.
            let radialSpeed = dot(x, y, z, u, w, q)
            let farthest = r2 + VectorMath.magnitude(radialSpeed) * (2 * half) + v2 * (half * half)
            let ceiling = (VectorMath.sqrt(farthest) + pad) * (1 + 2e-7) + 1e-3
            for l in 0..<width where valid[l] {
                let i = i0 + l
                let cell = cells + 6 * i
                cell[0] = Int32(c0[l]); cell[1] = Int32(c1[l]); cell[2] = Int32(c2[l])
                cell[3] = Int32(d0[l]); cell[4] = Int32(d1[l]); cell[5] = Int32(d2[l])
                entryCount += Int(d0[l] - c0[l] + 1) * Int(d1[l] - c1[l] + 1) * Int(d2[l] - c2[l] + 1)
                let t = templates + words * i
                t[0] = Float(x[l]).bitPattern; t[1] = Float(y[l]).bitPattern; t[2] = Float(z[l]).bitPattern
                t[3] = Float(u[l]).bitPattern; t[4] = Float(w[l]).bitPattern; t[5] = Float(q[l]).bitPattern
                t[7] = UInt32(i)
                radialCeiling[i] = Float(ceiling[l])
                live[liveCount] = Int32(i)
                liveCount += 1
            }
        }
        // 2. Spatial hash: a counting sort of the (cell, object) entries by hashed cell. The bucket is the top
        //    bits of the Fibonacci hash of the packed cell coordinates, the tag the 32 bits below them (entries
        //    of one bucket with equal tags are in the same cell but for a 2⁻³² chance, which costs an extra test,
        //    never a miss).
        let tableBits = max(10, min(24, Int(log2(Double(max(1, entryCount)))) + 1))
        let tableSize = 1 << tableBits, mask = tableSize - 1
        let shift = UInt64(64 - tableBits), tagShift = shift - 32
        scratch.reserveEntries(entryCount, tableSize: tableSize)
        let counts = scratch.counts, fill = scratch.fill, records = scratch.records
        counts.update(repeating: 0, count: tableSize + 1)
        @inline(__always) func hash(_ x: Int32, _ y: Int32, _ z: Int32) -> UInt64 {
            let key = (UInt64(UInt32(bitPattern: x)) & 0x1F_FFFF) << 42
                | (UInt64(UInt32(bitPattern: y)) & 0x1F_FFFF) << 21 | (UInt64(UInt32(bitPattern: z)) & 0x1F_FFFF)
            return key &* 0x9E37_79B9_7F4A_7C15
        }
        for k in 0..<liveCount {
            let cell = cells + 6 * Int(live[k])
            for x in cell[0]...cell[3] {
                for y in cell[1]...cell[4] {
                    for z in cell[2]...cell[5] {
                        counts[Int(truncatingIfNeeded: hash(x, y, z) >> shift) & mask + 1] += 1
                    }
                }
            }
        }
        var largestBucket = 0
        for b in 0..<tableSize {
            largestBucket = max(largestBucket, Int(counts[b + 1]))
            counts[b + 1] += counts[b]
        }
        fill.update(from: counts, count: tableSize)
        for k in 0..<liveCount {
            let i = Int(live[k])
            let cell = cells + 6 * i
            var record = UnsafeRawPointer(templates + words * i).load(as: SIMD8<UInt32>.self)
            let objectIndex = record[7]
            for x in cell[0]...cell[3] {
                for y in cell[1]...cell[4] {
                    for z in cell[2]...cell[5] {
                        let h = hash(x, y, z)
                        let b = Int(truncatingIfNeeded: h >> shift) & mask
                        let flags = (x == cell[0] ? 1 : 0) | (y == cell[1] ? 2 : 0) | (z == cell[2] ? 4 : 0) as UInt32
                        record[6] = UInt32(truncatingIfNeeded: h >> tagShift)
                        record[7] = objectIndex | flags << 29
                        let slot = Int(fill[b])
                        fill[b] += 1
                        UnsafeMutableRawPointer(records + words * slot).storeBytes(of: record, as: SIMD8<UInt32>.self)
                    }
                }
            }
        }
        // 3. The pairs of each bucket, one entry against `lanes` later ones at a time.
        //
        // The `Float` test is conservative. Each rounded coordinate is off by at most 2⁻²⁴ of its size (positions
        // below 10⁶ km, speeds below 12 km/s), so the relative position is off by at most √3·2·10⁶·2⁻²⁴ ≈ 0.21 km
        // and the relative velocity by √3·24·2⁻²⁴ km/s: the closest distance of the linear motion moves by at most
        // 0.21 km + 2.5e-6 km/s·half, and the acceleration margin (which grows with the separation) by at most
        // ½·3·(μ/r³)·that·half². The separation is bounded by the 1-norms of the relative position and velocity
        // (never below the 2-norm), and the arithmetic in `Float` (relative 2⁻²⁴ an operation on values below a
        // few thousand km) is covered by 10⁻⁵ of the separation plus 10 m.
        scratch.reserveBucket(largestBucket)
        let separationSlack = 0.21 + 2.5e-6 * half
        let roundingSlack = 2 * separationSlack + 0.5 * 3 * tidalRate * separationSlack * half * half + 1e-6
        let boundBase = Float(thresholdKm + 0.05 + 0.5 * 1e-5 * half * half + roundingSlack + 0.01)
        let boundPerKm = Float(0.5 * 3 * tidalRate * half * half + 1e-5)
        typealias F = SIMD16<Float>
        typealias U = SIMD16<UInt32>
        typealias I = SIMD16<Int32>
        let lanes = SweepScratch.lanes
        let halfF = F(repeating: Float(half)), negativeHalfF = F(repeating: -Float(half))
        let laneIndex = I(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        let flagBits = U(repeating: 7 << 29)
        let capacity = scratch.bucketCapacity
        let rows = scratch.rows
        @inline(__always) func row(_ w: Int) -> UnsafeMutablePointer<UInt32> { rows + w * capacity }
        @inline(__always) func floats(_ w: Int, _ k: Int) -> F {
            unsafeBitCast(UnsafeRawPointer(rows + w * capacity + k).loadUnaligned(as: U.self), to: F.self)
        }
        @inline(__always) func magnitude(_ v: F) -> F {
            unsafeBitCast(unsafeBitCast(v, to: U.self) & U(repeating: 0x7FFF_FFFF), to: F.self)
        }
        @inline(__always) func float(_ w: Int, _ k: Int) -> Float { Float(bitPattern: rows[w * capacity + k]) }
        var out: [Candidate] = []
        let allVsAll = objects.allVsAll
        let radialFloor = objects.radialFloorKm
        var first = 0
        for b in 0..<tableSize {
            let last = Int(counts[b + 1])
            defer { first = last }
            let m = last - first
            guard m >= 2 else { continue }
            // Transpose the bucket's records into rows (padding lanes zero; they are masked out).
            // Entries arrive in object order, so in increasing order of the objects' radial floors.
            for k in 0..<m {
                let record = records + words * (first + k)
                for w in 0..<SweepScratch.recordWords { rows[w * capacity + k] = record[w] }
                let o = Int(record[7] & 0x1FFF_FFFF)
                rows[8 * capacity + k] = radialFloor[o].bitPattern
                rows[9 * capacity + k] = radialCeiling[o].bitPattern
            }
            for w in 0..<SweepScratch.rowCount { (row(w) + m).update(repeating: 0, count: lanes) }
            // Padding lanes lie above every ceiling, so the scan below stops at them.
            (row(8) + m).update(repeating: Float.infinity.bitPattern, count: lanes)
            let count = I(repeating: Int32(m))
            for ka in 0..<(m - 1) {
                // Two objects that come within the threshold have their midpoint above both floors and below
                // both ceilings. Later entries have floors no lower than a's; from the first whose floor is above
                // a's ceiling on, none can meet a.
                let ceiling = float(9, ka), ceilingV = F(repeating: ceiling)
                let pxA = F(repeating: float(0, ka)), pyA = F(repeating: float(1, ka)), pzA = F(repeating: float(2, ka))
                let vxA = F(repeating: float(3, ka)), vyA = F(repeating: float(4, ka)), vzA = F(repeating: float(5, ka))
                let tagA = U(repeating: row(6)[ka]), objectA = U(repeating: row(7)[ka])
                var kb = ka + 1
                while kb < m && float(8, kb) <= ceiling {
                    let tagB = UnsafeRawPointer(row(6) + kb).loadUnaligned(as: U.self)
                    let objectB = UnsafeRawPointer(row(7) + kb).loadUnaligned(as: U.self)
                    // Same cell (tag) and the first cell the two boxes share along every axis.
                    var pass = (laneIndex &+ I(repeating: Int32(kb))) .< count
                    pass = pass .& (tagB .== tagA)
                    pass = pass .& (((objectA | objectB) & flagBits) .== flagBits)
                    pass = pass .& (floats(8, kb) .<= ceilingV)
                    let b = kb
                    kb += lanes
                    guard any(pass) else { continue }
                    let rx = floats(0, b) - pxA, ry = floats(1, b) - pyA, rz = floats(2, b) - pzA
                    let ax = magnitude(rx), ay = magnitude(ry), az = magnitude(rz)
                    let ux = floats(3, b) - vxA, uy = floats(4, b) - vyA, uz = floats(5, b) - vzA
                    let ru = dot(rx, ry, rz, ux, uy, uz), u2 = dot(ux, uy, uz, ux, uy, uz)
                    // (`clamped` and `pointwiseMin` are not inlined: selects instead)
                    var tau = -ru / u2.replacing(with: 1e-30, where: u2 .< 1e-30)
                    tau.replace(with: halfF, where: tau .> halfF)
                    tau.replace(with: negativeHalfF, where: tau .< negativeHalfF)
                    let mx = rx + ux * tau, my = ry + uy * tau, mz = rz + uz * tau
                    let d2 = dot(mx, my, mz, mx, my, mz)
                    var speed = magnitude(ux)
                    speed += magnitude(uy)
                    speed += magnitude(uz)
                    var separation = ax + ay
                    separation += az
                    separation += speed * halfF
                    let bound: F = separation * boundPerKm + boundBase
                    pass = pass .& (d2 .<= bound * bound)
                    guard any(pass) else { continue }
                    for lane in 0..<lanes where pass[lane] {
                        let oa = Int(objectA[0] & 0x1FFF_FFFF), ob = Int(objectB[lane] & 0x1FFF_FFFF)
                        let i = min(oa, ob), j = max(oa, ob)
                        guard narrow(px, py, pz, vx, vy, vz, i, j, half: half, thresholdKm: thresholdKm),
                              allVsAll || objects.pairAllowed(i, j, thresholdKm: thresholdKm),
                              objects.shellsMeet(i, j, thresholdKm: thresholdKm) else { continue }
                        out.append(Candidate(i: Int32(i), j: Int32(j), step: Int32(step)))
                    }
                }
            }
        }
        return out
    }

    /// The narrow phase: whether the pair's linear relative motion over ±`half` seconds, widened by a bound on
    /// the relative acceleration (gravity gradient 3μ/r³ times the separation), comes within the threshold.
    @inline(__always)
    static func narrow(_ px: UnsafeMutablePointer<Double>, _ py: UnsafeMutablePointer<Double>,
                       _ pz: UnsafeMutablePointer<Double>, _ vx: UnsafeMutablePointer<Double>,
                       _ vy: UnsafeMutablePointer<Double>, _ vz: UnsafeMutablePointer<Double>, _ i: Int, _ j: Int,
                       half: Double, thresholdKm: Double) -> Bool {
        narrow(px[j] - px[i], py[j] - py[i], pz[j] - pz[i], vx[j] - vx[i], vy[j] - vy[i], vz[j] - vz[i],
               half: half, thresholdKm: thresholdKm)
    }

    /// The narrow phase on a relative position (km) and velocity (km/s).
    @inline(__always)
    static func narrow(_ rx: Double, _ ry: Double, _ rz: Double, _ ux: Double, _ uy: Double, _ uz: Double,
                       half: Double, thresholdKm: Double) -> Bool {
        let d2 = rx * rx + ry * ry + rz * rz
        let u2 = ux * ux + uy * uy + uz * uz
        var tau = u2 > 0 ? -(rx * ux + ry * uy + rz * uz) / u2 : 0
        tau = min(half, max(-half, tau))
        let mx = rx + ux * tau, my = ry + uy * tau, mz = rz + uz * tau
        let dmin = (mx * mx + my * my + mz * mz).squareRoot()
        let sep = d2.squareRoot() + u2.squareRoot() * half
        let accel = 3 * tidalRate * sep + 1e-5
        let margin = 0.5 * accel * half * half + 0.05
        return dmin <= thresholdKm + margin
    }
}

/// The dot product of two vectors given by components, lane by lane (summed in x, y, z order).
@inline(__always)
private func dot<V: SIMD>(_ ax: V, _ ay: V, _ az: V, _ bx: V, _ by: V, _ bz: V) -> V where V.Scalar: FloatingPoint {
    var s = ax * bx
    s += ay * by
    s += az * bz
    return s
}
