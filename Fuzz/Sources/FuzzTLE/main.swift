// libFuzzer target: arbitrary bytes decoded as tle; see FuzzHarness for the checks.
import ElementSets
import FuzzDriver
import FuzzHarness
#if canImport(Glibc)
import Glibc
#endif

// Entry point: hand the command line to libFuzzer (see FuzzDriver.h for why this is not -parse-as-library).
exit(perigee_fuzz_driver(CommandLine.argc, CommandLine.unsafeArgv))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    fuzzOne(bytes, format: .tle)
    // The public two-line initializer on the first two lines.
    let lines = Array(bytes).split(separator: 0x0A, maxSplits: 2, omittingEmptySubsequences: false)
    if lines.count >= 2 {
        _ = try? ElementSet(tleLine1: String(decoding: lines[0], as: UTF8.self), tleLine2: String(decoding: lines[1], as: UTF8.self))
    }
    return 0
}
