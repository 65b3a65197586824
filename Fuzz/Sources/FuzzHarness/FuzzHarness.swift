// The checks every fuzz target runs on one input. Any crash, trap, sanitizer report or failed check is a bug.
public import ElementSets

/// Decodes `bytes` leniently and strictly, then checks the writers against the readers on whatever loaded:
/// OMM formats must give back exactly the same element sets, TLE and 3LE must be stable after one rounding.
public func fuzzOne(_ bytes: [UInt8], format: ElementSetFormat?) {
    _ = ElementSetDecoder.detectFormat(bytes)
    let strict = try? ElementSetDecoder(strict: true).decode(bytes, format: format)
    guard let result = try? ElementSetDecoder().decode(bytes, format: format) else {
        check(strict == nil, "strict decoding succeeded where lenient decoding failed")
        return
    }
    if let strict {
        check(strict.elementSets == result.elementSets && result.problems.isEmpty, "strict and lenient decoding disagree")
    }
    for problem in result.problems { _ = problem.description }
    let sets = result.elementSets
    for outFormat in ElementSetFormat.allCases {
        guard let text = try? ElementSetEncoder(format: outFormat).encode(sets) else { continue }
        let again: ElementSetDecodeResult
        do {
            // Read back as the format written: detection is a heuristic (a 3LE name or a CSV cell may look like
            // another format), the writer/reader pair is the contract checked here.
            again = try ElementSetDecoder(strict: true).decode(Array(text.utf8), format: outFormat)
        } catch {
            if sets.isEmpty { continue }  // an empty TLE file has no lines to detect
            check(false, "\(outFormat.rawValue) output cannot be read back: \(error)\n\(text)")
            return
        }
        switch outFormat {
        case .tle, .threeLine:
            let rewritten = try? ElementSetEncoder(format: outFormat).encode(again.elementSets)
            check(rewritten == text, "\(outFormat.rawValue) output is not stable:\n\(text)\n\(rewritten ?? "nil")")
        default:
            check(again.elementSets == sets, "\(outFormat.rawValue) round trip changed the element sets:\n\(text)")
        }
    }
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}
