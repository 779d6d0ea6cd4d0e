-- The band rows a submission writes (src/service/copied_text.hpp) go into this small table
-- first: its pages stay in memory, so a submission no longer writes some 1,500 rows onto as many
-- random pages of the large text_bands index. Lookups read both tables; a background mover
-- (service::BandMover, in every `tidu serve`) moves the rows into text_bands in key order, each
-- batch in one transaction, so a row is always in exactly one of the two tables.
CREATE TABLE text_bands_recent (
  band_key BIGINT NOT NULL,
  passage_id BIGINT NOT NULL
);
CREATE INDEX text_bands_recent_by_key ON text_bands_recent (band_key, passage_id);
