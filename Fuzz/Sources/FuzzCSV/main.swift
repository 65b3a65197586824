// libFuzzer target: arbitrary bytes decoded as ommCSV; see FuzzHarness for the checks.
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
    fuzzOne(bytes, format: .ommCSV)
    return 0
}
