-- The band rows a submission writes (src/service/copied_text.hpp) go into this small table
-- first: its pages stay in memory, so a submission no longer writes some 1,500 rows onto as many
-- random pages of the large text_bands index. Lookups read both tables in one statement. Each
-- server's BandKeeper moves rows older than its hold time (five minutes) into text_bands in key
-- order, each batch in one transaction, so a row is always in exactly one of the two tables.
--
-- `round_id` and `added_at` (seconds since 1970, UTC, by the writing server's clock) let every
-- server add the keys of new rows to its in-memory filter of the round's keys in text_bands
-- (service::BandFilters) before they move there.
CREATE TABLE text_bands_recent (
  band_key BIGINT NOT NULL,
  passage_id BIGINT NOT NULL,
  round_id TEXT NOT NULL,
  added_at BIGINT NOT NULL
);
CREATE INDEX text_bands_recent_by_key ON text_bands_recent (band_key, passage_id);
CREATE INDEX text_bands_recent_by_time ON text_bands_recent (added_at);
