// libFuzzer entry point: decodes arbitrary bytes as .tle (lenient and strict), then writes back whatever loaded
// in every format and reads it again. Any crash, trap or sanitizer report is a bug.
import Perigee

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let format: ElementSetFormat? = .tle
    let strict = try? ElementSetDecoder(strict: true).decode(bytes, format: format)
    guard let result = try? ElementSetDecoder().decode(bytes, format: format) else { return 0 }
    if let strict, strict.elementSets != result.elementSets { fatalError("strict and lenient decoding disagree") }
    for problem in result.problems { _ = problem.description }
    for outFormat in ElementSetFormat.allCases {
        guard let text = try? ElementSetEncoder(format: outFormat).encode(result.elementSets) else { continue }
        _ = try? ElementSetDecoder().decode(Array(text.utf8), format: outFormat)
    }
    // The public two-line initializer on the first two lines, and the TLE writer on whatever was read.
    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
    if lines.count >= 2 { _ = try? ElementSet(tleLine1: String(lines[0]), tleLine2: String(lines[1])) }
    return 0
}
