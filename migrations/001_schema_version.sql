-- Which migrations this database has had. Written by src/storage/migrations.cpp after each file.
-- Every migration runs unchanged on SQLite 3.40 and PostgreSQL 15: TEXT, BIGINT, INTEGER and
-- DOUBLE PRECISION only, times as ISO 8601 text with offset, ids made by the application.
CREATE TABLE schema_version (
  version BIGINT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
);
