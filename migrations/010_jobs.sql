-- Long work run in the background for an account (the city's bundle of a recommendation list):
-- its progress while it runs and, when done, the file it made (bytes in the content-addressed
-- store). A job belongs to the process that runs it; updated_at is its heartbeat, so a job whose
-- process died is reported as interrupted instead of running forever.

CREATE TABLE jobs (
  id TEXT NOT NULL PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  state TEXT NOT NULL,
  done BIGINT NOT NULL DEFAULT 0,
  total BIGINT NOT NULL DEFAULT 0,
  step TEXT NOT NULL DEFAULT '',
  error_code TEXT,
  error_message TEXT,
  result_sha256 TEXT,
  result_name TEXT,
  result_media_type TEXT,
  result_size BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX jobs_by_account ON jobs (account_id, created_at);
