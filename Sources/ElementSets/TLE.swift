internal import Astrodynamics

// The TLE codec: fixed-column reading with full validation on UTF-8 bytes, and writing.
//
// Columns (1-based). Line 1: 1 '1', 3-7 catalog number, 8 classification, 10-17 international designator,
// 19-32 epoch YYDDD.DDDDDDDD, 34-43 ṅ/2, 45-52 n̈/6 (exponent field), 54-61 B* (exponent field), 63 ephemeris
// type, 65-68 element set number, 69 checksum. Line 2: 1 '2', 3-7 catalog number, 9-16 inclination, 18-25 RAAN,
// 27-33 eccentricity (implied leading point), 35-42 argument of perigee, 44-51 mean anomaly, 53-63 mean motion,
// 64-68 revolution number, 69 checksum.

/// Where one line of a TLE lies in a byte buffer: `[start, end)` without the line break or trailing blanks.
struct LineSpan {
    var start: Int
    var end: Int
    /// 1-based line number in the input.
    var number: Int
}

enum TLEReader {
    /// Columns that must hold a space, as bit (column - 1) of a mask.
    static func mask(_ columns: Int...) -> UInt64 { columns.reduce(0) { $0 | 1 << UInt64($1 - 1) } }
    static let line1Separators = mask(2, 9, 18, 33, 44, 53, 62, 64)
    static let line2Separators = mask(2, 8, 17, 26, 34, 43, 52)

    /// The mod-10 checksum of columns 1-68: digits count their value, '-' counts 1, everything else 0.
    @inline(__always)
    static func checksum(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var sum = 0
        for i in start ..< start + 68 {
            let b = p[i]
            if isDigit(b) { sum += Int(b &- 0x30) } else if b == UInt8(ascii: "-") { sum += 1 }
        }
        return sum % 10
    }

    /// Reads one element set from a validated pair of lines.
    static func parse(_ p: UnsafeBufferPointer<UInt8>, line1 l1: LineSpan, line2 l2: LineSpan, name: String?,
                      recordIndex: Int?) throws(ElementSetError) -> ElementSet {
        func fail(_ kind: ElementSetError.Kind, _ field: String?, _ line: LineSpan, _ column: Int?,
                  _ message: String) -> ElementSetError {
            ElementSetError(kind, field: field, line: line.number, column: column, recordIndex: recordIndex,
                            message: message)
        }
        try checkLine(p, l1, lineNumber: 1, separators: line1Separators, recordIndex: recordIndex)
        try checkLine(p, l2, lineNumber: 2, separators: line2Separators, recordIndex: recordIndex)
        let a = l1.start - 1, b = l2.start - 1  // so that p[a + c] is column c

        // Line 1.
        guard let catalog = CatalogNumber.parseTLEField(p, a + 3) else {
            throw fail(.malformedField, "NORAD_CAT_ID", l1, 3,
                       "columns 3-7 must hold a catalog number (five digits, space- or zero-padded, or Alpha-5 "
                       + "such as A0000 with letters A-Z except I and O), found \(quoted(p, a + 3, a + 8))")
        }
        let classification: Character
        switch p[a + 8] {
        case UInt8(ascii: "U"), 0x20: classification = "U"
        case UInt8(ascii: "C"): classification = "C"
        case UInt8(ascii: "S"): classification = "S"
        default:
            throw fail(.malformedField, "CLASSIFICATION_TYPE", l1, 8,
                       "column 8 must be U, C or S, found \(quoted(p, a + 8, a + 9))")
        }
        let objectID = try designator(p, a + 10, line: l1, recordIndex: recordIndex)

        guard isDigit(p[a + 19]), isDigit(p[a + 20]) else {
            throw fail(.malformedField, "EPOCH", l1, 19,
                       "columns 19-20 must be the two-digit epoch year, found \(quoted(p, a + 19, a + 21))")
        }
        let yy = Int(p[a + 19] &- 0x30) * 10 + Int(p[a + 20] &- 0x30)
        let year = yy < 57 ? 2000 + yy : 1900 + yy
        guard let epoch = epochTime(p, a + 21, a + 33, year: year) else {
            throw fail(.malformedField, "EPOCH", l1, 21,
                       "columns 21-32 must be the day of the year with its fraction (DDD.DDDDDDDD, day 1-"
                       + "\(CivilCalendar.daysInYear(year)) in \(year)), found \(quoted(p, a + 21, a + 33))")
        }
        guard let nDot = DecimalParser.parseTrimmed(p, a + 34, a + 44, allowExponent: false) else {
            throw fail(.malformedField, "MEAN_MOTION_DOT", l1, 34,
                       "columns 34-43 must be a signed decimal such as \" .00012345\" or \"-.00012345\", found "
                       + quoted(p, a + 34, a + 44))
        }
        guard let nDDot = exponentField(p, a + 45) else {
            throw fail(.malformedField, "MEAN_MOTION_DDOT", l1, 45,
                       "columns 45-52 must be an exponent field: sign, five digits with an implied leading point, "
                       + "exponent sign and digit (\" 12345-5\", \"-12345-5\", \" 00000-0\"), found "
                       + quoted(p, a + 45, a + 53))
        }
        guard let bstar = exponentField(p, a + 54) else {
            throw fail(.malformedField, "BSTAR", l1, 54,
                       "columns 54-61 must be an exponent field: sign, five digits with an implied leading point, "
                       + "exponent sign and digit (\" 12345-4\", \"-12345-4\", \" 00000-0\"), found "
                       + quoted(p, a + 54, a + 62))
        }
        let ephemerisType: Int
        if isDigit(p[a + 63]) { ephemerisType = Int(p[a + 63] &- 0x30) } else if p[a + 63] == 0x20 { ephemerisType = 0 } else {
            throw fail(.malformedField, "EPHEMERIS_TYPE", l1, 63,
                       "column 63 must be the ephemeris type digit, found \(quoted(p, a + 63, a + 64))")
        }
        guard let elementSetNumber = paddedInteger(p, a + 65, a + 69) else {
            throw fail(.malformedField, "ELEMENT_SET_NO", l1, 65,
                       "columns 65-68 must be the element set number (right-justified digits), found "
                       + quoted(p, a + 65, a + 69))
        }

        // Line 2.
        guard let catalog2 = CatalogNumber.parseTLEField(p, b + 3) else {
            throw fail(.malformedField, "NORAD_CAT_ID", l2, 3,
                       "columns 3-7 must hold a catalog number (five digits, space- or zero-padded, or Alpha-5), "
                       + "found \(quoted(p, b + 3, b + 8))")
        }
        guard catalog2 == catalog else {
            throw fail(.inconsistent, "NORAD_CAT_ID", l2, 3,
                       "line 2 carries catalog number \(catalog2) but line 1 carries \(catalog); both lines of a "
                       + "TLE must name the same object")
        }
        func angle(_ from: Int, _ name: String, max: Double) throws(ElementSetError) -> Double {
            guard let v = DecimalParser.parseTrimmed(p, b + from, b + from + 8, allowExponent: false) else {
                throw fail(.malformedField, name, l2, from,
                           "columns \(from)-\(from + 7) must be a decimal number of degrees such as \"051.6416\", "
                           + "found \(quoted(p, b + from, b + from + 8))")
            }
            guard v >= 0, v <= max else {
                throw fail(.outOfRange, name, l2, from, "\(v)° is outside 0-\(Int(max))°")
            }
            return v
        }
        let inclination = try angle(9, "INCLINATION", max: 180)
        let raan = try angle(18, "RA_OF_ASC_NODE", max: 360)
        var eccentricityUnits = 0
        for i in b + 27 ..< b + 34 {
            guard isDigit(p[i]) else {
                throw fail(.malformedField, "ECCENTRICITY", l2, 27,
                           "columns 27-33 must be seven digits with an implied leading decimal point (\"0012345\" "
                           + "for 0.0012345), found \(quoted(p, b + 27, b + 34))")
            }
            eccentricityUnits = eccentricityUnits * 10 + Int(p[i] &- 0x30)
        }
        let eccentricity = Double(eccentricityUnits) / 1e7
        let argumentOfPerigee = try angle(35, "ARG_OF_PERICENTER", max: 360)
        let meanAnomaly = try angle(44, "MEAN_ANOMALY", max: 360)
        guard let meanMotion = DecimalParser.parseTrimmed(p, b + 53, b + 64, allowExponent: false) else {
            throw fail(.malformedField, "MEAN_MOTION", l2, 53,
                       "columns 53-63 must be the mean motion in revolutions per day (\"15.49453245\"), found "
                       + quoted(p, b + 53, b + 64))
        }
        guard meanMotion >= ElementSetLimits.minimumMeanMotion, meanMotion <= ElementSetLimits.maximumMeanMotion else {
            throw fail(.outOfRange, "MEAN_MOTION", l2, 53, "mean motion \(meanMotion) rev/day is outside "
                       + "\(ElementSetLimits.minimumMeanMotion) ≤ n ≤ \(ElementSetLimits.maximumMeanMotion)")
        }
        guard let revolution = paddedInteger(p, b + 64, b + 69) else {
            throw fail(.malformedField, "REV_AT_EPOCH", l2, 64,
                       "columns 64-68 must be the revolution number (right-justified digits), found "
                       + quoted(p, b + 64, b + 69))
        }
        return ElementSet(
            objectName: name, objectID: objectID, epoch: epoch.instant,
            meanMotionRevPerDay: meanMotion, eccentricity: eccentricity, inclinationDeg: inclination,
            rightAscensionOfAscendingNodeDeg: raan, argumentOfPericenterDeg: argumentOfPerigee,
            meanAnomalyDeg: meanAnomaly, ephemerisType: ephemerisType, classification: classification,
            catalogNumber: catalog, elementSetNumber: elementSetNumber, revolutionNumberAtEpoch: revolution,
            bstarPerEarthRadii: bstar, meanMotionDotRevPerDay2: nDot, meanMotionDDotRevPerDay3: nDDot)
    }

    /// Checks characters, length, separator columns and checksum of one line.
    static func checkLine(_ p: UnsafeBufferPointer<UInt8>, _ l: LineSpan, lineNumber: Int, separators: UInt64,
                          recordIndex: Int?) throws(ElementSetError) {
        // One pass: find any byte outside printable ASCII (rare; reported below) and sum the checksum.
        var sum = 0
        var suspicious = false
        for i in l.start ..< l.end {
            let c = p[i]
            if c &- 0x20 >= 0x5F { suspicious = true }
            if isDigit(c) { sum &+= Int(c &- 0x30) } else if c == UInt8(ascii: "-") { sum &+= 1 }
        }
        if suspicious {
            for i in l.start ..< l.end {
                let c = p[i]
                if c >= 0x80 {
                    throw ElementSetError(
                        .nonASCII, field: "line \(lineNumber)", line: l.number,
                        column: scalarColumn(p, lineStart: l.start, offset: i), recordIndex: recordIndex,
                        message: "\(describeNonASCII(p, at: i)) in TLE line \(lineNumber); only ASCII is allowed (text "
                            + "copied from a web page often carries no-break spaces in place of spaces)")
                }
                if c < 0x20 || c == 0x7F {
                    throw ElementSetError(
                        .malformedField, field: "line \(lineNumber)", line: l.number, column: i - l.start + 1,
                        recordIndex: recordIndex,
                        message: "control character 0x\(hex2(c)) in TLE line \(lineNumber); only printable ASCII is allowed")
                }
            }
        }
        let length = l.end - l.start
        guard length == 69 else {
            throw ElementSetError(
                .layout, field: "line \(lineNumber)", line: l.number, column: length > 69 ? 70 : nil,
                recordIndex: recordIndex,
                message: "TLE line \(lineNumber) has \(length) characters; a TLE line has 69 (fields in fixed columns "
                    + "1-68, checksum digit in column 69)" + (length < 69 ? "; a character may be missing" : ""))
        }
        var remaining = separators
        while remaining != 0 {
            let column = remaining.trailingZeroBitCount + 1
            remaining &= remaining - 1
            guard p[l.start + column - 1] != 0x20 else { continue }
            throw ElementSetError(
                .layout, field: "column \(column)", line: l.number, column: column, recordIndex: recordIndex,
                message: "expected a space in column \(column) of TLE line \(lineNumber), found "
                    + "\(quoted(p, l.start + column - 1, l.start + column)); a field is shifted or overflows")
        }
        let stated = p[l.start + 68]
        guard isDigit(stated) else {
            throw ElementSetError(
                .checksum, field: "checksum", line: l.number, column: 69, recordIndex: recordIndex,
                message: "column 69 of TLE line \(lineNumber) must be the checksum digit, found "
                    + quoted(p, l.start + 68, l.start + 69))
        }
        let statedValue = Int(stated &- 0x30)
        let computed = (sum - statedValue) % 10
        guard computed == statedValue else {
            throw ElementSetError(
                .checksum, field: "checksum", line: l.number, column: 69, recordIndex: recordIndex,
                message: "checksum digit is \(statedValue) but columns 1-68 of TLE line \(lineNumber) sum to "
                    + "\(computed) (mod 10; digits count their value, '-' counts 1)")
        }
    }

    /// Columns 10-17: "YYNNNPPP" (launch year, launch number, piece) → "YYYY-NNNPPP"; blank → nil.
    static func designator(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, line: LineSpan,
                           recordIndex: Int?) throws(ElementSetError) -> String? {
        let (ts, te) = trimSpaces(p, s, s + 8)
        if ts == te { return nil }
        var ok = ts == s && te - s >= 5  // the piece may be missing (analyst objects: "70025   ")
        if ok { for i in s ..< s + 5 where !isDigit(p[i]) { ok = false } }
        // The piece: up to three letters, normally left-aligned in columns 15-17; some archived Space-Track sets
        // right-align it ("92052  A"), which is accepted and read the same.
        var seenLetter = false
        if ok {
            for i in s + 5 ..< te {
                if p[i] == 0x20 {
                    if seenLetter { ok = false }
                } else if p[i] < UInt8(ascii: "A") || p[i] > UInt8(ascii: "Z") {
                    ok = false
                } else {
                    seenLetter = true
                }
            }
        }
        guard ok else {
            throw ElementSetError(
                .malformedField, field: "OBJECT_ID", line: line.number, column: 10, recordIndex: recordIndex,
                message: "columns 10-17 must be blank or the international designator (two-digit launch year, "
                    + "three-digit launch number, up to three letters for the piece, e.g. \"98067A  \"), found "
                    + quoted(p, s, s + 8))
        }
        let yy = Int(p[s] &- 0x30) * 10 + Int(p[s + 1] &- 0x30)
        let century: UInt8 = yy < 57 ? UInt8(ascii: "2") : UInt8(ascii: "1")
        let second: UInt8 = yy < 57 ? UInt8(ascii: "0") : UInt8(ascii: "9")
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 12) { buf in
            buf[0] = century; buf[1] = second; buf[2] = p[s]; buf[3] = p[s + 1]; buf[4] = UInt8(ascii: "-")
            var n = 5
            for i in s + 2 ..< te where p[i] != 0x20 { buf[n] = p[i]; n += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: buf[0 ..< n]), as: UTF8.self)
        }
    }

    /// Columns 21-32: day of year and fraction → civil time (8 fraction digits give exact microseconds).
    static func epochTime(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, year: Int) -> CivilTime? {
        var (i, end) = trimSpaces(p, s, e)
        var day = 0, dayDigits = 0
        while i < end, isDigit(p[i]) { day = day * 10 + Int(p[i] &- 0x30); dayDigits += 1; i += 1 }
        guard dayDigits > 0, dayDigits <= 3, day >= 1, day <= CivilCalendar.daysInYear(year) else { return nil }
        var fraction = 0, fractionDigits = 0
        if i < end, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, isDigit(p[i]), fractionDigits < 8 {
                fraction = fraction * 10 + Int(p[i] &- 0x30); fractionDigits += 1; i += 1
            }
        }
        guard i == end else { return nil }
        var scale = 1
        for _ in 0 ..< fractionDigits { scale *= 10 }
        let micros = (fraction * 86_400_000_000 + scale / 2) / scale
        let (month, dom) = CivilCalendar.monthAndDay(year: year, dayOfYear: day)
        let secondsOfDay = micros / 1_000_000
        return CivilTime(year: year, month: month, day: dom, hour: secondsOfDay / 3600,
                         minute: secondsOfDay / 60 % 60, second: secondsOfDay % 60,
                         microsecond: micros % 1_000_000)
    }

    /// An 8-column exponent field at `p[s ..< s+8]`: sign, five digits (implied "0."), exponent sign, digit.
    @inline(__always)
    static func exponentField(_ p: UnsafeBufferPointer<UInt8>, _ s: Int) -> Double? {
        let sign = p[s]
        guard sign == 0x20 || sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        var mantissa: UInt64 = 0
        for i in s + 1 ..< s + 6 {
            guard isDigit(p[i]) else { return nil }
            mantissa = mantissa * 10 + UInt64(p[i] &- 0x30)
        }
        let expSign = p[s + 6], expDigit = p[s + 7]
        guard expSign == UInt8(ascii: "+") || expSign == UInt8(ascii: "-"), isDigit(expDigit) else { return nil }
        let e = Int(expDigit &- 0x30)
        guard let v = exactScaled(mantissa, exponent10: (expSign == UInt8(ascii: "-") ? -e : e) - 5) else { return nil }
        return sign == UInt8(ascii: "-") ? -v : v
    }

    /// A right-justified unsigned integer in `[s, e)`; all blank reads as 0.
    static func paddedInteger(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        var i = s
        while i < e, p[i] == 0x20 { i += 1 }
        var v = 0
        while i < e {
            guard isDigit(p[i]) else { return nil }
            v = v * 10 + Int(p[i] &- 0x30)
            i += 1
        }
        return v
    }
}

/// Sanity limits applied by every reader.
enum ElementSetLimits {
    /// The largest mean motion accepted, in revolutions per day (an orbit at the Earth's surface makes about 17.1).
    static let maximumMeanMotion = 20.0
    /// The smallest mean motion accepted, in revolutions per day: the resolution of the TLE field (eight decimals),
    /// which OMM values below it could not be written in, and where the semi-major axis is still finite (Vallado's
    /// verification set includes 0.00001 for its error cases; the slowest object of the 2022 and 2023 public
    /// catalogs makes 0.025).
    static let minimumMeanMotion = 1e-8
    /// The largest element-set number, revolution number or ephemeris type accepted from OMM (a 32-bit signed
    /// integer, as stored).
    static let maximumCounter = Int(Int32.max)
}

enum TLEWriter {
    /// Renders the two lines of a TLE, or explains which field cannot be carried.
    static func lines(_ set: ElementSet, recordIndex: Int?) throws(ElementSetError) -> (String, String) {
        func refuse(_ field: String, _ message: String) -> ElementSetError {
            ElementSetError(.notEncodable, field: field, recordIndex: recordIndex, message: message)
        }
        guard let catalog = set.catalogNumber.tleField else {
            throw refuse("NORAD_CAT_ID", "catalog number \(set.catalogNumber) is above \(CatalogNumber.maximumInTLE) "
                         + "(Alpha-5 Z9999), the largest a TLE can carry; write OMM (XML, JSON, CSV or KVN) instead")
        }
        let classification: String
        switch set.classification {
        case "U", "C", "S": classification = String(set.classification)
        default: throw refuse("CLASSIFICATION_TYPE", "classification \"\(set.classification)\" is not U, C or S")
        }
        var designator = "        "
        if let id = set.objectID {
            let u = Array(id.utf8)
            var ok = u.count >= 8 && u.count <= 11 && u[4] == UInt8(ascii: "-")
            if ok {
                for i in [0, 1, 2, 3, 5, 6, 7] where !isDigit(u[i]) { ok = false }
                for i in 8 ..< u.count where u[i] < UInt8(ascii: "A") || u[i] > UInt8(ascii: "Z") { ok = false }
            }
            let year = ok ? Int(String(decoding: u[0 ..< 4], as: UTF8.self)) ?? 0 : 0
            guard ok, year >= 1957, year <= 2056 else {
                throw refuse("OBJECT_ID", "OBJECT_ID \"\(id)\" does not fit TLE columns 10-17 (expected YYYY-NNNP…P "
                             + "with a launch year 1957-2056 and up to three piece letters)")
            }
            designator = String(decoding: u[2 ..< 4] + u[5 ..< 8] + u[8...], as: UTF8.self)
            designator += String(repeating: " ", count: 8 - designator.utf8.count)
        }
        // Epoch.
        let time = CivilTime(set.epoch)
        guard time.year >= 1957, time.year <= 2056 else {
            throw refuse("EPOCH", "epoch year \(time.year) is outside 1957-2056, the range of the TLE's two-digit year")
        }
        var year = time.year
        var dayOfYear = CivilCalendar.dayOfYear(year: year, month: time.month, day: time.day)
        var units = (min(time.microsecondOfDay, 86_400_000_000 - 1) + 432) / 864  // 1e-8 day
        if units >= 100_000_000 {
            units -= 100_000_000
            dayOfYear += 1
            if dayOfYear > CivilCalendar.daysInYear(year) {
                dayOfYear = 1; year += 1
                guard year <= 2056 else { throw refuse("EPOCH", "epoch rounds into 2057, beyond the TLE's range") }
            }
        }
        let epoch = pad(year % 100, 2) + pad(dayOfYear, 3) + "." + pad(Int(units), 8)

        /// A fixed-point field; the rounded value must lie in `range`, which is what the TLE reader accepts.
        func fixedField(_ value: Double, _ field: String, fraction: Int, width: Int,
                        range: ClosedRange<Double>, openBelow: Bool = false) throws(ElementSetError) -> String {
            guard let digits = DecimalDigits(value) else { throw refuse(field, "\(value) is not a finite number") }
            let text = digits.rounded(fractionDigits: fraction).fixed(fractionDigits: fraction)
            let rounded = DecimalParser.parse(text) ?? .nan
            guard range.contains(rounded), !(openBelow && rounded == range.lowerBound),
                  let justified = rightJustified(text, width) else {
                throw refuse(field, "\(value) written with \(fraction) decimals (\(text)) is outside what a TLE carries "
                             + "in this field (\(openBelow ? "above" : "from") \(range.lowerBound) to \(range.upperBound))")
            }
            return justified
        }
        // First derivative: sign and ".dddddddd".
        guard let nDotDigits = DecimalDigits(set.meanMotionDotRevPerDay2) else {
            throw refuse("MEAN_MOTION_DOT", "\(set.meanMotionDotRevPerDay2) is not a finite number")
        }
        let nDotRounded = nDotDigits.rounded(fractionDigits: 8)
        guard nDotRounded.pointExponent <= 0 else {
            throw refuse("MEAN_MOTION_DOT", "\(set.meanMotionDotRevPerDay2) rev/day² does not fit columns 34-43 "
                         + "(magnitude below 1)")
        }
        var nDotText = String(nDotRounded.fixed(fractionDigits: 8).drop { $0 == "-" }.dropFirst())  // ".dddddddd"
        nDotText = (nDotRounded.negative && !nDotRounded.isZero ? "-" : " ") + nDotText
        let nDDot = try exponentText(set.meanMotionDDotRevPerDay3, "MEAN_MOTION_DDOT", recordIndex: recordIndex)
        let bstar = try exponentText(set.bstarPerEarthRadii, "BSTAR", recordIndex: recordIndex)
        guard (0...9).contains(set.ephemerisType) else {
            throw refuse("EPHEMERIS_TYPE", "ephemeris type \(set.ephemerisType) is not a single digit")
        }
        guard (0...9999).contains(set.elementSetNumber) else {
            throw refuse("ELEMENT_SET_NO", "element set number \(set.elementSetNumber) does not fit 4 columns (0-9999)")
        }
        guard (0...99999).contains(set.revolutionNumberAtEpoch) else {
            throw refuse("REV_AT_EPOCH", "revolution number \(set.revolutionNumberAtEpoch) does not fit 5 columns (0-99999)")
        }
        var line1 = "1 " + catalog + classification + " " + designator + " " + epoch + " " + nDotText + " " + nDDot
        line1 += " " + bstar + " " + String(set.ephemerisType) + " "
        line1 += String(repeating: " ", count: 4 - String(set.elementSetNumber).count) + String(set.elementSetNumber)

        guard let eccDigits = DecimalDigits(set.eccentricity), !eccDigits.negative || eccDigits.isZero else {
            throw refuse("ECCENTRICITY", "eccentricity \(set.eccentricity) is not in 0 ..< 1")
        }
        let ecc = eccDigits.rounded(fractionDigits: 7)
        guard ecc.pointExponent <= 0 else {
            throw refuse("ECCENTRICITY", "eccentricity \(set.eccentricity) does not fit 7 digits below 1")
        }
        let eccText = String(ecc.fixed(fractionDigits: 7).dropFirst(2))
        var line2 = "2 " + catalog + " "
        line2 += try fixedField(set.inclinationDeg, "INCLINATION", fraction: 4, width: 8, range: 0 ... 180) + " "
        line2 += try fixedField(set.rightAscensionOfAscendingNodeDeg, "RA_OF_ASC_NODE", fraction: 4, width: 8,
                                range: 0 ... 360) + " "
        line2 += eccText + " "
        line2 += try fixedField(set.argumentOfPericenterDeg, "ARG_OF_PERICENTER", fraction: 4, width: 8,
                                range: 0 ... 360) + " "
        line2 += try fixedField(set.meanAnomalyDeg, "MEAN_ANOMALY", fraction: 4, width: 8, range: 0 ... 360) + " "
        line2 += try fixedField(set.meanMotionRevPerDay, "MEAN_MOTION", fraction: 8, width: 11,
                                range: 0 ... ElementSetLimits.maximumMeanMotion, openBelow: true)
        line2 += String(repeating: " ", count: 5 - String(set.revolutionNumberAtEpoch).count)
            + String(set.revolutionNumberAtEpoch)
        return (withChecksum(line1), withChecksum(line2))
    }

    /// Appends the checksum digit to a 68-column line.
    static func withChecksum(_ line: String) -> String {
        var sum = 0
        for b in line.utf8 {
            if isDigit(b) { sum += Int(b - 0x30) } else if b == UInt8(ascii: "-") { sum += 1 }
        }
        return line + String(sum % 10)
    }

    /// An 8-column exponent field: " 12345-4"; values below 1e-10 in magnitude are written as zero.
    static func exponentText(_ value: Double, _ field: String, recordIndex: Int?) throws(ElementSetError) -> String {
        guard let digits = DecimalDigits(value) else {
            throw ElementSetError(.notEncodable, field: field, recordIndex: recordIndex,
                                  message: "\(value) is not a finite number")
        }
        let r = digits.rounded(significantDigits: 5)
        if r.isZero || r.pointExponent < -9 { return " 00000-0" }
        guard r.pointExponent <= 9 else {
            throw ElementSetError(.notEncodable, field: field, recordIndex: recordIndex,
                                  message: "\(value) is too large for a TLE exponent field (below 1e9)")
        }
        var text = r.negative ? "-" : " "
        for k in 0 ..< 5 { text.unicodeScalars.append(Unicode.Scalar((k < r.digits.count ? r.digits[k] : 0) + 0x30)) }
        text += r.pointExponent < 0 ? "-" : "+"
        text += String(r.pointExponent.magnitude)
        return text
    }
}

extension ElementSet {
    /// Reads one element set from the two lines of a TLE and an optional name line, validating layout, checksums,
    /// field syntax and ranges. Trailing spaces and line breaks are ignored; a leading "0 " on the name is removed.
    public init(tleLine1 line1: String, tleLine2 line2: String, name: String? = nil) throws(ElementSetError) {
        var bytes = Array(line1.utf8)
        while let last = bytes.last, last == 0x0A || last == 0x0D || isBlank(last) { bytes.removeLast() }
        let l1 = LineSpan(start: 0, end: bytes.count, number: 1)
        bytes.append(0x0A)
        let start2 = bytes.count
        bytes.append(contentsOf: line2.utf8)
        while let last = bytes.last, bytes.count > start2, last == 0x0A || last == 0x0D || isBlank(last) {
            bytes.removeLast()
        }
        let l2 = LineSpan(start: start2, end: bytes.count, number: 2)
        let cleanName = name.flatMap { TLEFileReader.cleanName($0) }
        let result: Result<ElementSet, ElementSetError> = bytes.withUnsafeBufferPointer { p in
            do throws(ElementSetError) {
                try TLEFileReader.checkLineStart(p, l1, digit: UInt8(ascii: "1"), recordIndex: nil)
                try TLEFileReader.checkLineStart(p, l2, digit: UInt8(ascii: "2"), recordIndex: nil)
                return .success(try TLEReader.parse(p, line1: l1, line2: l2, name: cleanName, recordIndex: nil))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// The two lines of this element set as a TLE (69 columns each, with checksums).
    ///
    /// Throws ``ElementSetError/Kind/notEncodable`` for what a TLE cannot carry: catalog numbers above 339999,
    /// epochs outside 1957-2056, values that overflow their columns.
    public func tleLines() throws(ElementSetError) -> (line1: String, line2: String) {
        let (a, b) = try TLEWriter.lines(self, recordIndex: nil)
        return (a, b)
    }
}
