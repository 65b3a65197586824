import Astrodynamics
import Foundation

/// The path of a file in `Tests/AstrodynamicsTests/Fixtures`.
func fixturePath(_ name: String, file: String = #filePath) -> String {
    var parts = file.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast()
    return parts.joined(separator: "/") + "/Fixtures/" + name
}

/// A small deterministic pseudo-random generator (SplitMix64) so that sampled tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Double = 0) -> Instant {
    Instant(utc: UTCComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s))
}

func distance(_ a: Vector3, _ b: Vector3) -> Double { (a - b).length }

/// The text of a fixture file.
func readFixture(_ name: String) throws -> String {
    try String(contentsOfFile: fixturePath(name), encoding: .utf8)
}
