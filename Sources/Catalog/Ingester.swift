public import Astrodynamics
import Decompression
import ElementSets
import Foundation

/// A record that was not stored, where it was and why.
public struct IngestRejection: Sendable, Hashable, CustomStringConvertible {
    /// The file or URL.
    public var source: String
    /// The reason, with line, record and field where known.
    public var reason: String

    /// Creates a rejection.
    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    /// "source: reason".
    public var description: String { "\(source): \(reason)" }
}

/// What an ingest did.
public struct IngestSummary: Sendable, Hashable {
    /// Files (or responses) read.
    public var inputs = 0
    /// Element sets decoded.
    public var elementSetsRead = 0
    /// Element sets that were new to the store.
    public var newElementSets = 0
    /// Element sets already stored.
    public var duplicates = 0
    /// SATCAT rows that added an object or changed a stored one.
    public var objectsWritten = 0
    /// SATCAT rows identical to what was stored (nothing written).
    public var objectsUnchanged = 0
    /// Records that could not be read, with their reasons and positions.
    public var rejected: [IngestRejection] = []
    /// Batches committed.
    public var batchesCommitted = 0
    /// Seconds spent reading, decompressing and decoding inputs.
    public var decodeSeconds = 0.0
    /// Seconds spent in store transactions.
    public var storeSeconds = 0.0

    /// An empty summary.
    public init() {}

    /// Adds another summary's counts to this one.
    public mutating func add(_ other: IngestSummary) {
        inputs += other.inputs
        elementSetsRead += other.elementSetsRead
        newElementSets += other.newElementSets
        duplicates += other.duplicates
        objectsWritten += other.objectsWritten
        objectsUnchanged += other.objectsUnchanged
        rejected += other.rejected
        batchesCommitted += other.batchesCommitted
        decodeSeconds += other.decodeSeconds
        storeSeconds += other.storeSeconds
    }
}

/// Progress of an ingest, reported after every committed batch.
public struct IngestProgress: Sendable {
    /// The input being read.
    public var source: String
    /// Records of this input committed so far.
    public var committed: Int
    /// Records in this input.
    public var total: Int
    /// The running summary over all inputs.
    public var summary: IngestSummary
}

/// Reads element-set files (every decoder format, plain, `.gz` or `.xz`) and SATCAT CSV into a store, in
/// transactional batches: each batch commits completely or not at all, and duplicates are skipped, so an
/// interrupted ingest can simply be run again.
public struct CatalogIngester: Sendable {
    /// The store written to.
    public var store: any ElementSetStore
    /// Element sets per transaction.
    public var batchSize: Int
    /// Called after every committed batch.
    public var progress: (@Sendable (IngestProgress) -> Void)?

    /// Creates an ingester.
    ///
    /// - Parameters:
    ///   - store: The store to write to.
    ///   - batchSize: Element sets (or SATCAT rows) per transaction, at least 1.
    ///   - progress: Called after every committed batch.
    public init(store: any ElementSetStore, batchSize: Int = 20_000, progress: (@Sendable (IngestProgress) -> Void)? = nil) {
        self.store = store
        self.batchSize = max(1, batchSize)
        self.progress = progress
    }

    /// The current time as an ``Instant``.
    public static func now() -> Instant {
        EpochMicroseconds.instant(Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()))
    }

    /// Every file named by `paths`, directories expanded recursively (sorted; hidden files, `.md` and anything in a
    /// directory that is not a regular file, such as a named pipe or a socket that a read would wait on forever,
    /// skipped; a symbolic link counts as what it points to). A path named directly is always read, so a pipe such as
    /// `<(xzcat file.xz)` can be ingested.
    ///
    /// - Throws: ``CatalogError`` of kind `unreadableInput` for a path that does not exist.
    public static func expand(_ paths: [String]) throws(CatalogError) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CatalogError(.unreadableInput, location: path, "no such file or directory")
            }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            guard let enumerator = manager.enumerator(atPath: path) else {
                throw CatalogError(.unreadableInput, location: path, "cannot list the directory")
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") || name.lowercased().hasSuffix(".md") { continue }
                let full = (path as NSString).appendingPathComponent(relative)
                if Self.isRegularFile(full) { found.append(full) }
            }
            files += found.sorted()
        }
        return files
    }

    /// Whether `path` is a regular file, following symbolic links.
    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    /// Ingests files and directories.
    ///
    /// A file that cannot be read at all is reported as rejected and the others still go in; only store
    /// failures throw.
    ///
    /// - Throws: ``CatalogError`` when a path does not exist or the store fails (batches already committed stay).
    public func ingest(paths: [String]) async throws(CatalogError) -> IngestSummary {
        var summary = IngestSummary()
        for file in try Self.expand(paths) {
            let bytes: [UInt8]
            do {
                bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                summary.inputs += 1
                summary.rejected.append(IngestRejection(source: file, reason: "cannot read the file: \(error.localizedDescription)"))
                continue
            }
            try await ingest(bytes: bytes, source: file, into: &summary)
        }
        return summary
    }

    /// Ingests one input already in memory (a file's or an HTTP response's bytes, compressed or not).
    ///
    /// - Parameters:
    ///   - bytes: The input.
    ///   - source: Its name, recorded with every element set and used in messages.
    ///   - summary: The running summary to add to.
    public func ingest(bytes: [UInt8], source: String, into summary: inout IngestSummary) async throws(CatalogError) {
        summary.inputs += 1
        let decodeStart = Date()
        let plain: [UInt8]
        do {
            plain = try Decompression.decompressIfNeeded(bytes)
        } catch {
            summary.rejected.append(IngestRejection(source: source, reason: "cannot decompress: \(error)"))
            return
        }
        if SATCATReader.looksLikeSATCAT(plain) {
            let result: SATCATReader.Result
            do {
                result = try SATCATReader().read(plain, location: source)
            } catch {
                summary.rejected.append(IngestRejection(source: source, reason: error.description))
                return
            }
            summary.rejected += result.problems.map { IngestRejection(source: source, reason: $0.description) }
            var start = 0
            while start < result.objects.count {
                let end = min(start + batchSize, result.objects.count)
                let written = try await store.upsert(objects: Array(result.objects[start..<end]))
                summary.objectsWritten += written
                summary.objectsUnchanged += end - start - written
                summary.batchesCommitted += 1
                progress?(IngestProgress(source: source, committed: end, total: result.objects.count, summary: summary))
                start = end
            }
            return
        }
        let decoded: ElementSetDecodeResult
        do {
            decoded = try ElementSetDecoder(strict: false).decode(plain)
        } catch {
            summary.rejected.append(IngestRejection(source: source, reason: error.description))
            return
        }
        summary.rejected += decoded.problems.map { IngestRejection(source: source, reason: $0.description) }
        // OMM may leave NORAD_CAT_ID out (read as 0); the store keys element sets by catalog number, so such sets
        // would be taken for one another.
        let sets = decoded.elementSets.filter { $0.catalogNumber.rawValue != 0 }
        for (index, set) in decoded.elementSets.enumerated() where set.catalogNumber.rawValue == 0 {
            summary.rejected.append(IngestRejection(
                source: source, reason: "element set \(index + 1) (\(set.objectName ?? set.objectID ?? "unnamed"), epoch "
                    + "\(set.epoch.iso8601(fractionDigits: 0))): no NORAD_CAT_ID; the store keys element sets by catalog number"))
        }
        summary.elementSetsRead += sets.count
        summary.decodeSeconds += Date().timeIntervalSince(decodeStart)
        let ingestedAt = Self.now()
        var start = 0
        while start < sets.count {
            let end = min(start + batchSize, sets.count)
            let storeStart = Date()
            let counts = try await store.insert(Array(sets[start..<end]), source: source, ingestedAt: ingestedAt)
            summary.storeSeconds += Date().timeIntervalSince(storeStart)
            summary.newElementSets += counts.inserted
            summary.duplicates += counts.duplicates
            summary.batchesCommitted += 1
            progress?(IngestProgress(source: source, committed: end, total: sets.count, summary: summary))
            start = end
        }
    }
}
