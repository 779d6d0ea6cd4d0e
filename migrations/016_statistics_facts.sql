-- Statistics facts (service::StatisticsFacts): what the regional summary, the round dashboard and
-- the industry benchmark need from an enterprise's profile and a declaration's submitted version,
-- derived once and kept, so that a server starting up reads small rows instead of parsing every
-- profile and every submitted declaration. A row is stale when the enterprise's version or the
-- declaration's snapshot number moved on; the next statistics read derives it again.
CREATE TABLE enterprise_facts (
  enterprise_id TEXT NOT NULL PRIMARY KEY,
  version BIGINT NOT NULL,
  industry TEXT NOT NULL,
  revenue DOUBLE PRECISION
);

-- `scenarios`: JSON [[环节, 场景], …] of the submitted version, each once; `kpis`: JSON
-- [[number, before, after, change], …] (null where not given).
CREATE TABLE declaration_facts (
  declaration_id TEXT NOT NULL PRIMARY KEY,
  snapshot_number BIGINT NOT NULL,
  scenarios TEXT NOT NULL,
  kpis TEXT NOT NULL
);

-- The servers' in-memory statistics catch up by reading rows stamped since their last look.
CREATE INDEX enterprises_by_updated ON enterprises (updated_at);
CREATE INDEX declarations_by_updated ON declarations (updated_at);
CREATE INDEX maturity_by_recorded ON maturity_assessments (recorded_at);
CREATE INDEX self_evaluations_by_submitted ON self_evaluations (submitted_at);
CREATE INDEX self_evaluations_by_decided ON self_evaluations (decided_at);
CREATE INDEX directory_enterprises_by_imported ON directory_enterprises (imported_at);
CREATE INDEX imported_assessments_by_imported ON imported_assessments (imported_at);
