-- A draft's sections stored apart from the declaration's row.
--
-- Before this migration the whole draft (tens of KB) was a column of `declarations`, so every
-- save parsed it, replaced one section and wrote it all back, and every change of a short column
-- (the version, the state) rewrote it as well: in SQLite a row is rewritten whole, overflow pages
-- included. Now:
-- - `declaration_drafts` holds the draft as first stored: on creation, by `tidu generate`, or
--   moved here by this migration;
-- - `declaration_sections` holds each section saved since, which replaces the same section of
--   the draft as first stored (service::Declarations reads both, the sections on top).
-- A save writes one section's row and bumps the declaration's version; nothing else.
CREATE TABLE declaration_drafts (
  declaration_id TEXT NOT NULL PRIMARY KEY REFERENCES declarations (id),
  draft_json TEXT NOT NULL
);
CREATE TABLE declaration_sections (
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  section TEXT NOT NULL,
  content_json TEXT NOT NULL,
  PRIMARY KEY (declaration_id, section)
);
INSERT INTO declaration_drafts (declaration_id, draft_json) SELECT id, draft_json FROM declarations;
ALTER TABLE declarations DROP COLUMN draft_json;
