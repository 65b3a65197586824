#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

enum FileReading {
    /// Reads a whole file with POSIX calls.
    static func read(_ path: String) throws(ElementSetError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw ElementSetError(.fileUnreadable, message: "cannot open \"\(path)\" (errno \(errno))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { bytes.append(contentsOf: buffer[0 ..< n]) }
            if n < buffer.count {
                if ferror(file) != 0 { throw ElementSetError(.fileUnreadable, message: "cannot read \"\(path)\"") }
                break
            }
        }
        return bytes
    }
}
