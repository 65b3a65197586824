/// Conjunction screening: close approaches between catalogued objects.
public enum ConjunctionsModule {}
