internal import GRDB
internal import PostgresNIO

/// The element-set store: SQLite (GRDB) by default, PostgreSQL (postgres-nio) at scale.
public enum CatalogModule {}
