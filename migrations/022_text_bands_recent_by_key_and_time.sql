-- The band keeper (src/service/copied_text.hpp) picks the lowest keys among the rows of
-- text_bands_recent older than its hold time. With the index of migration 017, (band_key,
-- passage_id), that scan read every row's table entry for its `added_at`: during a rush, with
-- every row still younger than the hold time, each turn read the whole table. This index holds
-- the time beside the key, so the scan and the batch's DELETE read the index alone; lookups by
-- key still find their passages in it.
DROP INDEX text_bands_recent_by_key;
CREATE INDEX text_bands_recent_by_key_time ON text_bands_recent (band_key, added_at, passage_id);
