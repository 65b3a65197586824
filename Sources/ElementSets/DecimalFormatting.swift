// Decimal rendering of doubles without Foundation.
//
// `Double.description` yields the shortest digit string that reads back as the same double. Those digits are the
// basis of both writers: OMM writes them as they are (full precision, exact round trip), TLE rounds them half up at
// the column's resolution (so a value already at TLE precision is written with exactly its digits).

/// The decimal digits of a finite double: value = ±0.d₁d₂d₃… × 10^pointExponent.
struct DecimalDigits: Equatable {
    var negative: Bool
    /// Significant digits (0…9), no leading or trailing zeros; empty for zero.
    var digits: [UInt8]
    var pointExponent: Int

    var isZero: Bool { digits.isEmpty }

    /// The shortest round-tripping digits of `x`, or `nil` for infinities and NaN.
    init?(_ x: Double) {
        guard x.isFinite else { return nil }
        negative = x.sign == .minus
        var all: [UInt8] = []
        var integerDigits = 0
        var sawPoint = false
        var exponent = 0
        var exponentNegative = false
        var inExponent = false
        for b in x.magnitude.description.utf8 {
            if inExponent {
                if b == UInt8(ascii: "-") { exponentNegative = true } else if isDigit(b) {
                    exponent = exponent * 10 + Int(b - 0x30)
                }
            } else if isDigit(b) {
                all.append(b - 0x30)
                if !sawPoint { integerDigits += 1 }
            } else if b == UInt8(ascii: ".") {
                sawPoint = true
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                inExponent = true
            }
        }
        if exponentNegative { exponent = -exponent }
        var point = integerDigits + exponent
        var first = 0
        while first < all.count, all[first] == 0 { first += 1; point -= 1 }
        var last = all.count
        while last > first, all[last - 1] == 0 { last -= 1 }
        digits = Array(all[first ..< last])
        pointExponent = digits.isEmpty ? 0 : point
    }

    private init(negative: Bool, digits: [UInt8], pointExponent: Int) {
        self.negative = negative
        self.digits = digits
        self.pointExponent = pointExponent
    }

    /// Rounds half up (away from zero) keeping `keep` leading significant digits.
    private func keeping(_ keep: Int) -> DecimalDigits {
        if keep >= digits.count { return self }
        if keep < 0 { return DecimalDigits(negative: negative, digits: [], pointExponent: 0) }
        var kept = Array(digits[0 ..< keep])
        var point = pointExponent
        if digits[keep] >= 5 {
            var i = kept.count - 1
            while i >= 0 {
                if kept[i] == 9 { kept[i] = 0; i -= 1 } else { kept[i] += 1; break }
            }
            if i < 0 { kept.insert(1, at: 0); point += 1 }
        }
        while let last = kept.last, last == 0 { kept.removeLast() }
        return DecimalDigits(negative: negative, digits: kept, pointExponent: kept.isEmpty ? 0 : point)
    }

    /// Rounded half up to `n` significant digits.
    func rounded(significantDigits n: Int) -> DecimalDigits { keeping(n) }

    /// Rounded half up to `f` digits after the decimal point.
    func rounded(fractionDigits f: Int) -> DecimalDigits { keeping(pointExponent + f) }

    /// The digit for 10^power (0 where none is stored).
    func digit(forPower power: Int) -> UInt8 {
        let index = pointExponent - 1 - power
        return index >= 0 && index < digits.count ? digits[index] : 0
    }

    /// Fixed-point text with exactly `f` fraction digits (call after rounding), e.g. "-12.3400"; no sign for zero.
    func fixed(fractionDigits f: Int) -> String {
        var s = negative && !isZero ? "-" : ""
        if pointExponent <= 0 {
            s += "0"
        } else {
            for power in stride(from: pointExponent - 1, through: 0, by: -1) {
                s.unicodeScalars.append(Unicode.Scalar(digit(forPower: power) + 0x30))
            }
        }
        if f > 0 {
            s += "."
            for power in stride(from: -1, through: -f, by: -1) {
                s.unicodeScalars.append(Unicode.Scalar(digit(forPower: power) + 0x30))
            }
        }
        return s
    }

    /// Full-precision text: plain decimal for moderate magnitudes, otherwise `d.dddE±x`.
    var shortestText: String {
        if isZero { return negative ? "-0.0" : "0.0" }
        let fraction = max(0, digits.count - pointExponent)
        if pointExponent >= -9 && pointExponent <= 21 {
            return fixed(fractionDigits: fraction == 0 ? 1 : fraction)
        }
        var s = negative ? "-" : ""
        s.unicodeScalars.append(Unicode.Scalar(digits[0] + 0x30))
        s += "."
        if digits.count == 1 { s += "0" }
        for d in digits.dropFirst() { s.unicodeScalars.append(Unicode.Scalar(d + 0x30)) }
        let e = pointExponent - 1
        return s + (e < 0 ? "E-" : "E+") + String(e.magnitude)
    }
}

/// Right-justifies `text` in `width` columns, or `nil` if it does not fit.
func rightJustified(_ text: String, _ width: Int) -> String? {
    let count = text.utf8.count
    guard count <= width else { return nil }
    return String(repeating: " ", count: width - count) + text
}
