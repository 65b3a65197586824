import Astrodynamics
import Foundation

/// One element set as both stores keep it: a single `bytea`/`BLOB` value per row (PostgreSQL migration 3, SQLite
/// migration 2).
///
/// Layout, big-endian, the byte order of PostgreSQL's `int8send`/`float8send` so that PostgreSQL's migration can
/// build the same bytes from the old columns in SQL: epoch (µs since 1970, int8), element-set number (int4), mean
/// motion, eccentricity, inclination, node, argument of pericenter, mean anomaly (float8 each), ephemeris type
/// (int4), revolution number (int8), B*, ṅ/2, n̈/6 (float8 each), source id (int4), ingest time (µs, int8) — 108
/// bytes — then the classification, object name and object ID, each as an int4 byte count (-1 for none) and its
/// UTF-8 bytes. Doubles are stored bit for bit (full precision, no decimal round trip, and -0.0 stays -0.0, which
/// SQLite's REAL columns turned into 0).
///
/// Why one value rather than a column per field: reading one object's whole history then costs PostgreSQL one
/// concatenation per row (`string_agg` of the records in key order) instead of nineteen send-function calls and
/// concatenations (about a quarter of the server time for the ISS's 37,000 sets), and SQLite one blob per row
/// instead of seventeen columns to decode; a PostgreSQL COPY line carries the record as hex, about as long as the
/// decimal text of its doubles and cheaper to write and to parse. The key (catalog number, epoch, element-set
/// number) and the provenance (source id, ingest time) stay columns too, for the primary key and the queries
/// that aggregate them. The cost: the orbital fields are no longer columns for ad-hoc SQL.
enum PackedElementSetRecord {
    /// Bytes before the text fields.
    static let fixedBytes = 108

    /// Checks that the values stored as 32-bit integers fit (the columns were `integer` before migration 3).
    static func validate(_ row: ElementSetRow, sourceID: Int64) throws(CatalogError) {
        func check(_ value: Int64, _ field: String) throws(CatalogError) {
            guard Int32(exactly: value) == nil else { return }
            throw CatalogError(.database, location: "element_set", field: field,
                               "\(value) does not fit the stored 32-bit integer (catalog number \(row.catalogNumber))")
        }
        try check(row.elementSetNumber, "element_set_number")
        try check(row.ephemerisType, "ephemeris_type")
        try check(sourceID, "source_id")
    }

    /// The bytes of a record.
    static func encode(_ row: ElementSetRow, sourceID: Int64, ingested: Int64) throws(CatalogError) -> [UInt8] {
        try validate(row, sourceID: sourceID)
        var output = ByteArrayOutput()
        write(row, sourceID: sourceID, ingested: ingested, to: &output)
        return output.bytes
    }

    /// Writes the record of `row` byte by byte to `output`; the caller has validated `row` (32-bit fields are
    /// truncated otherwise).
    @inline(__always)
    static func write<Output: PackedRecordOutput>(_ row: ElementSetRow, sourceID: Int64, ingested: Int64,
                                                  to output: inout Output) {
        @inline(__always) func append<T: FixedWidthInteger>(_ value: T) {
            var big = value.bigEndian
            withUnsafeBytes(of: &big) { raw in
                for byte in raw { output.append(byte) }
            }
        }
        @inline(__always) func append(_ text: String?) {
            guard let text else { append(Int32(-1)); return }
            append(Int32(truncatingIfNeeded: text.utf8.count))
            for byte in text.utf8 { output.append(byte) }
        }
        append(row.epochMicroseconds)
        append(Int32(truncatingIfNeeded: row.elementSetNumber))
        append(row.meanMotion.bitPattern)
        append(row.eccentricity.bitPattern)
        append(row.inclination.bitPattern)
        append(row.rightAscension.bitPattern)
        append(row.argumentOfPericenter.bitPattern)
        append(row.meanAnomaly.bitPattern)
        append(Int32(truncatingIfNeeded: row.ephemerisType))
        append(row.revolutionNumber)
        append(row.bstar.bitPattern)
        append(row.meanMotionDot.bitPattern)
        append(row.meanMotionDDot.bitPattern)
        append(Int32(truncatingIfNeeded: sourceID))
        append(ingested)
        append(row.classification)
        append(row.objectName)
        append(row.objectID)
    }

    /// The SQL expression building a record from the columns `element_set` had before migration 3.
    static let fromColumnsSQL = """
        int8send(epoch_us) || int4send(element_set_number) || float8send(mean_motion) || float8send(eccentricity)
        || float8send(inclination) || float8send(ra_of_asc_node) || float8send(arg_of_pericenter)
        || float8send(mean_anomaly) || int4send(ephemeris_type) || int8send(rev_at_epoch) || float8send(bstar)
        || float8send(mean_motion_dot) || float8send(mean_motion_ddot) || int4send(source_id)
        || int8send(ingested_at_us)
        || int4send(length(convert_to(classification_type, 'UTF8'))) || convert_to(classification_type, 'UTF8')
        || coalesce(int4send(length(convert_to(object_name, 'UTF8'))) || convert_to(object_name, 'UTF8'),
                    '\\xffffffff'::bytea)
        || coalesce(int4send(length(convert_to(object_id, 'UTF8'))) || convert_to(object_id, 'UTF8'),
                    '\\xffffffff'::bytea)
        """
}

/// Where ``PackedElementSetRecord/write(_:sourceID:ingested:to:)`` puts a record's bytes.
protocol PackedRecordOutput {
    /// Appends one byte of the record.
    mutating func append(_ byte: UInt8)
}

/// A record's bytes collected in an array.
struct ByteArrayOutput: PackedRecordOutput {
    var bytes: [UInt8] = []
    mutating func append(_ byte: UInt8) { bytes.append(byte) }
}

/// Records written one after another into one reused allocation (the bulk insert path): a byte costs a store, not
/// an array's capacity and uniqueness checks.
final class ReusableRecordBuffer: PackedRecordOutput {
    private var storage: UnsafeMutableRawBufferPointer
    /// Bytes of the current record.
    private(set) var count = 0

    init() {
        storage = .allocate(byteCount: 1_024, alignment: 8)
    }

    deinit { storage.deallocate() }

    /// Empties the buffer and makes room for a record with `textBytes` bytes of text.
    func start(textBytes: Int) {
        count = 0
        let needed = PackedElementSetRecord.fixedBytes + 12 + textBytes
        if needed > storage.count {
            storage.deallocate()
            storage = .allocate(byteCount: max(needed, 2 * storage.count), alignment: 8)
        }
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        storage[count] = byte
        count += 1
    }

    /// The current record's bytes (valid until the next `start`).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[..<count]) }
}

extension PackedElementSetRecord {
    /// Decodes records one after another, sharing what repeats along a history: a text equal to the previous
    /// record's keeps its `String`, an epoch on the previous record's UTC day skips the leap-second lookup, and an
    /// unchanged ingest time keeps its instant.
    struct Decoder {
        private var previousText: [(bytes: [UInt8]?, text: String?)] = Array(repeating: (nil, nil), count: 3)
        private var epochs = EpochMicroseconds.Decoder()
        private var lastIngest: (microseconds: Int64, instant: Instant)?
        /// Where the records come from, for errors.
        let location: String

        init(location: String) {
            self.location = location
        }

        /// Decodes the record starting at `offset` in `raw` and moves `offset` past it. The stored set's `source`
        /// is left empty; the source id is returned with it.
        ///
        /// - Throws: ``CatalogError`` of kind `database` for a truncated or malformed record or a value out of range.
        mutating func decode(_ raw: UnsafeRawBufferPointer, at offset: inout Int,
                             catalogNumber: Int64) throws(CatalogError) -> (set: StoredElementSet, sourceID: Int64) {
            guard offset + fixedBytes <= raw.count else {
                throw CatalogError(.database, location: location, field: "record",
                                   "element-set record truncated at byte \(offset) of \(raw.count)")
            }
            let at = offset
            func int64(_ position: Int) -> Int64 {
                Int64(bigEndian: raw.loadUnaligned(fromByteOffset: at + position, as: Int64.self))
            }
            func int32(_ position: Int) -> Int64 {
                Int64(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: at + position, as: Int32.self)))
            }
            func real(_ position: Int) -> Double {
                Double(bitPattern: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: at + position, as: UInt64.self)))
            }
            var row = ElementSetRow(
                catalogNumber: catalogNumber, epochMicroseconds: int64(0), elementSetNumber: int32(8),
                objectName: nil, objectID: nil, meanMotion: real(12), eccentricity: real(20), inclination: real(28),
                rightAscension: real(36), argumentOfPericenter: real(44), meanAnomaly: real(52),
                ephemerisType: int32(60), classification: "", revolutionNumber: int64(64), bstar: real(72),
                meanMotionDot: real(80), meanMotionDDot: real(88))
            let sourceID = int32(96), ingested = int64(100)
            offset += fixedBytes
            guard let classification = try text(raw, at: &offset, column: 0) else {
                throw CatalogError(.database, location: location, field: "record",
                                   "element-set record without a classification before byte \(offset)")
            }
            row.classification = classification
            row.objectName = try text(raw, at: &offset, column: 1)
            row.objectID = try text(raw, at: &offset, column: 2)
            let ingestedAt: Instant
            if let lastIngest, lastIngest.microseconds == ingested {
                ingestedAt = lastIngest.instant
            } else {
                ingestedAt = EpochMicroseconds.instant(ingested)
                lastIngest = (ingested, ingestedAt)
            }
            let set = StoredElementSet(elementSet: try row.elementSet(epochs: &epochs), source: "", ingestedAt: ingestedAt)
            return (set, sourceID)
        }

        /// One text field: an int4 byte count (-1 for none) and UTF-8 bytes.
        private mutating func text(_ raw: UnsafeRawBufferPointer, at offset: inout Int,
                                   column: Int) throws(CatalogError) -> String? {
            guard offset + 4 <= raw.count else {
                throw CatalogError(.database, location: location, field: "record",
                                   "element-set record truncated in a text field at byte \(offset)")
            }
            let count = Int(Int32(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
            offset += 4
            if count < 0 { return nil }
            guard offset + count <= raw.count else {
                throw CatalogError(.database, location: location, field: "record",
                                   "element-set record has a text field of \(count) bytes past its end at byte \(offset)")
            }
            let bytes = UnsafeRawBufferPointer(rebasing: raw[offset..<offset + count])
            offset += count
            if count == 0 { return "" }
            if let previous = previousText[column].bytes, previous.count == count,
               previous.withUnsafeBytes({ stored in
                   guard let a = stored.baseAddress, let b = bytes.baseAddress else { return false }
                   return memcmp(a, b, count) == 0
               }) {
                return previousText[column].text
            }
            let value = String(decoding: bytes, as: UTF8.self)
            previousText[column] = (Array(bytes), value)
            return value
        }
    }
}
