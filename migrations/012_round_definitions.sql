-- Round definitions revised by administrators (service::RoundDefinitions): the YAML of a round, as
-- a data file in data/rounds would hold it, checked like one before it is stored. Every save is a
-- new version; the servers load the newest version of each round when they start, in place of the
-- file of the same id (or as a new round). Rows are never updated or deleted.
CREATE TABLE round_definitions (
  round_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  yaml TEXT NOT NULL,
  note TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (round_id, version)
);
