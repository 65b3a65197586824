#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Reads a whole file as UTF-8 text, or returns the operating system's reason it could not.
func readTextFile(atPath path: String) -> Result<String, FileReadFailure> {
    guard let file = fopen(path, "rb") else {
        return .failure(FileReadFailure(reason: String(cString: strerror(errno))))
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
        if count < buffer.count {
            if ferror(file) != 0 { return .failure(FileReadFailure(reason: String(cString: strerror(errno)))) }
            break
        }
    }
    return .success(String(decoding: bytes, as: UTF8.self))
}

/// Splits text into lines, accepting LF, CRLF and CR line ends (`"\r\n"` is one `Character`, so a CRLF is one
/// line end). Empty lines are kept, so a line's index plus one is its line number.
public func splitLines(_ text: String) -> [Substring] {
    text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
}

/// Why a file could not be read (the operating system's message).
struct FileReadFailure: Error {
    var reason: String
}
