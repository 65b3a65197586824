/// One element set as the PostgreSQL store keeps it: a single `bytea` value per row (migration 3).
///
/// Layout, big-endian, the byte order of PostgreSQL's `int8send`/`float8send` so that migration 3 can build the
/// same bytes from the old columns in SQL: epoch (µs since 1970, int8), element-set number (int4), mean motion,
/// eccentricity, inclination, node, argument of pericenter, mean anomaly (float8 each), ephemeris type (int4),
/// revolution number (int8), B*, ṅ/2, n̈/6 (float8 each), source id (int4), ingest time (µs, int8) — 108 bytes —
/// then the classification, object name and object ID, each as an int4 byte count (-1 for none) and its UTF-8
/// bytes. Doubles are stored bit for bit (full precision, no decimal round trip).
///
/// Why one value rather than a column per field: reading one object's whole history then costs the server one
/// concatenation per row (`string_agg` of the records in key order) instead of nineteen send-function calls and
/// concatenations, about a fifth of the server time for the ISS's 37,000 sets; and a COPY line carries the
/// record as hex, about as long as the decimal text of its doubles and cheaper to write and to parse. The key
/// (catalog number, epoch, element-set number) and the provenance (source id, ingest time) stay columns too, for
/// the primary key and the queries that aggregate them.
enum PackedElementSetRecord {
    /// Bytes before the text fields.
    static let fixedBytes = 108

    /// Checks that the values stored as 32-bit integers fit (the columns were `integer` before migration 3).
    static func validate(_ row: ElementSetRow, sourceID: Int64) throws(CatalogError) {
        for (value, field) in [(row.elementSetNumber, "element_set_number"), (row.ephemerisType, "ephemeris_type"),
                               (sourceID, "source_id")] where Int32(exactly: value) == nil {
            throw CatalogError(.database, location: "element_set", field: field,
                               "\(value) does not fit the stored 32-bit integer (catalog number \(row.catalogNumber))")
        }
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
