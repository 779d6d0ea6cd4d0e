-- A reviewer's queue page reads one round's declarations of one state in the reviewer's region
-- (or a region below it), newest first, and only their short columns.
--
-- `enterprise_region` is the declaring enterprise's region, kept beside the declaration so that
-- the region is chosen in the index instead of by joining every declaration of the round to its
-- enterprise. It is written when a declaration is made and whenever the enterprise's region
-- changes (service::Enterprises::save_profile); enterprises.region stays the truth that access
-- decisions read.
--
-- In SQLite the columns added after draft_json (created_at, submitted_at, snapshot_number,
-- group_id, this one) lie behind the draft's tens of KB of overflow pages, so reading them walked
-- every draft: 400 ms a page on the 6,000-declaration dataset. The index holds every column the
-- list reads, so the list never touches a declaration's row.
ALTER TABLE declarations ADD COLUMN enterprise_region TEXT;
UPDATE declarations SET enterprise_region =
  (SELECT e.region FROM enterprises e WHERE e.id = declarations.enterprise_id);
CREATE INDEX declarations_list ON declarations (round_id, state, enterprise_region, updated_at, id,
  enterprise_id, level, version, snapshot_number, created_at, submitted_at, group_id);
