-- Accounts and sessions, enterprises and their declarations, submitted snapshots, uploaded
-- files and the audit log: what the web platform needs first.
--
-- Primary keys say NOT NULL explicitly: SQLite otherwise accepts NULL in a non-integer key.
-- Times are Beijing-time text from core/time.hpp ("2025-04-10T23:59:59+08:00"): one offset,
-- so they sort as written.

-- People who sign in: enterprise staff, reviewers at each level, administrators.
CREATE TABLE accounts (
  id TEXT NOT NULL PRIMARY KEY,
  username TEXT UNIQUE NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  region TEXT NOT NULL,
  authority TEXT,
  display_name TEXT NOT NULL,
  enterprise_id TEXT,
  created_at TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX accounts_by_enterprise ON accounts (enterprise_id);

-- Signed-in browser sessions; the CSRF token travels in a header beside the cookie.
CREATE TABLE sessions (
  id TEXT NOT NULL PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Failed sign-ins by key (user name or address), counted over a recent window to slow guessing.
CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);

-- Enterprises by unified social credit code; profile_json is the enterprise part of the form.
CREATE TABLE enterprises (
  id TEXT NOT NULL PRIMARY KEY,
  credit_code TEXT UNIQUE NOT NULL,
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  profile_json TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX enterprises_by_region ON enterprises (region);

-- One declaration per enterprise and round; version guards concurrent edits of the draft.
CREATE TABLE declarations (
  id TEXT NOT NULL PRIMARY KEY,
  enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
  round_id TEXT NOT NULL,
  state TEXT NOT NULL,
  level TEXT,
  draft_json TEXT NOT NULL,
  version BIGINT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (enterprise_id, round_id)
);
CREATE INDEX declarations_by_round_state ON declarations (round_id, state);

-- What was submitted, frozen: each submission is numbered and hashed.
CREATE TABLE snapshots (
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  number BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  content_json TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  PRIMARY KEY (declaration_id, number)
);

-- Uploaded attachments, stored by content hash; the bytes live outside the database.
CREATE TABLE files (
  sha256 TEXT NOT NULL PRIMARY KEY,
  media_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  created_at TEXT NOT NULL
);

-- Who did what to which object, and when; never updated or deleted by the application.
CREATE TABLE audit_log (
  id TEXT NOT NULL PRIMARY KEY,
  at TEXT NOT NULL,
  account_id TEXT,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  detail_json TEXT NOT NULL
);
CREATE INDEX audit_log_by_at ON audit_log (at);
CREATE INDEX audit_log_by_object ON audit_log (object, at);
