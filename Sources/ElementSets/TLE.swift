public import Astrodynamics

// Minimal fixed-column TLE reader (to be replaced by the full validating codec).
extension ElementSet {
    /// Reads one element set from the two lines of a TLE and an optional name line.
    public init(tleLine1 line1: String, tleLine2 line2: String, name: String? = nil) throws(ElementSetError) {
        let l1 = Array(line1.utf8), l2 = Array(line2.utf8)
        guard l1.count >= 68, l2.count >= 68 else {
            throw ElementSetError(.layout, message: "a TLE line must have 69 columns")
        }
        func field(_ l: [UInt8], _ a: Int, _ b: Int) -> String {
            String(decoding: l[(a - 1)..<min(b, l.count)], as: UTF8.self).trimmingSpaces()
        }
        func number(_ l: [UInt8], _ a: Int, _ b: Int, _ name: String) throws(ElementSetError) -> Double {
            guard let v = Double(field(l, a, b)) else {
                throw ElementSetError(.malformedField, field: name, message: "expected a number")
            }
            return v
        }
        func exponent(_ l: [UInt8], _ a: Int, _ b: Int, _ name: String) throws(ElementSetError) -> Double {
            let text = field(l, a, b)
            if text.isEmpty { return 0 }
            var chars = Array(text)
            var sign = 1.0
            if chars.first == "-" { sign = -1; chars.removeFirst() } else if chars.first == "+" { chars.removeFirst() }
            guard chars.count >= 3, let mantissa = Double("0." + String(chars.dropLast(2))),
                  let exp = Double(String(chars.suffix(2))) else {
                throw ElementSetError(.malformedField, field: name, message: "expected an exponent field")
            }
            return sign * mantissa * pow10(exp)
        }
        guard let catalog = CatalogNumber(tleField: Substring(field(l1, 3, 7))) else {
            throw ElementSetError(.malformedField, field: "NORAD_CAT_ID", message: "expected a catalog number")
        }
        let yy = Int(try number(l1, 19, 20, "EPOCH"))
        let dayOfYear = try number(l1, 21, 32, "EPOCH")
        let year = yy < 57 ? 2000 + yy : 1900 + yy
        let wholeDay = dayOfYear.rounded(.down)
        let epoch = Instant(utc: UTCComponents(year: year, month: 1, day: Int(wholeDay),
                                               second: (dayOfYear - wholeDay) * 86_400))
        let designator = field(l1, 10, 17)
        self.init(
            objectName: name,
            objectID: designator.isEmpty ? nil : designator,
            epoch: epoch,
            meanMotionRevPerDay: try number(l2, 53, 63, "MEAN_MOTION"),
            eccentricity: try number(l2, 27, 33, "ECCENTRICITY") * 1e-7,
            inclinationDeg: try number(l2, 9, 16, "INCLINATION"),
            rightAscensionOfAscendingNodeDeg: try number(l2, 18, 25, "RA_OF_ASC_NODE"),
            argumentOfPericenterDeg: try number(l2, 35, 42, "ARG_OF_PERICENTER"),
            meanAnomalyDeg: try number(l2, 44, 51, "MEAN_ANOMALY"),
            ephemerisType: Int(field(l1, 63, 63)) ?? 0,
            classification: Character(field(l1, 8, 8).isEmpty ? "U" : field(l1, 8, 8)),
            catalogNumber: catalog,
            elementSetNumber: Int(field(l1, 65, 68)) ?? 0,
            revolutionNumberAtEpoch: Int(field(l2, 64, 68)) ?? 0,
            bstarPerEarthRadii: try exponent(l1, 54, 61, "BSTAR"),
            meanMotionDotRevPerDay2: try number(l1, 34, 43, "MEAN_MOTION_DOT"),
            meanMotionDDotRevPerDay3: try exponent(l1, 45, 52, "MEAN_MOTION_DDOT")
        )
    }
}

private func pow10(_ e: Double) -> Double {
    var result = 1.0
    let n = Int(abs(e))
    for _ in 0..<n { result *= 10 }
    return e < 0 ? 1 / result : result
}

extension String {
    func trimmingSpaces() -> String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
