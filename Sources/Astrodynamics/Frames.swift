/// A reference frame marker; frames are types so that states in different frames cannot be mixed up.
public protocol ReferenceFrame: Sendable {
    /// A short name for output ("TEME", "ITRS").
    static var name: String { get }
}

/// True Equator, Mean Equinox: the quasi-inertial frame SGP4 works in.
public enum TEME: ReferenceFrame {
    /// The frame's name.
    public static let name = "TEME"
}

/// The International Terrestrial Reference System (Earth-fixed).
public enum ITRS: ReferenceFrame {
    /// The frame's name.
    public static let name = "ITRS"
}

/// Position (km) and velocity (km/s) at an instant, in the frame `Frame`.
@frozen
public struct StateVector<Frame: ReferenceFrame>: Sendable, Hashable {
    /// Position in kilometres.
    public var positionKm: Vector3
    /// Velocity in kilometres per second.
    public var velocityKmPerS: Vector3

    /// Creates a state from position (km) and velocity (km/s).
    @inlinable
    public init(positionKm: Vector3, velocityKmPerS: Vector3) {
        self.positionKm = positionKm
        self.velocityKmPerS = velocityKmPerS
    }
}
