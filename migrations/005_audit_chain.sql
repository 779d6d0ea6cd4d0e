-- The audit log becomes a hash chain (src/security/audit_chain.hpp): every record carries its
-- place in the log (seq 1, 2, 3 …), the hash of the record before it and its own hash, and the
-- one-row audit_head remembers the last record, so that an edited, removed or truncated record
-- is found by `tidu audit verify`.
--
-- Records written before this migration are numbered here in (at, id) order. Their hashes are
-- SHA-256, which neither database computes portably, so they stay NULL: the first audit record
-- written afterwards chains them from the genesis head (1, 0, 64 zeros) before appending itself
-- (src/service/audit_log.cpp), and `tidu audit verify` counts them as waiting until then.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- ROW_NUMBER() once into a scratch table, then a keyed lookup per row: n log n, where a
-- correlated COUNT(*) per row would be quadratic on a large log.
CREATE TABLE audit_log_numbering (
  id TEXT NOT NULL PRIMARY KEY,
  seq BIGINT NOT NULL
);
INSERT INTO audit_log_numbering (id, seq)
  SELECT id, ROW_NUMBER() OVER (ORDER BY at, id) FROM audit_log;
UPDATE audit_log
  SET seq = (SELECT n.seq FROM audit_log_numbering n WHERE n.id = audit_log.id);
DROP TABLE audit_log_numbering;

-- Unique: two writers cannot both take the next number. Rows written only through
-- service::audit always have one; a row without is reported by `tidu audit verify`.
CREATE UNIQUE INDEX audit_log_by_seq ON audit_log (seq);

-- The last chained record: its seq and hash. Writers lock this row first, which serialises them.
CREATE TABLE audit_head (
  id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
