/// Namespace placeholder; gzip and xz readers live here.
public enum Decompression {}
