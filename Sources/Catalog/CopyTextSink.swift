import PostgresNIO

/// Writes values in PostgreSQL's COPY text format straight into memory reserved in a `ByteBuffer`.
///
/// One row is written per reservation (``appendRow(to:maximumBytes:_:)``), so a value costs a few stores rather
/// than a `ByteBuffer` call with its capacity and uniqueness checks per byte. A `TextOutputStream` so that
/// `Double.write(to:)` hands over its shortest round-trip digits as ASCII bytes (`_writeASCII`) instead of a
/// `String` allocated per value.
struct CopyTextSink: TextOutputStream {
    private let memory: UnsafeMutableRawBufferPointer
    /// Bytes written so far.
    private(set) var count = 0

    private init(_ memory: UnsafeMutableRawBufferPointer) {
        self.memory = memory
    }

    /// The most bytes one element-set row can take with the given text columns (their UTF-8 byte count): five
    /// integers of at most 24 characters, separators, and the packed record in hex (twice its 120 fixed bytes and
    /// its text).
    static func maximumRowBytes(texts: Int) -> Int { 512 + 2 * texts }

    /// Reserves `maximumBytes` at the end of `buffer`, lets `body` write at most that many, and keeps what it wrote.
    static func appendRow(to buffer: inout ByteBuffer, maximumBytes: Int, _ body: (inout CopyTextSink) -> Void) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: maximumBytes) { memory in
            var sink = CopyTextSink(UnsafeMutableRawBufferPointer(rebasing: memory[..<maximumBytes]))
            body(&sink)
            return sink.count
        }
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        memory[count] = value
        count += 1
    }

    mutating func write(_ string: String) {
        for byte in string.utf8 { self.byte(byte) }
    }

    mutating func _writeASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
        UnsafeMutableRawBufferPointer(rebasing: memory[count..<count + bytes.count]).copyMemory(from: UnsafeRawBufferPointer(bytes))
        count += bytes.count
    }

    /// A text column: `\N` for NULL; backslash, newline, carriage return and tab escaped.
    mutating func text(_ value: String?) {
        guard let value else {
            byte(UInt8(ascii: "\\")); byte(UInt8(ascii: "N"))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): self.byte(UInt8(ascii: "\\")); self.byte(UInt8(ascii: "\\"))
            case UInt8(ascii: "\n"): self.byte(UInt8(ascii: "\\")); self.byte(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): self.byte(UInt8(ascii: "\\")); self.byte(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): self.byte(UInt8(ascii: "\\")); self.byte(UInt8(ascii: "t"))
            default: self.byte(byte)
            }
        }
    }

    /// A decimal integer.
    mutating func integer(_ value: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits and a sign
        let magnitude = value.magnitude
        withUnsafeMutableBytes(of: &digits) { raw in
            var index = raw.count
            var rest = magnitude
            repeat {
                index -= 1
                raw[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if value < 0 {
                index -= 1
                raw[index] = UInt8(ascii: "-")
            }
            let length = raw.count - index
            UnsafeMutableRawBufferPointer(rebasing: memory[count..<count + length])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[index...]))
            count += length
        }
    }

    /// A double as the shortest text that reads back to the same value; `NaN`, `Infinity`, `-Infinity` as
    /// PostgreSQL spells them.
    mutating func real(_ value: Double) {
        if value.isFinite {
            value.write(to: &self)
        } else if value.isNaN {
            write("NaN")
        } else {
            write(value < 0 ? "-Infinity" : "Infinity")
        }
    }
}

extension CopyTextSink {
    /// A `bytea` column in COPY's text format: `\\x` (the escaped backslash of the hex form) and two hex digits
    /// per byte of the element set's packed record (``PackedElementSetRecord``), written straight into the row.
    mutating func record(_ row: ElementSetRow, sourceID: Int64, ingested: Int64) {
        byte(UInt8(ascii: "\\")); byte(UInt8(ascii: "\\")); byte(UInt8(ascii: "x"))
        var hex = HexOutput(sink: self)
        PackedElementSetRecord.write(row, sourceID: sourceID, ingested: ingested, to: &hex)
        self = hex.sink
    }

    /// Writes each byte it is given as two lower-case hex digits.
    struct HexOutput: PackedRecordOutput {
        var sink: CopyTextSink

        @inline(__always)
        static func digit(_ value: UInt8) -> UInt8 { value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value }

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            sink.byte(Self.digit(byte >> 4))
            sink.byte(Self.digit(byte & 0x0F))
        }
    }
}
