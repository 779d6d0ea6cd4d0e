-- Submissions waiting for their copied-text check (src/service/copied_text.hpp). A submission is
-- acknowledged once its snapshot commits; the check runs afterwards on each server's check
-- thread. The row is written in the submission's own transaction, so a crash between the
-- acknowledgement and the check loses no check: the next server to start picks it up.
--
-- `snapshot` is the number submitted; a resubmission before the check replaces the row. A server
-- claims a row by stamping `claimed_at` (seconds since 1970, UTC) and `claimed_by` (its host and
-- port); a claim older than a minute is taken to be lost with its server and the row is claimed
-- again, and a server starting releases the claims made under its own name (by the process it
-- replaces). `attempts` counts the claims; after a few failures the row waits for
-- `tidu similarity` (the whole round's check) and `last_error` says why.
CREATE TABLE text_check_backlog (
  declaration_id TEXT PRIMARY KEY REFERENCES declarations (id),
  snapshot BIGINT NOT NULL,
  queued_at BIGINT NOT NULL,
  claimed_at BIGINT,
  claimed_by TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX text_check_backlog_by_time ON text_check_backlog (queued_at);
