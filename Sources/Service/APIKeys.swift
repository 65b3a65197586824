import Astrodynamics
import Crypto
import Foundation

/// API keys for the write endpoints: the service stores only SHA-256 digests and compares in constant time.
public enum APIKeys {
    /// The lowercase hex SHA-256 digest of a key (what goes in the keys file).
    public static func digestHex(of key: String) -> String {
        SHA256.hash(data: Array(key.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Reads a keys file: one 64-digit hex SHA-256 digest per line; blank lines and `#` comments are skipped.
    ///
    /// - Throws: ``APIKeyFileError`` naming the line that is not a digest.
    public static func readDigests(fileContents text: String, path: String) throws(APIKeyFileError) -> [[UInt8]] {
        var digests: [[UInt8]] = []
        for (index, rawLine) in splitLines(text).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let digest = parseHex(line), digest.count == 32 else {
                throw APIKeyFileError(path: path, line: index + 1,
                                      message: "expected a SHA-256 digest of 64 hexadecimal digits (make one with `perigee serve --hash-api-key KEY`)")
            }
            digests.append(digest)
        }
        return digests
    }

    /// Whether `key` hashes to one of `digests`, comparing every digest in full so the time taken does not
    /// depend on where the first difference is.
    public static func isValid(_ key: String, digests: [[UInt8]]) -> Bool {
        let presented = Array(SHA256.hash(data: Array(key.utf8)))
        var matched: UInt8 = 1
        for digest in digests where digest.count == presented.count {
            var difference: UInt8 = 0
            for k in 0..<presented.count { difference |= presented[k] ^ digest[k] }
            matched &= difference == 0 ? 0 : 1
        }
        return matched == 0
    }

    static func parseHex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        var k = 0
        while k < digits.count {
            guard let hi = value(digits[k]), let lo = value(digits[k + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
            k += 2
        }
        return bytes
    }
}

/// A keys file that could not be read, with the line at fault.
public struct APIKeyFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The 1-based line, or 0 when the file itself could not be read.
    public var line: Int
    /// What was expected.
    public var message: String

    /// Creates an error.
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// "path:line: message".
    public var description: String { line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)" }
}
