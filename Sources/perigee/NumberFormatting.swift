import ElementSets

/// Formats `value` in fixed-point with exactly `digits` decimals (round half away from zero), without Foundation.
///
/// Written by hand because `String(format:)` costs microseconds per number on Linux and propagation output
/// prints millions of them. Values too large for exact scaling fall back to Swift's shortest representation.
func fixed(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let magnitude = abs(value)
    let scaled = (magnitude * scale).rounded()
    guard scaled < 9.0e15 else { return String(value) }
    let integer = UInt64(scaled)
    let divisor = UInt64(scale)
    let whole = integer / divisor
    var fraction = String(integer % divisor)
    if fraction.count < digits { fraction = String(repeating: "0", count: digits - fraction.count) + fraction }
    let sign = (value < 0 && integer != 0) ? "-" : ""
    return digits == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
}

/// Pads `text` on the left to `width` characters.
func leftPadded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

/// Escapes a string for a JSON string literal (quotes included).
func jsonString(_ text: String) -> String { JSONText.quoted(text) }
