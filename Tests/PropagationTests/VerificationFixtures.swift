import Foundation
import ElementSets

/// The folder holding the SGP4 verification fixtures, found next to this source file.
let verificationFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/sgp4-verification", isDirectory: true)

/// One element set of `SGP4-VER.TLE` with its time grid.
struct VerificationCase: Sendable, CustomStringConvertible {
    /// Position in the file, 0-based.
    var index: Int
    /// Catalog number as written in the TLE (leading zeros dropped).
    var satnum: String
    /// 1 for the first block of a satellite, 2 for the second (20413).
    var occurrence: Int
    var line1: String
    var line2: String
    var start: Double
    var stop: Double
    var step: Double

    var description: String { occurrence == 1 ? satnum : "\(satnum)#\(occurrence)" }

    /// The times testcpp evaluates: t = 0, then start, start + step, … (accumulated like testcpp), clamped to stop.
    var times: [Double] {
        var result = [0.0]
        var tsince = start
        if abs(tsince) > 1.0e-8 { tsince -= step }
        while tsince < stop {
            tsince += step
            if tsince > stop { tsince = stop }
            result.append(tsince)
        }
        return result
    }

    /// The element set, read with the project's TLE reader (checksum column recomputed, see SOURCE.md).
    func elementSet() throws -> ElementSet {
        try ElementSet(tleLine1: withChecksum(line1), tleLine2: withChecksum(line2))
    }
}

/// `line` padded to 68 columns with the modulo-10 checksum written in column 69.
func withChecksum(_ line: String) -> String {
    var body = Array(line.utf8.prefix(68))
    while body.count < 68 { body.append(UInt8(ascii: " ")) }
    var sum = 0
    for c in body {
        if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { sum += Int(c - UInt8(ascii: "0")) }
        if c == UInt8(ascii: "-") { sum += 1 }
    }
    body.append(UInt8(ascii: "0") + UInt8(sum % 10))
    return String(decoding: body, as: UTF8.self)
}

/// One row of `tcppver.out`: minutes since epoch, position (km) and velocity (km/s).
struct ReferenceRow: Sendable {
    var tsince: Double
    var r: [Double]
    var v: [Double]
}

enum VerificationData {
    /// The 33 cases of `SGP4-VER.TLE`, or an empty list if the fixture is unreadable (a test checks the count).
    static let cases: [VerificationCase] = (try? loadCases()) ?? []
    /// The reference blocks of `tcppver.out` keyed by "satnum" or "satnum#2".
    static let reference: [String: [ReferenceRow]] = (try? loadReference()) ?? [:]

    static func loadCases() throws -> [VerificationCase] {
        let text = try String(contentsOf: verificationFolder.appendingPathComponent("SGP4-VER.TLE"), encoding: .ascii)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        var cases: [VerificationCase] = []
        var seen: [String: Int] = [:]
        var pendingLine1: String?
        for line in lines where !line.hasPrefix("#") {
            if line.hasPrefix("1 ") {
                pendingLine1 = line
            } else if line.hasPrefix("2 "), let line1 = pendingLine1 {
                let utf8 = Array(line.utf8)
                let head = String(decoding: utf8.prefix(69), as: UTF8.self)
                let tail = String(decoding: utf8.dropFirst(69), as: UTF8.self)
                let numbers = tail.split(separator: " ").compactMap { Double($0) }
                guard numbers.count == 3 else { continue }
                let satnum = String(String(decoding: utf8[2..<7], as: UTF8.self)
                    .drop(while: { $0 == " " || $0 == "0" }))
                seen[satnum, default: 0] += 1
                cases.append(VerificationCase(index: cases.count, satnum: satnum, occurrence: seen[satnum] ?? 1,
                                              line1: line1, line2: head, start: numbers[0], stop: numbers[1],
                                              step: numbers[2]))
                pendingLine1 = nil
            }
        }
        return cases
    }

    static func loadReference() throws -> [String: [ReferenceRow]] {
        let text = try String(contentsOf: verificationFolder.appendingPathComponent("tcppver.out"), encoding: .ascii)
        var blocks: [String: [ReferenceRow]] = [:]
        var seen: [String: Int] = [:]
        var key: String?
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ")
            if fields.count >= 2 && fields[1] == "xx" {
                let sat = String(fields[0].drop(while: { $0 == "0" }))
                seen[sat, default: 0] += 1
                let k = (seen[sat] ?? 1) == 1 ? sat : "\(sat)#\(seen[sat] ?? 1)"
                key = k
                blocks[k] = []
                continue
            }
            guard let k = key, fields.count >= 7 else { continue }
            let n = fields.prefix(7).compactMap { Double($0) }
            guard n.count == 7 else { continue }
            blocks[k, default: []].append(ReferenceRow(tsince: n[0], r: Array(n[1...3]), v: Array(n[4...6])))
        }
        return blocks
    }
}
