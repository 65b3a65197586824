// Hand-written number parsing on UTF-8 bytes.
//
// The decimal parser is exact: for inputs with at most 19 significant digits whose integer mantissa fits in 53 bits
// and whose decimal exponent is within ±22, the value is one correctly rounded IEEE operation on two exactly
// representable operands (Clinger's fast path), so it equals what `Double(String)` returns. Every other valid
// input falls back to the standard library's correctly rounded conversion.

/// The powers of ten that are exactly representable as `Double`.
let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

@inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

/// Scales an integer mantissa by a power of ten with one correctly rounded operation, or `nil` when that is not exact.
@inline(__always)
func exactScaled(_ mantissa: UInt64, exponent10: Int) -> Double? {
    guard mantissa <= 1 << 53 else { return nil }
    if mantissa == 0 { return 0 }
    if exponent10 >= 0 {
        guard exponent10 <= 22 else { return nil }
        return Double(mantissa) * exactPowersOfTen[exponent10]
    }
    guard exponent10 >= -22 else { return nil }
    return Double(mantissa) / exactPowersOfTen[-exponent10]
}

enum DecimalParser {
    /// Parses `bytes[start..<end]` as an optionally signed decimal number: digits with at most one '.', at least one
    /// digit, then (if `allowExponent`) an optional `e`/`E` exponent. No spaces. `nil` if malformed or not finite.
    static func parse(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, allowExponent: Bool = true) -> Double? {
        guard start >= 0, start < end, end <= p.count else { return nil }
        var i = start
        var negative = false
        if p[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if p[i] == UInt8(ascii: "+") { i += 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var droppedDigits = 0   // integer digits beyond the 19 kept
        var fractionDigits = 0  // kept fraction digits
        var digits = 0
        var sawPoint = false
        var lostNonZero = false
        while i < end {
            let b = p[i]
            if isDigit(b) {
                digits += 1
                let d = UInt64(b &- 0x30)
                if significant == 0 && d == 0 {
                    if sawPoint { fractionDigits += 1 }
                } else if significant < 19 {
                    mantissa = mantissa &* 10 &+ d
                    significant += 1
                    if sawPoint { fractionDigits += 1 }
                } else {
                    if !sawPoint { droppedDigits += 1 }
                    if d != 0 { lostNonZero = true }
                }
            } else if b == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if i < end {
            guard allowExponent, p[i] | 0x20 == UInt8(ascii: "e") else { return nil }
            i += 1
            var expNegative = false
            if i < end, p[i] == UInt8(ascii: "-") { expNegative = true; i += 1 } else if i < end, p[i] == UInt8(ascii: "+") { i += 1 }
            var expDigits = 0
            while i < end, isDigit(p[i]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] &- 0x30) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0, i == end else { return nil }
            if expNegative { exponent = -exponent }
        }
        if !lostNonZero, let value = exactScaled(mantissa, exponent10: exponent + droppedDigits - fractionDigits) {
            return negative ? -value : value
        }
        // Slow path: the standard library's correctly rounded conversion of the validated text.
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// Parses after trimming spaces and tabs on both sides.
    static func parseTrimmed(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, allowExponent: Bool = true) -> Double? {
        let (s, e) = trimSpaces(p, start, end)
        return parse(p, s, e, allowExponent: allowExponent)
    }

    /// Parses a Swift string with the same rules (used by the OMM readers).
    static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0, 0, $0.count) }
    }
}

enum IntegerParser {
    /// Parses an optionally signed run of decimal digits (at most 18) filling `bytes[start..<end]`.
    static func parse(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, allowSign: Bool = true) -> Int? {
        guard start >= 0, start < end, end <= p.count else { return nil }
        var i = start
        var negative = false
        if allowSign {
            if p[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if p[i] == UInt8(ascii: "+") { i += 1 }
        }
        guard i < end else { return nil }
        while i < end - 1, p[i] == UInt8(ascii: "0") { i += 1 }
        guard end - i <= 18 else { return nil }
        var value = 0
        while i < end {
            guard isDigit(p[i]) else { return nil }
            value = value * 10 + Int(p[i] &- 0x30)
            i += 1
        }
        return negative ? -value : value
    }

    /// Parses a Swift string with the same rules.
    static func parse(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { parse($0, 0, $0.count) }
    }
}

@inline(__always) func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

/// Narrows `[start, end)` past leading and trailing spaces and tabs.
@inline(__always)
func trimSpaces(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
    var s = start, e = end
    while s < e, isBlank(p[s]) { s += 1 }
    while e > s, isBlank(p[e - 1]) { e -= 1 }
    return (s, e)
}

/// The 1-based column of byte offset `offset` in a line starting at byte `lineStart`, counting Unicode scalars.
func scalarColumn(_ p: UnsafeBufferPointer<UInt8>, lineStart: Int, offset: Int) -> Int {
    var column = 1
    var i = lineStart
    while i < offset, i < p.count {
        if p[i] & 0xC0 != 0x80 { column += 1 }
        i += 1
    }
    return column
}

/// Describes the character starting at a non-ASCII byte: "U+00A0 (no-break space)" or "byte 0xFF (not UTF-8)".
func describeNonASCII(_ p: UnsafeBufferPointer<UInt8>, at offset: Int) -> String {
    let b0 = p[offset]
    var scalar: UInt32?
    func cont(_ k: Int) -> UInt32? {
        guard offset + k < p.count, p[offset + k] & 0xC0 == 0x80 else { return nil }
        return UInt32(p[offset + k] & 0x3F)
    }
    if b0 & 0xE0 == 0xC0, let c1 = cont(1) {
        scalar = UInt32(b0 & 0x1F) << 6 | c1
    } else if b0 & 0xF0 == 0xE0, let c1 = cont(1), let c2 = cont(2) {
        scalar = UInt32(b0 & 0x0F) << 12 | c1 << 6 | c2
    } else if b0 & 0xF8 == 0xF0, let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) {
        scalar = UInt32(b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
    }
    guard let scalar, scalar >= 0x80 else { return "byte 0x\(hex2(b0)) (not valid UTF-8)" }
    var hex = String(scalar, radix: 16, uppercase: true)
    while hex.count < 4 { hex = "0" + hex }
    let names: [UInt32: String] = [
        0xA0: "no-break space", 0x2007: "figure space", 0x202F: "narrow no-break space", 0xFEFF: "byte order mark",
        0x2013: "en dash", 0x2014: "em dash", 0x2212: "minus sign", 0x200B: "zero-width space",
    ]
    return "U+\(hex)" + (names[scalar].map { " (\($0))" } ?? "")
}

func hex2(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String(digits[Int(b >> 4)]) + String(digits[Int(b & 15)])
}

/// Renders bytes for an error message: printable ASCII kept, anything else escaped, long runs cut.
func quoted(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, limit: Int = 40) -> String {
    var s = "\""
    var i = max(0, start)
    let stop = min(end, p.count)
    while i < stop {
        if i - start >= limit { s += "…"; break }
        let b = p[i]
        if b >= 0x20 && b < 0x7F { s.unicodeScalars.append(Unicode.Scalar(b)) } else { s += "\\x" + hex2(b) }
        i += 1
    }
    return s + "\""
}
