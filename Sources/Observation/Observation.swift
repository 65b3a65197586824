
/// Observation: what an observer on the ground sees of Earth-orbiting objects.
///
/// - ``Site``: observer sites (WGS 84 geodetic), a sites-file reader and a built-in list of cities.
/// - ``LookAngles``: azimuth, elevation, range, range-rate, Doppler, optional refraction.
/// - ``SolarSystem``: low-precision analytic Sun and Moon (~0.01°), ``Twilight``, ``ShadowModel`` and
///   ``VisualMagnitude``.
/// - ``EventSearch``: a generic zero-crossing and extremum search on any function of time.
/// - ``PassFinder``: rise, culmination and set with visibility flags, for one object or a whole catalog.
/// - ``GroundTrack``, ``VisibilityFootprint`` and ``OverheadFinder``.
///
/// Time is always an ``Instant``. Distances are km (metres only where a name says so), angles degrees unless a
/// name says radians.
public enum ObservationModule {}
