import Astrodynamics
import Catalog
import Conjunctions
import ElementSets
import Foundation
import HTTPTypes
import Hummingbird
import Observation
import OrbitHistory
import Propagation

extension PerigeeService {
    // MARK: - Positions, tracks, look angles

    func positions(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        let now = clock()
        let at = try query.instant("at", default: now)
        let numbers = try query.catalogNumbers("catalog_number", maximum: configuration.maximumCatalogNumbers)
        let snapshot = try await cache.current(store)
        let cacheSeconds = query.has("at") ? 300 : 5
        let rotation = TEMEToITRSRotation(at: at)
        if numbers.isEmpty {
            var catalogNumbers: [JSONValue] = [], names: [JSONValue] = [], latitudes: [JSONValue] = []
            var longitudes: [JSONValue] = [], heights: [JSONValue] = []
            catalogNumbers.reserveCapacity(snapshot.propagators.count)
            for propagator in snapshot.propagators {
                guard let state = try? propagator.state(at: at) else { continue }
                let g = GeodeticPosition(itrsKm: rotation.itrsPositionKm(fromTEME: state.positionKm))
                guard g.latitudeDeg.isFinite, g.longitudeDeg.isFinite, g.heightKm.isFinite else { continue }
                catalogNumbers.append(.int(propagator.elementSet.catalogNumber.rawValue))
                names.append(.optional(propagator.elementSet.objectName))
                latitudes.append(.number(g.latitudeDeg, digits: 4))
                longitudes.append(.number(g.longitudeDeg, digits: 4))
                heights.append(.number(g.heightKm, digits: 2))
            }
            let json: JSONValue = .object([
                ("at", time(at)), ("count", .int(catalogNumbers.count)), ("catalog_numbers", .array(catalogNumbers)),
                ("names", .array(names)), ("latitudes_deg", .array(latitudes)), ("longitudes_deg", .array(longitudes)),
                ("heights_km", .array(heights)), ("data", snapshot.dataJSON(now: now)),
            ])
            return respond(request, json: json, cacheSeconds: cacheSeconds)
        }
        var rows: [JSONValue] = [], references: [JSONValue] = [], failures: [JSONValue] = []
        for number in numbers {
            let propagator = try snapshot.propagator(number)
            references.append(elementSetReference(propagator.elementSet, reference: at))
            let state: StateVector<TEME>
            do {
                state = try propagator.state(at: at)
            } catch {
                failures.append(.object([("catalog_number", .int(number.rawValue)), ("message", .string("\(error)"))]))
                continue
            }
            let g = GeodeticPosition(itrsKm: rotation.itrsPositionKm(fromTEME: state.positionKm))
            rows.append(.object([
                ("catalog_number", .int(number.rawValue)),
                ("name", .optional(propagator.elementSet.objectName)),
                ("latitude_deg", .number(g.latitudeDeg, digits: 6)),
                ("longitude_deg", .number(g.longitudeDeg, digits: 6)),
                ("height_km", .number(g.heightKm, digits: 6)),
                ("x_km", .number(state.positionKm.x, digits: 6)),
                ("y_km", .number(state.positionKm.y, digits: 6)),
                ("z_km", .number(state.positionKm.z, digits: 6)),
                ("vx_km_s", .number(state.velocityKmPerS.x, digits: 9)),
                ("vy_km_s", .number(state.velocityKmPerS.y, digits: 9)),
                ("vz_km_s", .number(state.velocityKmPerS.z, digits: 9)),
            ]))
        }
        let json: JSONValue = .object([
            ("at", time(at)), ("frame", .string("TEME")), ("positions", .array(rows)), ("failures", .array(failures)),
            ("element_sets", .array(references)),
        ])
        return respond(request, json: json, cacheSeconds: cacheSeconds)
    }

    func track(_ request: Request, _ context: ServiceRequestContext) async throws -> Response {
        let number = try pathCatalogNumber(context)
        let query = QueryParameters(request)
        let start = try query.instant("start", default: clock())
        let end = try query.instant("end", default: start.adding(seconds: 86_400))
        let step = try query.double("step_s", default: 60, in: 1...86_400, unit: " s") ?? 60
        let span = try checkSpan(start: start, end: end, maximumDays: configuration.maximumSpanDays)
        guard span / step <= Double(configuration.maximumSteps) else {
            throw ServiceError.badParameter("step_s", "the span and step give \(Int(span / step) + 1) points; at most \(configuration.maximumSteps) per request",
                                            limit: "\(configuration.maximumSteps) steps")
        }
        let propagator = try await cache.current(store).propagator(number)
        var points: [JSONValue] = []
        var stopped: String?
        let count = Int((span / step).rounded(.down))
        var offsets = (0...count).map { Double($0) * step }
        if let last = offsets.last, last < span { offsets.append(span) }
        for offset in offsets {
            let instant = start.adding(seconds: offset)
            do {
                let state = try propagator.state(at: instant)
                let p = GroundTrack.subsatellitePoint(of: state, at: instant)
                points.append(.object([("time", time(instant)), ("latitude_deg", .number(p.latitudeDeg, digits: 6)),
                                       ("longitude_deg", .number(p.longitudeDeg, digits: 6)),
                                       ("height_km", .number(p.heightKm, digits: 6))]))
            } catch {
                stopped = "propagation stopped at \(instant.iso8601(fractionDigits: 3)): \(error)"
                break
            }
        }
        let json: JSONValue = .object([
            ("catalog_number", .int(number.rawValue)), ("points", .array(points)), ("stopped", .optional(stopped)),
            ("element_sets", .array([elementSetReference(propagator.elementSet, reference: start)])),
        ])
        return respond(request, json: json, cacheSeconds: query.has("start") ? 300 : 5)
    }

    func footprint(_ request: Request, _ context: ServiceRequestContext) async throws -> Response {
        let number = try pathCatalogNumber(context)
        let query = QueryParameters(request)
        let at = try query.instant("at", default: clock())
        let minimum = try query.double("min_elevation", default: 0, in: 0...89, unit: " degrees") ?? 0
        let propagator = try await cache.current(store).propagator(number)
        let state: StateVector<TEME>
        do {
            state = try propagator.state(at: at)
        } catch {
            throw ServiceError(status: 422, parameter: "at", "catalog number \(number) cannot be propagated to \(at.iso8601(fractionDigits: 3)): \(error)")
        }
        let center = GroundTrack.subsatellitePoint(of: state, at: at)
        let boundary = VisibilityFootprint(center: center, minimumElevationDeg: minimum).boundary(pointCount: 72)
        let json: JSONValue = .object([
            ("at", time(at)),
            ("center", .object([("latitude_deg", .number(center.latitudeDeg, digits: 6)),
                                ("longitude_deg", .number(center.longitudeDeg, digits: 6)),
                                ("height_km", .number(center.heightKm, digits: 6))])),
            ("points", .array(boundary.map { (g: GeodeticPosition) -> JSONValue in
                .object([("latitude_deg", .number(g.latitudeDeg, digits: 6)), ("longitude_deg", .number(g.longitudeDeg, digits: 6))])
            })),
            ("element_sets", .array([elementSetReference(propagator.elementSet, reference: at)])),
        ])
        return respond(request, json: json, cacheSeconds: query.has("at") ? 300 : 5)
    }

    func look(_ request: Request, _ context: ServiceRequestContext) async throws -> Response {
        let number = try pathCatalogNumber(context)
        let query = QueryParameters(request)
        let site = try query.site()
        let at = try query.instant("at", default: clock())
        let frequency = try query.double("frequency_mhz", in: 0.001...1_000_000, unit: " MHz")
        let propagator = try await cache.current(store).propagator(number)
        let state: StateVector<TEME>
        do {
            state = try propagator.state(at: at)
        } catch {
            throw ServiceError(status: 422, parameter: "at", "catalog number \(number) cannot be propagated to \(at.iso8601(fractionDigits: 3)): \(error)")
        }
        let look = site.lookAngles(to: state, at: at)
        var doppler = JSONValue.null
        if let frequency { doppler = .number(look.dopplerShiftHz(frequencyHz: frequency * 1e6), digits: 3) }
        let json: JSONValue = .object([
            ("catalog_number", .int(number.rawValue)),
            ("name", .optional(propagator.elementSet.objectName)),
            ("at", time(at)),
            ("azimuth_deg", .number(look.azimuthDeg, digits: 6)),
            ("elevation_deg", .number(look.elevationDeg, digits: 6)),
            ("range_km", .number(look.rangeKm, digits: 6)),
            ("range_rate_km_s", .number(look.rangeRateKmPerS, digits: 9)),
            ("doppler_hz", doppler),
            ("element_sets", .array([elementSetReference(propagator.elementSet, reference: at)])),
        ])
        return respond(request, json: json, cacheSeconds: query.has("at") ? 300 : 5)
    }

    // MARK: - Passes and what is above

    func passEventJSON(_ event: PassEvent?) -> JSONValue {
        guard let event else { return .null }
        return .object([("time", time(event.instant)), ("azimuth_deg", .number(event.azimuthDeg, digits: 6)),
                        ("elevation_deg", .number(event.elevationDeg, digits: 6))])
    }

    func passJSON(_ pass: Pass, site: Site, propagator: SGP4Propagator?) -> JSONValue {
        let c = pass.culmination
        var magnitude: JSONValue = .null
        if c.isSunlit, let standard = VisualMagnitude.standardMagnitude(of: pass.catalogNumber), let propagator,
           let state = try? propagator.state(at: c.instant),
           let estimate = VisualMagnitude.estimate(standardMagnitude: standard, objectTEME: state, site: site, at: c.instant) {
            magnitude = .number(estimate, digits: 1)
        }
        return .object([
            ("catalog_number", .int(pass.catalogNumber.rawValue)),
            ("name", .optional(pass.objectName)),
            ("rise", passEventJSON(pass.rise)),
            ("culmination", .object([
                ("time", time(c.instant)), ("azimuth_deg", .number(c.azimuthDeg, digits: 6)),
                ("elevation_deg", .number(c.elevationDeg, digits: 6)), ("range_km", .number(c.rangeKm, digits: 6)),
                ("sunlit", .bool(c.isSunlit)), ("sun_elevation_deg", .number(c.sunElevationDeg, digits: 4)),
            ])),
            ("set", passEventJSON(pass.set)),
            ("visible", .bool(pass.isVisibleAtCulmination)),
            ("magnitude", magnitude),
        ])
    }

    func passes(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        let now = clock()
        let numbers = try query.catalogNumbers("catalog_number", maximum: configuration.maximumCatalogNumbers)
        let site = try query.site()
        let start = try query.instant("start", default: now)
        let end = try query.instant("end", default: start.adding(seconds: 86_400))
        let minimum = try query.double("min_elevation", default: 10, in: -5...90, unit: " degrees") ?? 10
        let wholeCatalog = numbers.isEmpty
        _ = try checkSpan(start: start, end: end, maximumDays: wholeCatalog ? configuration.maximumWholeCatalogPassSpanDays
                                                                          : configuration.maximumSpanDays)
        let snapshot = try await cache.current(store)
        let finder = PassFinder(site: site, minimumElevationDeg: minimum)
        var propagators: [SGP4Propagator] = []
        if wholeCatalog {
            propagators = snapshot.propagators
        } else {
            for number in numbers { propagators.append(try snapshot.propagator(number)) }
        }
        let search = finder.search(propagators, from: start, to: end, threads: wholeCatalog ? configuration.threads : 1)
        var passes = search.passes
        passes.sort { ($0.rise?.instant ?? $0.culmination.instant) < ($1.rise?.instant ?? $1.culmination.instant) }
        let byNumber = Dictionary(propagators.map { ($0.elementSet.catalogNumber, $0) }, uniquingKeysWith: { a, _ in a })
        let siteJSON: JSONValue = .object([("latitude_deg", .number(site.latitudeDeg)), ("longitude_deg", .number(site.longitudeDeg)),
                                           ("height_m", .number(site.heightMeters, digits: 3))])
        let passRows: [JSONValue] = passes.map { passJSON($0, site: site, propagator: byNumber[$0.catalogNumber]) }
        let failureRows: [JSONValue] = search.failures.map { (f: PassSearchFailure) -> JSONValue in
            .object([("catalog_number", .int(f.catalogNumber.rawValue)), ("message", .string(f.error.description))])
        }
        var members: [(String, JSONValue)] = [("site", siteJSON)]
        members.append(("start", time(start)))
        members.append(("end", time(end)))
        members.append(("min_elevation_deg", .number(minimum)))
        members.append(("passes", .array(passRows)))
        members.append(("failures", .array(failureRows)))
        if wholeCatalog {
            members.append(("data", snapshot.dataJSON(now: now)))
        } else {
            members.append(("element_sets", .array(propagators.map { elementSetReference($0.elementSet, reference: start) })))
        }
        return respond(request, json: .object(members), cacheSeconds: query.has("start") ? 300 : 5)
    }

    func above(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        let now = clock()
        let site = try query.site()
        let at = try query.instant("at", default: now)
        let minimum = try query.double("min_elevation", default: 0, in: -5...90, unit: " degrees") ?? 0
        let snapshot = try await cache.current(store)
        let objects = OverheadFinder(site: site, minimumElevationDeg: minimum)
            .objects(among: snapshot.propagators, at: at, threads: configuration.threads)
        let rows = objects.map { o -> JSONValue in
            .object([
                ("catalog_number", .int(o.catalogNumber.rawValue)), ("name", .optional(o.objectName)),
                ("azimuth_deg", .number(o.lookAngles.azimuthDeg, digits: 6)),
                ("elevation_deg", .number(o.lookAngles.elevationDeg, digits: 6)),
                ("range_km", .number(o.lookAngles.rangeKm, digits: 6)),
                ("range_rate_km_s", .number(o.lookAngles.rangeRateKmPerS, digits: 9)),
            ])
        }
        let json: JSONValue = .object([
            ("at", time(at)), ("min_elevation_deg", .number(minimum)), ("count", .int(rows.count)),
            ("objects", .array(rows)), ("data", snapshot.dataJSON(now: now)),
        ])
        return respond(request, json: json, cacheSeconds: query.has("at") ? 300 : 5)
    }

    // MARK: - Conjunctions, launches, diff

    func conjunctions(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        let now = clock()
        guard let numberText = try query.string("catalog_number") else {
            throw ServiceError.badParameter("catalog_number", "catalog_number is required (the object to screen against the catalog)")
        }
        let number = try QueryParameters.catalogNumber(numberText, name: "catalog_number")
        let start = try query.instant("start", default: now)
        let seconds = try parseSpanSeconds(try query.string("duration") ?? "1d", name: "duration")
        guard seconds <= configuration.maximumSpanDays * 86_400 else {
            throw ServiceError.badParameter("duration", "duration must be at most \(QueryParameters.plain(configuration.maximumSpanDays)) days",
                                            limit: "\(QueryParameters.plain(configuration.maximumSpanDays)) days")
        }
        let threshold = try query.double("threshold_km", default: 5, in: 0.001...100, unit: " km") ?? 5
        let snapshot = try await cache.current(store)
        _ = try snapshot.propagator(number)
        var screening = ConjunctionScreening(start: start, duration: .milliseconds(Int64((seconds * 1000).rounded())),
                                             thresholdKm: threshold, selection: .primaries([number]))
        screening.threads = configuration.threads
        let result: ScreeningResult
        do {
            result = try screening.run(snapshot.elementSets)
        } catch {
            throw ServiceError(status: 422, "the screening could not run: \(error)")
        }
        let rows = result.conjunctions.map { e -> JSONValue in
            .object([
                ("catalog_number_1", .int(e.catalogNumber1.rawValue)), ("catalog_number_2", .int(e.catalogNumber2.rawValue)),
                ("tca", time(e.timeOfClosestApproach)), ("miss_km", .number(e.missDistanceKm, digits: 6)),
                ("relative_speed_km_s", .number(e.relativeSpeedKmPerS, digits: 6)),
                ("radial_km", .number(e.radialKm, digits: 6)), ("in_track_km", .number(e.inTrackKm, digits: 6)),
                ("cross_track_km", .number(e.crossTrackKm, digits: 6)), ("max_probability", .number(e.maximumProbability)),
            ])
        }
        let json: JSONValue = .object([
            ("catalog_number", .int(number.rawValue)), ("start", time(start)),
            ("end", time(start.adding(seconds: seconds))), ("threshold_km", .number(threshold)),
            ("conjunctions", .array(rows)), ("data", snapshot.dataJSON(now: now)),
        ])
        return respond(request, json: json, cacheSeconds: query.has("start") ? 300 : 30)
    }

    func launch(_ request: Request, _ context: ServiceRequestContext) async throws -> Response {
        let text = context.parameters.get("designator") ?? ""
        guard let query = LaunchDesignatorQuery(text) else {
            throw ServiceError.badParameter(
                "designator", "\"\(text)\" is not an international designator such as 2023-091, 2023-091A or 23091")
        }
        let (records, dataEnd) = try await store.run { s throws(CatalogError) in
            (try await Self.launchRecords(s, query: query), try await s.dataAge()?.newestEpoch)
        }
        guard !records.isEmpty else {
            throw ServiceError.notFound("no catalogued objects for \(query.piece == nil ? "launch " : "")\(query.text)"
                                        + (dataEnd.map { " in data up to \($0.iso8601(fractionDigits: 0))" } ?? ""),
                                        parameter: "designator")
        }
        let now = clock()
        let byNumber = Dictionary(records.map { ($0.catalogNumber, $0) }, uniquingKeysWith: { a, _ in a })
        var references: [JSONValue] = []
        let rows = LaunchVerdict.assess(records, dataEnd: dataEnd).map { v -> JSONValue in
            let verdict = v.verdict.name, decayedAt = v.verdict.decayDate
            let record = byNumber[v.catalogNumber]
            if let latest = record?.elementSets.max(by: { $0.epoch < $1.epoch }) {
                references.append(elementSetReference(latest, reference: now))
            }
            let object = CatalogObject(catalogNumber: v.catalogNumber, internationalDesignator: v.internationalDesignator,
                                       name: v.name, launchDate: record?.launchDate, decayDate: record?.decayDate)
            var members = objectJSON(object)
            members.append(("verdict", .string(verdict)))
            members.append(("first_epoch", .time(v.firstEpoch)))
            members.append(("latest_epoch", .time(v.latestEpoch)))
            members.append(("perigee_km", .optionalNumber(v.perigeeHeightKm, digits: 3)))
            members.append(("apogee_km", .optionalNumber(v.apogeeHeightKm, digits: 3)))
            members.append(("decayed_at", .optional(decayedAt)))
            members.append(("predicted_reentry", .time(v.reentryForecast?.predictedReentry)))
            members.append(("last_manoeuvre", v.lastManoeuvre.map(manoeuvreJSON) ?? .null))
            return .object(members)
        }
        let json: JSONValue = .object([("launch", .string(query.text)), ("objects", .array(rows)),
                                       ("element_sets", .array(references))])
        return respond(request, json: json)
    }

    func diff(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        let now = clock()
        let to = try query.instant("to", default: now)
        let from = try query.instant("from", default: to.adding(seconds: -86_400))
        guard from < to else { throw ServiceError.badParameter("to", "to must be after from") }
        let (old, new) = try await store.run { s throws(CatalogError) in
            (try await s.latestElementSets(asOf: from).map(\.elementSet), try await s.latestElementSets(asOf: to).map(\.elementSet))
        }
        let diff = CatalogDiffer().diff(old: old, new: new)
        func brief(_ set: ElementSet) -> [(String, JSONValue)] {
            [("catalog_number", .int(set.catalogNumber.rawValue)), ("name", .optional(set.objectName)), ("epoch", time(set.epoch))]
        }
        func gone(_ d: DisappearedObject) -> JSONValue {
            .object(brief(d.lastElementSet) + [("perigee_altitude_km", .number(d.perigeeAltitudeKm, digits: 1))])
        }
        let s = diff.summary
        let added: [JSONValue] = diff.newObjects.map { .object(brief($0)) }
        let decayed: [JSONValue] = diff.disappeared.filter { $0.reason == .decayed }.map(gone)
        let vanished: [JSONValue] = diff.disappeared.filter { $0.reason == .vanished }.map(gone)
        let manoeuvred: [JSONValue] = diff.manoeuvred.map { (m: ManoeuvredObject) -> JSONValue in
            let extra: [(String, JSONValue)] = [("delta_a_km", .number(m.semiMajorAxisChangeKm, digits: 3)),
                                                ("delta_i_deg", .number(m.inclinationChangeDeg, digits: 4))]
            return .object(brief(m.newElementSet) + extra)
        }
        let unpropagated: [JSONValue] = diff.unpropagated.map { .int($0.rawValue) }
        let summary: JSONValue = .object([
            ("old_objects", .int(s.oldObjectCount)), ("new_objects", .int(s.newObjectCount)), ("new", .int(s.newCount)),
            ("decayed", .int(s.decayedCount)), ("vanished", .int(s.vanishedCount)),
            ("manoeuvred", .int(s.manoeuvredCount)), ("unpropagated", .int(s.unpropagatedCount)),
        ])
        let newest: Instant? = new.map(\.epoch).max()
        let data: JSONValue = .object([
            ("old_element_set_count", .int(old.count)), ("new_element_set_count", .int(new.count)),
            ("newest_epoch", .time(newest)),
            ("age_days", .ageDays(from: newest, to: now)),
            ("element_set_count", .int(new.count)),
        ])
        var members: [(String, JSONValue)] = [("from", time(from)), ("to", time(to))]
        members.append(("new", .array(added)))
        members.append(("decayed", .array(decayed)))
        members.append(("vanished", .array(vanished)))
        members.append(("manoeuvred", .array(manoeuvred)))
        members.append(("unpropagated", .array(unpropagated)))
        members.append(("summary", summary))
        members.append(("data", data))
        let json: JSONValue = .object(members)
        return respond(request, json: json, cacheSeconds: query.has("to") ? 300 : 30)
    }

    // MARK: - Writes

    /// Checks `X-API-Key`: 401 without one, 403 with one that is not listed.
    func authorise(_ request: Request) throws(ServiceError) {
        guard let key = request.headers[HTTPField.Name("X-API-Key")!], !key.isEmpty else {
            throw ServiceError(status: 401, parameter: "X-API-Key", "this endpoint needs an API key in the X-API-Key header")
        }
        guard APIKeys.isValid(key, digests: configuration.apiKeyDigests) else {
            throw ServiceError(status: 403, parameter: "X-API-Key", "the API key is not valid")
        }
    }

    /// Ingests uploaded or fetched bytes into a store (a plain function: an `inout` across `await` inside a
    /// closure made the compiler's mandatory passes take minutes).
    static func ingestElementSets(_ bytes: [UInt8], source: String, into store: any ElementSetStore) async throws(CatalogError) -> IngestSummary {
        var counts = IngestSummary()
        try await CatalogIngester(store: store).ingest(bytes: bytes, source: source, into: &counts)
        return counts
    }

    /// The objects of one launch (at most 500) with their element-set histories.
    static func launchRecords(_ store: any ElementSetStore,
                              query: LaunchDesignatorQuery) async throws(CatalogError) -> [LaunchObjectRecord] {
        var records: [LaunchObjectRecord] = []
        let objects = try await store.objects(designatorPrefix: query.launch).filter {
            $0.internationalDesignator.map(query.matches) ?? false
        }
        for object in objects.prefix(500) {
            let sets = try await store.history(of: object.catalogNumber).map(\.elementSet)
            records.append(LaunchObjectRecord(
                catalogNumber: object.catalogNumber, internationalDesignator: object.internationalDesignator,
                name: object.name, launchDate: object.launchDate, decayDate: object.decayDate, elementSets: sets))
        }
        return records
    }

    /// The request body, at most `limit` bytes (413 beyond). A plain function: reading the body through a mutated
    /// copy of the request inside the handler made the compiler's mandatory passes run for minutes.
    static func uploadedBytes(_ body: RequestBody, limit: Int) async throws(ServiceError) -> [UInt8] {
        do {
            let buffer = try await body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch {
            throw ServiceError(status: 413, parameter: "body", "the upload is larger than \(limit) bytes", limit: "\(limit) bytes")
        }
    }

    func summaryJSON(_ summary: IngestSummary) -> JSONValue {
        .object([
            ("element_sets_read", .int(summary.elementSetsRead)), ("new_element_sets", .int(summary.newElementSets)),
            ("duplicates", .int(summary.duplicates)), ("objects_written", .int(summary.objectsWritten)),
            ("objects_unchanged", .int(summary.objectsUnchanged)),
            ("rejected", .array(summary.rejected.prefix(100).map { .string($0.description) })),
            ("rejected_count", .int(summary.rejected.count)),
        ])
    }

    /// Stores uploaded element sets; a store's 400 (unreadable data) names the body.
    func ingestUpload(_ bytes: [UInt8], source: String) async throws(ServiceError) -> IngestSummary {
        do {
            return try await store.run { s throws(CatalogError) in try await Self.ingestElementSets(bytes, source: source, into: s) }
        } catch where error.status == 400 {
            throw ServiceError.badParameter("body", error.message)
        }
    }

    func ingest(_ request: Request, _ context: ServiceRequestContext) async throws -> Response {
        try authorise(request)
        let limit = configuration.maximumUploadBytes
        let bytes = try await Self.uploadedBytes(request.body, limit: limit)
        guard !bytes.isEmpty else { throw ServiceError.badParameter("body", "the request body is empty; send element sets (TLE, 3LE or OMM)") }
        let source = "api upload " + clock().iso8601(fractionDigits: 3)
        let summary = try await ingestUpload(bytes, source: source)
        cache.invalidate()
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: JSONValue.object([("ingest", summaryJSON(summary))]).text)))
    }

    func sync(_ request: Request) async throws -> Response {
        try authorise(request)
        let query = QueryParameters(request)
        let group = try query.string("group") ?? "active"
        guard !group.isEmpty, group.count <= 40, group.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ServiceError.badParameter("group", "group must be a CelesTrak group name such as active or stations")
        }
        let url = configuration.celestrakURL + "?GROUP=\(group)&FORMAT=json"
        let cacheDirectory = configuration.fetchCacheDirectory
            ?? RemoteFetcher.defaultCacheDirectory(environment: ProcessInfo.processInfo.environment)
        let fetched: RemoteFetcher.Fetched
        do {
            fetched = try await RemoteFetcher(cacheDirectory: cacheDirectory, minimumAge: 7_200).fetch(url)
        } catch {
            throw ServiceError(status: 502, "the sync source did not answer: \(error)")
        }
        let bytes = fetched.bytes
        let summary = try await store.run { s throws(CatalogError) in try await Self.ingestElementSets(bytes, source: url, into: s) }
        cache.invalidate()
        let json: JSONValue = .object([("source", .string(url)), ("from_cache", .bool(fetched.fromCache)),
                                       ("ingest", summaryJSON(summary))])
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: json.text)))
    }
}

extension QueryParameters {
    /// Whether the parameter was given.
    func has(_ name: String) -> Bool { !list(name).isEmpty }
}
