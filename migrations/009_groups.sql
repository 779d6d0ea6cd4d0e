-- Enterprise groups (有关省属企业, 中央企业) that act as the recommending unit for their member
-- enterprises on a round's direct route (rounds' route.direct), and the group a declaration went
-- through. A group's reviewers have the region "group:<id>".

CREATE TABLE enterprise_groups (
  id TEXT NOT NULL PRIMARY KEY,
  route TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  region TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE enterprise_group_members (
  group_id TEXT NOT NULL REFERENCES enterprise_groups (id),
  enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
  added_at TEXT NOT NULL,
  PRIMARY KEY (group_id, enterprise_id)
);
CREATE INDEX enterprise_group_members_by_enterprise ON enterprise_group_members (enterprise_id);

ALTER TABLE declarations ADD COLUMN group_id TEXT;
