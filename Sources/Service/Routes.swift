import Astrodynamics
import Catalog
import ElementSets
import Foundation
import HTTPTypes
import Hummingbird
import Observation
import OrbitHistory
import Propagation

extension PerigeeService {
    /// Registers every endpoint.
    func addRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/health") { request, _ in try await self.health(request) }
        router.get("/metrics") { request, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: self.metrics.prometheusText())))
        }
        router.get("/openapi.json") { request, _ in try self.openAPIDocument(request) }
        let api = router.group("api/v1")
        api.get("sites") { request, _ in self.sites(request) }
        api.get("objects") { request, _ in try await self.searchObjects(request) }
        api.get("objects/:catalog_number") { request, context in try await self.objectDetail(request, context) }
        api.get("objects/:catalog_number/elements") { request, context in try await self.elements(request, context) }
        api.get("objects/:catalog_number/history") { request, context in try await self.history(request, context) }
        api.get("objects/:catalog_number/history/summary") { request, context in try await self.historySummary(request, context) }
        api.get("objects/:catalog_number/track") { request, context in try await self.track(request, context) }
        api.get("objects/:catalog_number/footprint") { request, context in try await self.footprint(request, context) }
        api.get("objects/:catalog_number/look") { request, context in try await self.look(request, context) }
        api.get("objects/:catalog_number/manoeuvres") { request, context in try await self.manoeuvres(request, context) }
        api.get("objects/:catalog_number/decay") { request, context in try await self.decay(request, context) }
        api.get("positions") { request, _ in try await self.positions(request) }
        api.get("passes") { request, _ in try await self.passes(request) }
        api.get("above") { request, _ in try await self.above(request) }
        api.get("conjunctions") { request, _ in try await self.conjunctions(request) }
        api.get("launches/:designator") { request, context in try await self.launch(request, context) }
        api.get("diff") { request, _ in try await self.diff(request) }
        api.post("ingest") { request, context in try await self.ingest(request, context) }
        api.post("sync") { request, _ in try await self.sync(request) }
    }

    // MARK: - Shared pieces

    /// The catalog number in the path.
    func pathCatalogNumber(_ context: ServiceRequestContext) throws(ServiceError) -> CatalogNumber {
        let text = context.parameters.get("catalog_number") ?? ""
        return try QueryParameters.catalogNumber(text, name: "catalog_number")
    }

    /// `{"catalog_number", "epoch", "age_days"}` of a set, its age counted to `reference`.
    func elementSetReference(_ set: ElementSet, reference: Instant) -> JSONValue {
        .object([
            ("catalog_number", .int(set.catalogNumber.rawValue)),
            ("epoch", .string(set.epoch.iso8601(fractionDigits: 3))),
            ("age_days", .number(reference.seconds(since: set.epoch) / 86_400, digits: 4)),
        ])
    }

    /// References to the first and last sets of a history (one when it holds a single set), ages counted to
    /// `reference`.
    func historyReferences(_ sets: [ElementSet], reference: Instant) -> [JSONValue] {
        guard let first = sets.first, let last = sets.last else { return [] }
        let ends = sets.count > 1 ? [first, last] : [first]
        return ends.map { elementSetReference($0, reference: reference) }
    }

    /// An ISO 8601 time with milliseconds.
    func time(_ instant: Instant) -> JSONValue { .string(instant.iso8601(fractionDigits: 3)) }

    /// An object row as JSON.
    func objectJSON(_ object: CatalogObject) -> [(String, JSONValue)] {
        [
            ("catalog_number", .int(object.catalogNumber.rawValue)),
            ("name", .optional(object.name)),
            ("international_designator", .optional(object.internationalDesignator)),
            ("object_type", .optional(object.objectType)),
            ("owner", .optional(object.owner)),
            ("launch_date", .optional(object.launchDate)),
            ("decay_date", .optional(object.decayDate)),
        ]
    }

    /// The span from `start` to `end`, checked against the limits.
    func checkSpan(start: Instant, end: Instant, maximumDays: Double, endName: String = "end") throws(ServiceError) -> Double {
        let span = end.seconds(since: start)
        guard span > 0 else { throw .badParameter(endName, "\(endName) must be after start") }
        guard span <= maximumDays * 86_400 else {
            throw .badParameter(endName, "the span from start to \(endName) must be at most \(QueryParameters.plain(maximumDays)) days",
                                limit: "\(QueryParameters.plain(maximumDays)) days")
        }
        return span
    }

    /// Every stored set of one object, 404 when there is none.
    func storedHistory(_ number: CatalogNumber) async throws(ServiceError) -> [StoredElementSet] {
        let history = try await store.run { s throws(CatalogError) in try await s.history(of: number) }
        guard !history.isEmpty else {
            throw .notFound("no element set stored for catalog number \(number)", parameter: "catalog_number")
        }
        return history
    }

    // MARK: - Service endpoints

    func health(_ request: Request) async throws -> Response {
        let now = clock()
        let (count, age) = try await store.run { s throws(CatalogError) in
            (try await s.elementSetCount(), try await s.dataAge())
        }
        let json: JSONValue = .object([
            ("status", .string("ok")),
            ("database", .string(store.backend)),
            ("element_set_count", .int(count)),
            ("newest_epoch", .time(age?.newestEpoch)),
            ("age_days", .ageDays(from: age?.newestEpoch, to: now)),
            ("last_ingest", .time(age?.lastIngest)),
        ])
        return respond(request, json: json, cacheSeconds: 0)
    }

    func openAPIDocument(_ request: Request) throws -> Response {
        guard let directory = resourcesDirectory,
              let text = try? String(contentsOfFile: directory + "/openapi.json", encoding: .utf8) else {
            throw ServiceError.notFound("the OpenAPI document is not installed with this build")
        }
        return respond(request, body: text, cacheSeconds: 300)
    }

    func sites(_ request: Request) -> Response {
        let sites = Site.builtIn.map { site -> JSONValue in
            .object([("name", .string(site.name)), ("latitude_deg", .number(site.latitudeDeg)),
                     ("longitude_deg", .number(site.longitudeDeg)), ("height_m", .number(site.heightMeters, digits: 3))])
        }
        return respond(request, json: .object([("sites", .array(sites))]), cacheSeconds: 3_600)
    }

    // MARK: - Objects

    func searchObjects(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        guard let text = try query.string("q")?.trimmingBlanks(), !text.isEmpty else {
            throw ServiceError.badParameter("q", "q is required: a name, a catalog number or an international designator")
        }
        guard text.count <= 100 else {
            throw ServiceError.badParameter("q", "q must be at most 100 characters", limit: "100 characters")
        }
        let limit = try query.int("limit", default: 20, in: 1...configuration.maximumSearchLimit)
        let found = try await store.run { s throws(CatalogError) in try await s.searchObjects(matching: text, limit: limit) }
        let json: JSONValue = .object([("objects", .array(found.map { .object(objectJSON($0)) }))])
        return respond(request, json: json)
    }

    func objectDetail(_ request: Request, _ context: ServiceRequestContext) async throws -> Response {
        let number = try pathCatalogNumber(context)
        let now = clock()
        let snapshot = try await cache.current(store)
        let row = try await store.run { s throws(CatalogError) in try await s.object(number) }
        let set = snapshot.latest[number]
        guard row != nil || set != nil else {
            throw ServiceError.notFound("catalog number \(number) is not in the catalog", parameter: "catalog_number")
        }
        let object = row ?? CatalogObject(catalogNumber: number, internationalDesignator: set?.objectID, name: set?.objectName)
        var members: [(String, JSONValue)] = [("object", .object(objectJSON(object)))]
        if let set {
            let heights = LaunchVerdict.heights(of: set)
            members.append(("latest", .object([
                ("epoch", time(set.epoch)),
                ("age_days", .number(now.seconds(since: set.epoch) / 86_400, digits: 4)),
                ("perigee_km", .number(heights.perigeeKm, digits: 3)),
                ("apogee_km", .number(heights.apogeeKm, digits: 3)),
                ("inclination_deg", .number(set.inclinationDeg)),
                ("period_min", .number(1_440 / set.meanMotionRevPerDay, digits: 4)),
                ("mean_motion_rev_per_day", .number(set.meanMotionRevPerDay)),
                ("eccentricity", .number(set.eccentricity)),
                ("bstar", .number(set.bstarPerEarthRadii)),
            ])))
            members.append(("element_sets", .array([elementSetReference(set, reference: now)])))
        } else {
            members.append(("latest", .null))
            members.append(("element_sets", .array([])))
        }
        return respond(request, json: .object(members), cacheSeconds: 30)
    }

    /// The `format` parameter of the element endpoints.
    func elementFormat(_ query: QueryParameters) throws(ServiceError) -> (ElementSetFormat, String) {
        let text = try query.string("format") ?? "omm-json"
        switch text {
        case "omm-json", "json": return (.ommJSON, "application/json; charset=utf-8")
        case "omm-xml", "xml": return (.ommXML, "application/xml; charset=utf-8")
        case "omm-kvn", "kvn": return (.ommKVN, "text/plain; charset=utf-8")
        case "omm-csv", "csv": return (.ommCSV, "text/csv; charset=utf-8")
        case "tle": return (.tle, "text/plain; charset=utf-8")
        case "3le": return (.threeLine, "text/plain; charset=utf-8")
        default:
            throw .badParameter("format", "format must be one of omm-json, omm-xml, omm-kvn, omm-csv, tle, 3le; got \"\(text)\"")
        }
    }

    /// Element sets in a text format, with their epochs and ages in `X-Perigee-Element-Sets`-style headers.
    func encoded(_ request: Request, sets: [ElementSet], format: (ElementSetFormat, String), now: Instant) throws -> Response {
        let text: String
        do {
            text = try ElementSetEncoder(format: format.0).encode(sets)
        } catch {
            throw ServiceError(status: 422, parameter: "format", "these element sets cannot be written as \(format.0.rawValue): \(error)")
        }
        var headers: HTTPFields = [:]
        if let newest = sets.max(by: { $0.epoch < $1.epoch }) {
            headers[HTTPField.Name("X-Perigee-Newest-Epoch")!] = newest.epoch.iso8601(fractionDigits: 3)
            headers[HTTPField.Name("X-Perigee-Age-Days")!] = String(QueryParameters.plain((now.seconds(since: newest.epoch) / 86_400 * 10_000).rounded() / 10_000))
        }
        headers[HTTPField.Name("X-Perigee-Element-Set-Count")!] = String(sets.count)
        return respond(request, body: text, contentType: format.1, cacheSeconds: 60, extraHeaders: headers)
    }

    func elements(_ request: Request, _ context: ServiceRequestContext) async throws -> Response {
        let number = try pathCatalogNumber(context)
        let format = try elementFormat(QueryParameters(request))
        let snapshot = try await cache.current(store)
        guard let set = snapshot.latest[number] else {
            throw ServiceError.notFound("no element set stored for catalog number \(number)", parameter: "catalog_number")
        }
        return try encoded(request, sets: [set], format: format, now: clock())
    }

    func history(_ request: Request, _ context: ServiceRequestContext) async throws -> Response {
        let number = try pathCatalogNumber(context)
        let query = QueryParameters(request)
        let format = try elementFormat(query)
        let from = try query.instant("from")
        let to = try query.instant("to")
        if let from, let to, to < from { throw ServiceError.badParameter("to", "to must not be before from") }
        let sets = try await storedHistory(number).map(\.elementSet).filter { set in
            (from.map { set.epoch >= $0 } ?? true) && (to.map { set.epoch <= $0 } ?? true)
        }
        return try encoded(request, sets: sets, format: format, now: clock())
    }

    func manoeuvreJSON(_ m: Manoeuvre) -> JSONValue {
        .object([
            ("catalog_number", .int(m.catalogNumber.rawValue)),
            ("time", time(m.time)),
            ("kind", .string(m.kind.rawValue)),
            ("delta_v_m_s", .number(m.deltaVMetresPerSecond, digits: 4)),
            ("confidence", .number(m.confidence, digits: 3)),
            ("preceding_epoch", time(m.precedingEpoch)),
            ("following_epoch", time(m.followingEpoch)),
        ])
    }

    /// The decay forecast of a history, or `null` and the reason there is none.
    func decayJSON(_ sets: [ElementSet]) -> (JSONValue, String?) {
        let results = DecayPredictor().predictions(for: sets)
        for result in results {
            switch result {
            case .success(let p):
                return (.object([
                    ("catalog_number", .int(p.catalogNumber.rawValue)),
                    ("predicted_reentry", time(p.predictedReentry)),
                    ("window_start", time(p.windowStart)),
                    ("window_end", time(p.windowEnd)),
                    ("basis", .string(p.basis)),
                    ("last_epoch", time(p.lastEpoch)),
                    ("last_altitude_km", .number(p.lastAltitudeKm, digits: 3)),
                    ("decay_rate_km_per_day", .number(p.decayRateKmPerDay, digits: 4)),
                    ("element_set_count", .int(p.elementSetCount)),
                ]), nil)
            case .failure(let error):
                return (.null, error.reason)
            }
        }
        return (.null, "no element sets")
    }

    func historySummary(_ request: Request, _ context: ServiceRequestContext) async throws -> Response {
        let number = try pathCatalogNumber(context)
        let sets = try await storedHistory(number).map(\.elementSet)
        let now = clock()
        let points = sets.map { set -> JSONValue in
            let h = LaunchVerdict.heights(of: set)
            return .object([
                ("epoch", time(set.epoch)),
                ("perigee_km", .number(h.perigeeKm, digits: 3)),
                ("apogee_km", .number(h.apogeeKm, digits: 3)),
                ("inclination_deg", .number(set.inclinationDeg)),
                ("mean_motion_rev_per_day", .number(set.meanMotionRevPerDay)),
                ("bstar", .number(set.bstarPerEarthRadii)),
            ])
        }
        let found = ManoeuvreDetector().manoeuvres(in: sets)
        let (decay, reason) = decayJSON(sets)
        let references = historyReferences(sets, reference: now)
        let json: JSONValue = .object([
            ("catalog_number", .int(number.rawValue)),
            ("points", .array(points)),
            ("manoeuvres", .array(found.map(manoeuvreJSON))),
            ("decay", decay),
            ("decay_note", .optional(reason)),
            ("element_set_count", .int(sets.count)),
            ("element_sets", .array(references)),
        ])
        return respond(request, json: json)
    }

    func manoeuvres(_ request: Request, _ context: ServiceRequestContext) async throws -> Response {
        let number = try pathCatalogNumber(context)
        let sets = try await storedHistory(number).map(\.elementSet)
        let now = clock()
        let found = ManoeuvreDetector().manoeuvres(in: sets)
        let references = historyReferences(sets, reference: now)
        let json: JSONValue = .object([
            ("catalog_number", .int(number.rawValue)),
            ("manoeuvres", .array(found.map(manoeuvreJSON))),
            ("element_set_count", .int(sets.count)),
            ("element_sets", .array(references)),
        ])
        return respond(request, json: json)
    }

    func decay(_ request: Request, _ context: ServiceRequestContext) async throws -> Response {
        let number = try pathCatalogNumber(context)
        let sets = try await storedHistory(number).map(\.elementSet)
        let now = clock()
        let (decay, reason) = decayJSON(sets)
        let references = historyReferences(sets, reference: now)
        let json: JSONValue = .object([
            ("catalog_number", .int(number.rawValue)),
            ("decay", decay),
            ("reason", .optional(reason)),
            ("element_set_count", .int(sets.count)),
            ("element_sets", .array(references)),
        ])
        return respond(request, json: json)
    }
}
