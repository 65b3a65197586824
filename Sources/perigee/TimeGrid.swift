import Perigee

/// Parses `--minutes` lists: comma-separated values and `start:stop:step` ranges, in minutes.
///
/// A range yields `start + k·step` for every k with the value not past `stop`, and then `stop` itself when the
/// grid missed it (as Vallado's verification driver does).
func parseMinutesList(_ text: String) throws -> [Double] {
    var minutes: [Double] = []
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
        let trimmed = item.trimmingCharacters(in: " ")
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let numbers = parts.map { Double($0) }
        guard !trimmed.isEmpty, numbers.allSatisfy({ $0?.isFinite == true }) else {
            throw CommandFailure(description: "--minutes: '\(trimmed)' is not a number or a start:stop:step range")
        }
        let values = numbers.compactMap { $0 }
        switch values.count {
        case 1:
            minutes.append(values[0])
        case 3:
            let (start, stop, step) = (values[0], values[1], values[2])
            guard step > 0, stop >= start else {
                throw CommandFailure(description: "--minutes: range '\(trimmed)' needs stop ≥ start and step > 0")
            }
            let steps = ((stop - start) / step).rounded(.down)
            guard steps.isFinite, steps < 50_000_000 else {
                throw CommandFailure(description: "--minutes: range '\(trimmed)' has more than 50,000,000 steps")
            }
            let count = Int(steps)
            for k in 0...count { minutes.append(start + Double(k) * step) }
            if let last = minutes.last, last < stop { minutes.append(stop) }
        default:
            throw CommandFailure(description: "--minutes: '\(trimmed)' must be a number or start:stop:step")
        }
    }
    return minutes
}

/// Instants from `start` to `end` inclusive every `stepSeconds`, with `end` itself appended when off the grid.
func instantGrid(start: Instant, end: Instant, stepSeconds: Double) throws -> [Instant] {
    guard stepSeconds > 0, stepSeconds.isFinite else { throw CommandFailure(description: "--step must be > 0 seconds") }
    let span = end.seconds(since: start)
    guard span >= 0 else { throw CommandFailure(description: "--end must not be before --start") }
    let steps = (span / stepSeconds).rounded(.down)
    guard steps.isFinite, steps < 50_000_000 else {
        throw CommandFailure(description: "--step gives more than 50,000,000 times")
    }
    let count = Int(steps)
    var instants = (0...count).map { start.adding(seconds: Double($0) * stepSeconds) }
    if let last = instants.last, last < end { instants.append(end) }
    return instants
}

/// Parses an ISO 8601 option value into an instant, naming the option on failure.
func parseInstant(_ text: String, option: String) throws -> Instant {
    do {
        return try Instant(iso8601: text)
    } catch {
        throw CommandFailure(description: "\(option): \(error)")
    }
}

extension StringProtocol {
    /// The string without leading and trailing occurrences of `character`.
    func trimmingCharacters(in character: Character) -> String {
        String(self.drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
