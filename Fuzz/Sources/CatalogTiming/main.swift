// Times the decoding of a whole TLE/3LE catalog in a release build: CatalogTiming FILE [repetitions].
import ElementSets
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: CatalogTiming FILE [repetitions]")
    exit(2)
}
let repetitions = arguments.count >= 3 ? Int(arguments[2]) ?? 20 : 20
guard let file = fopen(arguments[1], "rb") else { print("cannot open \(arguments[1])"); exit(1) }
var bytes: [UInt8] = []
var buffer = [UInt8](repeating: 0, count: 1 << 16)
while true {
    let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
    bytes.append(contentsOf: buffer[0 ..< n])
    if n < buffer.count { break }
}
fclose(file)
var times: [Double] = []
var count = 0
for _ in 0 ..< repetitions {
    let t0 = now()
    guard let result = try? ElementSetDecoder().decode(bytes, format: nil) else { print("decode failed"); exit(1) }
    times.append(now() - t0)
    count = result.elementSets.count + result.problems.count
}
times.sort()
print("\(bytes.count) bytes, \(count) records: min \(String(Int(times[0] * 1e6))) µs, median \(String(Int(times[times.count / 2] * 1e6))) µs over \(repetitions) runs")
