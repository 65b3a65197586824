/// Element-set history analytics: manoeuvres, decay, launch verdicts, catalog differences.
public enum OrbitHistoryModule {}
