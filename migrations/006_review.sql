-- The review chain: the unit acting for a declaration's current level, credit-blacklist checks,
-- and each unit's recommendation lists (batches) with ranks, exemptions, joint signatures and the
-- formal letter.

ALTER TABLE declarations ADD COLUMN unit_code TEXT;

-- A credit-blacklist check recorded by a reviewer (国家企业信用信息公示系统 = gsxt,
-- 中国执行信息公开网 = zxgk): who, when, which source, result, evidence.
CREATE TABLE blacklist_checks (
  id TEXT NOT NULL PRIMARY KEY,
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  level TEXT NOT NULL,
  source TEXT NOT NULL,
  result TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  evidence_sha256 TEXT,
  checked_by TEXT NOT NULL,
  checked_at TEXT NOT NULL
);
CREATE INDEX blacklist_checks_by_declaration ON blacklist_checks (declaration_id, level);

-- A unit's list at one level of a round: open while it collects passed declarations, then filed
-- with its letter. One open list per unit and level.
CREATE TABLE batches (
  id TEXT NOT NULL PRIMARY KEY,
  round_id TEXT NOT NULL,
  level TEXT NOT NULL,
  unit_code TEXT NOT NULL,
  state TEXT NOT NULL,
  letter_sha256 TEXT,
  letter_name TEXT,
  created_at TEXT NOT NULL,
  filed_at TEXT,
  filed_by TEXT,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX batches_one_open ON batches (round_id, level, unit_code) WHERE state = 'open';
CREATE INDEX batches_by_round ON batches (round_id, level, state);

CREATE TABLE batch_entries (
  batch_id TEXT NOT NULL REFERENCES batches (id),
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  rank BIGINT NOT NULL,
  exempt BIGINT NOT NULL DEFAULT 0,
  remark TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (batch_id, declaration_id)
);
CREATE INDEX batch_entries_by_declaration ON batch_entries (declaration_id);

-- Joint recommendation: each co-recommending department signs the list as it stands.
CREATE TABLE batch_signatures (
  batch_id TEXT NOT NULL REFERENCES batches (id),
  authority TEXT NOT NULL,
  account_id TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  PRIMARY KEY (batch_id, authority)
);
