-- The copied-text check (src/similarity, src/service/copied_text.hpp): the passages of each
-- declaration's newest submitted version, their MinHash band keys, and the near-duplicate pairs
-- found between enterprises of the same round.

-- One passage: a free-text field of the form, or a part of a long one. `id` is made by the
-- application (a random 63-bit number). A resubmission replaces the declaration's passages.
CREATE TABLE text_passages (
  id BIGINT NOT NULL PRIMARY KEY,
  round_id TEXT NOT NULL,
  declaration_id TEXT NOT NULL,
  enterprise_id TEXT NOT NULL,
  snapshot_number BIGINT NOT NULL,
  field TEXT NOT NULL,
  part BIGINT NOT NULL,
  label TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX text_passages_by_declaration ON text_passages (declaration_id);
-- A round's passages in id order: the whole-round check reads them in pages.
CREATE INDEX text_passages_by_round ON text_passages (round_id, id);

-- A passage's band keys (similarity::kBands of them), each hashed with the round, so a lookup
-- finds the passages of the same round that agree on a band. Rows of replaced passages are left
-- behind and ignored (a lookup joins text_passages).
CREATE TABLE text_bands (
  band_key BIGINT NOT NULL,
  passage_id BIGINT NOT NULL
);
CREATE INDEX text_bands_by_key ON text_bands (band_key, passage_id);

-- A verified pair (passage_a < passage_b): how alike (Jaccard of the shingle sets) and the
-- longest passage they share, as passage_a has it.
CREATE TABLE text_matches (
  passage_a BIGINT NOT NULL,
  passage_b BIGINT NOT NULL,
  round_id TEXT NOT NULL,
  declaration_a TEXT NOT NULL,
  declaration_b TEXT NOT NULL,
  similarity DOUBLE PRECISION NOT NULL,
  shared TEXT NOT NULL,
  found_at TEXT NOT NULL,
  PRIMARY KEY (passage_a, passage_b)
);
CREATE INDEX text_matches_by_a ON text_matches (declaration_a);
CREATE INDEX text_matches_by_b ON text_matches (declaration_b);
CREATE INDEX text_matches_by_round ON text_matches (round_id);
