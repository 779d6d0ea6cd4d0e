-- The province's stages of a round and what they leave behind: expert panels, declared conflicts,
-- score sheets, on-site checks, public notices with their objections, and the registry of
-- recognised factories with its history and the basic-tier self-evaluations.

-- An expert on a declaration's panel. A member who declared a conflict or was taken off by hand
-- stays as an inactive row, so the panel's history is kept.
CREATE TABLE panel_members (
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  expert_id TEXT NOT NULL REFERENCES accounts (id),
  source TEXT NOT NULL,
  assigned_by TEXT NOT NULL,
  assigned_at TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  left_reason TEXT NOT NULL DEFAULT '',
  left_at TEXT,
  PRIMARY KEY (declaration_id, expert_id)
);
CREATE INDEX panel_members_by_expert ON panel_members (expert_id, active);

-- A conflict an expert declared with a declaration (beyond those the platform finds itself).
CREATE TABLE expert_conflicts (
  id TEXT NOT NULL PRIMARY KEY,
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  expert_id TEXT NOT NULL REFERENCES accounts (id),
  reason TEXT NOT NULL,
  declared_at TEXT NOT NULL
);
CREATE INDEX expert_conflicts_by_expert ON expert_conflicts (expert_id);

-- One expert's score sheet for one declaration; scores as JSON {criterion: points}, the total in
-- half points so that no floating-point sum is stored.
CREATE TABLE score_sheets (
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  expert_id TEXT NOT NULL REFERENCES accounts (id),
  scores_json TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  total_half_points BIGINT NOT NULL,
  submitted_at TEXT NOT NULL,
  PRIMARY KEY (declaration_id, expert_id)
);

-- An on-site check (现场核查) of a shortlisted declaration.
CREATE TABLE onsite_checks (
  id TEXT NOT NULL PRIMARY KEY,
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  level TEXT NOT NULL,
  checked_on TEXT NOT NULL,
  inspectors_json TEXT NOT NULL,
  findings_json TEXT NOT NULL,
  result TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  files_json TEXT NOT NULL DEFAULT '[]',
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX onsite_checks_by_declaration ON onsite_checks (declaration_id, level);

-- A public notice (公示): its period in working days and, once over, its publication.
CREATE TABLE notices (
  id TEXT NOT NULL PRIMARY KEY,
  round_id TEXT NOT NULL,
  level TEXT NOT NULL,
  unit_code TEXT NOT NULL,
  title TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  working_days BIGINT NOT NULL,
  calendar TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  published_at TEXT,
  published_by TEXT
);
CREATE INDEX notices_by_round ON notices (round_id);

CREATE TABLE notice_entries (
  notice_id TEXT NOT NULL REFERENCES notices (id),
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  position BIGINT NOT NULL,
  PRIMARY KEY (notice_id, declaration_id)
);
CREATE INDEX notice_entries_by_declaration ON notice_entries (declaration_id);

-- A real-name objection to a declaration on a notice, with its signed or stamped file. The
-- objector's identity is shown to the notice's unit alone.
CREATE TABLE objections (
  id TEXT NOT NULL PRIMARY KEY,
  notice_id TEXT NOT NULL REFERENCES notices (id),
  declaration_id TEXT NOT NULL REFERENCES declarations (id),
  objector_kind TEXT NOT NULL,
  objector_name TEXT NOT NULL,
  objector_contact TEXT NOT NULL,
  content TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  file_name TEXT NOT NULL,
  received_at TEXT NOT NULL,
  state TEXT NOT NULL,
  outcome TEXT NOT NULL DEFAULT '',
  resolution TEXT NOT NULL DEFAULT '',
  resolved_by TEXT,
  resolved_at TEXT
);
CREATE INDEX objections_by_declaration ON objections (declaration_id, state);

-- Recognised factories across rounds, and basic-tier self-evaluations confirmed by a county.
CREATE TABLE registry (
  id TEXT NOT NULL PRIMARY KEY,
  enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
  credit_code TEXT NOT NULL,
  enterprise_name TEXT NOT NULL,
  factory_name TEXT NOT NULL,
  region TEXT NOT NULL,
  tier TEXT NOT NULL,
  source TEXT NOT NULL,
  round_id TEXT,
  declaration_id TEXT,
  self_evaluation_id TEXT,
  recognised_on TEXT NOT NULL,
  valid_until TEXT,
  status TEXT NOT NULL,
  status_reason TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX registry_by_enterprise ON registry (enterprise_id);
CREATE INDEX registry_by_region ON registry (region, tier);

CREATE TABLE registry_events (
  id TEXT NOT NULL PRIMARY KEY,
  registry_id TEXT NOT NULL REFERENCES registry (id),
  at TEXT NOT NULL,
  account_id TEXT NOT NULL,
  action TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX registry_events_by_entry ON registry_events (registry_id);

CREATE TABLE self_evaluations (
  id TEXT NOT NULL PRIMARY KEY,
  enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
  factory_name TEXT NOT NULL,
  content_json TEXT NOT NULL,
  state TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  decided_by TEXT,
  decided_at TEXT,
  opinion TEXT NOT NULL DEFAULT ''
);
CREATE INDEX self_evaluations_by_enterprise ON self_evaluations (enterprise_id);
