-- Imported tables (src/imports/, service::Imports): the enterprise directory of a region, maturity
-- self-assessment results from the national platform and region codes, each file a reviewer or an
-- administrator imports (CSV or XLSX). Enterprises' own data (enterprises, maturity_assessments)
-- is never touched: statistics read these tables beside the platform's own.

-- One imported file. `kind` is directory, assessments or regions; the same file (by SHA-256) is
-- imported once per kind. `rows_imported` is below `rows_total` when imported with mode
-- valid_rows.
CREATE TABLE imports (
  id TEXT NOT NULL PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  mode TEXT NOT NULL,
  format TEXT NOT NULL,
  region TEXT NOT NULL,
  rows_total BIGINT NOT NULL,
  rows_imported BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL
);
CREATE UNIQUE INDEX imports_by_kind_sha256 ON imports (kind, sha256);
CREATE INDEX imports_by_time ON imports (imported_at);

-- The enterprise directory: one row per 统一社会信用代码; a newer import of the same code replaces
-- the row. `region` is a region code, `industry` a GB/T 4754 大类 (two digits), `above_scale` 1
-- for 规上, `revenue` in 万元, `year` the year the figures are for (NULL when not given).
CREATE TABLE directory_enterprises (
  credit_code TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  industry TEXT NOT NULL,
  above_scale INTEGER NOT NULL,
  revenue DOUBLE PRECISION NOT NULL,
  employees BIGINT NOT NULL,
  year INTEGER,
  import_id TEXT NOT NULL REFERENCES imports (id),
  imported_at TEXT NOT NULL
);
CREATE INDEX directory_enterprises_by_region ON directory_enterprises (region);

-- Maturity self-assessment results (GB/T 39116 levels 1–5) as imported; an enterprise may have
-- several (the latest counts), one a day: a newer import of the same code and date replaces it. `score` NULL when not given, `assessed_on` YYYY-MM-DD, `region`
-- the region the row was checked in (the file's 所在地区, else the credit code's registration
-- region).
CREATE TABLE imported_assessments (
  id TEXT NOT NULL PRIMARY KEY,
  credit_code TEXT NOT NULL,
  name TEXT NOT NULL,
  level INTEGER NOT NULL,
  score DOUBLE PRECISION,
  assessed_on TEXT NOT NULL,
  source TEXT NOT NULL,
  region TEXT NOT NULL,
  import_id TEXT NOT NULL REFERENCES imports (id),
  imported_at TEXT NOT NULL
);
CREATE UNIQUE INDEX imported_assessments_by_credit_code ON imported_assessments (credit_code, assessed_on);

-- Region codes an administrator imported: merged into the region tree when the servers next start
-- (pending until then). A newer import of the same code replaces the row.
CREATE TABLE imported_regions (
  code TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  parent TEXT NOT NULL,
  kind TEXT NOT NULL,
  note TEXT NOT NULL,
  import_id TEXT NOT NULL REFERENCES imports (id),
  imported_at TEXT NOT NULL
);
