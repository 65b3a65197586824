// The keyword/value form every OMM reader (XML, JSON, CSV, KVN) produces, and its conversion to an ElementSet
// with field-level validation.

/// One OMM value as read, with where it was found.
struct OMMValue {
    var text: String
    var line: Int?
    var column: Int?
}

/// The keywords of one OMM record, or the structural error that spoiled it.
struct OMMRecord {
    var fields: [String: OMMValue] = [:]
    var line: Int?
    var error: ElementSetError?

    var isEmpty: Bool { fields.isEmpty }

    /// Stores a value under its upper-cased keyword (a later value replaces an earlier one).
    mutating func set(_ key: String, _ value: OMMValue) {
        fields[asciiUppercased(key)] = value
    }
}

func asciiUppercased(_ s: String) -> String {
    var needs = false
    for b in s.utf8 where b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") { needs = true; break }
    guard needs else { return s }
    return String(decoding: s.utf8.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 32 : $0 }, as: UTF8.self)
}

func trimmedText(_ s: String) -> String {
    var s = s
    return s.withUTF8 { p in
        var (a, b) = (0, p.count)
        while a < b, p[a] == 0x20 || p[a] == 0x09 || p[a] == 0x0D || p[a] == 0x0A { a += 1 }
        while b > a, p[b - 1] == 0x20 || p[b - 1] == 0x09 || p[b - 1] == 0x0D || p[b - 1] == 0x0A { b -= 1 }
        return a == 0 && b == p.count ? String(decoding: p, as: UTF8.self)
            : String(decoding: UnsafeBufferPointer(rebasing: p[a ..< b]), as: UTF8.self)
    }
}

/// The OMM keywords, in the order writers use.
enum OMMKey {
    static let objectName = "OBJECT_NAME", objectID = "OBJECT_ID", epoch = "EPOCH", meanMotion = "MEAN_MOTION"
    static let eccentricity = "ECCENTRICITY", inclination = "INCLINATION", raan = "RA_OF_ASC_NODE"
    static let argumentOfPericenter = "ARG_OF_PERICENTER", meanAnomaly = "MEAN_ANOMALY"
    static let ephemerisType = "EPHEMERIS_TYPE", classification = "CLASSIFICATION_TYPE", catalog = "NORAD_CAT_ID"
    static let elementSetNumber = "ELEMENT_SET_NO", revolution = "REV_AT_EPOCH", bstar = "BSTAR"
    static let meanMotionDot = "MEAN_MOTION_DOT", meanMotionDDot = "MEAN_MOTION_DDOT"
}

enum OMMBuilder {
    /// Builds and validates an element set from a record's keywords.
    /// - Parameter lenientEpoch: accept a space for the `T` of EPOCH and a separate `EPOCH_MICROSECONDS`
    ///   (Space-Track's legacy JSON/CSV).
    static func build(_ record: OMMRecord, recordIndex: Int, lenientEpoch: Bool) throws(ElementSetError) -> ElementSet {
        if let error = record.error { throw error }
        let f = record.fields
        func fail(_ kind: ElementSetError.Kind, _ key: String, _ message: String) -> ElementSetError {
            let v = f[key]
            return ElementSetError(kind, field: key, line: v?.line ?? record.line, column: v?.column,
                                   recordIndex: recordIndex, message: message)
        }
        /// The trimmed text of a keyword; `nil` when absent or empty.
        func text(_ key: String) -> String? {
            guard let v = f[key] else { return nil }
            let t = trimmedText(v.text)
            return t.isEmpty ? nil : t
        }
        func required(_ key: String) throws(ElementSetError) -> String {
            guard let t = text(key) else {
                throw fail(.missingField, key, f[key] == nil ? "the mandatory keyword \(key) is missing"
                                                              : "the mandatory keyword \(key) is empty")
            }
            return t
        }
        func number(_ key: String, _ t: String) throws(ElementSetError) -> Double {
            guard let v = DecimalParser.parse(t) else {
                throw fail(.malformedField, key, "expected a decimal number (such as 0.0001234, .1234E-3 or "
                           + "-1.5e-05), found \"\(t.prefix(40))\"")
            }
            return v
        }
        func requiredNumber(_ key: String) throws(ElementSetError) -> Double { try number(key, try required(key)) }
        func optionalNumber(_ key: String) throws(ElementSetError) -> Double? {
            guard let t = text(key) else { return nil }
            return try number(key, t)
        }
        func optionalInteger(_ key: String) throws(ElementSetError) -> Int? {
            guard let t = text(key) else { return nil }
            guard let v = IntegerParser.parse(t), v >= 0 else {
                throw fail(.malformedField, key, "expected a non-negative integer, found \"\(t.prefix(40))\"")
            }
            guard v <= ElementSetLimits.maximumCounter else {
                throw fail(.outOfRange, key, "\(v) is above \(ElementSetLimits.maximumCounter)")
            }
            return v
        }
        func expectOneOf(_ key: String, _ allowed: [String], _ why: String) throws(ElementSetError) {
            guard let t = text(key) else { return }
            guard allowed.contains(asciiUppercased(t)) else {
                throw fail(.malformedField, key, "\(key) is \"\(t.prefix(40))\"; \(why)")
            }
        }
        try expectOneOf("MEAN_ELEMENT_THEORY", ["SGP4", "SGP/SGP4", "SGP", "SGP4-XP", "SGP4XP"],
                        "only SGP/SGP4 mean elements can be read")
        try expectOneOf("TIME_SYSTEM", ["UTC"], "SGP4 element set epochs are UTC")
        try expectOneOf("REF_FRAME", ["TEME"], "SGP4 mean elements are in TEME")
        try expectOneOf("CENTER_NAME", ["EARTH"], "only Earth-orbiting objects are supported")

        // Epoch.
        let epochText = try required(OMMKey.epoch)
        var epochUTF8 = epochText
        let parsed = epochUTF8.withUTF8 { OMMEpoch.parse($0, 0, $0.count, allowSpace: lenientEpoch) }
        var time: CivilTime
        switch parsed {
        case .success(let t): time = t
        case .failure(let failure):
            let v = f[OMMKey.epoch]
            throw ElementSetError(.malformedField, field: OMMKey.epoch, line: v?.line ?? record.line,
                                  column: v?.column.map { $0 + failure.offset }, recordIndex: recordIndex,
                                  message: "\(failure.message), found \"\(epochText.prefix(40))\"")
        }
        if lenientEpoch, let microText = text("EPOCH_MICROSECONDS"), !epochText.contains(".") {
            guard let micro = IntegerParser.parse(microText), (0 ..< 1_000_000).contains(micro) else {
                throw fail(.malformedField, "EPOCH_MICROSECONDS", "expected 0-999999, found \"\(microText.prefix(20))\"")
            }
            time.microsecond = micro
        }
        // An element set's epoch lies in the space age; far outside it (year 9999 rounds into 10000 when written) it
        // is a corrupt field, and no format could carry it back.
        guard (1950...2200).contains(time.year) else {
            throw fail(.outOfRange, OMMKey.epoch, "the epoch's year is outside 1950-2200, found \"\(epochText.prefix(40))\"")
        }

        let meanMotion = try requiredNumber(OMMKey.meanMotion)
        guard meanMotion >= ElementSetLimits.minimumMeanMotion, meanMotion <= ElementSetLimits.maximumMeanMotion else {
            throw fail(.outOfRange, OMMKey.meanMotion, "mean motion \(meanMotion) rev/day is outside "
                       + "\(ElementSetLimits.minimumMeanMotion) ≤ n ≤ \(ElementSetLimits.maximumMeanMotion)")
        }
        let eccentricity = try requiredNumber(OMMKey.eccentricity)
        guard eccentricity >= 0, eccentricity < 1 else {
            throw fail(.outOfRange, OMMKey.eccentricity, "eccentricity \(eccentricity) is outside 0 ≤ e < 1")
        }
        let inclination = try requiredNumber(OMMKey.inclination)
        guard inclination >= 0, inclination <= 180 else {
            throw fail(.outOfRange, OMMKey.inclination, "inclination \(inclination)° is outside 0-180°")
        }
        func angle(_ key: String) throws(ElementSetError) -> Double {
            let v = try requiredNumber(key)
            guard v >= -360, v <= 360 else { throw fail(.outOfRange, key, "\(v)° is outside -360° … 360°") }
            return v
        }
        let raan = try angle(OMMKey.raan)
        let argumentOfPericenter = try angle(OMMKey.argumentOfPericenter)
        let meanAnomaly = try angle(OMMKey.meanAnomaly)

        // NORAD_CAT_ID is optional in CCSDS 502.0-B-3 (table 4-3): 0 stands for "not given" (the catalog store refuses
        // such sets, since it keys element sets by catalog number).
        var catalog = CatalogNumber(unchecked: 0)
        if let t = text(OMMKey.catalog) {
            guard let c = CatalogNumber(ommText: t) else {
                let alpha = t.utf8.first.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") } ?? false
                throw fail(.malformedField, OMMKey.catalog,
                           "expected an integer of up to nine digits, found \"\(t.prefix(40))\""
                           + (alpha ? " (Alpha-5 is a TLE-only form; OMM carries the number itself)" : ""))
            }
            catalog = c
        }
        var classification: Character = "U"
        if let t = text(OMMKey.classification) {
            let u = Array(t.utf8)
            guard u.count == 1, u[0] >= UInt8(ascii: "A"), u[0] <= UInt8(ascii: "Z") else {
                throw fail(.malformedField, OMMKey.classification,
                           "expected one capital letter (U, C or S), found \"\(t.prefix(20))\"")
            }
            classification = Character(Unicode.Scalar(u[0]))
        }
        var objectID = text(OMMKey.objectID)
        if objectID == nil, let intl = text("INTLDES") {
            // Space-Track's legacy designator "98067A" → "1998-067A".
            let u = Array(intl.utf8)
            if u.count >= 6, u[0 ..< 5].allSatisfy(isDigit) {
                let yy = Int(u[0] - 0x30) * 10 + Int(u[1] - 0x30)
                objectID = (yy < 57 ? "20" : "19") + String(decoding: u[0 ..< 2], as: UTF8.self) + "-"
                    + String(decoding: u[2...], as: UTF8.self)
            } else {
                objectID = intl
            }
        }
        let bstar = try optionalNumber(OMMKey.bstar) ?? 0
        let nDot = try optionalNumber(OMMKey.meanMotionDot) ?? 0
        let nDDot = try optionalNumber(OMMKey.meanMotionDDot) ?? 0
        return ElementSet(
            objectName: text(OMMKey.objectName), objectID: objectID, epoch: time.instant,
            meanMotionRevPerDay: meanMotion, eccentricity: eccentricity, inclinationDeg: inclination,
            rightAscensionOfAscendingNodeDeg: raan, argumentOfPericenterDeg: argumentOfPericenter,
            meanAnomalyDeg: meanAnomaly, ephemerisType: try optionalInteger(OMMKey.ephemerisType) ?? 0,
            classification: classification, catalogNumber: catalog,
            elementSetNumber: try optionalInteger(OMMKey.elementSetNumber) ?? 999,
            revolutionNumberAtEpoch: try optionalInteger(OMMKey.revolution) ?? 0,
            bstarPerEarthRadii: bstar, meanMotionDotRevPerDay2: nDot, meanMotionDDotRevPerDay3: nDDot)
    }

    /// The values a writer emits, as (keyword, text, isNumber), in CelesTrak's order.
    static func fields(of set: ElementSet, recordIndex: Int?) throws(ElementSetError) -> [(String, String, Bool)] {
        func num(_ v: Double, _ key: String) throws(ElementSetError) -> (String, String, Bool) {
            guard let d = DecimalDigits(v) else {
                throw ElementSetError(.notEncodable, field: key, recordIndex: recordIndex,
                                      message: "\(v) is not a finite number")
            }
            return (key, d.shortestText, true)
        }
        func checkText(_ s: String, _ key: String) throws(ElementSetError) -> String {
            for u in s.unicodeScalars where u.value < 0x20 || u.value == 0x7F {
                throw ElementSetError(.notEncodable, field: key, recordIndex: recordIndex,
                                      message: "\(key) contains a control character (U+\(String(u.value, radix: 16)))")
            }
            guard trimmedText(s) == s, !s.isEmpty else {
                throw ElementSetError(.notEncodable, field: key, recordIndex: recordIndex,
                                      message: "\(key) \"\(s)\" is empty or has leading or trailing blanks, which "
                                        + "readers trim")
            }
            return s
        }
        var out: [(String, String, Bool)] = []
        if let name = set.objectName { out.append((OMMKey.objectName, try checkText(name, OMMKey.objectName), false)) }
        if let id = set.objectID { out.append((OMMKey.objectID, try checkText(id, OMMKey.objectID), false)) }
        out.append((OMMKey.epoch, OMMEpoch.format(set.epoch), false))
        out.append(try num(set.meanMotionRevPerDay, OMMKey.meanMotion))
        out.append(try num(set.eccentricity, OMMKey.eccentricity))
        out.append(try num(set.inclinationDeg, OMMKey.inclination))
        out.append(try num(set.rightAscensionOfAscendingNodeDeg, OMMKey.raan))
        out.append(try num(set.argumentOfPericenterDeg, OMMKey.argumentOfPericenter))
        out.append(try num(set.meanAnomalyDeg, OMMKey.meanAnomaly))
        out.append((OMMKey.ephemerisType, String(set.ephemerisType), true))
        let cls = String(set.classification)
        guard cls.utf8.count == 1, let c = cls.utf8.first, c >= UInt8(ascii: "A"), c <= UInt8(ascii: "Z") else {
            throw ElementSetError(.notEncodable, field: OMMKey.classification, recordIndex: recordIndex,
                                  message: "classification \"\(cls)\" is not one capital letter")
        }
        out.append((OMMKey.classification, cls, false))
        out.append((OMMKey.catalog, String(set.catalogNumber.rawValue), true))
        for (key, v) in [(OMMKey.ephemerisType, set.ephemerisType), (OMMKey.elementSetNumber, set.elementSetNumber),
                         (OMMKey.revolution, set.revolutionNumberAtEpoch)] where v < 0 {
            throw ElementSetError(.notEncodable, field: key, recordIndex: recordIndex, message: "\(v) is negative")
        }
        out.append((OMMKey.elementSetNumber, String(set.elementSetNumber), true))
        out.append((OMMKey.revolution, String(set.revolutionNumberAtEpoch), true))
        out.append(try num(set.bstarPerEarthRadii, OMMKey.bstar))
        out.append(try num(set.meanMotionDotRevPerDay2, OMMKey.meanMotionDot))
        out.append(try num(set.meanMotionDDotRevPerDay3, OMMKey.meanMotionDDot))
        return out
    }
}

/// Tracks line and column while offsets are visited in increasing order (restarts if asked for an earlier one).
struct PositionTracker {
    let p: UnsafeBufferPointer<UInt8>
    var offset = 0
    var line = 1
    var column = 1

    init(_ p: UnsafeBufferPointer<UInt8>) { self.p = p }

    mutating func position(_ target: Int) -> (line: Int, column: Int) {
        if target < offset { offset = 0; line = 1; column = 1 }
        let stop = min(target, p.count)
        while offset < stop {
            let b = p[offset]
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            offset += 1
        }
        return (line, column)
    }
}
