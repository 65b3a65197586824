/// Why SGP4 could not produce a state, with Vallado's error code (1…6) and the time it happened.
///
/// The codes keep the meanings of Vallado's reference implementation:
///
/// | code | condition |
/// | --- | --- |
/// | 1 | mean eccentricity out of range (≥ 1 or < −0.001); also an invalid element set or a non-finite time |
/// | 2 | mean motion ≤ 0 |
/// | 3 | perturbed eccentricity (after the lunar–solar periodics) outside 0…1 |
/// | 4 | semi-latus rectum < 0 |
/// | 5 | epoch elements are sub-orbital (kept for completeness; like the current reference code, never raised) |
/// | 6 | the satellite has decayed (radius below one Earth radius) |
public struct SGP4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// What exactly went wrong; refines ``code`` for the description.
    @usableFromInline
    enum Condition: UInt8, Sendable, Hashable {
        case meanEccentricityNegative, meanEccentricityTooLarge, meanEccentricityNotANumber
        case invalidEccentricity, nonFiniteElement, nonFiniteTime, timeTooFarFromEpoch
        case meanMotionNotPositive, invalidMeanMotion
        case perturbedEccentricityOutOfRange
        case semiLatusRectumNegative
        case subOrbital
        case decayed
    }

    /// Vallado's error code, 1…6 (see the table above).
    public let code: Int
    /// Minutes since epoch at which propagation failed; `0` for a failure during initialisation's evaluation at
    /// epoch, `nil` when the element set was rejected before any evaluation.
    public let minutesSinceEpoch: Double?
    /// The precise condition (drives ``description``).
    @usableFromInline let condition: Condition

    @usableFromInline
    init(_ condition: Condition, at minutes: Double?) {
        self.condition = condition
        self.minutesSinceEpoch = minutes
        switch condition {
        case .meanEccentricityNegative, .meanEccentricityTooLarge, .meanEccentricityNotANumber,
             .invalidEccentricity, .nonFiniteElement, .nonFiniteTime, .timeTooFarFromEpoch:
            code = 1
        case .meanMotionNotPositive, .invalidMeanMotion: code = 2
        case .perturbedEccentricityOutOfRange: code = 3
        case .semiLatusRectumNegative: code = 4
        case .subOrbital: code = 5
        case .decayed: code = 6
        }
    }

    /// A one-line explanation, for example "mean eccentricity < 0 at 494.2 min (error 1)".
    public var description: String {
        let what: String
        switch condition {
        case .meanEccentricityNegative: what = "mean eccentricity < 0"
        case .meanEccentricityTooLarge: what = "mean eccentricity >= 1"
        case .meanEccentricityNotANumber: what = "mean eccentricity is not a number"
        case .invalidEccentricity: what = "element set eccentricity outside 0 ..< 1"
        case .nonFiniteElement: what = "element set has a non-finite element"
        case .nonFiniteTime: what = "time since epoch is not finite"
        case .timeTooFarFromEpoch:
            what = "time since epoch beyond ±\(Int(SGP4Record.maximumResonantMinutes / 525_960)) years for a resonant "
                + "deep-space orbit"
        case .meanMotionNotPositive: what = "mean motion <= 0"
        case .invalidMeanMotion: what = "element set mean motion not positive"
        case .perturbedEccentricityOutOfRange: what = "perturbed eccentricity outside 0 ... 1"
        case .semiLatusRectumNegative: what = "semi-latus rectum < 0"
        case .subOrbital: what = "epoch elements are sub-orbital"
        case .decayed: what = "satellite has decayed"
        }
        if let minutesSinceEpoch {
            return "\(what) at \(minutesSinceEpoch) min (error \(code))"
        }
        return "\(what) (error \(code))"
    }
}
