-- The copied-text check keeps each passage's fingerprint (src/similarity/copies.hpp): the check
-- of a whole round pairs the stored band keys instead of reading and fingerprinting every text
-- again, and reads only the candidates' texts.

-- `band_keys`: similarity::encode_band_keys of the passage's band keys, written by algorithm
-- `fingerprint_version` (similarity::kFingerprintVersion). Passages stored before this migration
-- have version 0 and no keys; the next check of their round computes them.
ALTER TABLE text_passages ADD COLUMN fingerprint_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE text_passages ADD COLUMN band_keys TEXT NOT NULL DEFAULT '';

-- The whole-round check reads a round's fingerprints from this index alone, without visiting
-- the rows and their texts. It supersedes text_passages_by_round (same leading columns).
CREATE INDEX text_passages_fingerprints
  ON text_passages (round_id, id, enterprise_id, fingerprint_version, band_keys);
DROP INDEX text_passages_by_round;

-- Band rows of replaced passages were left behind until now; a resubmission now deletes them.
DELETE FROM text_bands WHERE NOT EXISTS
  (SELECT 1 FROM text_passages p WHERE p.id = text_bands.passage_id);
