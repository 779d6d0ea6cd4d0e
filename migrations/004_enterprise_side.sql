-- The enterprise's side of a round: account levels, maturity assessments with history, the
-- files an enterprise uploaded, the declaration's timeline and the notices sent to reviewers.

-- Reviewers and co-recommending departments sit at a level (township, county, city, province);
-- extra_json holds role details such as an expert's employer and specialities.
ALTER TABLE accounts ADD COLUMN level TEXT;
ALTER TABLE accounts ADD COLUMN extra_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE accounts ADD COLUMN password_changed_at TEXT;

-- The declaration's submission bookkeeping: when it was last submitted and its newest snapshot.
ALTER TABLE declarations ADD COLUMN created_at TEXT;
ALTER TABLE declarations ADD COLUMN submitted_at TEXT;
ALTER TABLE declarations ADD COLUMN snapshot_number BIGINT NOT NULL DEFAULT 0;

-- Which review level a snapshot went to.
ALTER TABLE snapshots ADD COLUMN level TEXT;
ALTER TABLE snapshots ADD COLUMN submitted_by TEXT;
ALTER TABLE snapshots ADD COLUMN draft_version BIGINT NOT NULL DEFAULT 0;

-- Maturity assessments (GB/T 39116) of an enterprise; the newest is the one a declaration uses.
CREATE TABLE maturity_assessments (
  id TEXT NOT NULL PRIMARY KEY,
  enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
  level BIGINT NOT NULL,
  score DOUBLE PRECISION,
  assessed_on TEXT NOT NULL,
  source TEXT NOT NULL,
  report_sha256 TEXT,
  report_name TEXT,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX maturity_by_enterprise ON maturity_assessments (enterprise_id, assessed_on);

-- Files an enterprise uploaded (for a declaration or its profile): the bytes are in the
-- content-addressed store, so the same file uploaded twice is stored once.
CREATE TABLE enterprise_files (
  enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
  sha256 TEXT NOT NULL,
  name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  PRIMARY KEY (enterprise_id, sha256)
);

-- Every step of a declaration's life, in order: what the timeline shows.
CREATE TABLE declaration_events (
  id TEXT NOT NULL PRIMARY KEY,
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  at TEXT NOT NULL,
  account_id TEXT,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  level TEXT,
  opinion TEXT NOT NULL DEFAULT '',
  snapshot_number BIGINT,
  seq BIGINT NOT NULL  -- 1, 2, 3 … per declaration: the order, even within one second
);
CREATE UNIQUE INDEX declaration_events_by_declaration ON declaration_events (declaration_id, seq);

-- Notices to a review level of a region (every reviewer there sees them).
CREATE TABLE notifications (
  id TEXT NOT NULL PRIMARY KEY,
  level TEXT NOT NULL,
  region TEXT NOT NULL,
  declaration_id TEXT REFERENCES declarations (id),
  message TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX notifications_by_target ON notifications (level, region, created_at);
