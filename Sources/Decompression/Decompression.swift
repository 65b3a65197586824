internal import CZlib
internal import CLzma

/// Streaming gzip and xz decompression on byte arrays (zlib and liblzma).
public enum Decompression {
    /// A compression format recognised by its magic bytes.
    public enum Method: String, Sendable, Hashable {
        /// Not compressed (no known magic bytes).
        case none
        /// gzip (RFC 1952), magic `1F 8B`.
        case gzip
        /// xz, magic `FD 37 7A 58 5A 00`.
        case xz
    }

    /// The largest output the decompressors produce by default (1 GiB), a guard against decompression bombs.
    public static let defaultOutputLimit = 1 << 30

    /// The compression format of `bytes`, judged by its first bytes.
    public static func method(of bytes: [UInt8]) -> Method {
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B { return .gzip }
        if bytes.count >= 6, bytes[0] == 0xFD, bytes[1] == 0x37, bytes[2] == 0x7A, bytes[3] == 0x58,
           bytes[4] == 0x5A, bytes[5] == 0x00 { return .xz }
        return .none
    }

    /// Decompresses gzip or xz input recognised by its magic bytes; returns anything else unchanged.
    public static func decompressIfNeeded(_ bytes: [UInt8], outputLimit: Int = defaultOutputLimit)
        throws(DecompressionError) -> [UInt8] {
        switch method(of: bytes) {
        case .none: return bytes
        case .gzip: return try gunzip(bytes, outputLimit: outputLimit)
        case .xz: return try unxz(bytes, outputLimit: outputLimit)
        }
    }

    /// Inflates gzip data (one or more concatenated members).
    public static func gunzip(_ bytes: [UInt8], outputLimit: Int = defaultOutputLimit) throws(DecompressionError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(outputLimit, bytes.count * 4))
        var failure: DecompressionError?
        guard bytes.count < Int(UInt32.max) else { throw DecompressionError(.gzip, "the input is too large") }
        bytes.withUnsafeBufferPointer { input in
            var stream = z_stream()
            // 15 window bits + 16: expect a gzip header and trailer.
            guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                failure = DecompressionError(.gzip, "zlib could not be initialised")
                return
            }
            defer { inflateEnd(&stream) }
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            let chunk = 1 << 16
            var buffer = [UInt8](repeating: 0, count: chunk)
            while true {
                var status: Int32 = Z_OK
                let produced: Int = buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(chunk)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return chunk - Int(stream.avail_out)
                }
                output.append(contentsOf: buffer[0 ..< produced])
                if output.count > outputLimit {
                    failure = DecompressionError(.gzip, "the decompressed data exceeds \(outputLimit) bytes")
                    return
                }
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    // Another member may follow; trailing zero padding is tolerated.
                    var k = input.count - Int(stream.avail_in)
                    while k < input.count, input[k] == 0 { k += 1 }
                    if k == input.count { return }
                    guard input.count - k >= 2, input[k] == 0x1F, input[k + 1] == 0x8B else {
                        failure = DecompressionError(.gzip, "unexpected data after the end of the gzip stream")
                        return
                    }
                    inflateReset(&stream)
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0 + k })
                    stream.avail_in = UInt32(input.count - k)
                case Z_BUF_ERROR where stream.avail_in == 0:
                    failure = DecompressionError(.gzip, "the gzip data ends early; the file appears truncated")
                    return
                default:
                    let detail = stream.msg.map { String(cString: $0) } ?? "zlib code \(status)"
                    failure = DecompressionError(.gzip, "the gzip data is corrupt (\(detail))")
                    return
                }
            }
        }
        if let failure { throw failure }
        return output
    }

    /// Decompresses xz data (one or more concatenated streams, with the stream padding the format allows between
    /// and after them: null bytes in groups of four).
    ///
    /// Streams are decoded one at a time, so that bytes after the last stream that are neither padding nor another
    /// stream are reported as such, and data that ends inside a stream as truncated.
    public static func unxz(_ bytes: [UInt8], outputLimit: Int = defaultOutputLimit) throws(DecompressionError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(outputLimit, bytes.count * 4))
        var offset = 0
        while true {
            offset += try unxzStream(bytes, from: offset, into: &output, outputLimit: outputLimit)
            var next = offset
            while next + 4 <= bytes.count, bytes[next] == 0, bytes[next + 1] == 0, bytes[next + 2] == 0,
                  bytes[next + 3] == 0 {
                next += 4
            }
            if next == bytes.count { return output }
            guard method(of: Array(bytes[next..<min(bytes.count, next + 6)])) == .xz else {
                throw DecompressionError(.xz, "\(bytes.count - offset) bytes after the end of the xz data at byte "
                                         + "\(offset) are not xz data")
            }
            offset = next
        }
    }

    /// Decodes the one xz stream that starts at `offset`, appending to `output`; returns the bytes it used.
    private static func unxzStream(_ bytes: [UInt8], from offset: Int, into output: inout [UInt8],
                                   outputLimit: Int) throws(DecompressionError) -> Int {
        var failure: DecompressionError?
        var used = 0
        bytes.withUnsafeBufferPointer { whole in
            var stream = lzma_stream()
            guard lzma_stream_decoder(&stream, 1 << 28, 0) == LZMA_OK else {
                failure = DecompressionError(.xz, "liblzma could not be initialised")
                return
            }
            defer { lzma_end(&stream) }
            stream.next_in = whole.baseAddress.map { $0 + offset }
            stream.avail_in = whole.count - offset
            let chunk = 1 << 16
            var buffer = [UInt8](repeating: 0, count: chunk)
            while true {
                var status = LZMA_OK
                let produced: Int = buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = chunk
                    status = lzma_code(&stream, LZMA_FINISH)
                    return chunk - stream.avail_out
                }
                output.append(contentsOf: buffer[0 ..< produced])
                if output.count > outputLimit {
                    failure = DecompressionError(.xz, "the decompressed data exceeds \(outputLimit) bytes")
                    return
                }
                if status == LZMA_STREAM_END {
                    used = Int(stream.total_in)
                    return
                }
                if status == LZMA_OK { continue }
                switch status {
                case LZMA_BUF_ERROR: failure = DecompressionError(.xz, "the xz data ends early; the file appears truncated")
                case LZMA_MEMLIMIT_ERROR, LZMA_MEM_ERROR: failure = DecompressionError(.xz, "the xz data needs too much memory")
                case LZMA_FORMAT_ERROR: failure = DecompressionError(.xz, "the data is not in xz format")
                case LZMA_OPTIONS_ERROR: failure = DecompressionError(.xz, "the xz data uses unsupported options")
                default: failure = DecompressionError(.xz, "the xz data is corrupt (liblzma code \(status.rawValue))")
                }
                return
            }
        }
        if let failure { throw failure }
        return used
    }
}

/// Why compressed input could not be decompressed.
public struct DecompressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The compression format being read.
    public var method: Decompression.Method
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(_ method: Decompression.Method, _ message: String) {
        self.method = method
        self.message = message
    }

    /// The format and the message.
    public var description: String { "\(method.rawValue): \(message)" }
}
