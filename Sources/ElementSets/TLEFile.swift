// Reading whole TLE / 3LE files: line splitting, pairing of name, line 1 and line 2, and resynchronisation after
// a bad record so that one broken set never hides the others.

enum TLEFileReader {
    struct Output {
        var sets: [ElementSet] = []
        var problems: [ElementSetProblem] = []
        var sawNameLines = false
        var sawTLELines = false
    }

    /// A name line without its "0 " prefix and outer blanks; `nil` when nothing is left.
    static func cleanName(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        var (s, e) = trimSpaces(p, start, end)
        if s < e, p[s] == UInt8(ascii: "0"), s + 1 == e || p[s + 1] == 0x20 {
            s += 1
            (s, e) = trimSpaces(p, s, e)
        }
        guard s < e else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: p[s ..< e]), as: UTF8.self)
    }

    static func cleanName(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { p in
            var e = p.count
            while e > 0, p[e - 1] == 0x0A || p[e - 1] == 0x0D { e -= 1 }
            return cleanName(p, 0, e)
        }
    }

    /// Checks that a line starts with its line-number digit.
    static func checkLineStart(_ p: UnsafeBufferPointer<UInt8>, _ l: LineSpan, digit: UInt8,
                               recordIndex: Int?) throws(ElementSetError) {
        guard l.end > l.start, p[l.start] == digit else {
            throw ElementSetError(.layout, field: "column 1", line: l.number, column: 1, recordIndex: recordIndex,
                                  message: "TLE line \(digit - 0x30) must begin with \"\(digit - 0x30) \"")
        }
    }

    /// Whether a line is a TLE data line numbered `digit` ("1 " or "2 " and longer than a name can be).
    @inline(__always)
    static func isDataLine(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ digit: UInt8) -> Bool {
        e - s > 24 && p[s] == digit && (p[s + 1] == 0x20 || p[s + 1] >= 0x80)
    }

    static func read(_ p: UnsafeBufferPointer<UInt8>, firstLineNumber: Int = 1) -> Output {
        var out = Output()
        out.sets.reserveCapacity(p.count / 150)
        var recordIndex = 0
        var pendingName: (text: String?, line: Int, present: Bool) = (nil, 0, false)
        var pendingLine1: LineSpan?
        var pendingLine1Name: String?
        var lineNumber = firstLineNumber - 1
        var pos = 0
        let n = p.count
        // A UTF-8 byte-order mark before the first line is not part of it (the OMM readers skip it too).
        if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { pos = 3 }

        func problem(_ kind: ElementSetError.Kind, _ line: Int, _ message: String, field: String? = nil) {
            out.problems.append(ElementSetProblem(
                recordIndex: recordIndex,
                error: ElementSetError(kind, field: field, line: line, recordIndex: recordIndex, message: message)))
            recordIndex += 1
        }
        func flushLine1(_ why: @autoclosure () -> String) {
            guard let l1 = pendingLine1 else { return }
            problem(.truncated, l1.number, "TLE line 1 is not followed by its line 2 (\(why())); the set is incomplete",
                    field: "line 2")
            pendingLine1 = nil
        }

        while pos < n {
            lineNumber += 1
            let start = pos
            var nl = pos
            while nl < n, p[nl] != 0x0A { nl += 1 }
            pos = nl + 1
            var end = nl
            while end > start, p[end - 1] == 0x0D || isBlank(p[end - 1]) { end -= 1 }
            var first = start
            while first < end, isBlank(p[first]) { first += 1 }
            if first == end { continue }  // blank line
            let span = LineSpan(start: start, end: end, number: lineNumber)
            if isDataLine(p, start, end, UInt8(ascii: "1")) {
                out.sawTLELines = true
                flushLine1("another line 1 follows on line \(lineNumber)")
                pendingLine1 = span
                pendingLine1Name = pendingName.present ? pendingName.text : nil
                pendingName = (nil, 0, false)
            } else if isDataLine(p, start, end, UInt8(ascii: "2")) {
                out.sawTLELines = true
                if let l1 = pendingLine1 {
                    do throws(ElementSetError) {
                        let set = try TLEReader.parse(p, line1: l1, line2: span, name: pendingLine1Name,
                                                      recordIndex: recordIndex)
                        out.sets.append(set)
                    } catch {
                        out.problems.append(ElementSetProblem(recordIndex: recordIndex, error: error))
                    }
                    recordIndex += 1
                    pendingLine1 = nil
                } else {
                    problem(.truncated, lineNumber, "TLE line 2 has no line 1 before it; the set is incomplete",
                            field: "line 1")
                    pendingName = (nil, 0, false)
                }
            } else {
                flushLine1("line \(lineNumber) is not a TLE line 2")
                if pendingName.present {
                    problem(.truncated, pendingName.line,
                            "name line \"\(pendingName.text ?? "")\" is not followed by TLE line 1", field: "line 1")
                }
                out.sawNameLines = true
                pendingName = (cleanName(p, start, end), lineNumber, true)
            }
        }
        flushLine1("the input ends")
        if pendingName.present {
            problem(.truncated, pendingName.line,
                    "the input ends after name line \"\(pendingName.text ?? "")\" without its TLE lines", field: "line 1")
        }
        return out
    }
}
