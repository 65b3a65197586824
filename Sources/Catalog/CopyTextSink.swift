import PostgresNIO

/// Writes values in PostgreSQL's COPY text format into a `ByteBuffer`.
///
/// A `TextOutputStream` so that `Double.write(to:)` hands over its shortest round-trip digits as ASCII bytes
/// (`_writeASCII`) instead of a `String` allocated per value — 9 doubles per element set made that allocation
/// a visible part of the bulk-ingest time.
struct CopyTextSink: TextOutputStream {
    var buffer: ByteBuffer

    mutating func write(_ string: String) {
        buffer.writeString(string)
    }

    mutating func _writeASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.writeBytes(bytes)
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        buffer.writeInteger(value)
    }

    /// A text column: `\N` for NULL; backslash, newline, carriage return and tab escaped.
    mutating func text(_ value: String?) {
        guard let value else {
            buffer.writeStaticString("\\N")
            return
        }
        var plain = true
        for byte in value.utf8 where byte == UInt8(ascii: "\\") || byte < 0x20 { plain = false; break }
        if plain {
            buffer.writeString(value)
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            default: buffer.writeInteger(byte)
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
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[index...]))
        }
    }

    /// A double as the shortest text that reads back to the same value; `NaN`, `Infinity`, `-Infinity` as
    /// PostgreSQL spells them.
    mutating func real(_ value: Double) {
        if value.isFinite {
            value.write(to: &self)
        } else if value.isNaN {
            buffer.writeStaticString("NaN")
        } else {
            buffer.writeStaticString(value < 0 ? "-Infinity" : "Infinity")
        }
    }
}
