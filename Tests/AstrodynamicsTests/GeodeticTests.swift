import Testing
import Astrodynamics

@Suite("WGS 84 geodetic")
struct GeodeticTests {
    @Test func valladoExample3_3() {
        // Vallado, Fundamentals of Astrodynamics, Example 3-3: r = (6524.834, 6862.875, 6448.296) km
        // → geodetic latitude 34.352 496°, longitude 46.4464°, height 5085.22 km.
        // The book's iteration stops at a tolerance, so its latitude agrees to ~1e-6° (about 10 cm); a
        // fully converged fixed-point iteration (50 steps, done independently) gives 34.352 495 150 86°,
        // 46.446 416 856 79°, 5085.218 731 09 km, which must agree to rounding.
        let g = GeodeticPosition(itrsKm: Vector3(x: 6524.834, y: 6862.875, z: 6448.296))
        #expect(abs(g.latitudeDeg - 34.352_496) < 1e-6)
        #expect(abs(g.longitudeDeg - 46.4464) < 5e-5)
        #expect(abs(g.heightKm - 5085.22) < 5e-3)
        #expect(abs(g.latitudeDeg - 34.352_495_150_86) < 1e-10)
        #expect(abs(g.longitudeDeg - 46.446_416_856_79) < 1e-10)
        #expect(abs(g.heightKm - 5085.218_731_09) < 1e-8)
    }

    @Test func specialPoints() {
        let a = WGS84.equatorialRadiusKm
        let b = WGS84.polarRadiusKm
        let equator = GeodeticPosition(itrsKm: Vector3(x: a, y: 0, z: 0))
        #expect(equator.latitudeDeg == 0 && equator.longitudeDeg == 0 && abs(equator.heightKm) < 1e-12)
        let east = GeodeticPosition(itrsKm: Vector3(x: 0, y: a + 1, z: 0))
        #expect(east.latitudeDeg == 0 && east.longitudeDeg == 90 && abs(east.heightKm - 1) < 1e-12)
        let north = GeodeticPosition(itrsKm: Vector3(x: 0, y: 0, z: b + 100))
        #expect(north.latitudeDeg == 90 && north.longitudeDeg == 0 && abs(north.heightKm - 100) < 1e-9)
        let south = GeodeticPosition(itrsKm: Vector3(x: 0, y: 0, z: -b))
        #expect(south.latitudeDeg == -90 && abs(south.heightKm) < 1e-9)
        let belowPole = GeodeticPosition(itrsKm: Vector3(x: 0, y: 0, z: b - 5))
        #expect(belowPole.latitudeDeg == 90 && abs(belowPole.heightKm + 5) < 1e-9)
        // Near and at the centre: finite, never NaN.
        for r in [Vector3.zero, Vector3(x: 10, y: 0, z: 0), Vector3(x: 0, y: 0, z: 10), Vector3(x: 20, y: 5, z: -30)] {
            let g = GeodeticPosition(itrsKm: r)
            #expect(g.latitudeDeg.isFinite && g.longitudeDeg.isFinite && g.heightKm.isFinite)
        }
        // The ellipsoid's semi-axes come back.
        #expect(abs(GeodeticPosition(latitudeDeg: 90, longitudeDeg: 0, heightKm: 0).itrsKm.z - b) < 1e-9)
        #expect(abs(GeodeticPosition(latitudeDeg: 0, longitudeDeg: 0, heightKm: 0).itrsKm.x - a) < 1e-12)
    }

    @Test(arguments: [-90.0, -89.999_999, -89.9, -75, -45, -10, -1e-9, 0, 1e-9, 0.5, 30, 45, 60, 89, 89.999_999, 90])
    func roundTrips(latitudeDeg: Double) {
        for heightKm in [-5.0, -0.001, 0, 0.5, 10, 400, 2000, 20_200, 35_786, 40_000] {
            for longitudeDeg in [-179.999, -120, -45, 0, 12.5, 90, 180] {
                let original = GeodeticPosition(latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg, heightKm: heightKm)
                let r = original.itrsKm
                let back = GeodeticPosition(itrsKm: r)
                #expect(distance(back.itrsKm, r) < 1e-9, "\(latitudeDeg) \(longitudeDeg) \(heightKm)")
                #expect(abs(back.heightKm - heightKm) < 1e-9)
                #expect(abs(back.latitudeDeg - latitudeDeg) < 1e-11)
                if abs(latitudeDeg) < 90 {
                    var dLon = abs(back.longitudeDeg - longitudeDeg)
                    dLon = min(dLon, 360 - dLon)
                    #expect(dLon < 1e-9)
                }
            }
        }
    }

    @Test func stateVectorGeodetic() {
        let state = StateVector<ITRS>(positionKm: Vector3(x: 6524.834, y: 6862.875, z: 6448.296),
                                      velocityKmPerS: .zero)
        #expect(state.geodetic == GeodeticPosition(itrsKm: state.positionKm))
    }
}
