-- Attachment bytes kept in the database, for PostgreSQL deployments where several server
-- processes share no disk (service::DatabaseFileStore). A single server keeps them on its disk
-- instead (service::LocalFileStore), and this table stays empty.
--
-- Keyed by the SHA-256 of the content, like files; the bytes are base64 text because the
-- storage layer binds no blobs. A row is written once and never updated.
CREATE TABLE file_blobs (
  sha256 TEXT NOT NULL PRIMARY KEY,
  content_base64 TEXT NOT NULL
);
