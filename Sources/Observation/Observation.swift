/// Observation: look angles, Sun and Moon, event search, passes, visibility.
public enum ObservationModule {}
