/// Full-precision elementary functions on SIMD vectors of `Double`.
public enum VectorMath {}
