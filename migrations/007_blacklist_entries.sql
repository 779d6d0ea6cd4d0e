-- Imported credit blacklists (src/review/blacklist.hpp, src/service/blacklists.hpp): each file a
-- province-level reviewer or an administrator imports, and the entries it holds. A declaration
-- whose enterprise's 统一社会信用代码 is in an entry is listed: its pass is refused.

-- One imported file: its name, how many data rows it had and how many were imported (fewer when
-- imported with mode valid_rows), the SHA-256 of its bytes (the same file twice is refused).
CREATE TABLE blacklist_imports (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  mode TEXT NOT NULL,
  rows_total BIGINT NOT NULL,
  rows_imported BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL
);
CREATE UNIQUE INDEX blacklist_imports_by_sha256 ON blacklist_imports (sha256);
CREATE INDEX blacklist_imports_by_time ON blacklist_imports (imported_at);

-- One row of an imported file. `list` is the list's Chinese name (失信被执行人, …); `listed_on`
-- the date it was listed (YYYY-MM-DD).
CREATE TABLE blacklist_entries (
  id TEXT NOT NULL PRIMARY KEY,
  import_id TEXT NOT NULL REFERENCES blacklist_imports (id),
  credit_code TEXT NOT NULL,
  name TEXT NOT NULL,
  list TEXT NOT NULL,
  listed_on TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL
);
CREATE INDEX blacklist_entries_by_credit_code ON blacklist_entries (credit_code);
